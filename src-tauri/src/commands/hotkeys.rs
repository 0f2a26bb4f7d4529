//! The Settings hotkey field: while it waits for a combination, presses of
//! the app's own hotkeys go to it (`HotkeyCaptured`) instead of starting or
//! pausing a recording.

use std::time::Instant;

use tauri::State;

use crate::hotkeys::Capturing;

/// The field got focus (`true`) or lost it (`false`).
#[tauri::command]
#[specta::specta]
pub fn hotkey_capture(capturing: State<'_, Capturing>, on: bool) {
    tracing::info!(on, "a hotkey field waits for keys");
    capturing.set(on, Instant::now());
}

/// Whether this desktop gives the app global hotkeys (not a Wayland desktop
/// without the GlobalShortcuts portal), and why not.
#[tauri::command]
#[specta::specta]
pub async fn hotkey_support(app: tauri::AppHandle) -> crate::no_hotkeys::HotkeySupportView {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || app.state::<crate::no_hotkeys::Desktop>().shortcuts().into())
        .await
        .unwrap_or(crate::no_hotkeys::HotkeySupportView { available: true, why: None, desktop_decides: false })
}
