//! A clip's words: WebVTT captions for the viewer's `<track>`, and the
//! transcript as a text file. Both let a request in exactly as the video
//! does (`guard::open_then`: live link, password, owner), so a dead link's
//! captions answer as an unknown link's do. Captions are part of watching,
//! so a link with downloads off still plays them; the text file is a
//! download and follows the video download's rule ([`guard::Access::may_download`]).
//!
//! A live link whose clip has no captions (no transcript, one still being
//! made, or nothing said) answers 404 `no_transcript`: that is only said
//! to someone already let in, who also sees it in `/api/link`.

use afterword_library::{CaptionFormat, Segment};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};

use super::media::file_name;
use crate::{error::ApiError, guard, state::ShareState};

pub(super) async fn vtt(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (_, segments) = guard::open_then(&state, token, &headers, captions).await?;
    Ok(respond(CaptionFormat::Vtt, &segments, None))
}

pub(super) async fn text(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (access, segments) = guard::open_then(&state, token, &headers, |lib, access| {
        if !access.may_download() {
            return Err(ApiError::DownloadsOff);
        }
        captions(lib, access)
    })
    .await?;
    let name = format!("attachment; filename=\"{}.txt\"", file_name(&access.clip.title));
    Ok(respond(CaptionFormat::Text, &segments, Some(&name)))
}

/// The clip's captions, read in the same library job as the link.
fn captions(lib: &mut afterword_library::Library, access: &guard::Access) -> Result<Vec<Segment>, ApiError> {
    let transcript = lib.transcript(access.clip.id)?;
    transcript.as_ref().and_then(|t| t.captions()).map(<[Segment]>::to_vec).ok_or(ApiError::NoTranscript)
}

fn respond(format: CaptionFormat, segments: &[Segment], disposition: Option<&str>) -> Response {
    let mut response = format.write(segments).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.mime()));
    // A corrected line must show on the next load; and it depends on who asks.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if let Some(v) = disposition.and_then(|d| HeaderValue::from_str(d).ok()) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
