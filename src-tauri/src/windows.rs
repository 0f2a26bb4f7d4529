//! The app's windows: the main window (hidden, never destroyed, when closed),
//! the small always-on-top recording control, and the full-screen area
//! selector. Each is the same web app at a different route.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::{error::Result, monitor::Monitoring};

pub const MAIN: &str = "main";
pub const CONTROL: &str = "control";
pub const AREA: &str = "area";

/// Shows, unminimizes and focuses the main window (tray "Open", a second launch).
pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(MAIN) {
        app.state::<Monitoring>().set_window_hidden(false);
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// Hides the main window to the tray and lets go of the microphone its
/// Record page may be metering. The device closes on a blocking task: the
/// monitor's lock can be held while a recording opens the microphone, and
/// this runs on the UI thread.
pub fn hide_main<R: Runtime>(window: &tauri::Window<R>) {
    let _ = window.hide();
    let app = window.app_handle().clone();
    tauri::async_runtime::spawn_blocking(move || app.state::<Monitoring>().set_window_hidden(true));
}

/// The floating control while recording: small, on top, on every workspace.
pub fn open_control(app: &AppHandle) -> Result<()> {
    if app.get_webview_window(CONTROL).is_some() {
        return Ok(());
    }
    WebviewWindowBuilder::new(app, CONTROL, WebviewUrl::App("index.html#/control".into()))
        .title("Afterword recording")
        .inner_size(320.0, 64.0)
        .resizable(false)
        .decorations(false)
        .always_on_top(true)
        .visible_on_all_workspaces(true)
        .skip_taskbar(true)
        .focused(false)
        .build()?;
    Ok(())
}

pub fn close_control(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(CONTROL) {
        let _ = w.close();
    }
}

/// A full-screen window where a rectangle is dragged out; the page reports it
/// with the `area_picked` command.
pub fn open_area_selector(app: &AppHandle) -> Result<WebviewWindow> {
    if let Some(w) = app.get_webview_window(AREA) {
        let _ = w.set_focus();
        return Ok(w);
    }
    let w = WebviewWindowBuilder::new(app, AREA, WebviewUrl::App("index.html#/area".into()))
        .title("Pick an area")
        .fullscreen(true)
        .decorations(false)
        .always_on_top(true)
        .skip_taskbar(true)
        .build()?;
    Ok(w)
}

pub fn close_area_selector(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(AREA) {
        let _ = w.close();
    }
}
