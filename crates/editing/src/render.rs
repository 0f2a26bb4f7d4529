//! Bringing what plays a clip up to date with its edit.

use std::{
    fs::File,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use afterword_library::{ClipId, Filed, Library, RenderJob, RenderState};
use afterword_media::{AudioCut, KeptRange, render_edit_with};

use crate::error::{Error, Result};

/// Up to this much kept audio, it is cut to the sample (decoded and encoded
/// again: FFmpeg's AAC encoder takes ~3 s per 100 s of speech here, about
/// 2.4× what it takes on a tone); longer edits copy AAC packets (each range
/// within 10.7 ms of its video, a join may glitch for one packet) so a render
/// stays within ~2 s. See the README's editing benchmark.
pub const EXACT_AUDIO_UP_TO_MS: u64 = 30_000;

/// A render that came back stale (the edit changed meanwhile) is made again
/// this many times before giving up.
const TRIES: usize = 3;

/// The lock file that makes renders of one library take turns.
const LOCK_FILE: &str = ".lock";

/// What plays a clip once its edit is settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub clip_id: ClipId,
    /// The original file, or the render of the current edit.
    pub path: PathBuf,
    /// The render made for it now; `None` when nothing needed making.
    pub made: Option<Made>,
}

/// A render made.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub revision: u64,
    pub duration_ms: u64,
    pub size_bytes: u64,
    pub frames_copied: u64,
    pub frames_reencoded: u64,
    pub audio: AudioCut,
    pub took: Duration,
}

/// How the audio of an edit keeping `kept_ms` is cut.
pub fn audio_cut_for(kept_ms: u64) -> AudioCut {
    if kept_ms <= EXACT_AUDIO_UP_TO_MS { AudioCut::Exact } else { AudioCut::Packets }
}

/// The file that plays `clip` as edited: its original, or the render of its
/// current edit, made now if there is none (`progress` hears 0–1 while it is
/// made). The render of an earlier edit is removed once it is replaced or
/// no longer needed. Renders are written beside and renamed into place, so a
/// crash or kill leaves the original and the earlier render as they were.
pub fn settle(lib: &mut Library, clip: ClipId, progress: &mut dyn FnMut(f32)) -> Result<Settled> {
    if let Playing::Now(settled) = playing(lib, clip)? {
        // A render of an earlier edit goes once nothing needs it; one that is
        // about to be replaced stays until its successor is filed.
        if let Some(stale) = lib.forget_stale_render(clip)? {
            remove(&stale)?;
        }
        return Ok(settled);
    }
    let dir = lib.renders_dir();
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
    let _turn = take_turn(&dir)?;
    sweep_partials(&dir)?;
    for _ in 0..TRIES {
        // Another process may have made it while this one waited its turn.
        let job = match playing(lib, clip)? {
            Playing::Now(settled) => return Ok(settled),
            Playing::Waiting(job) => job,
        };
        let made = render(&job, progress)?;
        match lib.file_render(&job, made.size_bytes, made.duration_ms)? {
            Filed::Current { replaced } => {
                if let Some(old) = replaced {
                    remove(&old)?;
                }
                tracing::info!(%clip, revision = job.revision, took_ms = made.took.as_millis(), "edit rendered");
                return Ok(Settled { clip_id: clip, path: job.dest, made: Some(made) });
            }
            Filed::Stale => remove(&job.dest)?,
        }
    }
    Err(Error::KeptChanging { clip: clip.to_string() })
}

/// Settles every clip with render work, oldest edit first; `progress` hears
/// which clip and how far. One clip's failure is logged and the next one
/// runs; the failures come back with the clips settled.
pub fn settle_waiting(
    lib: &mut Library,
    progress: &mut dyn FnMut(ClipId, f32),
) -> Result<Vec<(ClipId, Result<Settled>)>> {
    let mut done = Vec::new();
    for clip in lib.renders_waiting()? {
        let settled = settle(lib, clip, &mut |f| progress(clip, f));
        if let Err(e) = &settled {
            tracing::warn!(%clip, "the edit was not rendered: {e}");
        }
        done.push((clip, settled));
    }
    Ok(done)
}

enum Playing {
    Now(Settled),
    Waiting(RenderJob),
}

fn playing(lib: &Library, clip: ClipId) -> Result<Playing> {
    Ok(match lib.render_state(clip)? {
        RenderState::Original { path } | RenderState::Rendered { path } => {
            Playing::Now(Settled { clip_id: clip, path, made: None })
        }
        RenderState::Waiting(job) => Playing::Waiting(job),
    })
}

fn render(job: &RenderJob, progress: &mut dyn FnMut(f32)) -> Result<Made> {
    let kept: Vec<KeptRange> = job.kept.iter().map(|r| KeptRange::new(r.start_ms, r.end_ms)).collect();
    let audio = audio_cut_for(kept.iter().map(KeptRange::len_ms).sum());
    let started = Instant::now();
    let rendered = render_edit_with(&job.source, &kept, &job.dest, audio, progress)?;
    Ok(Made {
        revision: job.revision,
        duration_ms: rendered.duration_ms,
        size_bytes: rendered.size_bytes,
        frames_copied: rendered.frames_copied,
        frames_reencoded: rendered.frames_reencoded,
        audio,
        took: started.elapsed(),
    })
}

/// Waits for this library's other renders (in any process) to finish; the
/// turn lasts as long as the returned file is open.
fn take_turn(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let io = |source| Error::Io { path: path.clone(), source };
    let file = File::options().create(true).truncate(false).write(true).open(&path).map_err(io)?;
    file.lock().map_err(io)?;
    Ok(file)
}

/// Removes what killed renders left: while this process holds the turn, no
/// other is writing a `.partial`.
fn sweep_partials(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "partial") {
            tracing::info!(path = %path.display(), "removing a render left by a killed process");
            remove(&path)?;
        }
    }
    Ok(())
}

fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io { path: path.to_owned(), source }),
    }
}
