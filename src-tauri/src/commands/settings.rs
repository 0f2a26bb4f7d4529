//! The Settings page: read, and save (which also re-registers the hotkeys and
//! turns start-at-login on or off).

use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use crate::{
    error::{Error, Result},
    hotkeys::Bindings,
    settings::Settings,
    shell,
    state::Shell,
};

#[tauri::command]
#[specta::specta]
pub fn get_settings(shell: State<'_, Shell>) -> Settings {
    shell.settings()
}

/// Saves and applies; library folder, LAN serving and port apply at next start.
#[tauri::command]
#[specta::specta]
pub fn save_settings(app: AppHandle, shell: State<'_, Shell>, settings: Settings) -> Result<Settings> {
    let bindings = Bindings::from_settings(&settings)?;
    settings.save(&shell.settings_path)?;
    shell::register_hotkeys(&app, bindings)?;
    let autostart = app.autolaunch();
    let applied = if settings.start_at_login { autostart.enable() } else { autostart.disable() };
    applied.map_err(|e| Error::Io {
        what: "cannot change start at login".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    shell.set_settings(settings.clone());
    Ok(settings)
}

/// Facts the pages show: where links point and where the library is.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub share_base_url: String,
    /// Where the share server listens (loopback, or every interface for LAN).
    pub share_listen: String,
    pub library_folder: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(shell: State<'_, Shell>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        share_base_url: shell.share.base_url().to_owned(),
        share_listen: shell.share.addr.to_string(),
        library_folder: shell.library().home().display().to_string(),
    }
}

/// The page calls this once it has painted: the log line is what the start-up
/// benchmark waits for.
#[tauri::command]
#[specta::specta]
pub fn ui_ready() {
    let ms = crate::STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    tracing::info!(ms, "first paint");
    println!("afterword: first paint after {ms} ms");
}
