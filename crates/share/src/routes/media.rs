//! The clip's video, streamed with byte ranges so a browser can seek before
//! the file has arrived; and the same file as a download when the link allows.
//! The file is found through the link's clip, never through the URL, and is
//! the one that plays the clip as edited: its original, or the render of its
//! current edit (a 503 with Retry-After while that is being made). A clip
//! whose file is not on this machine but was published to object storage is
//! streamed from the store (see `stored.rs`).

use std::{
    io::{Read, Seek, SeekFrom},
    ops::RangeInclusive,
    path::PathBuf,
    time::UNIX_EPOCH,
};

use afterword_library::Clip;
use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use crate::{
    error::ApiError,
    guard,
    media_cache::Stamp,
    range::{self, Wanted},
    state::ShareState,
};

use super::stored::{self, Stored};

/// Where a clip's bytes come from (a publication carries its whole target:
/// boxed, so the common local case stays small).
pub(super) enum Source {
    Local(Stamp),
    Stored(Box<Stored>),
}

/// Ranges up to this size are read in one go; larger ones are streamed in chunks.
const READ_AT_ONCE: u64 = 1024 * 1024;
const CHUNK: usize = 256 * 1024;

pub(super) async fn video(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (access, source) = open_media(&state, token, &headers).await?;
    send(&state, &access.clip, source, &headers, "inline".into()).await
}

pub(super) async fn download(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (access, source) = open_media(&state, token, &headers).await?;
    if !access.may_download() {
        return Err(ApiError::DownloadsOff);
    }
    let disposition = format!("attachment; filename=\"{}.mp4\"", file_name(&access.clip.title));
    send(&state, &access.clip, source, &headers, disposition).await
}

async fn send(
    state: &ShareState,
    clip: &Clip,
    source: Source,
    headers: &HeaderMap,
    disposition: String,
) -> Result<Response, ApiError> {
    match source {
        Source::Local(stamp) => send_file(state, clip, stamp, headers, disposition).await,
        Source::Stored(published) => stored::send(state, *published, headers, &disposition).await,
    }
}

/// A title made safe for a `filename="…"` parameter.
pub(super) fn file_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') { c } else { '_' })
        .take(100)
        .collect();
    let name = name.trim_matches(['.', ' ', '_']);
    if name.is_empty() { "clip".into() } else { name.to_owned() }
}

async fn send_file(
    state: &ShareState,
    clip: &Clip,
    stamp: Stamp,
    headers: &HeaderMap,
    disposition: String,
) -> Result<Response, ApiError> {
    let path = state.inner.pool.home().join(playback(clip)?);
    let len = stamp.len;
    let mtime = stamp.modified.and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    let etag = format!("\"{len:x}-{mtime:x}\"");

    let (status, span) = wanted(headers, len, &etag)?;
    let count = span.as_ref().map_or(0, |r| r.end() - r.start() + 1);
    let body = match &span {
        None => Body::empty(),
        Some(r) => match cached(state, &path, stamp).await? {
            Some(all) => Body::from(all.slice(as_usize(*r.start())..=as_usize(*r.end()))),
            None if count <= READ_AT_ONCE => Body::from(read_span(path.clone(), r.clone()).await?),
            None => {
                let mut file = tokio::fs::File::open(&path).await.map_err(|e| missing(&path, e))?;
                file.seek(SeekFrom::Start(*r.start())).await.map_err(|e| missing(&path, e))?;
                Body::from_stream(ReaderStream::with_capacity(file.take(count), CHUNK))
            }
        },
    };

    Ok(respond(status, body, span, len, &etag, &disposition))
}

/// The status and the bytes a request wants of `len` bytes tagged `etag`.
pub(super) fn wanted(
    headers: &HeaderMap,
    len: u64,
    etag: &str,
) -> Result<(StatusCode, Option<RangeInclusive<u64>>), ApiError> {
    let range_header = match headers.get(header::RANGE) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| ApiError::MalformedRange { given: "(not text)".into() })?),
    };
    // A Range made against another version of the file gets the whole new file.
    let stale = headers.get(header::IF_RANGE).is_some_and(|v| v.as_bytes() != etag.as_bytes());
    let wanted = if stale { Wanted::Whole } else { range::parse(range_header, len)? };
    Ok(match wanted {
        Wanted::Whole => (StatusCode::OK, (len > 0).then(|| 0..=len - 1)),
        Wanted::Part(r) => (StatusCode::PARTIAL_CONTENT, Some(r)),
    })
}

/// The response for `span` of a video of `len` bytes, with its headers.
pub(super) fn respond(
    status: StatusCode,
    body: Body,
    span: Option<RangeInclusive<u64>>,
    len: u64,
    etag: &str,
    disposition: &str,
) -> Response {
    let count = span.as_ref().map_or(0, |r| r.end() - r.start() + 1);
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("video/mp4"));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let (StatusCode::PARTIAL_CONTENT, Some(r)) = (status, &span)
        && let Ok(v) = HeaderValue::from_str(&format!("bytes {}-{}/{len}", r.start(), r.end()))
    {
        h.insert(header::CONTENT_RANGE, v);
    }
    response
}

