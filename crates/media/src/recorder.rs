//! The recorder state machine:
//! `Idle → Countdown → Recording ⇄ Paused → Finalizing → Done | Failed`.
//! Every public method first checks that the current state allows it.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::encode::{EncodeError, EncoderProfile, pick_video};
use crate::finalize::{FinalizeError, Finished, finalize, partial_path};
use crate::level::{Level, LevelMeter};
use crate::mux::MuxError;
use crate::pipeline::{Fault, Pipeline};
use crate::report::{CaptureReport, Origin};
use crate::source::{AudioSource, VideoSource};

/// Errors from the recorder, including illegal transitions.
#[derive(Debug, thiserror::Error)]
pub enum RecorderError {
    #[error("a recording is already running; stop it first")]
    AlreadyRecording,
    #[error("nothing is being recorded; start a recording first")]
    NotRecording,
    #[error("the recording is not paused")]
    NotPaused,
    #[error("the countdown is still running; wait for it or cancel")]
    CountingDown,
    #[error("this recorder has finished; create a new one for the next clip")]
    Finished,
    #[error("cannot create {path}: {source}. Check that the clips folder exists and is writable")]
    Output { path: String, source: std::io::Error },
    #[error("cannot start a worker thread: {0}")]
    Thread(String),
    #[error(transparent)]
    Encode(#[from] EncodeError),
    #[error(transparent)]
    Mux(#[from] MuxError),
    /// The disk filled up; the recording stopped. `kept` is the clip made of
    /// what was written, when there was room to finalize it; otherwise the
    /// `.partial` stays for a later [`crate::recover`].
    #[error("the disk is full; recording stopped{}. Free some space", if kept.is_some() { " and what was written was kept" } else { "; the partial file is kept for recovery" })]
    DiskFull { partial: PathBuf, kept: Option<Box<Finished>> },
    #[error(transparent)]
    Finalize(#[from] FinalizeError),
}

/// A snapshot of the recorder's state for a UI or CLI.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RecorderState {
    Idle,
    Countdown {
        secs_left: u32,
    },
    Recording {
        elapsed_ms: u64,
    },
    Paused {
        elapsed_ms: u64,
    },
    /// Stopped, the file being finished. `Recorder::state` never says it
    /// (`stop` holds the recorder); whoever holds one while it stops does
    /// (`afterword_recording::Slot`).
    Finalizing,
    Done,
    Failed {
        reason: String,
    },
}

impl RecorderState {
    /// True while something is being captured or about to be: the one rule
    /// the controls, the tray and the pages all follow.
    pub fn is_live(&self) -> bool {
        matches!(self, RecorderState::Countdown { .. } | RecorderState::Recording { .. } | RecorderState::Paused { .. })
    }
}

/// How long a recording waits, after its countdown, for the microphone's
/// first sound before it starts without it (a fresh PulseAudio takes ~1.9 s).
const SOUND_WAIT_LIMIT: Duration = Duration::from_secs(3);

/// Choices that are not about the devices.
#[derive(Debug, Clone)]
pub struct RecordOptions {
    /// The final clip path, `<home>/clips/<id>.mp4`; the recorder writes
    /// `<id>.mp4.partial` next to it and renames on stop.
    pub output: PathBuf,
    pub countdown: Duration,
    /// Cap on the encoded width (aspect kept); 0 = native.
    pub max_width: u32,
    /// Force one encoder by FFmpeg name (e.g. `libx264`); `None` = best that opens.
    pub encoder: Option<String>,
}

impl RecordOptions {
    /// Defaults from DESIGN.md: no countdown, 1920 px cap, best encoder.
    pub fn new(output: impl Into<PathBuf>) -> Self {
        Self { output: output.into(), countdown: Duration::ZERO, max_width: 1920, encoder: None }
    }
}

/// The sources as they describe themselves, for the capture report.
struct Described {
    source: String,
    backend: &'static str,
    audio: Option<String>,
}

enum Phase {
    Idle { video: Box<dyn VideoSource>, audio: Option<Box<dyn AudioSource>> },
    Live { pipeline: Pipeline, lock: File, profile: &'static EncoderProfile, describe: Described, fps: u32 },
    Done,
    Failed(String),
}

/// One recording, from start to finished clip.
pub struct Recorder {
    phase: Phase,
    options: RecordOptions,
    meter: LevelMeter,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder").field("state", &self.state()).field("options", &self.options).finish()
    }
}

impl Recorder {
    /// A recorder in `Idle` with its sources chosen.
    pub fn new(video: Box<dyn VideoSource>, audio: Option<Box<dyn AudioSource>>, options: RecordOptions) -> Self {
        Self { phase: Phase::Idle { video, audio }, options, meter: LevelMeter::default() }
    }

    /// Live microphone level; clone it freely (lock-free reads, 20 Hz updates).
    pub fn meter(&self) -> LevelMeter {
        self.meter.clone()
    }

    /// Shortcut for `meter().level()`.
    pub fn level(&self) -> Level {
        self.meter.level()
    }

    /// Where the file is being written while recording.
    pub fn partial_path(&self) -> PathBuf {
        partial_path(&self.options.output)
    }

    /// Media time recorded so far (pauses excluded).
    pub fn elapsed(&self) -> Duration {
        match &self.phase {
            Phase::Live { pipeline, .. } => pipeline.clock.elapsed(),
            _ => Duration::ZERO,
        }
    }

    /// Current state.
    pub fn state(&self) -> RecorderState {
        match &self.phase {
            Phase::Idle { .. } => RecorderState::Idle,
            Phase::Done => RecorderState::Done,
            Phase::Failed(reason) => RecorderState::Failed { reason: reason.clone() },
            Phase::Live { pipeline, .. } => {
                let c = &pipeline.clock;
                let ms = u64::try_from(c.elapsed().as_millis()).unwrap_or(u64::MAX);
                // Waiting for the microphone's first sound is recording, at 0:00.
                if c.counting_down() {
                    RecorderState::Countdown { secs_left: c.countdown_left().as_secs_f32().ceil() as u32 }
                } else if c.is_paused() {
                    RecorderState::Paused { elapsed_ms: ms }
                } else {
                    RecorderState::Recording { elapsed_ms: ms }
                }
            }
        }
    }

    /// Warnings so far (no sound, microphone gone, ...).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = match &self.phase {
            Phase::Live { pipeline, .. } => pipeline.notes.warnings(),
            _ => Vec::new(),
        };
        if self.meter.level().silent {
            w.push(NO_SOUND.to_owned());
        }
        w
    }

