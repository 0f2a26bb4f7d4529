//! Bringing a published clip into another library: `clip.json` is read from
//! the store and the clip is added with its publication, so `afterword serve`
//! on that machine plays it from the bucket (comments then live in that
//! library). The media is not downloaded.

use afterword_library::{
    Clip, ClipId, ClipMedia, ClipStatus, Library, NewClip, ObjectRole, Publication, PublishedObject,
};
use jiff::Timestamp;

use crate::{
    error::{Result, StorageError},
    publish::{ClipDocument, clip_folder},
    store::Store,
};

/// Adds the clip published as `clip` on `store`'s target to `lib` (or, when
/// the library has it already, records where it is published). One transaction.
pub async fn import(lib: &mut Library, store: &Store, clip: ClipId) -> Result<Clip> {
    let target = lib.storage_target(&store.target().name)?;
    let folder = clip_folder(store, clip);
    let doc_key = format!("{folder}/clip.json");
    let raw = store.get(&doc_key).await?;
    let doc: ClipDocument =
        serde_json::from_slice(&raw).map_err(|error| StorageError::BadMetadata { key: doc_key.clone(), error })?;
    let media_key = format!("{folder}/{}", doc.media);
    let media = store
        .head(&media_key)
        .await?
        .ok_or_else(|| StorageError::ObjectMissing { target: target.name.clone(), key: media_key.clone() })?;

    let publication = Publication {
        clip_id: doc.id,
        target: target.name.clone(),
        published_at: Timestamp::now(),
        static_page: false,
        objects: vec![
            PublishedObject {
                role: ObjectRole::Media,
                key: media_key,
                size_bytes: media.size,
                etag: media.etag,
                sha256: doc.media_sha256.clone(),
            },
            PublishedObject {
                role: ObjectRole::Metadata,
                key: doc_key,
                size_bytes: raw.len() as u64,
                etag: None,
                sha256: crate::publish::hex(&<sha2::Sha256 as sha2::Digest>::digest(&raw)),
            },
        ],
    };
    let new = NewClip {
        id: doc.id,
        title: doc.title.clone(),
        status: ClipStatus::Ready,
        media: ClipMedia {
            duration_ms: doc.duration_ms,
            width: doc.width,
            height: doc.height,
            size_bytes: media.size,
            // Not on this machine: the share server reads it from the store.
            media_path: format!("clips/{}.mp4", doc.id),
            thumbnail_path: None,
            capture: afterword_library::CaptureFacts { imported_from: Some(target.name.clone()), ..Default::default() },
        },
    };
    let id = doc.id;
    lib.in_transaction(|lib| {
        if lib.clip(id).is_err() {
            lib.add_clip(new)?;
        }
        lib.record_publication(&publication)
    })?;
    Ok(lib.clip(id)?)
}