/// The whole file from memory, loading it once when it is small enough to keep.
async fn cached(state: &ShareState, path: &std::path::Path, stamp: Stamp) -> Result<Option<Bytes>, ApiError> {
    let cache = &state.inner.media;
    if !cache.holds(stamp.len) {
        return Ok(None);
    }
    if let Some(bytes) = cache.get(path, stamp) {
        return Ok(Some(bytes));
    }
    // One load at a time: a crowd arriving at a new clip must not read it once each.
    let _loading = state.inner.media_loading.lock().await;
    if let Some(bytes) = cache.get(path, stamp) {
        return Ok(Some(bytes));
    }
    let owned = path.to_path_buf();
    let bytes = tokio::task::spawn_blocking(move || std::fs::read(owned))
        .await
        .map_err(|e| ApiError::internal("reading clip media", e))?
        .map_err(|e| missing(path, e))?;
    if bytes.len() as u64 != stamp.len {
        // Changed while being read (still recording?): serve this request from disk.
        return Ok(None);
    }
    let bytes = Bytes::from(bytes);
    cache.insert(path, bytes.clone(), stamp);
    Ok(Some(bytes))
}

/// The link for a video request: from the link cache when it was just found
/// live, else from the library (and then cached). The file is looked at on
/// every request, so a growing or replaced file is served as it is now; on a
/// cache hit that `stat` runs right here, because the file was just served
/// and its inode is in memory — a trip to a blocking thread costs more.
async fn open_media(
    state: &ShareState,
    token: String,
    headers: &HeaderMap,
) -> Result<(guard::Access, Source), ApiError> {
    if let Some(found) = cached_media(state, &token, headers)? {
        return Ok(found);
    }
    // A miss: one request per link asks the library, the rest wait for it.
    let refreshing = match state.inner.links.get(&token) {
        Some(_) => None, // cached but not on this machine: only the library can say where
        None => state.inner.links.refreshing(&token).await,
    };
    if refreshing.is_some()
        && let Some(found) = cached_media(state, &token, headers)?
    {
        return Ok(found);
    }
    let (access, source) = guard::open_then(state, token.clone(), headers, stat).await?;
    state.inner.links.put(&token, access.link.clone(), access.clip.clone());
    Ok((access, source))
}

/// The link from the cache and the clip's file, when both are at hand.
fn cached_media(
    state: &ShareState,
    token: &str,
    headers: &HeaderMap,
) -> Result<Option<(guard::Access, Source)>, ApiError> {
    let Some(hit) = state.inner.links.get(token) else { return Ok(None) };
    let unlocks = guard::cookies(headers, guard::UNLOCK_COOKIE);
    let access = guard::admit(state, hit.link.clone(), hit.clip.clone(), guard::is_owner(state, headers), unlocks)?;
    // Not here: published elsewhere, which only the library can tell.
    let path = state.inner.pool.home().join(playback(&access.clip)?);
    Ok(stat_local(&path).ok().map(|s| (access, Source::Local(s))))
}

/// The file that plays the clip as edited (never the original of an edited
/// clip); a 503 asking to retry while its render is being made.
fn playback(clip: &Clip) -> Result<&str, ApiError> {
    clip.playback_path.as_deref().ok_or(ApiError::Rendering)
}

/// The clip's file size and time (or where it was published, when the file
/// is not on this machine), looked up in the same job as the link.
fn stat(lib: &mut afterword_library::Library, access: &guard::Access) -> Result<Source, ApiError> {
    let path = lib.resolve(playback(&access.clip)?);
    match stat_local(&path) {
        Ok(stamp) => Ok(Source::Local(stamp)),
        Err(e) => match stored::find(lib, &access.clip)? {
            Some(published) => Ok(Source::Stored(Box::new(published))),
            None => Err(missing(&path, e)),
        },
    }
}

fn stat_local(path: &std::path::Path) -> std::io::Result<Stamp> {
    let meta = std::fs::metadata(path)?;
    Ok(Stamp { len: meta.len(), modified: meta.modified().ok() })
}

fn as_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Reads a small span in one blocking call: cheaper than a stream of chunks.
async fn read_span(path: PathBuf, span: RangeInclusive<u64>) -> Result<Vec<u8>, ApiError> {
    tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&path)?;
        file.seek(SeekFrom::Start(*span.start()))?;
        let mut buf = vec![0; usize::try_from(span.end() - span.start() + 1).unwrap_or(0)];
        file.read_exact(&mut buf)?;
        Ok::<_, std::io::Error>(buf)
    })
    .await
    .map_err(|e| ApiError::internal("reading clip media", e))?
    .map_err(|e| ApiError::internal("reading clip media", e))
}

fn missing(path: &std::path::Path, e: std::io::Error) -> ApiError {
    ApiError::internal(
        &format!("the clip's media {} cannot be read; check that the library's clips folder is intact", path.display()),
        e,
    )
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn download_names_are_safe() {
        assert_eq!(file_name("Q3 plan: \"final\"/v2"), "Q3 plan_ _final__v2");
        assert_eq!(file_name("../.."), "clip");
        assert_eq!(file_name(""), "clip");
    }
}
