//! A recording's life in the library. `media` makes files and `library` keeps
//! rows, and neither may know the other; this crate is where they meet, so
//! the CLI and the desktop app hand recordings over the same way:
//!
//! ```text
//! begin()   row `recording`, media path <home>/clips/<id>.mp4 ──► Recorder writes <id>.mp4.partial
//! finish()  Recorder::stop() result ──► row `ready` with duration, size, thumbnail, capture facts
//! recover() start-up: every unlocked .partial ──► row `recovered` (or gone, if nothing was playable)
//! import()  an existing video ──► a `ready` clip
//! ```
//!
//! Whatever happens, no row points at a missing file and no file in the clips
//! folder is unknown to the library once [`recover`] has run.

use std::path::{Path, PathBuf};

use afterword_library::{Clip, ClipId, ClipMedia, ClipStatus, Library, NewClip, automatic_title};
use afterword_media::{FinalizeError, Finished, RecorderError};
use jiff::{Timestamp, tz::TimeZone};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Library(#[from] afterword_library::Error),
    #[error(transparent)]
    Recorder(#[from] RecorderError),
    #[error(transparent)]
    Finalize(#[from] FinalizeError),
    #[error("cannot read the clips folder {}: {source}", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
}

impl Error {
    /// The person can fix it (a file that is no video, a wrong id).
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Library(e) => e.is_user_error(),
            Error::Finalize(FinalizeError::NeedsTranscode { .. } | FinalizeError::Probe(_)) => true,
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A clip being recorded: its id and the final path the recorder writes to.
#[derive(Debug, Clone)]
pub struct Take {
    pub clip_id: ClipId,
    pub output: PathBuf,
}

/// Registers a clip as `recording` before the first frame, so a crash leaves a
/// row that [`recover`] completes. `title` falls back to an automatic one
/// naming `source` (a window title, a display) and the local time.
pub fn begin(lib: &mut Library, title: Option<&str>, source: Option<&str>) -> Result<Take> {
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
/// playable clip keeps it (and says so in its warnings); any other failure
/// marks the row `failed` and leaves the partial for [`recover`].
pub fn finish(lib: &mut Library, take: &Take, stopped: Result<Finished, RecorderError>) -> Result<Clip> {
    match stopped {
        Ok(finished) => Ok(lib.finish_clip(take.clip_id, &clip_media(lib, &finished), ClipStatus::Ready)?),
        Err(RecorderError::DiskFull { kept: Some(kept), .. }) => {
            let mut media = clip_media(lib, &kept);
            warn(&mut media.capture, "the disk filled up; the recording stopped early");
            lib.finish_clip(take.clip_id, &media, ClipStatus::Ready)?;
            Err(RecorderError::DiskFull { partial: take.output.clone(), kept: Some(kept) }.into())
        }
        Err(e) => {
            let media = ClipMedia { media_path: stored(lib, &take.output), ..ClipMedia::default() };
            lib.finish_clip(take.clip_id, &media, ClipStatus::Failed)?;
            Err(e.into())
        }
    }
}

/// Abandons a take: the row goes (the recorder already removed its file).
pub fn discard(lib: &mut Library, take: &Take) -> Result<()> {
    lib.delete_clip(take.clip_id)?;
    Ok(())
}

/// What [`recover`] did with one partial.
#[derive(Debug, Clone, PartialEq)]
pub enum Recovery {
    /// Rebuilt into a playable clip.
    Recovered(Box<Clip>),
    /// Nothing playable had been written; the partial and its row are gone.
    Discarded { clip_id: Option<ClipId> },
}

/// Recovers every `.partial` left in the clips folder by a crash: rebuilds it
/// (losing at most the last fragment, about a second), marks its row
/// `recovered` — adding a row if the crash came before the library knew it —
/// and drops partials with nothing playable. Partials still being written by
/// another recorder are locked and left alone. Then settles rows a crash left
/// `recording` with no partial at all (see [`settle_orphans`]).
pub fn recover(lib: &mut Library) -> Result<Vec<Recovery>> {
    let mut done = recover_partials(lib)?;
    done.extend(settle_orphans(lib, Timestamp::now())?);
    Ok(done)
}

/// How old a `recording` row without a partial must be before it counts as
/// a crash's leftover: a recorder in another process creates and locks its
/// partial milliseconds after [`begin`], never a minute.
const ORPHAN_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(60);

/// Rows still `recording` whose partial is gone: the crash came between
/// [`begin`] and the recorder's first write (no file: the row goes), or
/// between finalizing and [`finish`] (the final file plays: the row is
/// completed from it as `recovered`).
fn settle_orphans(lib: &mut Library, now: Timestamp) -> Result<Vec<Recovery>> {
    let mut done = Vec::new();
    for clip in lib.clips_recording()? {
        let path = lib.resolve(&clip.media_path);
        if afterword_media::partial_path(&path).exists() || now.duration_since(clip.created_at) < ORPHAN_AFTER {
            continue;
        }
        match afterword_media::probe(&path) {
            Ok(p) => {
                let thumbnail = afterword_media::thumbnail_path(&path);
                let mut media = ClipMedia {
                    duration_ms: p.duration_ms,
                    width: Some(p.width),
                    height: Some(p.height),
                    size_bytes: p.size_bytes,
                    media_path: clip.media_path.clone(),
                    thumbnail_path: thumbnail.exists().then(|| stored(lib, &thumbnail)),
                    capture: clip.capture.clone(),
                };
                warn(&mut media.capture, "recovered after the recorder stopped unexpectedly while saving");
                let clip = lib.finish_clip(clip.id, &media, ClipStatus::Recovered)?;
                done.push(Recovery::Recovered(Box::new(clip)));
            }
            Err(_) => {
                let _ = std::fs::remove_file(&path);
                lib.delete_clip(clip.id)?;
                done.push(Recovery::Discarded { clip_id: Some(clip.id) });
            }
        }
    }
    Ok(done)
}

fn recover_partials(lib: &mut Library) -> Result<Vec<Recovery>> {
    let clips = lib.clips_dir();
    let partials = afterword_media::partials(&clips).map_err(|source| Error::Folder { path: clips.clone(), source })?;
    let mut done = Vec::new();
    for partial in partials {
        let clip_id = clip_id_of(&partial);
        let known = clip_id.and_then(|id| lib.clip(id).ok());
        match afterword_media::recover(&partial) {
            Ok(finished) => {
                let mut media = clip_media(lib, &finished);
                if let Some(clip) = &known {
                    media.capture = merge(clip.capture.clone(), media.capture);
                }
                warn(
                    &mut media.capture,
                    "recovered after the recorder stopped unexpectedly; the last second may be missing",
                );
                let clip = match known {
                    Some(clip) => lib.finish_clip(clip.id, &media, ClipStatus::Recovered)?,
                    None => {
                        let id = clip_id.unwrap_or_default();
                        let title = automatic_title(Some("Recovered recording"), Timestamp::now(), &TimeZone::system());
                        lib.add_clip(NewClip { id, title, status: ClipStatus::Recovered, media })?
                    }
                };
                tracing::info!(clip = %clip.id, "recovered a recording");
                done.push(Recovery::Recovered(Box::new(clip)));
            }
            Err(FinalizeError::InUse { .. }) => continue,
            Err(FinalizeError::Empty { .. }) => {
                let _ = std::fs::remove_file(&partial);
                if let Some(clip) = &known {
                    lib.delete_clip(clip.id)?;
                }
                done.push(Recovery::Discarded { clip_id: known.map(|c| c.id) });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(done)
}

/// Makes an existing video file a clip (copied into the library).
pub fn import(lib: &mut Library, src: &Path, title: Option<&str>) -> Result<Clip> {
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
        .map_err(Error::from)
}

/// The library's view of a finished file: paths relative to the library home.
pub fn clip_media(lib: &Library, f: &Finished) -> ClipMedia {
    ClipMedia {
        duration_ms: f.duration_ms,
        width: Some(f.width),
        height: Some(f.height),
        size_bytes: f.size_bytes,
        media_path: stored(lib, &f.path),
        thumbnail_path: f.thumbnail.as_deref().map(|t| stored(lib, t)),
        capture: f.metadata.clone(),
    }
}

fn stored(lib: &Library, path: &Path) -> String {
    path.strip_prefix(lib.home()).unwrap_or(path).to_string_lossy().into_owned()
}

fn clip_id_of(partial: &Path) -> Option<ClipId> {
    partial.file_name()?.to_str()?.strip_suffix(".mp4.partial")?.parse().ok()
}

fn merge(mut base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    if let (Some(b), serde_json::Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
        return base;
    }
    base
}

fn warn(capture: &mut serde_json::Value, warning: &str) {
    if !capture.is_object() {
        *capture = serde_json::json!({});
    }
    if let Some(obj) = capture.as_object_mut() {
        let list = obj.entry("warnings").or_insert_with(|| serde_json::json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(warning.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().expect("temp dir");
        let lib = Library::open(dir.path()).expect("library");
        (dir, lib)
    }

    #[test]
    fn a_row_left_recording_without_any_file_goes_once_it_is_old() {
        let (_dir, mut lib) = library();
        let take = begin(&mut lib, Some("Crashed before the first frame"), None).expect("begin");
        let now = Timestamp::now();
        // Young: another process may be a moment away from creating its partial.
        assert!(settle_orphans(&mut lib, now).expect("settle").is_empty());
        assert_eq!(lib.clip(take.clip_id).expect("still there").status, ClipStatus::Recording);
        let later = now + ORPHAN_AFTER + jiff::SignedDuration::from_secs(1);
        let done = settle_orphans(&mut lib, later).expect("settle");
        assert_eq!(done, vec![Recovery::Discarded { clip_id: Some(take.clip_id) }]);
        assert!(lib.clip(take.clip_id).is_err(), "no row may point at a missing file");
    }

    #[test]
    fn a_row_with_a_partial_is_left_to_partial_recovery() {
        let (_dir, mut lib) = library();
        let take = begin(&mut lib, Some("Being recorded"), None).expect("begin");
        std::fs::write(afterword_media::partial_path(&take.output), b"").expect("partial");
        let later = Timestamp::now() + ORPHAN_AFTER * 2;
        assert!(settle_orphans(&mut lib, later).expect("settle").is_empty());
        assert_eq!(lib.clip(take.clip_id).expect("row").status, ClipStatus::Recording);
    }
}
