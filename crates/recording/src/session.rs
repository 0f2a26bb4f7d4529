//! One recording: [`Armed`] (devices open, nothing written) → [`Session`]
//! (capturing) → [`Stopped`] (file finalized) → [`Kept`] (filed in the
//! library, attached or posted). Stopping touches no library, so a client
//! can finalize without holding its library lock.

use afterword_library::{Clip, ClipId, Library, Transcript};
use afterword_media::{
    AudioSource, Finished, Level, RecordOptions, Recorder, RecorderError, RecorderState, VideoSource,
};

use crate::{
    error::Result,
    request::{Request, Then, source_title},
    take::{self, Take},
};

/// A request whose screen and microphone are open. Opening them first means
/// a missing microphone or window leaves nothing behind.
pub struct Armed {
    video: Box<dyn VideoSource>,
    audio: Option<Box<dyn AudioSource>>,
    request: Request,
    source: Option<String>,
    /// The portal's token for the next recording, kept by `start`.
    screen_grant: Option<crate::screen::Grant>,
}

impl std::fmt::Debug for Armed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Armed").field("request", &self.request).finish_non_exhaustive()
    }
}

impl Armed {
    /// Opens the devices `request` names, on the session's backend.
    pub fn open(request: Request) -> Result<Armed> {
        Armed::open_on(request, crate::ScreenChoice::default())
    }

    /// The same on `screen`'s backend (`None`: the session's, see
    /// [`afterword_media::choose_backend`]) with the portal's restore token
    /// from the library ([`Library::portal_restore_token`]); `start` keeps
    /// the portal's new one there.
    pub fn open_on(request: Request, screen: crate::ScreenChoice) -> Result<Armed> {
        let (video, screen_grant) = crate::screen::open(&request, screen)?;
        let audio = afterword_media::audio(request.microphone.as_ref(), request.system_audio)?;
        let source = source_title(&request);
        Ok(Armed { video, audio, request, source, screen_grant })
    }

    /// The same with sources made by the caller (tests, benchmarks, other backends).
    pub fn with_sources(request: Request, video: Box<dyn VideoSource>, audio: Option<Box<dyn AudioSource>>) -> Armed {
        Armed { video, audio, request, source: None, screen_grant: None }
    }

    /// Checks that the follow-up's document or thread exists, registers the
    /// clip as `recording` and starts the recorder (its countdown first).
    /// If the recorder can't start, the row goes again.
    pub fn start(self, lib: &mut Library) -> Result<Session> {
        match self.request.then {
            Then::Keep => {}
            Then::AttachTo(doc) => {
                lib.document(doc)?;
            }
            Then::PostIn(thread) => {
                lib.thread(thread)?;
            }
        }
        if let Some(grant) = &self.screen_grant {
            grant.keep(lib)?;
        }
        let take = take::begin(lib, self.request.title.as_deref(), self.source.as_deref())?;
        let options = RecordOptions {
            countdown: self.request.countdown,
            max_width: self.request.max_width,
            ..RecordOptions::new(&take.output)
        };
        let mut recorder = Recorder::new(self.video, self.audio, options);
        if let Err(e) = recorder.start() {
            take::discard(lib, &take)?;
            return Err(e.into());
        }
        let afterwards = Afterwards {
            then: self.request.then,
            titled: self.request.title.as_deref().is_some_and(|t| !t.trim().is_empty()),
            transcribe: self.request.transcribe,
        };
        Ok(Session { recorder, take, afterwards })
    }
}

/// A recording in progress.
#[derive(Debug)]
pub struct Session {
    recorder: Recorder,
    take: Take,
    afterwards: Afterwards,
}

/// What the request asked for once the clip is kept.
#[derive(Debug, Clone, Copy)]
struct Afterwards {
    then: Then,
    /// A person chose the title; what was said doesn't replace it.
    titled: bool,
    transcribe: bool,
}

impl Session {
    /// The clip being recorded (its row says `recording`).
    pub fn clip_id(&self) -> ClipId {
        self.take.clip_id
    }

    pub fn then(&self) -> Then {
        self.afterwards.then
    }

    pub fn state(&self) -> RecorderState {
        self.recorder.state()
    }

    /// Media time recorded so far (pauses excluded).
    pub fn elapsed(&self) -> std::time::Duration {
        self.recorder.elapsed()
    }

    pub fn level(&self) -> Level {
        self.recorder.level()
    }

    pub fn warnings(&self) -> Vec<String> {
        self.recorder.warnings()
    }

