//! One recording, from the shell's side: open the devices the settings name,
//! start a [`Recorder`] into a clip `afterword_recording` registered as
//! `recording` (so a crash leaves a row that recovery completes), and on stop
//! hand the result back to it and make the clip's share link. The hand-over
//! itself (rows, paths, a full disk, recovery) is the recording crate's, the
//! same for the CLI and the app.

use std::time::Duration;

use afterword_library::{Clip, ClipId, Library, NewShareLink};
use afterword_media::{CaptureArea, MicrophoneChoice, RecordOptions, Recorder};
use afterword_recording::Take;

use crate::{
    error::{Error, Result},
    settings::Settings,
    state::Shell,
    views::{RecorderView, Target},
};

/// A recorder and the clip it records into.
pub struct Session {
    pub recorder: Recorder,
    pub take: Take,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("take", &self.take).field("recorder", &self.recorder).finish()
    }
}

/// A stopped recording: the clip in the library and its link.
#[derive(Debug, Clone)]
pub struct Stopped {
    pub clip: Clip,
    pub link: String,
}

/// The recorder's state for the controls.
pub fn status(shell: &Shell) -> RecorderView {
    match shell.session().as_ref() {
        Some(s) => view(s),
        None if shell.finalizing.load(std::sync::atomic::Ordering::SeqCst) => {
            RecorderView::new(&afterword_media::RecorderState::Finalizing, Default::default(), Vec::new(), None)
        }
        None => RecorderView::idle(),
    }
}

fn view(s: &Session) -> RecorderView {
    let clip = Some(s.take.clip_id.to_string());
    RecorderView::new(&s.recorder.state(), s.recorder.level(), s.recorder.warnings(), clip)
}

/// Opens the devices and starts recording `target` (after the countdown).
/// Devices open before the clip's row exists, so a missing microphone leaves
/// nothing behind.
pub fn start(shell: &Shell, target: Target, countdown_secs: Option<u32>) -> Result<RecorderView> {
    let mut session = shell.session();
    if session.as_ref().is_some_and(|s| crate::control::Phase::of(&s.recorder.state()).is_live()) {
        return Err(Error::AlreadyRecording);
    }
    let settings = shell.settings();
    let area = capture_area(target);
    let video = afterword_media::screen(None, area, settings.fps, true)?;
    let audio = afterword_media::audio(microphone(&settings).as_ref(), settings.system_audio)?;
    let mut library = shell.library();
    let take = afterword_recording::begin(&mut library, None, source_name(area).as_deref())?;
    let options = RecordOptions {
        countdown: Duration::from_secs(countdown_secs.unwrap_or(settings.countdown_secs).into()),
        max_width: settings.max_width,
        ..RecordOptions::new(&take.output)
    };
    let mut recorder = Recorder::new(video, audio, options);
    if let Err(e) = recorder.start() {
        afterword_recording::discard(&mut library, &take)?;
        return Err(e.into());
    }
    *session = Some(Session { recorder, take });
    Ok(session.as_ref().map_or_else(RecorderView::idle, view))
}

/// Stops, finalizes (off the session lock, so the controls stay responsive),
/// files the clip and makes its link.
pub fn stop(shell: &Shell) -> Result<Stopped> {
    let Some(mut session) = shell.session().take() else {
        return Err(Error::NotRecording);
    };
    shell.finalizing.store(true, std::sync::atomic::Ordering::SeqCst);
    let result = session.recorder.stop();
    shell.finalizing.store(false, std::sync::atomic::Ordering::SeqCst);
    let mut library = shell.library();
    let clip = match afterword_recording::finish(&mut library, &session.take, result) {
        Ok(clip) => clip,
        // A full disk still kept a playable clip (its warnings say so): link it.
        Err(afterword_recording::Error::Recorder(afterword_media::RecorderError::DiskFull {
            kept: Some(_), ..
        })) => library.clip(session.take.clip_id)?,
        Err(e) => return Err(e.into()),
    };
    let link = make_link(shell, &mut library, clip.id)?;
    Ok(Stopped { clip, link })
}

/// Abandons the recording: nothing is kept.
pub fn discard(shell: &Shell) -> Result<()> {
    let Some(mut session) = shell.session().take() else {
        return Err(Error::NotRecording);
    };
    session.recorder.cancel()?;
    afterword_recording::discard(&mut shell.library(), &session.take)?;
    Ok(())
}

/// The clip's link: the one this app made before if it is still live, or a new one.
pub fn link_for(shell: &Shell, clip: ClipId) -> Result<String> {
    let mut library = shell.library();
    if let Some(token) = shell.links.token(&clip.to_string()) {
        let token = afterword_library::ShareToken::from_url(&token);
        if let Some(link) = library.share_by_token(&token)?
            && link.clip_id == clip
            && link.is_live(jiff::Timestamp::now())
        {
            return Ok(afterword_share::link_url(&shell.share.base_url(), &token));
        }
    }
    make_link(shell, &mut library, clip)
}

fn make_link(shell: &Shell, library: &mut Library, clip: ClipId) -> Result<String> {
    let new = NewShareLink { clip_id: clip, expires_at: None, password_hash: None, allow_download: true };
    let (_, token) = library.create_share(new)?;
    shell.links.remember(&clip.to_string(), token.as_str())?;
    Ok(afterword_share::link_url(&shell.share.base_url(), &token))
}

fn capture_area(target: Target) -> CaptureArea {
    match target {
        Target::Screen => CaptureArea::Screen,
        Target::Monitor { index } => CaptureArea::Monitor(index as usize),
        Target::Window { id } => CaptureArea::Window(id),
        Target::Area { x, y, width, height } => CaptureArea::Rect { x, y, width, height },
    }
}

/// What the automatic title names: the recorded window's title, if any.
fn source_name(area: CaptureArea) -> Option<String> {
    let CaptureArea::Window(id) = area else { return None };
    afterword_media::devices(None).windows.into_iter().find(|w| w.id == id).map(|w| w.title)
}

/// The microphone the settings choose, or none.
pub(crate) fn microphone(settings: &Settings) -> Option<MicrophoneChoice> {
    settings
        .record_microphone
        .then(|| settings.microphone.clone().map_or(MicrophoneChoice::Default, MicrophoneChoice::Named))
}
