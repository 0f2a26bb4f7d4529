//! Saving Settings, applied at once where that is safe: hotkeys, start at
//! login, and the share server's address and base URL (moved without a
//! restart, see `server.rs`). The library folder applies at the next start
//! (ARCHITECTURE.md says why); a folder that cannot be written is refused now.
//!
//! Nothing is half-applied: the share server moves first, and is moved back
//! if the settings file cannot be written.

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
    let home = shell.library().home().to_path_buf();
    shell.share.apply(&home, &previous, &settings).await?;
    if let Err(e) = settings.save(&shell.settings_path) {
        if let Err(back) = shell.share.apply(&home, &settings, &previous).await {
            tracing::error!(error = %back, "share server not moved back after a failed save");
        }
        return Err(e.into());
    }
    shell.set_settings(settings.clone());
    shell::register_hotkeys(app, bindings)?;
    let autostart = app.autolaunch();
    let applied = if settings.start_at_login { autostart.enable() } else { autostart.disable() };
    applied.map_err(|e| Error::Io {
        what: "cannot change start at login".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(settings)
}
