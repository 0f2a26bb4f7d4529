//! The app's renderer: a named thread, `renderer`, that makes the file each
//! edited clip plays (`afterword_editing::settle_waiting`) on a `Library`
//! connection of its own, since a render takes seconds and the shell's
//! connection is the mutex every page waits on.
//!
//! ```text
//! start-up, wake() ──► settle_waiting ──► each clip: rendering n % … ready | failed ──► report (`RenderChanged`, `ClipsChanged`)
//!  (trim, cut, reset,         └ nothing left: sleep until woken (or RECHECK: an edit another process made)
//!   restore)
//! ```
//!
//! **Quit** stops it between clips and does not wait for a render: renders
//! are written beside and renamed into place, so a killed one leaves the
//! original and the earlier render as they were, and the next start makes it
//! again (it is still waiting).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use afterword_library::{ClipId, Library, RenderState};
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::{
    error::Result,
    events::{ClipsChanged, RenderChanged},
    state::Shell,
    views::{RenderPhase, RenderView},
    wakeup::{Ended, Wakeup},
};

/// How often an idle renderer looks for edits nobody told it about (made
/// with the CLI, or left by a render that failed).
pub const RECHECK: Duration = Duration::from_secs(60);

/// Managed state: wakes or stops the worker, and knows which clips it is
/// rendering now or failed to render.
#[derive(Debug)]
pub struct Rendering {
    signal: Arc<Wakeup>,
    ended: Ended,
    known: Arc<Known>,
}

/// Clips the worker is rendering or failed to render, by clip.
type Known = Mutex<HashMap<ClipId, RenderView>>;

/// What the worker needs from the app, as a plain function so it runs (and
/// is tested) without a window.
pub struct Hooks {
    /// A clip's render moved: a percent further, ready, or failed.
    pub report: Box<dyn FnMut(RenderView) + Send>,
}

impl Rendering {
    /// Starts the `renderer` thread on the library at `home`; it looks for
    /// edits waiting (left by a crash or another process) at once.
    pub fn spawn(home: PathBuf, hooks: Hooks) -> std::io::Result<Rendering> {
        let signal = Arc::new(Wakeup::with_work());
        let known = Arc::new(Known::default());
        let (ended_tx, ended) = Ended::pair();
        let (thread_signal, thread_known) = (signal.clone(), known.clone());
        std::thread::Builder::new().name("renderer".into()).spawn(move || {
            let _span = tracing::info_span!("renderer").entered();
            work(&home, &thread_signal, &thread_known, hooks);
            drop(ended_tx);
        })?;
        Ok(Rendering { signal, ended, known })
    }

    /// An edit changed: its clip has a render to make.
    pub fn wake(&self) {
        self.signal.wake();
    }

    /// Stops the worker once the clip it is rendering is done.
    pub fn stop(&self) {
        self.signal.stop();
    }

    /// Waits up to `grace` for the stopped worker to end.
    pub fn wait(&self, grace: Duration) -> bool {
        self.ended.wait(grace)
    }

    /// Where the render of `clip`'s current edit stands.
    pub fn view(&self, lib: &Library, clip: ClipId) -> Result<RenderView> {
        let revision = lib.edit(clip)?.revision;
        Ok(match lib.render_state(clip)? {
            RenderState::Original { .. } | RenderState::Rendered { .. } => {
                RenderView::new(clip, revision, RenderPhase::Ready)
            }
            RenderState::Waiting(_) => self
                .known
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&clip)
                .filter(|k| k.phase == RenderPhase::Rendering || k.revision == revision)
                .cloned()
                .unwrap_or_else(|| RenderView::new(clip, revision, RenderPhase::Waiting)),
        })
    }
}

/// The worker's loop: every clip with render work, then sleep.
fn work(home: &Path, signal: &Wakeup, known: &Known, mut hooks: Hooks) {
    let mut lib = match Library::open(home) {
        Ok(lib) => lib,
        Err(e) => {
            tracing::error!(error = %e, "no renders: cannot open the library");
            return;
        }
    };
    let set = |clip: ClipId, view: &RenderView| {
        let mut known = known.lock().unwrap_or_else(PoisonError::into_inner);
        match view.phase {
            RenderPhase::Rendering | RenderPhase::Failed => known.insert(clip, view.clone()),
            RenderPhase::Ready | RenderPhase::Waiting => known.remove(&clip),
        };
    };
    while signal.wait(RECHECK) {
        if signal.stopped() {
            return;
        }
        let mut last: Option<(ClipId, u8)> = None;
        let report = &mut hooks.report;
        let done = afterword_editing::settle_waiting(&mut lib, &mut |clip, f| {
            let pct = (f.clamp(0.0, 1.0) * 100.0) as u8;
            if last != Some((clip, pct)) {
                last = Some((clip, pct));
                let view = RenderView { progress: pct, ..RenderView::new(clip, 0, RenderPhase::Rendering) };
                set(clip, &view);
                report(view);
            }
        });
        let done = match done {
            Ok(done) => done,
            Err(e) => {
                tracing::warn!(error = %e, "renders paused until the next wake");
                continue;
            }
        };
        for (clip, settled) in done {
            let revision = lib.edit(clip).map(|e| e.revision).unwrap_or_default();
            let view = match settled {
                Ok(_) => RenderView::new(clip, revision, RenderPhase::Ready),
                Err(e) => {
                    RenderView { error: Some(e.to_string()), ..RenderView::new(clip, revision, RenderPhase::Failed) }
                }
            };
            set(clip, &view);
            report(view);
        }
    }
}

