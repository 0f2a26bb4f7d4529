//! The Settings page: read, and save (which applies what it can at once:
//! hotkeys, start at login, the share server's address and base URL).

use tauri::{AppHandle, State};

use crate::{error::Result, reconfigure, settings::Settings, state::Shell};

#[tauri::command]
#[specta::specta]
pub fn get_settings(shell: State<'_, Shell>) -> Settings {
    shell.settings()
}

/// Saves and applies; the library folder applies at the next start.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(app: AppHandle, settings: Settings) -> Result<Settings> {
    reconfigure::save(&app, settings).await
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
        share_base_url: shell.share.base_url(),
        share_listen: shell.share.addr().to_string(),
        library_folder: shell.library().home().display().to_string(),
    }
}

/// The page calls this once it has painted: it lets the work that waits for
/// the first paint begin (`after_paint.rs`), and the log line is what the start-up
/// benchmark waits for.
#[tauri::command]
#[specta::specta]
pub fn ui_ready(after_paint: State<'_, crate::after_paint::AfterPaint>) {
    after_paint.painted();
    let ms = crate::STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    tracing::info!(ms, "first paint");
    println!("afterword: first paint after {ms} ms");
}
