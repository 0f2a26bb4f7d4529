//! X11 device listing and request validation through x11rb (pure Rust XCB):
//! chosen over shelling out to `xwininfo`/`xrandr` so listing needs no extra
//! packages and errors are typed.

use x11rb::connection::Connection;
use x11rb::protocol::randr::ConnectionExt as _;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _, MapState, Window};
use x11rb::rust_connection::RustConnection;

use super::{DeviceError, DisplayInfo, MonitorInfo, Rect, WindowInfo};
use crate::source::CaptureArea;

/// The display to use: the argument, else `$DISPLAY`.
pub(crate) fn display_name(display: Option<&str>) -> Result<String, DeviceError> {
    if let Some(d) = display.filter(|d| !d.is_empty()) {
        return Ok(d.to_owned());
    }
    match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() => Ok(d),
        _ if std::env::var_os("WAYLAND_DISPLAY").is_some() => Err(DeviceError::WaylandOnly),
        _ => Err(DeviceError::NoDisplay),
    }
}

pub(super) fn connect(display: &str) -> Result<(RustConnection, usize), DeviceError> {
    x11rb::connect(Some(display))
        .map_err(|e| DeviceError::XConnect { display: display.to_owned(), reason: e.to_string() })
}

fn x_err(display: &str) -> impl Fn(&dyn std::fmt::Display) -> DeviceError + '_ {
    move |e| DeviceError::XConnect { display: display.to_owned(), reason: e.to_string() }
}

/// The screen, its monitors and its top-level windows.
pub(crate) fn list(display: &str) -> Result<(DisplayInfo, Vec<WindowInfo>), DeviceError> {
    let (conn, screen_num) = connect(display)?;
    let screen = conn.setup().roots.get(screen_num).ok_or(DeviceError::NoDisplay)?;
    let info = DisplayInfo {
        name: display.to_owned(),
        width: u32::from(screen.width_in_pixels),
        height: u32::from(screen.height_in_pixels),
        monitors: monitors(&conn, screen.root),
    };
    let windows = windows(&conn, screen.root).map_err(|e| x_err(display)(&e))?;
    Ok((info, windows))
}

fn monitors(conn: &RustConnection, root: Window) -> Vec<MonitorInfo> {
    let Ok(Ok(reply)) = conn.randr_get_monitors(root, true).map(|c| c.reply()) else {
        return Vec::new(); // no RandR 1.5: the screen is the only "monitor"
    };
    reply
        .monitors
        .iter()
        .enumerate()
        .map(|(index, m)| MonitorInfo {
            index,
            name: conn
                .get_atom_name(m.name)
                .ok()
                .and_then(|c| c.reply().ok())
                .map_or_else(|| format!("monitor-{index}"), |r| String::from_utf8_lossy(&r.name).into_owned()),
            x: i32::from(m.x),
            y: i32::from(m.y),
            width: u32::from(m.width),
            height: u32::from(m.height),
            primary: m.primary,
        })
        .collect()
}

fn atom(conn: &RustConnection, name: &[u8]) -> Option<u32> {
    conn.intern_atom(false, name).ok()?.reply().ok().map(|r| r.atom)
}

fn title(conn: &RustConnection, w: Window, net_wm_name: Option<u32>) -> Option<String> {
    let read = |prop: u32| {
        let r = conn.get_property(false, w, prop, AtomEnum::ANY, 0, 1024).ok()?.reply().ok()?;
        (!r.value.is_empty()).then(|| String::from_utf8_lossy(&r.value).into_owned())
    };
    net_wm_name.and_then(read).or_else(|| read(AtomEnum::WM_NAME.into()))
}

fn geometry(conn: &RustConnection, w: Window, root: Window) -> Option<Rect> {
    let g = conn.get_geometry(w).ok()?.reply().ok()?;
    let t = conn.translate_coordinates(w, root, 0, 0).ok()?.reply().ok()?;
    Some(Rect { x: i32::from(t.dst_x), y: i32::from(t.dst_y), width: u32::from(g.width), height: u32::from(g.height) })
}

/// Managed windows (`_NET_CLIENT_LIST`) when a window manager runs, else the
/// mapped top-level windows that have a title.
fn windows(conn: &RustConnection, root: Window) -> Result<Vec<WindowInfo>, x11rb::errors::ReplyError> {
    let net_wm_name = atom(conn, b"_NET_WM_NAME");
    let clients = atom(conn, b"_NET_CLIENT_LIST")
        .and_then(|a| conn.get_property(false, root, a, AtomEnum::WINDOW, 0, 4096).ok()?.reply().ok())
        .and_then(|r| r.value32().map(Iterator::collect::<Vec<u32>>))
        .filter(|v| !v.is_empty());
    let candidates = match clients {
        Some(c) => c,
        None => conn.query_tree(root)?.reply()?.children,
    };
    Ok(candidates
        .into_iter()
        .filter(|&w| {
            conn.get_window_attributes(w)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some_and(|a| a.map_state == MapState::VIEWABLE)
        })
        .filter_map(|w| {
            let title = title(conn, w, net_wm_name)?;
            let r = geometry(conn, w, root)?;
            Some(WindowInfo { id: w, title, x: r.x, y: r.y, width: r.width, height: r.height })
        })
        .collect())
}

/// Check a capture request against the live screen and return the
/// rectangle to grab.
pub(crate) fn resolve_area(display: &str, area: CaptureArea, fps: u32) -> Result<Rect, DeviceError> {
    match fps {
        0 => return Err(DeviceError::ZeroFps),
        f if f > 120 => return Err(DeviceError::TooFast { fps: f }),
        _ => {}
    }
    area_rect(display, area)
}

/// Where `area` is on the screen of `display`, in root pixels, if it is on it.
pub(crate) fn area_rect(display: &str, area: CaptureArea) -> Result<Rect, DeviceError> {
    let (conn, screen_num) = connect(display)?;
    let screen = conn.setup().roots.get(screen_num).ok_or(DeviceError::NoDisplay)?;
    let (sw, sh) = (u32::from(screen.width_in_pixels), u32::from(screen.height_in_pixels));
    match area {
        CaptureArea::Screen => Ok(Rect { x: 0, y: 0, width: sw, height: sh }),
        CaptureArea::Monitor(index) => {
            let all = monitors(&conn, screen.root);
            let count = all.len();
            all.into_iter()
                .nth(index)
                .map(|m| Rect { x: m.x, y: m.y, width: m.width, height: m.height })
                .ok_or(DeviceError::UnknownMonitor { index, count })
        }
        CaptureArea::Window(id) => geometry(&conn, id, screen.root).ok_or(DeviceError::UnknownWindow { id }),
        CaptureArea::Rect { x, y, width, height } => {
            let inside = x >= 0
                && y >= 0
                && width >= 2
                && height >= 2
                && u64::from(x.unsigned_abs()) + u64::from(width) <= u64::from(sw)
                && u64::from(y.unsigned_abs()) + u64::from(height) <= u64::from(sh);
            if inside {
                Ok(Rect { x, y, width, height })
            } else {
                Err(DeviceError::AreaOffScreen { x, y, width, height, screen_width: sw, screen_height: sh })
            }
        }
    }
}
