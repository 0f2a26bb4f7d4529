//! Getting into a link: its details for the page (which count a view), the
//! password that unlocks it, and the owner key that makes a browser the owner's.
//! Both secrets are answered with an HttpOnly cookie, and guesses are rate-limited.

use std::time::Duration;

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use serde::Deserialize;
use serde_json::json;

use super::{Body, no_store, with_cookie};
use crate::{
    error::ApiError,
    guard::{self, Access, Client, OWNER_COOKIE, UNLOCK_COOKIE},
    password,
    state::ShareState,
    views::LinkView,
};

/// The owner cookie lasts a year; the owner link renews it.
const OWNER_SESSION: Duration = Duration::from_secs(365 * 24 * 3600);

pub(super) async fn link(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (Access { link, clip, owner }, transcript) =
        guard::open_then(&state, token, &headers, |lib, access| Ok(lib.transcript(access.clip.id)?)).await?;
    // A view is a page that played, not a preview bot: only the page's script asks here.
    let views = if owner {
        link.views
    } else {
        state.inner.pool.run(move |lib| Ok(lib.count_view(link.id)?)).await?;
        link.views + 1
    };
    let view = LinkView::new(&link, clip, transcript, owner, views);
    Ok(no_store(Json(view)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Unlock {
    password: String,
}

pub(super) async fn unlock(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    Client(client): Client,
    Body(body): Body<Unlock>,
) -> Result<Response, ApiError> {
    let (link, _) = guard::live_link(&state, token.clone()).await?;
    let Some(phc) = link.password_hash.clone() else {
        return Ok(no_store(Json(json!({ "unlocked": true }))));
    };
    state
        .inner
        .unlocks
        .acquire(&format!("{client}|{}", link.id))
        .map_err(|retry_after| ApiError::TooMany { retry_after })?;
    let hash = phc.clone();
    let right = tokio::task::spawn_blocking(move || password::verify(&body.password, &hash))
        .await
        .map_err(|e| ApiError::internal("checking a password", e))?;
    if !right {
        return Err(ApiError::WrongPassword);
    }
    let session = state.config().limits.unlock_session;
    let value = guard::unlock_value(&state, &link, &phc, session);
    let cookie = guard::set_cookie(&state, UNLOCK_COOKIE, &value, &format!("/s/{token}"), session);
    Ok(with_cookie(Json(json!({ "unlocked": true })), &cookie))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OwnerClaim {
    key: String,
}

pub(super) async fn owner(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    Client(client): Client,
    Body(body): Body<OwnerClaim>,
) -> Result<Response, ApiError> {
    guard::live_link(&state, token).await?;
    state.inner.unlocks.acquire(&format!("{client}|owner")).map_err(|retry_after| ApiError::TooMany { retry_after })?;
    if !state.inner.owner.matches(&body.key) {
        return Err(ApiError::WrongOwnerKey);
    }
    let cookie = guard::set_cookie(&state, OWNER_COOKIE, &state.inner.owner.session_value(), "/", OWNER_SESSION);
    Ok(with_cookie(Json(json!({ "owner": true })), &cookie))
}
