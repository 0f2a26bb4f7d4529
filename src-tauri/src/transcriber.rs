//! The app's transcriber: a named thread, `transcriber`, that runs the
//! library's waiting transcripts one clip at a time on a `Library`
//! connection of its own (a run takes seconds to minutes; the shell's
//! connection is a mutex every page waits on).
//!
//! ```text
//! start-up, wake() ──► Transcriber::next ──► next clip … ──► none waiting: sleep until woken (or RECHECK)
//!  (a kept recording,      │ progress, status ──► report (the `TranscriptChanged` event)
//!   Transcribe, Retry)     └ stop(): Cancel ──► the clip goes back to pending; the next start resumes it
//! ```
//!
//! **Threads**: the engine gets one CPU thread for a clip that starts while
//! a recording is live, and its default (half the cores) otherwise. The
//! choice is made per clip: a clip already running when a recording starts
//! keeps its threads, which the engine's default leaves half the machine
//! beside. [`RECHECK`] picks up work nobody woke us for: a clip another
//! process queued, or one whose worker died (`running` and stale).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use afterword_library::{Library, Transcript};
use afterword_share::views::TranscriptState;
use afterword_transcripts::{Cancel, Error, Transcriber};

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::{
    events::{ClipsChanged, TranscriptChanged},
    state::Shell,
    views::TranscriptProgressView,
    wakeup::{Ended, Wakeup},
};

/// How often an idle worker looks for work nobody told it about.
pub const RECHECK: Duration = Duration::from_secs(60);

/// Managed state: the handle pages and actions use to wake or stop the worker.
#[derive(Debug)]
pub struct Transcribing {
    signal: Arc<Wakeup>,
    cancel: Cancel,
    ended: Ended,
}

/// What the worker needs from the app, as plain functions so it runs (and
/// is tested) without a window.
pub struct Hooks {
    /// A recording is live: the next clip runs on one engine thread.
    pub live: Box<dyn Fn() -> bool + Send>,
    /// A clip's transcript moved: claimed, progressed, or finished.
    pub report: Box<dyn FnMut(TranscriptProgressView) + Send>,
}

impl Transcribing {
    /// Starts the `transcriber` thread on the library at `home`; it looks
    /// for waiting transcripts at once.
    pub fn spawn(home: PathBuf, hooks: Hooks) -> std::io::Result<Transcribing> {
        let signal = Arc::new(Wakeup::with_work());
        let cancel = Cancel::new();
        let (ended_tx, ended) = Ended::pair();
        let (thread_signal, thread_cancel) = (signal.clone(), cancel.clone());
        std::thread::Builder::new().name("transcriber".into()).spawn(move || {
            let _span = tracing::info_span!("transcriber").entered();
            work(&home, &thread_signal, &thread_cancel, hooks);
            drop(ended_tx);
        })?;
        Ok(Transcribing { signal, cancel, ended })
    }

    /// Something may be waiting (a recording was kept, a person asked).
    pub fn wake(&self) {
        self.signal.wake();
    }

    /// Stops the worker for good: a clip being transcribed is handed back
    /// pending (the next start resumes it). Returns at once; see [`Transcribing::wait`].
    pub fn stop(&self) {
        self.signal.stop();
        self.cancel.cancel();
    }

    /// Waits up to `grace` for the stopped worker to hand its clip back;
    /// false if it did not (the clip then stays `running` until it is stale
    /// and claimed again, two minutes later).
    pub fn wait(&self, grace: Duration) -> bool {
        self.ended.wait(grace)
    }
}

/// The worker's loop: the next waiting clip, until none is left; then sleep.
fn work(home: &std::path::Path, signal: &Wakeup, cancel: &Cancel, mut hooks: Hooks) {
    let mut lib = match Library::open(home) {
        Ok(lib) => lib,
        Err(e) => {
            tracing::error!(error = %e, "no transcriptions: cannot open the library");
            return;
        }
    };
    let mut transcriber = Transcriber::new();
    while signal.wait(RECHECK) {
        loop {
            if signal.stopped() {
                return;
            }
            transcriber.threads = threads((hooks.live)());
            let mut last: Option<(afterword_library::ClipId, u8)> = None;
            let report = &mut hooks.report;
            let ran = transcriber.next(&mut lib, cancel, &mut |clip, pct| {
                if last != Some((clip, pct)) {
                    last = Some((clip, pct));
                    report(TranscriptProgressView::running(clip, pct));
                }
            });
            match ran {
                Ok(Some(ran)) => match ran.transcript {
                    Some(t) => report(TranscriptProgressView::from(&t)),
                    None => tracing::debug!(clip = %ran.clip_id, "the clip went while it was transcribed"),
                },
                Ok(None) => break,
                Err(Error::Engine(afterword_transcripts::EngineError::Cancelled)) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "transcriptions paused until the next wake");
                    break;
                }
            }
        }
    }
}

/// Engine threads for the next clip: one beside a live recording, else the
/// engine's default.
pub fn threads(recording_live: bool) -> Option<usize> {
    recording_live.then_some(1)
}

impl From<&Transcript> for TranscriptProgressView {
    fn from(t: &Transcript) -> Self {
        TranscriptProgressView { clip_id: t.clip_id.to_string(), status: t.status.into(), progress: t.progress }
    }
}

/// How long Quit waits for a clip being transcribed to be handed back
/// (whisper.cpp stops within its current step; decoding the audio, the one
/// part that cannot be stopped, takes a second or two for a long clip).
pub const QUIT_GRACE: Duration = Duration::from_secs(3);