/// The worker's hooks in the app: the event for the Clip page, and a changed
/// clip for the cards, the tray's recent clips and open viewer pages.
pub fn app_hooks(app: &AppHandle) -> Hooks {
    let app = app.clone();
    Hooks {
        report: Box::new(move |render| {
            if render.phase != RenderPhase::Rendering {
                let _ = ClipsChanged { clip_id: Some(render.clip_id.clone()), link: None }.emit(&app);
                if let Ok(clip) = render.clip_id.parse() {
                    app.state::<Shell>().share.notify_changed(clip);
                }
            }
            if let Err(e) = (RenderChanged { render }).emit(&app) {
                tracing::debug!(error = %e, "render status not sent");
            }
        }),
    }
}

/// How long Quit waits for a render to finish (most take 1–7 s); past it,
/// the process ends and the render is made again at the next start.
pub const QUIT_GRACE: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    use std::process::Command;
    use std::sync::mpsc;

    use afterword_library::{ClipMedia, ClipStatus, NewClip};

    use super::*;

    /// A 4 s H.264/AAC clip in the library.
    fn clip(lib: &mut Library) -> ClipId {
        let id = ClipId::new();
        let media_path = format!("clips/{id}.mp4");
        std::fs::create_dir_all(lib.clips_dir()).expect("clips folder");
        let status = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=320x240:r=30:d=4"])
            .args(["-f", "lavfi", "-i", "sine=f=440:d=4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "30"])
            .args(["-c:a", "aac", "-shortest"])
            .arg(lib.resolve(&media_path))
            .status()
            .expect("ffmpeg runs");
        assert!(status.success(), "ffmpeg made the clip");
        let media = ClipMedia { duration_ms: 4_000, size_bytes: 1, media_path, ..Default::default() };
        lib.add_clip(NewClip { id, title: "Edited".into(), status: ClipStatus::Ready, media }).expect("add clip").id
    }

    #[test]
    fn an_edit_left_waiting_is_rendered_at_start_with_progress_then_ready() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lib = Library::open(dir.path()).expect("library");
        let id = clip(&mut lib);
        let edit = lib.trim(id, Some(1_000), None).expect("trim");
        assert!(lib.clip(id).expect("clip").playback_path.is_none(), "nothing plays it until rendered");

        let (tx, reports) = mpsc::channel();
        let hooks = Hooks { report: Box::new(move |v| drop(tx.send(v))) };
        let renderer = Rendering::spawn(dir.path().to_path_buf(), hooks).expect("spawn");
        let mut seen = vec![];
        while seen.last().is_none_or(|v: &RenderView| v.phase == RenderPhase::Rendering) {
            seen.push(reports.recv_timeout(Duration::from_secs(60)).expect("a report"));
        }
        let last = seen.last().expect("reports");
        assert_eq!((last.phase, last.revision, last.progress), (RenderPhase::Ready, edit.revision, 100), "{seen:?}");
        assert!(seen.iter().any(|v| v.phase == RenderPhase::Rendering), "progress was reported: {seen:?}");
        assert!(seen.windows(2).all(|w| w[0].progress <= w[1].progress), "progress only grows: {seen:?}");

        let plays = lib.clip(id).expect("clip").playback_path.expect("a render plays it");
        assert!(lib.resolve(&plays).exists(), "{plays}");
        assert_eq!(renderer.view(&lib, id).expect("view").phase, RenderPhase::Ready);

        // The next edit waits until the renderer is woken for it.
        lib.cut(id, 1_000, 2_000).expect("cut");
        assert_eq!(renderer.view(&lib, id).expect("view").phase, RenderPhase::Waiting);
        renderer.wake();
        let ready = loop {
            let v = reports.recv_timeout(Duration::from_secs(60)).expect("a report");
            if v.phase != RenderPhase::Rendering {
                break v;
            }
        };
        assert_eq!(ready.phase, RenderPhase::Ready);
        assert_eq!(lib.clip(id).expect("clip").duration_ms, 2_000);
        renderer.stop();
        assert!(renderer.wait(QUIT_GRACE), "the renderer ends when stopped");
    }
}
