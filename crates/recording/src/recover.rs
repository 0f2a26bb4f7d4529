//! Crash recovery: what a killed recorder or a crashed machine left in the
//! clips folder becomes a clip again (or goes, when nothing was playable).

use std::path::Path;

use afterword_library::{CaptureFacts, Clip, ClipId, ClipMedia, ClipStatus, Library, NewClip, automatic_title};
use afterword_media::FinalizeError;
use jiff::{Timestamp, tz::TimeZone};

use crate::{
    error::{Error, Result},
    facts::{clip_media, stored},
};

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
                    capture: CaptureFacts { recovered: true, ..clip.capture.clone() },
                };
                media.capture.warn("recovered after the recorder stopped unexpectedly while saving");
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
                    media.capture = clip.capture.clone().merged(media.capture);
                }
                media.capture.warn("recovered after the recorder stopped unexpectedly; the last second may be missing");
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

fn clip_id_of(partial: &Path) -> Option<ClipId> {
    partial.file_name()?.to_str()?.strip_suffix(".mp4.partial")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::take::begin;

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
