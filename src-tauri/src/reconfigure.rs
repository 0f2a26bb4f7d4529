//! Saving Settings, applied at once where that is safe: hotkeys, start at
//! login, and the share server's address and base URL (moved without a
//! restart, see `server.rs`). The library folder applies at the next start
//! (ARCHITECTURE.md says why); a folder that cannot be written is refused now.
//!
//! Nothing is half-applied: new hotkeys are registered first (a refused one
//! stops the save with the old ones working), then the share server moves,
//! and both are put back if a later step fails.

use tauri::{AppHandle, Manager};
use tauri_plugin_autostart::ManagerExt;

use crate::{
    error::{Error, Result},
    hotkeys::Bindings,
    settings::Settings,
    shell,
    state::Shell,
};

/// Checks, moves the share server, saves, then applies the rest.
pub async fn save(app: &AppHandle, settings: Settings) -> Result<Settings> {
    let shell = app.state::<Shell>();
    let previous = shell.settings();
    let bindings = Bindings::from_settings(&settings)?;
    settings.validate()?;
    if settings.library_folder != previous.library_folder {
        settings.check_library_folder()?;
    }
    // New hotkeys first: one the desktop refuses stops the save with the
    // old ones still registered.
    shell::register_hotkeys(app, bindings)?;
    let hotkeys_back = || {
        let back = Bindings::from_settings(&previous).and_then(|b| shell::register_hotkeys(app, b));
        if let Err(e) = back {
            tracing::error!(error = %e, "hotkeys not put back after a failed save");
        }
    };
    let home = shell.library().home().to_path_buf();
    if let Err(e) = shell.share.apply(&home, &previous, &settings).await {
        hotkeys_back();
        return Err(e);
    }
    if let Err(e) = settings.save(&shell.settings_path) {
        if let Err(back) = shell.share.apply(&home, &settings, &previous).await {
            tracing::error!(error = %back, "share server not moved back after a failed save");
        }
        hotkeys_back();
        return Err(e.into());
    }
    shell.set_settings(settings.clone());
    let autostart = app.autolaunch();
    let applied = if settings.start_at_login { autostart.enable() } else { autostart.disable() };
    applied.map_err(|e| Error::Io {
        what: "cannot change start at login".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(settings)
}