    /// True when capture ended by itself (disk full, screen gone): call
    /// [`Recorder::stop`] to keep what was recorded.
    pub fn needs_stop(&self) -> bool {
        matches!(&self.phase, Phase::Live { pipeline, .. } if pipeline.notes.fault().is_some())
    }

    /// `Idle → Countdown` (or straight to `Recording` without a countdown).
    /// Devices open and warm up during the countdown; nothing before its end
    /// is recorded.
    pub fn start(&mut self) -> Result<(), RecorderError> {
        match &self.phase {
            Phase::Idle { .. } => {}
            Phase::Live { .. } => return Err(RecorderError::AlreadyRecording),
            Phase::Done | Phase::Failed(_) => return Err(RecorderError::Finished),
        }
        let Phase::Idle { video, audio } = std::mem::replace(&mut self.phase, Phase::Done) else {
            return Err(RecorderError::AlreadyRecording);
        };
        match self.launch(video, audio) {
            Ok(phase) => {
                self.phase = phase;
                Ok(())
            }
            Err(e) => {
                self.phase = Phase::Failed(e.to_string());
                Err(e)
            }
        }
    }

    fn launch(&self, video: Box<dyn VideoSource>, audio: Option<Box<dyn AudioSource>>) -> Result<Phase, RecorderError> {
        let profile = pick_video(self.options.encoder.as_deref())?;
        let partial = self.partial_path();
        let output_err = |source| RecorderError::Output { path: partial.display().to_string(), source };
        let lock = File::create(&partial).map_err(output_err)?;
        // Held until the partial is finalized: recovery in another process skips it.
        lock.try_lock().map_err(|e| output_err(std::io::Error::other(e.to_string())))?;
        let describe = Described {
            source: video.describe(),
            backend: video.backend(),
            audio: audio.as_ref().map(|a| a.describe()),
        };
        let fps = video.fps();
        let zero = Instant::now() + self.options.countdown;
        // With a microphone, the recording starts with its first sound, so
        // what is said at Start is never lost to a device still waking up.
        let clock = if audio.is_some() { Clock::gated(zero, SOUND_WAIT_LIMIT) } else { Clock::starting_at(zero) };
        if audio.is_some() {
            // Silence counts from media time zero even if the device never
            // delivers a sample (then nothing else would warn).
            self.meter.expect_sound_from(zero);
        }
        let opened = Instant::now();
        let pipeline = Pipeline::start(
            video,
            audio,
            profile,
            self.options.max_width,
            &partial,
            clock.clone(),
            self.meter.clone(),
        )?;
        // Opening the encoders took a moment in which no source ran yet: the
        // recording starts after it, so its first picture is at 0:00 (the
        // file starts with its first picture, and audio is cut to match).
        clock.postpone(opened.elapsed());
        tracing::info!(encoder = profile.name, path = %partial.display(), "recording started");
        Ok(Phase::Live { pipeline, lock, profile, describe, fps })
    }

    fn live_clock(&self) -> Result<&Clock, RecorderError> {
        match &self.phase {
            Phase::Live { pipeline, .. } if pipeline.clock.counting_down() => Err(RecorderError::CountingDown),
            Phase::Live { pipeline, .. } => Ok(&pipeline.clock),
            Phase::Idle { .. } => Err(RecorderError::NotRecording),
            Phase::Done | Phase::Failed(_) => Err(RecorderError::Finished),
        }
    }

