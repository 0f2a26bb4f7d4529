//! Importing an existing video as a clip.

use std::path::Path;

use afterword_library::{Clip, ClipId, ClipStatus, Library, NewClip, Transcript};

use crate::{error::Result, facts::clip_media};

/// An imported clip, and its transcript when one was queued.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub clip: Clip,
    pub transcript: Option<Transcript>,
    /// The clip is safe, but something after it was not done.
    pub warnings: Vec<String>,
}

/// Makes an existing video file a clip (copied into the library) and, when
/// `transcribe` and the library transcribes automatically, queues its
/// transcript. The file's name (or `title`) stays its title.
pub fn import(lib: &mut Library, src: &Path, title: Option<&str>, transcribe: bool) -> Result<Imported> {
    let clip = import_file(lib, src, title)?;
    let mut warnings = Vec::new();
    let transcript =
        if transcribe { crate::session::queue_transcript(lib, clip.id, true, &mut warnings) } else { None };
    Ok(Imported { clip, transcript, warnings })
}

fn import_file(lib: &mut Library, src: &Path, title: Option<&str>) -> Result<Clip> {
    let clip_id = ClipId::new();
    let clips = lib.clips_dir();
    let dest = afterword_media::clip_path(&clips, &clip_id.to_string());
    let finished = afterword_media::import(src, &dest)?;
    let name = src.file_stem().and_then(|s| s.to_str()).unwrap_or("Imported video");
    let title = title.map(str::to_owned).unwrap_or_else(|| name.replace(['_', '-'], " "));
    let media = clip_media(lib, &finished);
    lib.add_clip(NewClip { id: clip_id, title, status: ClipStatus::Ready, media })
        .inspect_err(|_| {
            // Nothing half-done: the copied file goes if the row can't be written.
            let _ = std::fs::remove_file(&finished.path);
            if let Some(t) = &finished.thumbnail {
                let _ = std::fs::remove_file(t);
            }
        })
        .map_err(Into::into)
}
