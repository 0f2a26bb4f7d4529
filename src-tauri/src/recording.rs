//! One recording, from the shell's side: the settings and the chosen target
//! become an `afterword_recording::Request`, the shell's [`Slot`] runs it,
//! and on stop the kept clip gets its share link. Everything else — devices,
//! the clip's row, Finalizing, a full disk, attaching or posting the clip
//! when done — is the recording crate's, the same for the CLI and the app.
//!
//! [`Slot`]: afterword_recording::Slot

use std::time::Duration;

use afterword_library::{Clip, ThreadId, Transcript};
use afterword_media::{CaptureArea, MicrophoneChoice};
use afterword_recording::{Armed, Request, Then};

use crate::{
    camera::RecordedBubble, error::Result, settings::Settings, state::Shell, views::RecorderView, views::Target,
};

/// A stopped recording: the clip in the library, its link, and what the
/// recording wants a person to know.
#[derive(Debug, Clone)]
pub struct Stopped {
    pub clip: Clip,
    pub link: String,
    pub warnings: Vec<String>,
    /// Its transcript, when one was queued (the `transcriber` thread runs it).
    pub transcript: Option<Transcript>,
}

/// The recorder's state for the controls.
pub fn status(shell: &Shell) -> RecorderView {
    RecorderView::from(&shell.recording.status())
}

/// Opens the devices the settings name and starts recording `target` (after
/// the countdown); `reply_to` posts the clip in that thread when it is kept,
/// whichever control stops it. Devices open before the clip's row exists, so
/// a missing microphone leaves nothing behind.
pub fn start(shell: &Shell, target: Target, reply_to: Option<ThreadId>) -> Result<RecorderView> {
    shell.recording.ensure_free()?;
    let settings = shell.settings();
    let request = Request {
        area: capture_area(target),
        microphone: microphone(&settings),
        system_audio: settings.system_audio,
        fps: settings.fps,
        max_width: settings.max_width,
        cursor: true,
        countdown: Duration::from_secs(settings.countdown_secs.into()),
        title: None,
        then: reply_to.map_or(Then::Keep, Then::PostIn),
        // Whether it is, the library's transcription settings say.
        transcribe: true,
        camera: settings.camera.choice(),
    };
    let bubble = recorded_bubble(&request);
    // The portal's restore token (Wayland); the library is not locked while
    // the portal's dialog is open.
    let screen = afterword_recording::ScreenChoice::from_library(&shell.library(), None)?;
    let armed = Armed::open_on(request, screen)?;
    let view = RecorderView::from(&shell.recording.start(shell.library_lock(), armed)?);
    shell.set_bubble(bubble);
    Ok(view)
}

/// The recording's bubble and where the recorded area is on the screen, so
/// the bubble's window can show it there and moving the window moves it.
/// Only X11 lets a window know its place: elsewhere the bubble has no window.
fn recorded_bubble(request: &Request) -> Option<RecordedBubble> {
    let choice = request.camera.as_ref()?;
    let afterword_media::CameraUse::Bubble(live) = &choice.use_ else { return None };
    let x11 = afterword_media::choose_backend(None).backend == afterword_media::Backend::X11;
    let rect = if x11 { area_rect(request.area) } else { None };
    Some(RecordedBubble {
        live: live.clone(),
        origin: rect.map_or((0, 0), |r| (r.x, r.y)),
        area: rect.map_or((0, 0), |r| (r.width, r.height)),
        camera: choice.name.clone(),
        windowed: rect.is_some(),
    })
}

#[cfg(target_os = "linux")]
fn area_rect(area: CaptureArea) -> Option<afterword_media::Rect> {
    afterword_media::area_on_screen(None, area).ok()
}

#[cfg(not(target_os = "linux"))]
fn area_rect(_: CaptureArea) -> Option<afterword_media::Rect> {
    None
}

/// Stops, finalizes (the controls show Finalizing meanwhile), files the
/// clip and makes its link.
pub fn stop(shell: &Shell) -> Result<Stopped> {
    let kept = shell.recording.stop(shell.library_lock())?;
    shell.set_bubble(None);
    let link = crate::links::make_link(shell, &mut shell.library(), kept.clip.id)?;
    Ok(Stopped { clip: kept.clip, link, warnings: kept.warnings, transcript: kept.transcript })
}

/// Abandons the recording: nothing is kept.
pub fn discard(shell: &Shell) -> Result<()> {
    shell.recording.discard(shell.library_lock())?;
    shell.set_bubble(None);
    Ok(())
}

fn capture_area(target: Target) -> CaptureArea {
    match target {
        Target::Screen => CaptureArea::Screen,
        Target::Monitor { index } => CaptureArea::Monitor(index as usize),
        Target::Window { id } => CaptureArea::Window(id),
        Target::Area { x, y, width, height } => CaptureArea::Rect { x, y, width, height },
    }
}

/// The microphone the settings choose, or none (the Record page's meter opens the same).
pub(crate) fn microphone(settings: &Settings) -> Option<MicrophoneChoice> {
    afterword_recording::choose_microphone(settings.record_microphone, settings.microphone.as_deref())
}
