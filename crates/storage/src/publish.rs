//! Publishing a clip to a target: its media, thumbnail, captions (WebVTT,
//! when its transcript is done and something was said), a metadata document
//! and (on request) a static viewer page go under `<prefix>/clips/<id>/`, and
//! the library records where they went — in one transaction, after the last
//! object is up, so a failed publish records nothing. An object whose local
//! content (SHA-256) and store etag match the last record is not sent again,
//! which makes publishing twice send nothing.

use std::path::{Path, PathBuf};

use afterword_library::{
    CaptionFormat, Clip, ClipId, ClipStatus, Library, ObjectRole, Publication, PublishedObject, Segment,
};
use bytes::Bytes;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    error::{Result, StorageError},
    page,
    progress::Progress,
    store::Store,
    upload::{FileUpload, Sent},
};

/// The metadata document, `clip.json`: enough for another library to list
/// and play the clip (see [`crate::import`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipDocument {
    pub id: ClipId,
    pub title: String,
    pub created_at: Timestamp,
    pub duration_ms: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub size_bytes: u64,
    /// Names next to `clip.json`.
    pub media: String,
    pub media_sha256: String,
    pub thumbnail: Option<String>,
    /// WebVTT captions from the transcript; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captions: Option<String>,
    /// The language the captions are in (ISO 639-1), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// What a publish did.
#[derive(Debug, Clone)]
pub struct PublishReport {
    pub publication: Publication,
    pub uploaded: Vec<ObjectRole>,
    pub unchanged: Vec<ObjectRole>,
    pub sent: Sent,
    /// Where the static page is, when one was published ([`crate::object_url`]).
    pub page_url: Option<String>,
}

/// Options of [`publish`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PublishOptions {
    /// Also write the static, read-only viewer page.
    pub static_page: bool,
}

/// One object to put in place.
struct Item {
    role: ObjectRole,
    key: String,
    content_type: &'static str,
    body: Body,
    size: u64,
    sha256: String,
}

enum Body {
    File(PathBuf),
    Memory(Bytes),
}

/// The folder of a clip's objects under a target's prefix.
pub fn clip_folder(store: &Store, clip: ClipId) -> String {
    store.key(&format!("clips/{clip}"))
}

/// Publishes `clip` to the target `store` was opened for; see the module docs.
pub async fn publish(
    lib: &mut Library,
    store: &Store,
    clip: ClipId,
    options: PublishOptions,
    progress: &dyn Progress,
) -> Result<PublishReport> {
    let clip = lib.clip(clip)?;
    if clip.status == ClipStatus::Recording {
        return Err(StorageError::StillRecording { clip: clip.id.to_string() });
    }
    // The library's record of the target must exist (it owns the publications).
    let target = lib.storage_target(&store.target().name)?;
    let store = store.clone();
    let items = plan(lib, &store, &clip, options).await?;
    let previous = lib.publication(clip.id, &target.name)?;

    progress.start(items.iter().map(|i| i.size).sum());
    let mut report_sent = Sent::default();
    let (mut uploaded, mut unchanged, mut objects) = (Vec::new(), Vec::new(), Vec::new());
    for item in items {
        let before = previous.as_ref().and_then(|p| p.object(item.role)).filter(|o| o.key == item.key);
        if let Some(old) = before.filter(|o| o.sha256 == item.sha256)
            && let Some(now) = store.head(&item.key).await?
            && now.size == item.size
            && (old.etag.is_none() || old.etag == now.etag)
        {
            progress.advance(item.size);
            unchanged.push(item.role);
            objects.push(old.clone());
            continue;
        }
        let etag = match &item.body {
            Body::Memory(bytes) => {
                let info = store.put(&item.key, bytes.clone(), item.content_type).await?;
                progress.advance(item.size);
                report_sent.bytes += item.size;
                report_sent.parts += 1;
                info.etag
            }
            Body::File(path) => {
                let up = FileUpload {
                    store: &store,
                    key: &item.key,
                    path,
                    size: item.size,
                    sha256: &item.sha256,
                    content_type: item.content_type,
                };
                let (etag, sent) = up.run(lib, progress).await?;
                report_sent.bytes += sent.bytes;
                report_sent.parts += sent.parts;
                report_sent.parts_resumed += sent.parts_resumed;
                etag
            }
        };
        uploaded.push(item.role);
        objects.push(PublishedObject {
            role: item.role,
            key: item.key,
            size_bytes: item.size,
            etag,
            sha256: item.sha256,
        });
    }
    progress.finish();

    let publication = Publication {
        clip_id: clip.id,
        target: target.name.clone(),
        published_at: match &previous {
            Some(p) if uploaded.is_empty() => p.published_at,
            // To the millisecond, as the library keeps it.
            _ => Timestamp::from_millisecond(Timestamp::now().as_millisecond()).unwrap_or_else(|_| Timestamp::now()),
        },
        static_page: options.static_page,
        objects,
    };
    lib.record_publication(&publication)?;
    let page_url = publication.object(ObjectRole::Viewer).map(|o| crate::target::object_url(&target, &o.key));
    Ok(PublishReport { publication, uploaded, unchanged, sent: report_sent, page_url })
}

