//! The Record page's microphone monitor: start (or follow a changed choice),
//! read the level, stop. Blocking work (opening a device) runs off the main
//! thread.

use tauri::{AppHandle, Manager, State};

use crate::{
    error::Result,
    monitor::{MicLevelView, Monitoring},
    state::Shell,
};

/// Starts metering the microphone from the settings, or follows a changed
/// choice; `None` when no microphone is recorded or a recording is live.
#[tauri::command]
#[specta::specta]
pub async fn mic_monitor_start(app: AppHandle) -> Result<Option<MicLevelView>> {
    tauri::async_runtime::spawn_blocking(move || app.state::<Monitoring>().ensure(&app.state::<Shell>())).await?
}

/// The monitored microphone's level (polled by the page while idle).
#[tauri::command]
#[specta::specta]
pub fn mic_monitor_level(monitoring: State<'_, Monitoring>) -> Option<MicLevelView> {
    monitoring.level()
}

/// Stops metering and closes the device (the page was left).
#[tauri::command]
#[specta::specta]
pub async fn mic_monitor_stop(app: AppHandle) -> Result<()> {
    tauri::async_runtime::spawn_blocking(move || drop(app.state::<Monitoring>().release())).await?;
    Ok(())
}
