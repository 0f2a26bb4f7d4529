//! Making, finding and revoking share links: the use cases both the CLI
//! (`afterword share`) and the desktop app perform, written once. The caller
//! says what it wants in its own terms (a flag, a form) and gets back the
//! link and its token; the password is hashed here, so no client ever
//! stores or hashes one itself.

use afterword_library::{ClipId, Library, LinkId, NewShareLink, ShareLink, ShareToken};
use jiff::{SignedDuration, Timestamp};

use crate::{OwnerKey, password::PasswordError};

/// When a new link stops working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expiry {
    /// Until it is revoked.
    #[default]
    Never,
    /// This long after it is made.
    After(SignedDuration),
    /// At this moment.
    At(Timestamp),
}

/// What a new link allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOptions {
    pub expires: Expiry,
    /// Viewers must type this first. Plain text: it is hashed (Argon2id)
    /// before the library sees it.
    pub password: Option<String>,
    /// Viewers may download the file, not only watch it.
    pub allow_download: bool,
}

impl Default for LinkOptions {
    /// Never expires, no password, downloads allowed: the link "copy link" makes.
    fn default() -> Self {
        LinkOptions { expires: Expiry::Never, password: None, allow_download: true }
    }
}

/// A link just made: its row and its token, which exists only here (the
/// library keeps a hash), so the caller shows or remembers it now.
#[derive(Debug)]
pub struct NewLink {
    pub link: ShareLink,
    pub token: ShareToken,
}

impl NewLink {
    /// The link a person opens, `<base>/s/<token>`.
    pub fn url(&self, base: &str) -> String {
        crate::link_url(base, &self.token)
    }

    /// The owner's link: the same with the owner key in the fragment.
    pub fn owner_url(&self, base: &str, key: &OwnerKey) -> String {
        crate::owner_url(base, &self.token, key)
    }
}

/// Why a link could not be made, found or revoked.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the link would expire at {at}, which is not in the future")]
    ExpiryPassed { at: Timestamp },

    #[error("the link's expiry is too far in the future")]
    ExpiryTooFar,

    #[error(transparent)]
    Password(#[from] PasswordError),

    /// The same answer for an id, a URL or a token that opens nothing, so
    /// the form given says nothing about what exists.
    #[error("no link matches that id, URL or token")]
    NotFound,

    #[error(transparent)]
    Library(#[from] afterword_library::Error),
}

impl LinkError {
    /// True when the caller's input, not the machine, is at fault.
    pub fn is_user_error(&self) -> bool {
        match self {
            LinkError::Library(e) => e.is_user_error(),
            LinkError::Password(PasswordError::Hash(_)) => false,
            _ => true,
        }
    }
}

/// Makes a link to `clip` with `options`; the clip's other links keep working.
pub fn create(lib: &mut Library, clip: ClipId, options: &LinkOptions) -> Result<NewLink, LinkError> {
    let expires_at = expiry(options.expires, Timestamp::now())?;
    let password_hash = options.password.as_deref().map(crate::hash_password).transpose()?;
    let new = NewShareLink { clip_id: clip, expires_at, password_hash, allow_download: options.allow_download };
    let (link, token) = lib.create_share(new)?;
    Ok(NewLink { link, token })
}

/// The link `given` names: its id (as `afterword share list` shows it), its
/// URL (`<base>/s/<token>`, with or without `#owner=…`) or its bare token.
/// Revoked and expired links are found too.
pub fn find(lib: &Library, given: &str) -> Result<ShareLink, LinkError> {
    // A bare token is 32 hex digits, which also reads as a UUID: an id that
    // names no link is tried as a token before giving up.
    if let Ok(id) = given.parse::<LinkId>() {
        match lib.share(id) {
            Ok(link) => return Ok(link),
            Err(afterword_library::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    lib.share_by_token(&ShareToken::from_url(token_in(given)))?.ok_or(LinkError::NotFound)
}

/// Stops the link `given` names (see [`find`]) from working; revoking twice
/// keeps the first time.
pub fn revoke(lib: &mut Library, given: &str) -> Result<ShareLink, LinkError> {
    let link = find(lib, given)?;
    Ok(lib.revoke_share(link.id)?)
}

/// The moment a link made at `now` stops working.
fn expiry(expires: Expiry, now: Timestamp) -> Result<Option<Timestamp>, LinkError> {
    let at = match expires {
        Expiry::Never => return Ok(None),
        Expiry::After(d) => now.checked_add(d).map_err(|_| LinkError::ExpiryTooFar)?,
        Expiry::At(at) => at,
    };
    if at <= now {
        return Err(LinkError::ExpiryPassed { at });
    }
    Ok(Some(at))
}

/// The token in a link's URL (the path segment after the last `/s/`, without
/// a fragment or query), or `given` itself when it is no URL.
fn token_in(given: &str) -> &str {
    let given = given.trim();
    let tail = given.rsplit_once("/s/").map_or(given, |(_, tail)| tail);
    tail.split(['#', '?', '/']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_in_a_url_an_owner_url_or_alone() {
        let token = "0123456789abcdef0123456789abcdef";
        for given in [
            token.to_owned(),
            format!("  {token}\n"),
            format!("http://127.0.0.1:7878/s/{token}"),
            format!("https://notes.example.org/afterword/s/{token}/"),
            format!("http://192.168.1.20:7878/s/{token}#owner=secret"),
            format!("http://127.0.0.1:7878/s/{token}?t=30"),
        ] {
            assert_eq!(token_in(&given), token, "{given:?}");
        }
    }

    #[test]
    fn a_link_expires_in_the_future_or_never() {
        let now = Timestamp::now();
        let week = SignedDuration::from_hours(7 * 24);
        assert_eq!(expiry(Expiry::Never, now).expect("never"), None);
        assert_eq!(expiry(Expiry::After(week), now).expect("after"), Some(now + week));
        assert_eq!(expiry(Expiry::At(now + week), now).expect("at"), Some(now + week));
        assert!(matches!(expiry(Expiry::After(SignedDuration::ZERO), now), Err(LinkError::ExpiryPassed { .. })));
        assert!(matches!(expiry(Expiry::At(now - week), now), Err(LinkError::ExpiryPassed { .. })));
        assert!(matches!(expiry(Expiry::After(SignedDuration::MAX), now), Err(LinkError::ExpiryTooFar)));
    }
}
