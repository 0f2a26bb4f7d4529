//! Media's typed report of how a file was made becomes the library's
//! [`CaptureFacts`]: the one place the two meet.

use std::path::Path;

use afterword_library::{CaptureFacts, ClipMedia, Library};
use afterword_media::{Finished, Origin};

pub(crate) fn facts(origin: &Origin) -> CaptureFacts {
    match origin {
        Origin::Recorded(r) => CaptureFacts {
            source: Some(r.source.clone()),
            backend: Some(r.backend.clone()),
            encoder: Some(r.encoder.clone()),
            hardware_encoder: Some(r.hardware_encoder),
            fps: Some(r.fps),
            frames_captured: Some(r.frames_captured),
            frames_dropped: Some(r.frames_dropped),
            frames_encoded: Some(r.frames_encoded),
            frames_in_part: Some(r.frames_in_part),
            audio_device: r.audio_device.clone(),
            audio_chunks_dropped: Some(r.audio_chunks_dropped),
            silence_inserted_ms: Some(r.silence_inserted_ms),
            warnings: r.warnings.clone(),
            ..CaptureFacts::default()
        },
        Origin::Imported { from, video_codec, audio_codec, container } => CaptureFacts {
            source: Some("import".to_owned()),
            imported_from: Some(from.display().to_string()),
            video_codec: Some(video_codec.clone()),
            audio_codec: audio_codec.clone(),
            container: Some(container.clone()),
            ..CaptureFacts::default()
        },
        Origin::Recovered => {
            CaptureFacts { source: Some("crash recovery".to_owned()), recovered: true, ..CaptureFacts::default() }
        }
    }
}

/// The library's view of a finished file: paths relative to the library home.
pub(crate) fn clip_media(lib: &Library, f: &Finished) -> ClipMedia {
    ClipMedia {
        duration_ms: f.duration_ms,
        width: Some(f.width),
        height: Some(f.height),
        size_bytes: f.size_bytes,
        media_path: stored(lib, &f.path),
        thumbnail_path: f.thumbnail.as_deref().map(|t| stored(lib, t)),
        capture: facts(&f.origin),
    }
}

/// A path as the library stores it: relative to its home when inside it.
pub(crate) fn stored(lib: &Library, path: &Path) -> String {
    path.strip_prefix(lib.home()).unwrap_or(path).to_string_lossy().into_owned()
}