    /// True when capture ended by itself (disk full, screen gone): stop to
    /// keep what was recorded.
    pub fn needs_stop(&self) -> bool {
        self.recorder.needs_stop()
    }

    pub fn pause(&mut self) -> Result<()> {
        Ok(self.recorder.pause()?)
    }

    pub fn resume(&mut self) -> Result<()> {
        Ok(self.recorder.resume()?)
    }

    /// Stops capture and finalizes the file (a remux: tens of milliseconds a
    /// minute of video). Stopped during the countdown, nothing was recorded:
    /// that is [`Session::discard`]'s job, and [`Stopped::file`] says so.
    pub fn stop(mut self) -> Stopped {
        let result = match self.recorder.state() {
            RecorderState::Countdown { .. } => Err(RecorderError::CountingDown),
            _ => self.recorder.stop(),
        };
        Stopped { take: self.take, afterwards: self.afterwards, result, recorder: self.recorder }
    }

    /// Abandons the recording (a countdown cancelled, a take thrown away):
    /// the partial file and the row go.
    pub fn discard(mut self, lib: &mut Library) -> Result<()> {
        // A recorder that already stopped by itself has nothing to cancel.
        let _ = self.recorder.cancel();
        take::discard(lib, &self.take)
    }
}

/// A recording whose capture has stopped and whose file is finalized.
#[derive(Debug)]
pub struct Stopped {
    take: Take,
    afterwards: Afterwards,
    result: Result<Finished, RecorderError>,
    /// Kept until filed: a countdown stop cancels it.
    recorder: Recorder,
}

/// A clip kept in the library, with what its recording wants a person to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub clip: Clip,
    /// From the recording (no sound, dropped frames, the disk filled up) and
    /// from its follow-up (the thread it was for was deleted meanwhile).
    pub warnings: Vec<String>,
    /// Its transcript, when one was queued: a worker (the app's, or the
    /// CLI after printing the clip) runs it; the clip never waits for it.
    pub transcript: Option<Transcript>,
}

impl Stopped {
    pub fn clip_id(&self) -> ClipId {
        self.take.clip_id
    }

    /// True when it was stopped before the countdown ended: nothing was recorded.
    pub fn was_counting_down(&self) -> bool {
        matches!(self.result, Err(RecorderError::CountingDown))
    }

    /// Files the clip (`ready`, or `failed` when nothing playable was made)
    /// and does what the request asked next. A stop during the countdown
    /// keeps nothing and says [`RecorderError::CountingDown`]. A follow-up
    /// that fails (its thread deleted meanwhile) is a warning: the clip is safe.
    pub fn file(mut self, lib: &mut Library) -> Result<Kept> {
        if self.was_counting_down() {
            let _ = self.recorder.cancel();
            take::discard(lib, &self.take)?;
            return Err(RecorderError::CountingDown.into());
        }
        let clip = take::finish(lib, &self.take, self.result)?;
        let mut warnings = clip.capture.warnings.clone();
        let followed = match self.afterwards.then {
            Then::Keep => Ok(()),
            Then::AttachTo(doc) => lib.attach_clip(doc, clip.id, None).map(|_| ()),
            Then::PostIn(thread) => lib.post_message(thread, None, Some(clip.id)).map(|_| ()),
        };
        if let Err(e) = followed {
            tracing::warn!(error = %e, clip = %clip.id, "follow-up failed");
            warnings.push(format!("the clip is saved, but {}: {e}", follow_up_failed(self.afterwards.then)));
        }
        let transcript = if self.afterwards.transcribe {
            queue_transcript(lib, clip.id, self.afterwards.titled, &mut warnings)
        } else {
            None
        };
        Ok(Kept { clip, warnings, transcript })
    }
}

/// Queues the kept clip's transcript if the library transcribes by itself;
/// a library that cannot (its settings unreadable) is a warning, not a lost clip.
pub(crate) fn queue_transcript(
    lib: &mut Library,
    clip: ClipId,
    titled: bool,
    warnings: &mut Vec<String>,
) -> Option<Transcript> {
    afterword_transcripts::after_capture(lib, clip, titled).unwrap_or_else(|e| {
        tracing::warn!(error = %e, %clip, "transcript not queued");
        warnings.push(format!("the clip is saved, but its transcript could not be queued: {e}"));
        None
    })
}

fn follow_up_failed(then: Then) -> &'static str {
    match then {
        Then::Keep => "",
        Then::AttachTo(_) => "it could not be attached to the document",
        Then::PostIn(_) => "it could not be posted in the thread",
    }
}
