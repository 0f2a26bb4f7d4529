//! One recording, from the shell's side: open the devices the settings name,
//! start a [`Recorder`], register the clip in the library as `recording` (so a
//! crash leaves a row that recovery completes), and on stop hand the finished
//! file to the library and make its share link.
//!
//! FIXME: the hand-over `Finished` -> `ClipMedia` also exists in the CLI's
//! `record`; `media` and `library` may not import each other, so it lives in
//! each client until a shared place exists.

use std::path::Path;
use std::time::Duration;

use afterword_library::{Clip, ClipId, ClipMedia, ClipStatus, Library, NewClip, NewShareLink};
use afterword_media::{
    AudioSource, CaptureArea, Finished, Microphone, MicrophoneChoice, Mix, RecordOptions, Recorder, X11Screen,
};

use crate::{
    error::{Error, Result},
    settings::Settings,
    state::Shell,
    views::{RecorderView, Target},
};

/// A recorder and the clip it records into.
pub struct Session {
    pub recorder: Recorder,
    pub clip_id: ClipId,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("clip_id", &self.clip_id).field("recorder", &self.recorder).finish()
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
        Some(s) => RecorderView::new(
            &s.recorder.state(),
            s.recorder.level(),
            s.recorder.warnings(),
            Some(s.clip_id.to_string()),
        ),
        None if shell.finalizing.load(std::sync::atomic::Ordering::SeqCst) => {
            RecorderView::new(&afterword_media::RecorderState::Finalizing, Default::default(), Vec::new(), None)
        }
        None => RecorderView::idle(),
    }
}

/// Opens the devices and starts recording `target` (after the countdown).
pub fn start(shell: &Shell, target: Target, countdown_secs: Option<u32>) -> Result<RecorderView> {
    let mut session = shell.session();
    if session.as_ref().is_some_and(|s| crate::control::Phase::of(&s.recorder.state()).is_live()) {
        return Err(Error::AlreadyRecording);
    }
    let settings = shell.settings();
    let clip_id = ClipId::new();
    let mut library = shell.library();
    let clips_dir = library.clips_dir();
    std::fs::create_dir_all(&clips_dir).map_err(Error::io(format!("cannot create {}", clips_dir.display())))?;
    let output = afterword_media::clip_path(&clips_dir, &clip_id.to_string());
    let video = X11Screen::open(None, capture_area(target), settings.fps, true)?;
    let audio = open_audio(&settings)?;
    let options = RecordOptions {
        countdown: Duration::from_secs(countdown_secs.unwrap_or(settings.countdown_secs).into()),
        max_width: settings.max_width,
        ..RecordOptions::new(&output)
    };
    let mut recorder = Recorder::new(Box::new(video), audio, options);
    recorder.start()?;
    let media = ClipMedia { media_path: stored_path(&library, &output), ..ClipMedia::default() };
    let title = default_title();
    library.add_clip(NewClip { id: clip_id, title, status: ClipStatus::Recording, media })?;
    *session = Some(Session { recorder, clip_id });
    Ok(status_of(session.as_ref()))
}

fn status_of(session: Option<&Session>) -> RecorderView {
    session.map_or_else(RecorderView::idle, |s| {
        RecorderView::new(&s.recorder.state(), s.recorder.level(), s.recorder.warnings(), Some(s.clip_id.to_string()))
    })
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
    let finished = match result {
        Ok(f) => f,
        Err(afterword_media::RecorderError::DiskFull { kept: Some(kept), .. }) => *kept,
        Err(e) => {
            let failed = ClipMedia::default();
            let _ = shell.library().finish_clip(session.clip_id, &failed, ClipStatus::Failed);
            return Err(e.into());
        }
    };
    let mut library = shell.library();
    let media = clip_media(&library, &finished);
    let clip = library.finish_clip(session.clip_id, &media, ClipStatus::Ready)?;
    let link = make_link(shell, &mut library, clip.id)?;
    Ok(Stopped { clip, link })
}

