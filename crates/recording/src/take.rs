//! A take's row in the library: registered as `recording` before the first
//! frame (so a crash leaves a row that recovery completes), completed from
//! the recorder's result, or removed when abandoned.

use std::path::PathBuf;

use afterword_library::{Clip, ClipId, ClipMedia, ClipStatus, Library, NewClip, automatic_title};
use afterword_media::{Finished, RecorderError};
use jiff::{Timestamp, tz::TimeZone};

use crate::{
    error::{Error, Result},
    facts::{clip_media, stored},
};

/// A clip being recorded: its id and the final path the recorder writes to.
#[derive(Debug, Clone)]
pub(crate) struct Take {
    pub clip_id: ClipId,
    pub output: PathBuf,
}

/// Registers a clip as `recording`. `title` falls back to an automatic one
/// naming `source` (a window title) and the local time.
pub(crate) fn begin(lib: &mut Library, title: Option<&str>, source: Option<&str>) -> Result<Take> {
    let clip_id = ClipId::new();
    let clips = lib.clips_dir();
    std::fs::create_dir_all(&clips).map_err(|source| Error::Folder { path: clips.clone(), source })?;
    let output = afterword_media::clip_path(&clips, &clip_id.to_string());
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_owned(),
        None => automatic_title(source, Timestamp::now(), &TimeZone::system()),
    };
    let media = ClipMedia { media_path: stored(lib, &output), ..ClipMedia::default() };
    lib.add_clip(NewClip { id: clip_id, title, status: ClipStatus::Recording, media })?;
    Ok(Take { clip_id, output })
}

/// Files the result of `Recorder::stop()`. A full disk that still left a
/// playable clip keeps it, saying so in its warnings; any other failure
/// marks the row `failed` and leaves the partial for recovery.
pub(crate) fn finish(lib: &mut Library, take: &Take, stopped: Result<Finished, RecorderError>) -> Result<Clip> {
    match stopped {
        Ok(finished) => Ok(lib.finish_clip(take.clip_id, &clip_media(lib, &finished), ClipStatus::Ready)?),
        Err(RecorderError::DiskFull { kept: Some(kept), .. }) => {
            let mut media = clip_media(lib, &kept);
            media.capture.warn("the disk filled up; the recording stopped early");
            Ok(lib.finish_clip(take.clip_id, &media, ClipStatus::Ready)?)
        }
        Err(e) => {
            let media = ClipMedia { media_path: stored(lib, &take.output), ..ClipMedia::default() };
            lib.finish_clip(take.clip_id, &media, ClipStatus::Failed)?;
            Err(e.into())
        }
    }
}

/// Abandons a take: the row goes (the recorder already removed its file).
pub(crate) fn discard(lib: &mut Library, take: &Take) -> Result<()> {
    lib.delete_clip(take.clip_id)?;
    Ok(())
}
