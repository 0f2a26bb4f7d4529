//! Carrying out an [`Action`] whichever control asked for it, and what
//! follows: the floating control opens or closes, the tray follows the phase,
//! and on stop the link goes to the clipboard with a notification.

use afterword_library::ThreadId;
use tauri::{AppHandle, Manager};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_specta::Event;

use crate::{
    control::{Action, Intent, decide},
    error::{Error, Result},
    events::{ClipsChanged, RecorderStatus, TranscriptChanged},
    monitor::Monitoring,
    recording,
    state::Shell,
    transcriber::Transcribing,
    views::{RecorderView, Target},
    windows,
};

/// Does `action` and returns the recorder's new state. Blocks while a stop
/// finalizes: call it off the main thread. `reply_to` (with `Start`) posts
/// the clip in that thread once it is kept. A failed Stop is announced
/// whichever control asked for it: the floating control closes with the
/// recording, and the tray and hotkeys have no page to show it on.
pub fn perform(app: &AppHandle, action: Action, target: Target, reply_to: Option<ThreadId>) -> Result<RecorderView> {
    let shell = app.state::<Shell>();
    let result = match action {
        Action::Start => {
            // The recorder opens the microphone itself: close the page's monitor first.
            let monitoring = app.state::<Monitoring>();
            let _held = monitoring.release();
            recording::start(&shell, target, reply_to).map(|_| ())
        }
        Action::Stop => match recording::stop(&shell) {
            Ok(stopped) => {
                announce_link(app, &stopped.link, &stopped.clip.title, &stopped.warnings);
                let _ = ClipsChanged { clip_id: Some(stopped.clip.id.to_string()), link: Some(stopped.link) }.emit(app);
                if let Some(queued) = &stopped.transcript {
                    let _ = TranscriptChanged { transcript: queued.into() }.emit(app);
                    app.state::<Transcribing>().wake();
                }
                Ok(())
            }
            Err(e) => {
                tracing::warn!(error = %e, "stopping the recording failed");
                notify_now(app, "The recording could not be saved", &e.message());
                Err(e)
            }
        },
        Action::Cancel => recording::discard(&shell),
        Action::Pause => shell.recording.pause().map_err(Error::from),
        Action::Resume => shell.recording.resume().map_err(Error::from),
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
        if let Err(e) = perform(&app, action, Target::Screen, None)
            && action != Action::Stop
        {
            tracing::warn!(error = %e, ?action, "recording control failed");
            notify(&app, "Afterword", &e.message());
        }
    });
}

/// Floating control, tray and pages follow the recorder.
pub fn follow_phase(app: &AppHandle, view: &RecorderView) {
    if view.live {
        if let Err(e) = windows::open_control(app) {
            tracing::warn!(error = %e, "no floating control");
        }
        if let Some(bubble) = app.state::<Shell>().bubble().filter(|b| b.windowed)
            && let Err(e) = windows::open_bubble(app, &bubble)
        {
            tracing::warn!(error = %e, "no camera bubble window; the bubble stays where it started");
        }
    } else {
        windows::close_control(app);
        windows::close_bubble(app);
    }
    crate::shell::refresh_tray(app, view.phase);
    let _ = RecorderStatus { status: view.clone() }.emit(app);
}

/// The tray's Recent clips follow a rename or a delete (the menu is rebuilt
/// with the current phase), so it never offers a title or a clip that is gone.
pub fn refresh_recent(app: &AppHandle) {
    let phase = recording::status(&app.state::<Shell>()).phase;
    crate::shell::refresh_tray(app, phase);
}

/// The link goes on the clipboard, and a notification says so (with what
/// the recording wants a person to know: no sound, a reply not posted).
pub fn announce_link(app: &AppHandle, link: &str, title: &str, warnings: &[String]) {
    let mut body = match app.clipboard().write_text(link) {
        Ok(()) => format!("{title} — paste it anywhere: {link}"),
        Err(e) => Error::Clipboard(e.to_string()).message(),
    };
    for w in warnings {
        body.push_str("\nWarning: ");
        body.push_str(w);
    }
    let summary = if body.starts_with(title) { "Link copied" } else { "Clip saved" };
    notify(app, summary, &body);
}

/// A saved clip's link goes on the clipboard (Copy link, tray's Recent
/// clips), and the notification names the clip, so a person picking one of
/// several knows which link they now hold.
pub fn announce_clip_link(app: &AppHandle, clip: afterword_library::ClipId, link: &str) {
    let title = app.state::<Shell>().library().clip(clip).map(|c| c.title);
    announce_link(app, link, title.as_deref().unwrap_or("Clip link"), &[]);
}

/// Best effort, on a blocking task: a desktop without a notification
/// service just logs.
pub fn notify(app: &AppHandle, title: &str, body: &str) {
    let (app, title, body) = (app.clone(), title.to_owned(), body.to_owned());
    tauri::async_runtime::spawn_blocking(move || notify_now(&app, &title, &body));
}

/// The same, before returning (a Quit that failed to save says so before
/// the process ends). On Linux the notification carries the product name
/// ("Afterword"), which the notification server shows and groups by;
/// tauri-plugin-notification would send the binary's name there. The D-Bus
/// call blocks: call it off the main thread.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn notify_now(app: &AppHandle, title: &str, body: &str) {
    let mut note = notify_rust::Notification::new();
    note.appname(&app.package_info().name).summary(title).body(body).auto_icon();
    if let Err(e) = note.show() {
        tracing::info!(error = %e, title, "notification not shown");
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn notify_now(app: &AppHandle, title: &str, body: &str) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::info!(error = %e, title, body, "notification not shown");
    }
}
