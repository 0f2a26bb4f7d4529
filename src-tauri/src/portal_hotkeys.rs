//! Global hotkeys through the desktop's GlobalShortcuts portal (Wayland
//! desktops that offer it: GNOME 48+, KDE), on the `portal-hotkeys` thread:
//! a session, the two shortcuts bound with the settings' combinations as
//! the preferred triggers (the desktop may ask the person, and has the last
//! word), and each activation dispatched as the X11 hotkey's would be. The
//! desktop keeps the binding; the app's Settings fields only suggest.
//!
//! Not run here: no portal backend in Debian 12 offers the interface (the
//! decision is tested, `afterword_media::choose_shortcuts`; the trigger
//! conversion below is).

use futures::StreamExt;
use tauri::AppHandle;

use crate::{actions, control::Intent, settings::Settings};

/// The shortcuts' ids, and what each means.
const SHORTCUTS: [(&str, &str, Intent); 2] = [
    ("record", "Start or stop recording", Intent::ToggleRecord),
    ("pause", "Pause or resume recording", Intent::TogglePause),
];

/// Binds the hotkeys through the portal and listens for them, for the rest
/// of the app's life; what goes wrong is logged (the tray still records).
pub fn start(app: &AppHandle, settings: &Settings) {
    let app = app.clone();
    let triggers = [trigger(&settings.hotkey_record), trigger(&settings.hotkey_pause)];
    let spawned = std::thread::Builder::new().name("portal-hotkeys".into()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => return tracing::warn!(error = %e, "no runtime for the GlobalShortcuts portal"),
        };
        if let Err(e) = runtime.block_on(listen(&app, &triggers)) {
            tracing::warn!(error = %e, "the GlobalShortcuts portal gave no hotkeys; the tray records");
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the portal-hotkeys thread");
    }
}

async fn listen(app: &AppHandle, triggers: &[Option<String>; 2]) -> Result<(), ashpd::Error> {
    use ashpd::desktop::global_shortcuts::{BindShortcutsOptions, GlobalShortcuts, NewShortcut};
    let portal = GlobalShortcuts::new().await?;
    let session = portal.create_session(Default::default()).await?;
    let wanted: Vec<NewShortcut> = SHORTCUTS
        .iter()
        .zip(triggers)
        .map(|((id, description, _), trigger)| {
            NewShortcut::new(*id, *description).preferred_trigger(trigger.as_deref())
        })
        .collect();
    let bound = portal.bind_shortcuts(&session, &wanted, None, BindShortcutsOptions::default()).await?.response()?;
    for s in bound.shortcuts() {
        tracing::info!(id = s.id(), trigger = s.trigger_description(), "hotkey bound by the portal");
    }
    let mut activated = portal.receive_activated().await?;
    while let Some(pressed) = activated.next().await {
        if let Some((.., intent)) = SHORTCUTS.iter().find(|(id, ..)| *id == pressed.shortcut_id()) {
            actions::dispatch(app, *intent);
        }
    }
    Ok(())
}

/// A combination as the settings spell it ("Ctrl+Shift+R") in the XDG
/// shortcuts specification's form ("CTRL+SHIFT+r": upper-case modifiers,
/// the key's keysym name); `None` for one it cannot say.
pub fn trigger(combination: &str) -> Option<String> {
    let parts: Vec<&str> = combination.split('+').map(str::trim).filter(|p| !p.is_empty()).collect();
    let (key, modifiers) = parts.split_last()?;
    let mut out = Vec::with_capacity(parts.len());
    for m in modifiers {
        out.push(match m.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => "CTRL",
            "alt" | "option" => "ALT",
            "shift" => "SHIFT",
            "super" | "meta" | "cmd" | "command" | "logo" => "LOGO",
            _ => return None,
        });
    }
    let key = match key.to_ascii_lowercase().as_str() {
        k if k.len() == 1 && k.chars().all(|c| c.is_ascii_alphanumeric()) => k.to_owned(),
        k if k.starts_with('f') && k[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) => k.to_ascii_uppercase(),
        "space" => "space".to_owned(),
        "enter" | "return" => "Return".to_owned(),
        "escape" | "esc" => "Escape".to_owned(),
        "tab" => "Tab".to_owned(),
        _ => return None,
    };
    Some(out.into_iter().map(str::to_owned).chain([key]).collect::<Vec<_>>().join("+"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_become_the_specifications_triggers() {
        assert_eq!(trigger("Ctrl+Shift+R").as_deref(), Some("CTRL+SHIFT+r"));
        assert_eq!(trigger("Alt+F9").as_deref(), Some("ALT+F9"));
        assert_eq!(trigger("Super+Space").as_deref(), Some("LOGO+space"));
        assert_eq!(trigger("ctrl+shift+1").as_deref(), Some("CTRL+SHIFT+1"));
        assert_eq!(trigger("Hyper+R"), None, "a modifier the specification has not");
        assert_eq!(trigger("Ctrl+PrintScreen"), None, "a key not named here");
        assert_eq!(trigger(""), None);
    }
}
