//! Clips played from object storage: a clip whose file is not on this machine
//! but is published to a storage target (`afterword publish`, or `afterword
//! storage import` on this library) is streamed from the store. The Range a
//! browser asks for is passed through as a ranged GET, so seeking in a large
//! clip fetches only the bytes it needs, and they are forwarded as they arrive.

use afterword_library::{Clip, Library, ObjectRole, StorageTarget};
use axum::{body::Body, http::HeaderMap, response::Response};

use super::media::{respond, wanted};
use crate::{error::ApiError, state::ShareState};

/// Where a published clip's media is.
#[derive(Debug)]
pub(crate) struct Stored {
    target: StorageTarget,
    key: String,
    len: u64,
    etag: String,
}

/// The first publication of `clip` that has its media (a target removed since
/// takes its publications with it).
pub(super) fn find(lib: &Library, clip: &Clip) -> Result<Option<Stored>, ApiError> {
    for publication in lib.publications(clip.id)? {
        if let Some(media) = publication.object(ObjectRole::Media) {
            let target = lib.storage_target(&publication.target)?;
            // The store's etag, quoted once, so If-Range works across servers.
            let etag = format!("\"{}\"", media.etag.as_deref().unwrap_or(&media.sha256).trim_matches('"'));
            return Ok(Some(Stored { target, key: media.key.clone(), len: media.size_bytes, etag }));
        }
    }
    Ok(None)
}

pub(super) async fn send(
    state: &ShareState,
    stored: Stored,
    headers: &HeaderMap,
    disposition: &str,
) -> Result<Response, ApiError> {
    let (status, span) = wanted(headers, stored.len, &stored.etag)?;
    let body = match &span {
        None => Body::empty(),
        Some(r) => {
            let unavailable = |e| ApiError::internal(&format!("reading {} from {}", stored.key, stored.target.name), e);
            let store = state.inner.stores.get(&stored.target).map_err(unavailable)?;
            let ranged = store.get_range(&stored.key, *r.start()..r.end() + 1).await.map_err(unavailable)?;
            Body::from_stream(ranged.stream)
        }
    };
    Ok(respond(status, body, span, stored.len, &stored.etag, disposition))
}
