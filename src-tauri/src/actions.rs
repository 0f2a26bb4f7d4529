//! Carrying out an [`Action`] whichever control asked for it, and what
//! follows: the floating control opens or closes, the tray follows the phase,
//! and on stop the link goes to the clipboard with a notification.

use tauri::{AppHandle, Manager};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_specta::Event;

use crate::{
    control::{Action, Intent, Phase, decide},
    error::{Error, Result},
    events::{ClipsChanged, RecorderChanged},
    monitor::Monitoring,
    recording,
    state::Shell,
    views::{RecorderView, Target},
    windows,
};

/// Does `action` and returns the recorder's new state. Blocks while a stop
/// finalizes: call it off the main thread.
pub fn perform(app: &AppHandle, action: Action, target: Target) -> Result<RecorderView> {
    let shell = app.state::<Shell>();
    let result = match action {
        Action::Start => {
            // The recorder opens the microphone itself: close the page's monitor first.
            let monitoring = app.state::<Monitoring>();
            let _held = monitoring.release();
            recording::start(&shell, target, None).map(|_| ())
        }
        Action::Stop => recording::stop(&shell).map(|stopped| {
            let link = stopped.link.clone();
            announce_link(app, &link, &stopped.clip.title);
            let _ = ClipsChanged { clip_id: Some(stopped.clip.id.to_string()), link: Some(link) }.emit(app);
        }),
        Action::Cancel => recording::discard(&shell),
        Action::Pause => with_recorder(&shell, |r| r.pause()),
        Action::Resume => with_recorder(&shell, |r| r.resume()),
        Action::Nothing => Ok(()),
    };
    let view = recording::status(&shell);
    follow_phase(app, &view);
    result.map(|()| view)
}

/// A control's intent, decided against the current phase and performed on a
/// worker thread (tray and hotkey handlers run on the UI thread).
pub fn dispatch(app: &AppHandle, intent: Intent) {
    let phase = recording::status(&app.state::<Shell>()).phase;
    let action = decide(intent, phase);
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = perform(&app, action, Target::Screen) {
            tracing::warn!(error = %e, ?action, "recording control failed");
            notify(&app, "Afterword", &e.to_string());
        }
    });
}

fn with_recorder(
    shell: &Shell,
    f: impl FnOnce(&mut afterword_media::Recorder) -> Result<(), afterword_media::RecorderError>,
) -> Result<()> {
    let mut session = shell.session();
    let s = session.as_mut().ok_or(Error::NotRecording)?;
    Ok(f(&mut s.recorder)?)
}

/// Floating control, tray and pages follow the recorder.
pub fn follow_phase(app: &AppHandle, view: &RecorderView) {
    if matches!(view.phase, Phase::Countdown | Phase::Recording | Phase::Paused) {
        if let Err(e) = windows::open_control(app) {
            tracing::warn!(error = %e, "no floating control");
        }
    } else {
        windows::close_control(app);
    }
    crate::shell::refresh_tray(app, view.phase);
    let _ = RecorderChanged::from(view).emit(app);
}

/// The tray's Recent clips follow a rename or a delete (the menu is rebuilt
/// with the current phase), so it never offers a title or a clip that is gone.
pub fn refresh_recent(app: &AppHandle) {
    let phase = recording::status(&app.state::<Shell>()).phase;
    crate::shell::refresh_tray(app, phase);
}

/// The link goes on the clipboard, and a notification says so.
pub fn announce_link(app: &AppHandle, link: &str, title: &str) {
    match app.clipboard().write_text(link) {
        Ok(()) => notify(app, "Link copied", &format!("{title} — paste it anywhere: {link}")),
        Err(e) => notify(app, "Clip saved", &Error::Clipboard(e.to_string()).to_string()),
    }
}

/// A saved clip's link goes on the clipboard (Copy link, tray's Recent
/// clips), and the notification names the clip, so a person picking one of
/// several knows which link they now hold.
pub fn announce_clip_link(app: &AppHandle, clip: afterword_library::ClipId, link: &str) {
    let title = app.state::<Shell>().library().clip(clip).map(|c| c.title);
    announce_link(app, link, title.as_deref().unwrap_or("Clip link"));
}

/// Best effort: a desktop without a notification service just logs.
/// On Linux the notification carries the product name ("Afterword"), which
/// the notification server shows and groups by; tauri-plugin-notification
/// would send the binary's name there. The D-Bus call blocks, so it runs on
/// a blocking task.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn notify(app: &AppHandle, title: &str, body: &str) {
    let mut note = notify_rust::Notification::new();
    note.appname(&app.package_info().name).summary(title).body(body).auto_icon();
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = note.show() {
            tracing::info!(error = %e, title = note.summary, "notification not shown");
        }
    });
}

/// Best effort: a desktop without a notification service just logs.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn notify(app: &AppHandle, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::info!(error = %e, title, body, "notification not shown");
    }
}