/// Abandons the recording: nothing is kept.
pub fn discard(shell: &Shell) -> Result<()> {
    let Some(mut session) = shell.session().take() else {
        return Err(Error::NotRecording);
    };
    session.recorder.cancel()?;
    shell.library().delete_clip(session.clip_id)?;
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
            return Ok(afterword_share::link_url(shell.share.base_url(), &token));
        }
    }
    make_link(shell, &mut library, clip)
}

fn make_link(shell: &Shell, library: &mut Library, clip: ClipId) -> Result<String> {
    let new = NewShareLink { clip_id: clip, expires_at: None, password_hash: None, allow_download: true };
    let (_, token) = library.create_share(new)?;
    shell.links.remember(&clip.to_string(), token.as_str())?;
    Ok(afterword_share::link_url(shell.share.base_url(), &token))
}

/// The recorder's figures as the library stores them.
pub fn clip_media(library: &Library, f: &Finished) -> ClipMedia {
    ClipMedia {
        duration_ms: f.duration_ms,
        width: Some(f.width),
        height: Some(f.height),
        size_bytes: f.size_bytes,
        media_path: stored_path(library, &f.path),
        thumbnail_path: f.thumbnail.as_deref().map(|t| stored_path(library, t)),
        capture: f.metadata.clone(),
    }
}

/// Paths under the library home are stored relative to it, so the folder can move.
fn stored_path(library: &Library, path: &Path) -> String {
    path.strip_prefix(library.home()).unwrap_or(path).to_string_lossy().into_owned()
}

fn capture_area(target: Target) -> CaptureArea {
    match target {
        Target::Screen => CaptureArea::Screen,
        Target::Monitor { index } => CaptureArea::Monitor(index as usize),
        Target::Window { id } => CaptureArea::Window(id),
        Target::Area { x, y, width, height } => CaptureArea::Rect { x, y, width, height },
    }
}

/// The microphone, system audio (what the computer plays), both mixed, or none.
fn open_audio(settings: &Settings) -> Result<Option<Box<dyn AudioSource>>> {
    let mut inputs: Vec<Box<dyn AudioSource>> = Vec::new();
    if settings.record_microphone {
        let choice = settings.microphone.clone().map_or(MicrophoneChoice::Default, MicrophoneChoice::Named);
        inputs.push(Box::new(Microphone::open(&choice)?));
    }
    if settings.system_audio {
        inputs.push(Box::new(Microphone::open(&MicrophoneChoice::SystemAudio)?));
    }
    Ok(match inputs.len() {
        0 => None,
        1 => inputs.pop(),
        _ => Some(Box::new(Mix::new(inputs))),
    })
}

fn default_title() -> String {
    let now = jiff::Zoned::now();
    format!("Recording {}", now.strftime("%-d %b %Y %H:%M"))
}

/// Completes clips a crash left `recording`: their `.partial` becomes a
/// playable clip marked recovered, or the row is marked failed when nothing
/// in it can be played.
pub fn recover_leftovers(library: &mut Library) -> Result<usize> {
    let mut recovered = 0;
    for clip in library.clips_recording()? {
        let partial = afterword_media::partial_path(&library.resolve(&clip.media_path));
        match afterword_media::recover(&partial) {
            Ok(finished) => {
                let media = clip_media(library, &finished);
                library.finish_clip(clip.id, &media, ClipStatus::Recovered)?;
                recovered += 1;
            }
            Err(afterword_media::FinalizeError::InUse { .. }) => {}
            Err(e) => {
                tracing::warn!(clip = %clip.id, error = %e, "cannot recover");
                library.finish_clip(
                    clip.id,
                    &ClipMedia { media_path: clip.media_path.clone(), ..ClipMedia::default() },
                    ClipStatus::Failed,
                )?;
            }
        }
    }
    Ok(recovered)
}
