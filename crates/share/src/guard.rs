//! Who may see what: turns a token from the URL and the request's cookies into
//! an [`Access`] to one live link and its clip, or the reason not.
//!
//! Tokens are looked up by their SHA-256 in an index, so the time a lookup
//! takes depends on the hash, not on how many leading characters of a real
//! token a guess got right; secrets the server compares itself (owner key,
//! cookies) are compared in constant time. A token that matches nothing, and
//! one whose link expired or was revoked, get the same [`ApiError::LinkGone`].

use std::{net::SocketAddr, time::Duration};

use afterword_library::{Clip, Library, ShareLink, ShareToken};
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};
use jiff::Timestamp;

use crate::{error::ApiError, state::ShareState};

pub(crate) const OWNER_COOKIE: &str = "aw_owner";
pub(crate) const UNLOCK_COOKIE: &str = "aw_unlock";

/// A live link the request may use.
#[derive(Debug, Clone)]
pub(crate) struct Access {
    pub(crate) link: ShareLink,
    pub(crate) clip: Clip,
    /// The request carries the owner cookie.
    pub(crate) owner: bool,
}

impl Access {
    /// The clip may be taken away as a file (the video, the transcript): the
    /// link allows downloads, or the owner asks. Watching never needs this.
    pub(crate) fn may_download(&self) -> bool {
        self.link.allow_download || self.owner
    }
}

/// Finds the live link for `token`, whatever its password (for previews and the unlock form).
pub(crate) async fn live_link(state: &ShareState, token: String) -> Result<(ShareLink, Clip), ApiError> {
    state.inner.pool.run(move |lib| find(lib, &token)).await
}

fn find(lib: &mut Library, token: &str) -> Result<(ShareLink, Clip), ApiError> {
    let link = lib.share_by_token(&ShareToken::from_url(token))?;
    let link = link.filter(|l| l.is_live(Timestamp::now())).ok_or(ApiError::LinkGone)?;
    let clip = lib.clip(link.clip_id).map_err(|_| ApiError::LinkGone)?;
    Ok((link, clip))
}

/// The link for `token`, if it is live and (for a password-protected link) the
/// request carries this link's unlock cookie or the owner's.
pub(crate) async fn open(state: &ShareState, token: String, headers: &HeaderMap) -> Result<Access, ApiError> {
    open_then(state, token, headers, |_, _| Ok(())).await.map(|(access, ())| access)
}

/// [`open`], then `then` with the same connection in the same blocking job:
/// one trip to the library per request keeps latency low under load.
pub(crate) async fn open_then<T, F>(
    state: &ShareState,
    token: String,
    headers: &HeaderMap,
    then: F,
) -> Result<(Access, T), ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Library, &Access) -> Result<T, ApiError> + Send + 'static,
{
    let owner = is_owner(state, headers);
    let unlocks: Vec<String> = cookies(headers, UNLOCK_COOKIE).map(str::to_owned).collect();
    let key = state.clone();
    state
        .inner
        .pool
        .run(move |lib| {
            let (link, clip) = find(lib, &token)?;
            let access = admit(&key, link, clip, owner, unlocks.iter().map(String::as_str))?;
            let out = then(lib, &access)?;
            Ok((access, out))
        })
        .await
}

/// Lets a request into a live link: the owner always, anyone into a link
/// without a password, others with this link's unlock cookie.
pub(crate) fn admit<'a>(
    state: &ShareState,
    link: ShareLink,
    clip: Clip,
    owner: bool,
    mut unlocks: impl Iterator<Item = &'a str>,
) -> Result<Access, ApiError> {
    if let Some(phc) = &link.password_hash
        && !owner
        && !unlocks.any(|v| unlock_valid(state, &link, phc, v))
    {
        return Err(ApiError::PasswordRequired);
    }
    Ok(Access { link, clip, owner })
}

pub(crate) fn is_owner(state: &ShareState, headers: &HeaderMap) -> bool {
    cookies(headers, OWNER_COOKIE).any(|v| state.inner.owner.is_session(v))
}

/// The unlock cookie's value for a link: an expiry and a MAC over the link,
/// its password hash (a new password locks old cookies out) and that expiry.
pub(crate) fn unlock_value(state: &ShareState, link: &ShareLink, phc: &str, valid_for: Duration) -> String {
    let until = Timestamp::now().as_second().saturating_add(i64::try_from(valid_for.as_secs()).unwrap_or(i64::MAX));
    let until = until.to_string();
    let mac = state.inner.owner.sign(&["unlock", &link.id.to_string(), phc, &until]);
    format!("{until}.{mac}")
}

fn unlock_valid(state: &ShareState, link: &ShareLink, phc: &str, value: &str) -> bool {
    let Some((until, mac)) = value.split_once('.') else {
        return false;
    };
    let fresh = until.parse::<i64>().is_ok_and(|u| u > Timestamp::now().as_second());
    let expected = state.inner.owner.sign(&["unlock", &link.id.to_string(), phc, until]);
    let same = subtle::ConstantTimeEq::ct_eq(mac.as_bytes(), expected.as_bytes());
    fresh & bool::from(same)
}

/// Every value of the cookie `name` in the request.
pub(crate) fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |pair| pair.trim().split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure over HTTPS.
pub(crate) fn set_cookie(state: &ShareState, name: &str, value: &str, path: &str, max_age: Duration) -> String {
    let secure = if state.config().is_https() { "; Secure" } else { "" };
    format!("{name}={value}; Path={path}; Max-Age={}; HttpOnly; SameSite=Strict{secure}", max_age.as_secs())
}

/// The client a request comes from, for rate limits: its IP address.
#[derive(Debug, Clone)]
pub(crate) struct Client(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(Client(ip.unwrap_or_else(|| "unknown".into())))
    }
}