/// What goes up for `clip`, largest first and the metadata document last, so
/// its presence means the rest is there.
async fn plan(lib: &Library, store: &Store, clip: &Clip, options: PublishOptions) -> Result<Vec<Item>> {
    let folder = clip_folder(store, clip.id);
    // The file that plays the clip as edited: an edited clip publishes its cut.
    let playback = clip.playback_path.as_deref().ok_or(StorageError::NotRendered { clip: clip.id.to_string() })?;
    let media_path = lib.resolve(playback);
    let (size, sha) = hash_file(media_path.clone()).await?;
    let mut items = vec![Item {
        role: ObjectRole::Media,
        key: format!("{folder}/media.mp4"),
        content_type: "video/mp4",
        body: Body::File(media_path),
        size,
        sha256: sha.clone(),
    }];

    let mut thumbnail = None;
    if let Some(thumb) = clip.thumbnail_path.as_deref().map(|p| lib.resolve(p)).filter(|p| p.is_file()) {
        let (ext, content_type) = match thumb.extension().and_then(|e| e.to_str()) {
            Some("png") => ("png", "image/png"),
            Some("webp") => ("webp", "image/webp"),
            _ => ("jpg", "image/jpeg"),
        };
        let name = format!("thumbnail.{ext}");
        let (size, sha) = hash_file(thumb.clone()).await?;
        items.push(Item {
            role: ObjectRole::Thumbnail,
            key: format!("{folder}/{name}"),
            content_type,
            body: Body::File(thumb),
            size,
            sha256: sha,
        });
        thumbnail = Some(name);
    }

    // The share server's rule (`Transcript::captions`): a transcript queued
    // again publishes no words until its new run is done.
    let transcript = lib.transcript(clip.id)?;
    let spoken: &[Segment] = transcript.as_ref().and_then(|t| t.captions()).unwrap_or_default();
    let (mut captions, mut language) = (None, None);
    if let Some(t) = transcript.as_ref().filter(|_| !spoken.is_empty()) {
        let vtt = CaptionFormat::Vtt.write(spoken);
        items.push(memory(ObjectRole::Captions, format!("{folder}/captions.vtt"), CaptionFormat::Vtt.mime(), vtt));
        captions = Some("captions.vtt".to_owned());
        language = t.detected_language.clone().or_else(|| t.language.clone());
    }

    let doc = ClipDocument {
        id: clip.id,
        title: clip.title.clone(),
        created_at: clip.created_at,
        duration_ms: clip.duration_ms,
        width: clip.width,
        height: clip.height,
        size_bytes: size,
        media: "media.mp4".into(),
        media_sha256: sha,
        thumbnail,
        captions,
        language,
    };
    if options.static_page {
        let mut comments = lib.comments(clip.id)?;
        comments.retain(|c| !c.removed);
        let html = page::render(&doc, &comments, spoken);
        items.push(memory(ObjectRole::Viewer, format!("{folder}/index.html"), "text/html; charset=utf-8", html));
    }
    let json = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    items.push(memory(ObjectRole::Metadata, format!("{folder}/clip.json"), "application/json", json));
    Ok(items)
}

fn memory(role: ObjectRole, key: String, content_type: &'static str, body: impl Into<Bytes>) -> Item {
    let bytes: Bytes = body.into();
    Item {
        role,
        key,
        content_type,
        size: bytes.len() as u64,
        sha256: hex(&Sha256::digest(&bytes)),
        body: Body::Memory(bytes),
    }
}

/// The size and SHA-256 of a file, read on a blocking thread.
async fn hash_file(path: PathBuf) -> Result<(u64, String)> {
    let shown = path.clone();
    let io = |error| StorageError::Io { path: shown.clone(), error };
    if !path.is_file() {
        return Err(StorageError::MediaMissing { path });
    }
    tokio::task::spawn_blocking(move || hash_blocking(&path))
        .await
        .map_err(|e| io(std::io::Error::other(e)))?
        .map_err(io)
}

fn hash_blocking(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((size, hex(&hasher.finalize())))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
