//! The app's windows: the main window (hidden, never destroyed, when closed),
//! the small always-on-top recording control, the camera bubble while
//! recording, and the full-screen area selector. Each is the same web app at
//! a different route.

use tauri::{
    AppHandle, Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder,
    WindowEvent,
};

use crate::{camera::RecordedBubble, error::Result, monitor::Monitoring, state::Shell};

pub const MAIN: &str = "main";
pub const CONTROL: &str = "control";
pub const AREA: &str = "area";
pub const BUBBLE: &str = "bubble";

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
    // Three more buttons for a camera bubble.
    let width = if app.state::<Shell>().bubble().is_some() { 440.0 } else { 320.0 };
    WebviewWindowBuilder::new(app, CONTROL, WebviewUrl::App("index.html#/control".into()))
        .title("Afterword recording")
        .inner_size(width, 64.0)
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

/// The camera bubble's window, where the recording draws the bubble: the
/// camera's preview in a window shaped like the bubble, on top, on every
/// workspace. Dragging it moves the recording's bubble; its size buttons
/// resize both. The recording draws the camera over it, so the clip shows
/// one bubble.
pub fn open_bubble(app: &AppHandle, bubble: &RecordedBubble) -> Result<()> {
    if app.get_webview_window(BUBBLE).is_some() {
        return Ok(());
    }
    let (x, y, side) = bubble.on_screen();
    let scale = app.primary_monitor().ok().flatten().map_or(1.0, |m| m.scale_factor());
    let logical = f64::from(side) / scale;
    // Resizable, or GTK keeps its first size; with no decorations there is
    // no handle: the window's buttons resize it.
    let window = WebviewWindowBuilder::new(app, BUBBLE, WebviewUrl::App("index.html#/bubble".into()))
        .title("Afterword camera")
        .inner_size(logical, logical)
        .position(f64::from(x) / scale, f64::from(y) / scale)
        .decorations(false)
        .resizable(true)
        .always_on_top(true)
        .visible_on_all_workspaces(true)
        .skip_taskbar(true)
        .focused(false)
        .visible(false)
        .build()?;
    window.set_size(PhysicalSize::new(side, side))?;
    window.set_position(PhysicalPosition::new(x, y))?;
    shape(&window, side, bubble.live.get().shape == afterword_media::Shape::Circle);
    window.show()?;
    let follower = window.clone();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            follow(&follower);
        }
    });
    Ok(())
}

/// The recording's bubble follows the window's place and size.
fn follow(window: &WebviewWindow) {
    let Some(bubble) = window.state::<Shell>().bubble() else { return };
    if let (Ok(at), Ok(size)) = (window.outer_position(), window.inner_size()) {
        bubble.follow_window(at.x, at.y, size.width);
    }
}

/// Resizes the bubble by `by` pixels, keeping its centre, window and recording alike.
pub fn resize_bubble(app: &AppHandle, by: i32) -> Result<()> {
    let Some(bubble) = app.state::<Shell>().bubble() else { return Ok(()) };
    let before = bubble.live.get().size;
    let now = bubble.grow(by);
    if let Some(window) = app.get_webview_window(BUBBLE) {
        let shift = (i64::from(before) - i64::from(now.size)) / 2;
        let at = window.outer_position()?;
        shape(&window, now.size, now.shape == afterword_media::Shape::Circle);
        window.set_size(PhysicalSize::new(now.size, now.size))?;
        window.set_position(PhysicalPosition::new(at.x + shift as i32, at.y + shift as i32))?;
    }
    Ok(())
}

/// Moves the bubble to the next corner (its window with it).
pub fn bubble_to_next_corner(app: &AppHandle) -> Result<()> {
    let Some(bubble) = app.state::<Shell>().bubble() else { return Ok(()) };
    bubble.next_corner();
    if let Some(window) = app.get_webview_window(BUBBLE) {
        let (x, y, _) = bubble.on_screen();
        window.set_position(PhysicalPosition::new(x, y))?;
    }
    Ok(())
}

/// Moves the bubble's window to (`x`, `y`) on the screen; the recording's
/// bubble follows it.
pub fn move_bubble(app: &AppHandle, x: i32, y: i32) -> Result<()> {
    if let Some(window) = app.get_webview_window(BUBBLE) {
        window.set_position(PhysicalPosition::new(x, y))?;
    }
    Ok(())
}

/// The bubble's window's place on the screen; (0, 0) when there is none.
pub fn bubble_position(app: &AppHandle) -> Result<(i32, i32)> {
    match app.get_webview_window(BUBBLE) {
        Some(window) => window.outer_position().map(|p| (p.x, p.y)).map_err(Into::into),
        None => Ok((0, 0)),
    }
}

pub fn close_bubble(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(BUBBLE) {
        let _ = w.close();
    }
}

/// Cuts the window to the bubble's outline (the X11 SHAPE extension, through
/// GTK), so its corners show what is behind without a compositor.
fn shape(window: &WebviewWindow, side: u32, circle: bool) {
    #[cfg(target_os = "linux")]
    {
        let target = window.clone();
        let scale = window.scale_factor().unwrap_or(1.0);
        let _ = window.run_on_main_thread(move || {
            use gtk::prelude::WidgetExt;
            let Ok(gtk_window) = target.gtk_window() else { return };
            let region = gtk::cairo::Region::create();
            let side = (f64::from(side) / scale).round() as u32;
            for (x, y, width) in crate::camera::shape_spans(side, circle) {
                let _ = region.union_rectangle(&gtk::cairo::RectangleInt::new(x, y, width, 1));
            }
            gtk_window.shape_combine_region(Some(&region));
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (window, side, circle);
}
