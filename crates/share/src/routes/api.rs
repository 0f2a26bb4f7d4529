//! Comments, replies and reactions on a link's clip, and the owner's resolve
//! and delete. Everything a request writes is checked first, so a refused
//! request stores nothing (not even its author's name); everything goes to the
//! link's own clip, whatever ids the body names.

use afterword_library::{ClipId, Comment, CommentId, Limits, NewComment};
use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use super::{Body, no_store};
use crate::{
    error::ApiError,
    guard::{self, Access, Client},
    state::ShareState,
    views::{CommentView, FeedbackView, ReactionView},
};

pub(super) async fn comments(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let access = guard::open(&state, token, &headers).await?;
    let (clip, owner) = (access.clip.id, access.owner);
    let feedback = state
        .inner
        .pool
        .run(move |lib| {
            let all = FeedbackView::new(lib.comments(clip)?, lib.reactions(clip)?, lib.me()?.id);
            Ok(if owner { all } else { all.without_removed() })
        })
        .await?;
    Ok(no_store(Json(feedback)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PostComment {
    name: Option<String>,
    body: String,
    at_ms: Option<u64>,
    end_ms: Option<u64>,
    parent_id: Option<String>,
}

pub(super) async fn add_comment(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Client(client): Client,
    Body(post): Body<PostComment>,
) -> Result<Response, ApiError> {
    check_text("comment", &post.body, Limits::COMMENT)?;
    let parent_id = post.parent_id.as_deref().map(str::parse::<CommentId>).transpose()?;
    if parent_id.is_none() && post.at_ms.is_none() {
        return Err(ApiError::bad_request("say where in the clip: give at_ms (milliseconds from the start)"));
    }
    let limits = state.clone();
    // The link check, every other check and the write are one library job.
    let (access, view) = guard::open_then(&state, token, &headers, move |lib, access| {
        limit_posts(&limits, &client, access.owner)?;
        let author_name = author(&post.name, access.owner)?;
        if let Some(at) = post.at_ms {
            check_moment(access, at, post.end_ms)?;
        }
        let clip = access.clip.id;
        if let Some(parent) = parent_id {
            // A reply on another clip's comment looks like no comment at all.
            if lib.comment(parent).map(|p| p.clip_id != clip).unwrap_or(true) {
                return Err(ApiError::bad_request(format!("no comment {parent} on this clip to reply to")));
            }
        }
        let author = author_name.map(|name| lib.guest(&name)).transpose()?.map(|p| p.id);
        let new = NewComment {
            clip_id: Some(clip),
            at_ms: post.at_ms,
            end_ms: post.end_ms,
            parent_id,
            author,
            body: post.body,
        };
        let comment = lib.add_comment(new)?;
        Ok(CommentView::new(comment, lib.me()?.id))
    })
    .await?;
    state.inner.hub.notify(access.clip.id);
    Ok((StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], Json(view)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PostReaction {
    name: Option<String>,
    at_ms: u64,
    emoji: String,
}

pub(super) async fn add_reaction(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Client(client): Client,
    Body(post): Body<PostReaction>,
) -> Result<Response, ApiError> {
    let e = post.emoji.trim();
    let emoji_ok = !e.is_empty()
        && e.chars().count() <= Limits::EMOJI
        && e.chars().all(|c| !c.is_whitespace() && !c.is_ascii() && !c.is_control());
    if !emoji_ok {
        return Err(ApiError::bad_request(format!(
            "{:?} is not a reaction; send a single emoji such as 👍",
            post.emoji
        )));
    }
    let limits = state.clone();
    let (access, view) = guard::open_then(&state, token, &headers, move |lib, access| {
        limit_posts(&limits, &client, access.owner)?;
        let author_name = author(&post.name, access.owner)?;
        check_moment(access, post.at_ms, None)?;
        let author = author_name.map(|name| lib.guest(&name)).transpose()?.map(|p| p.id);
        Ok(ReactionView::from(lib.add_reaction(access.clip.id, post.at_ms, &post.emoji, author)?))
    })
    .await?;
    state.inner.hub.notify(access.clip.id);
    Ok((StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], Json(view)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ResolveBody {
    resolved: bool,
}

pub(super) async fn resolve(
    State(state): State<ShareState>,
    Path((token, id)): Path<(String, String)>,
    headers: HeaderMap,
    Body(body): Body<ResolveBody>,
) -> Result<Response, ApiError> {
    let (clip, id) = owned_comment(&state, token, &id, &headers).await?;
    let view = state
        .inner
        .pool
        .run(move |lib| {
            let comment = on_clip(lib, clip, id)?;
            Ok(CommentView::new(lib.resolve_comment(comment.id, body.resolved)?, lib.me()?.id))
        })
        .await?;
    state.inner.hub.notify(clip);
    Ok(no_store(Json(view)))
}

pub(super) async fn delete_comment(
    State(state): State<ShareState>,
    Path((token, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (clip, id) = owned_comment(&state, token, &id, &headers).await?;
    state
        .inner
        .pool
        .run(move |lib| {
            on_clip(lib, clip, id)?;
            Ok(lib.delete_comment(id)?)
        })
        .await?;
    state.inner.hub.notify(clip);
    Ok(no_store(Json(json!({ "deleted": id }))))
}

/// The link's clip and a comment id, when the request is the owner's.
async fn owned_comment(
    state: &ShareState,
    token: String,
    id: &str,
    headers: &HeaderMap,
) -> Result<(ClipId, CommentId), ApiError> {
    let access = guard::open(state, token, headers).await?;
    if !access.owner {
        return Err(ApiError::NotOwner);
    }
    Ok((access.clip.id, id.parse()?))
}

/// The comment, when it belongs to `clip`; any other is "not found".
fn on_clip(lib: &mut afterword_library::Library, clip: ClipId, id: CommentId) -> Result<Comment, ApiError> {
    lib.comment(id).ok().filter(|c| c.clip_id == clip).ok_or_else(|| ApiError::BadRequest {
        status: StatusCode::NOT_FOUND,
        message: format!("no comment {id} on this clip"),
    })
}

fn limit_posts(state: &ShareState, client: &str, owner: bool) -> Result<(), ApiError> {
    if owner {
        return Ok(());
    }
    state.inner.posts.acquire(client).map_err(|retry_after| ApiError::TooMany { retry_after })
}

/// The guest name to post under, or `None` for the owner (who posts as themself).
fn author(name: &Option<String>, owner: bool) -> Result<Option<String>, ApiError> {
    if owner {
        return Ok(None);
    }
    let name = name.as_deref().unwrap_or_default();
    check_text("name", name, Limits::NAME)?;
    Ok(Some(name.to_owned()))
}

/// The library's own text checks, made before anything is written.
fn check_text(field: &str, text: &str, max: usize) -> Result<(), ApiError> {
    let len = text.trim().chars().count();
    if len == 0 {
        return Err(ApiError::bad_request(format!("the {field} is empty; give some text")));
    }
    if len > max {
        return Err(ApiError::bad_request(format!("the {field} is {len} characters long; the limit is {max}")));
    }
    Ok(())
}

/// A moment of the clip as it plays (its edit's timeline).
fn check_moment(access: &Access, at_ms: u64, end_ms: Option<u64>) -> Result<(), ApiError> {
    let duration = access.clip.duration_ms;
    if let Some(end) = end_ms
        && end <= at_ms
    {
        return Err(ApiError::bad_request(format!("the range ends at {end} ms, not after it starts at {at_ms} ms")));
    }
    let last = end_ms.unwrap_or(at_ms);
    if duration > 0 && last > duration {
        return Err(ApiError::bad_request(format!("{last} ms is past the end of the clip ({duration} ms)")));
    }
    Ok(())
}
