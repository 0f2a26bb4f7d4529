//! Desktops that give no app global hotkeys: a Wayland session whose portal
//! offers no GlobalShortcuts (`afterword_media::shortcuts` decides). There
//! the app registers nothing (an X11 grab through XWayland would only hear
//! keys typed into X11 windows), says so once — a notification the first
//! time, remembered by a marker in the app's data folder — and the pages
//! say it where the hotkeys would be; the tray icon records.

use std::path::Path;
use std::sync::OnceLock;

use afterword_media::Shortcuts;
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};

/// This desktop's answer, asked once (the session bus, ≤ 3 s) and kept:
/// every registration (at start, on a settings save) goes by it.
#[derive(Debug, Default)]
pub struct Desktop(OnceLock<Shortcuts>);

impl Desktop {
    pub fn shortcuts(&self) -> &Shortcuts {
        self.0.get_or_init(afterword_media::shortcuts)
    }

    /// Whether hotkeys are registered with the X server here (not given by
    /// the GlobalShortcuts portal, `portal_hotkeys.rs`, nor absent).
    pub fn via_x11(&self) -> bool {
        matches!(self.shortcuts(), Shortcuts::X11)
    }
}

/// The marker that the person has been told.
const TOLD: &str = "told-no-hotkeys";

/// Whether this desktop gives global hotkeys, as the pages show it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct HotkeySupportView {
    pub available: bool,
    /// Why not, in words.
    pub why: Option<String>,
    /// The desktop binds them (the GlobalShortcuts portal): the settings'
    /// combinations are only suggested, at the next start.
    pub desktop_decides: bool,
}

impl From<&Shortcuts> for HotkeySupportView {
    fn from(s: &Shortcuts) -> Self {
        match s {
            Shortcuts::TrayOnly { why } => {
                HotkeySupportView { available: false, why: Some(why.clone()), desktop_decides: false }
            }
            Shortcuts::X11 => HotkeySupportView { available: true, why: None, desktop_decides: false },
            Shortcuts::Portal { .. } => HotkeySupportView { available: true, why: None, desktop_decides: true },
        }
    }
}

/// `true` when hotkeys can be registered; otherwise tells the person once.
/// May ask the session bus: call it off the main thread.
pub fn hotkeys_possible(app: &AppHandle, data_dir: &Path) -> bool {
    let desktop = app.state::<Desktop>();
    let Shortcuts::TrayOnly { why } = desktop.shortcuts() else { return true };
    tracing::info!(%why, "no global hotkeys on this desktop");
    let marker = data_dir.join(TOLD);
    if !marker.exists() {
        crate::actions::notify_now(
            app,
            "No global hotkeys on this desktop",
            &format!("{why}. Start and stop recordings from Afterword's tray icon."),
        );
        if let Err(e) = std::fs::create_dir_all(data_dir).and_then(|()| std::fs::write(&marker, why)) {
            tracing::warn!(error = %e, "cannot remember that no-hotkeys was said; it will be said again");
        }
    }
    false
}