    /// `Recording → Paused`. The timeline stops; nothing is captured.
    pub fn pause(&mut self) -> Result<(), RecorderError> {
        let clock = self.live_clock()?;
        if clock.is_paused() {
            return Err(RecorderError::NotRecording);
        }
        clock.pause();
        Ok(())
    }

    /// `Paused → Recording`, continuing the same timeline without a gap.
    pub fn resume(&mut self) -> Result<(), RecorderError> {
        // Nothing counting down (or waiting for the microphone's first sound) is paused.
        let clock = match self.live_clock() {
            Err(RecorderError::CountingDown) => return Err(RecorderError::NotPaused),
            other => other?,
        };
        if !clock.is_paused() {
            return Err(RecorderError::NotPaused);
        }
        clock.resume();
        Ok(())
    }

    /// Abandon the recording (any live state): the partial is deleted.
    pub fn cancel(&mut self) -> Result<(), RecorderError> {
        let Phase::Live { pipeline, lock, .. } = std::mem::replace(&mut self.phase, Phase::Done) else {
            self.phase = Phase::Done;
            return Err(RecorderError::NotRecording);
        };
        let _ = pipeline.finish();
        drop(lock);
        let _ = std::fs::remove_file(self.partial_path());
        Ok(())
    }

    /// `Recording | Paused → Finalizing → Done`: stop capture, close the
    /// file, remux it into `<id>.mp4`, write `<id>.jpg`, return the figures.
    pub fn stop(&mut self) -> Result<Finished, RecorderError> {
        self.live_clock()?;
        let Phase::Live { pipeline, lock, profile, describe, fps } = std::mem::replace(&mut self.phase, Phase::Done)
        else {
            return Err(RecorderError::NotRecording);
        };
        let result = self.finish(pipeline, lock, profile, describe, fps);
        if let Err(e) = &result {
            self.phase = Phase::Failed(e.to_string());
        }
        result
    }

    fn finish(
        &self,
        pipeline: Pipeline,
        lock: File,
        profile: &'static EncoderProfile,
        Described { source, backend, audio }: Described,
        fps: u32,
    ) -> Result<Finished, RecorderError> {
        let notes = pipeline.notes.clone();
        let (vc, ac) = (pipeline.video_counters.clone(), pipeline.audio_counters.clone());
        let outcome = pipeline.finish();
        let (delivered, dropped) = vc.get();
        let (_, audio_dropped) = ac.get();
        let mut warnings = notes.warnings();
        if self.meter.level().silent {
            warnings.push(NO_SOUND.to_owned());
        }
        let origin = Origin::Recorded(Box::new(CaptureReport {
            source,
            backend: backend.to_owned(),
            encoder: profile.name.to_owned(),
            hardware_encoder: profile.hardware,
            fps,
            frames_captured: delivered,
            frames_dropped: dropped,
            frames_encoded: outcome.frames_encoded,
            frames_in_part: outcome.frames_in_part,
            audio_device: audio,
            audio_chunks_dropped: audio_dropped,
            silence_inserted_ms: u64::try_from(outcome.silence_inserted.as_millis()).unwrap_or(u64::MAX),
            warnings,
        }));
        drop(lock);
        let partial = self.partial_path();
        let disk_full = notes.fault() == Some(Fault::DiskFull);
        if let Some(e) = outcome.encode.into_iter().next() {
            return Err(e.into());
        }
        match (outcome.mux, disk_full) {
            (Ok(()), _) => Ok(finalize(&partial, &self.options.output, outcome.thumbnail.as_ref(), origin)?),
            (Err(_), true) => {
                let kept =
                    finalize(&partial, &self.options.output, outcome.thumbnail.as_ref(), origin).ok().map(Box::new);
                Err(RecorderError::DiskFull { partial, kept })
            }
            // The trailer is missing but fragments on disk are playable.
            (Err(e), false) => match finalize(&partial, &self.options.output, outcome.thumbnail.as_ref(), origin) {
                Ok(f) => Ok(f),
                Err(_) => Err(e.into()),
            },
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // Dropping a live recorder stops its threads; the partial stays on disk
        // (recoverable) because the caller never asked for it to be discarded.
        if let Phase::Live { pipeline, .. } = std::mem::replace(&mut self.phase, Phase::Done) {
            let _ = pipeline.finish();
        }
    }
}

const NO_SOUND: &str =
    "no sound from the microphone for 3 s: check that it is not muted and the right input is selected";

/// Where a recording for clip `id` in `clips_dir` goes.
pub fn clip_path(clips_dir: &Path, id: &str) -> PathBuf {
    clips_dir.join(format!("{id}.mp4"))
}

#[cfg(test)]
mod tests {
    /// The desktop shell keeps a recorder in shared state.
    #[test]
    fn recorder_can_move_between_threads() {
        fn assert_send<T: Send>() {}
        assert_send::<super::Recorder>();
    }
}