/// The worker's hooks in the app: the recorder's state, and the event; a
/// finished transcript may have named the clip, so the grid and the tray's
/// recent clips follow it as a changed clip.
pub fn app_hooks(app: &AppHandle) -> Hooks {
    let (live_app, report_app) = (app.clone(), app.clone());
    Hooks {
        live: Box::new(move || live_app.state::<Shell>().recording.status().is_live()),
        report: Box::new(move |transcript| {
            if !matches!(transcript.status, TranscriptState::Pending | TranscriptState::Running) {
                let _ = ClipsChanged { clip_id: Some(transcript.clip_id.clone()), link: None }.emit(&report_app);
                crate::actions::refresh_recent(&report_app);
            }
            if let Err(e) = (TranscriptChanged { transcript }).emit(&report_app) {
                tracing::debug!(error = %e, "transcript status not sent");
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::{
        path::Path,
        process::Command,
        sync::mpsc::{self, Receiver},
    };

    use afterword_library::{ClipId, ClipMedia, ClipStatus, NewClip, TranscriptRequest, TranscriptStatus};
    use afterword_transcripts::Models;

    use super::*;

    fn model_file() -> PathBuf {
        std::env::var_os("AFTERWORD_TEST_MODEL").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/afterword/models/ggml-tiny.en.bin")
        })
    }

    /// A clip of `text` spoken by espeak-ng after half a second of silence.
    fn spoken_clip(lib: &mut Library, text: &str) -> ClipId {
        let id = ClipId::new();
        let media_path = format!("clips/{id}.wav");
        let speech = lib.home().join(format!("{id}-speech.wav"));
        let ran = |c: &mut Command| c.status().is_ok_and(|s| s.success());
        assert!(
            ran(Command::new("espeak-ng").args(["-v", "en-us", "-s", "140", "-w"]).arg(&speech).arg(text)),
            "espeak-ng speaks (apt install espeak-ng)"
        );
        std::fs::create_dir_all(lib.clips_dir()).expect("clips folder");
        assert!(
            ran(Command::new("ffmpeg")
                .args(["-v", "error", "-y", "-i"])
                .arg(&speech)
                .args(["-af", "adelay=500"])
                .arg(lib.resolve(&media_path))),
            "ffmpeg writes the clip"
        );
        let media = ClipMedia { duration_ms: 4_000, size_bytes: 1, media_path, ..Default::default() };
        lib.add_clip(NewClip { id, title: "Spoken".into(), status: ClipStatus::Ready, media }).expect("add clip").id
    }

    /// A worker whose reports arrive on the returned channel; each waits for
    /// the test's go-ahead when `hold` is set, so the test can act mid-run.
    fn worker(home: &Path, hold: bool) -> (Transcribing, Receiver<TranscriptProgressView>, mpsc::Sender<()>) {
        let (tx, reports) = mpsc::channel();
        let (go, proceed) = mpsc::channel::<()>();
        let report = move |t: TranscriptProgressView| {
            let _ = tx.send(t);
            if hold {
                let _ = proceed.recv_timeout(Duration::from_secs(10));
            }
        };
        let hooks = Hooks { live: Box::new(|| false), report: Box::new(report) };
        (Transcribing::spawn(home.to_path_buf(), hooks).expect("spawn"), reports, go)
    }

    fn next_report(reports: &Receiver<TranscriptProgressView>) -> TranscriptProgressView {
        reports.recv_timeout(Duration::from_secs(120)).expect("a report from the worker")
    }

    #[test]
    fn a_clip_beside_a_live_recording_gets_one_engine_thread() {
        assert_eq!(threads(true), Some(1));
        assert_eq!(threads(false), None, "the engine's default: half the cores");
    }

    #[test]
    fn a_quit_mid_run_leaves_the_clip_pending_and_the_next_start_finishes_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lib = Library::open(dir.path()).expect("library");
        Models::of(&lib).add(&mut lib, &model_file(), None).expect("add the model");
        let clip = spoken_clip(&mut lib, "Please check the pricing page before we ship it.");
        lib.queue_transcript(clip, &TranscriptRequest::default()).expect("queue");

        // Stopped as soon as it claims the clip, as Quit does.
        let (first, reports, go) = worker(dir.path(), true);
        let claimed = next_report(&reports);
        assert_eq!(
            (claimed.clip_id.as_str(), claimed.status, claimed.progress),
            (&*clip.to_string(), TranscriptState::Running, 0)
        );
        first.stop();
        go.send(()).expect("go on");
        assert!(first.wait(QUIT_GRACE), "the worker handed the clip back in time");
        let left = lib.transcript(clip).expect("read").expect("a transcript");
        assert_eq!(left.status, TranscriptStatus::Pending, "handed back, not left running");
        assert!(left.segments.is_empty());

        // The next start takes it up by itself and reports to the end.
        let (_second, reports, _go) = worker(dir.path(), false);
        let mut seen = vec![next_report(&reports)];
        while seen.last().is_some_and(|t| t.status == TranscriptState::Running) {
            seen.push(next_report(&reports));
        }
        let done = seen.last().expect("reports");
        assert_eq!((done.status, done.progress), (TranscriptState::Done, 100), "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0].progress <= w[1].progress), "progress only grows: {seen:?}");
        let text = lib.transcript(clip).expect("read").expect("a transcript").text().to_lowercase();
        assert!(text.contains("pricing page"), "{text}");
    }
}
