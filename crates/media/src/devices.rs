//! What can be recorded: X11 displays and their monitors, windows, and
//! microphones; and checking a capture request before anything starts.

mod backend;
#[cfg(target_os = "linux")]
mod grab;
#[cfg(target_os = "linux")]
mod shortcuts;
#[cfg(target_os = "linux")]
mod watch;
mod x11;

pub use backend::{Backend, BackendChoice, SessionEnv, Why, choose_backend, choose_backend_in};
#[cfg(target_os = "linux")]
pub use shortcuts::{NOT_OFFERED, PortalAnswer, Shortcuts, choose_shortcuts, global_shortcuts_portal, shortcuts};

#[cfg(target_os = "linux")]
pub(crate) use grab::{GrabError, XGrab};
#[cfg(target_os = "linux")]
pub(crate) use watch::{Cursor, Damage, XWatch, span};
pub(crate) use x11::{display_name, resolve_area};

/// Why a device could not be listed, found or opened. Messages say what is
/// wrong in the machine's terms, never a client's flags or screens: the CLI
/// and the app each add what to do (by variant) in their own words.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    #[error("no X display: DISPLAY is not set. Run inside an X11 session")]
    NoDisplay,
    #[error(
        "this is a Wayland session without XWayland's DISPLAY; screen capture on pure Wayland is not supported in this build, log in to an X11 session or start the app under XWayland"
    )]
    WaylandOnly,
    #[error("cannot connect to X display {display}: {reason}. Is the X server running and DISPLAY/XAUTHORITY right?")]
    XConnect { display: String, reason: String },
    #[error("window {id} (0x{id:x}) does not exist (closed, or not a top-level window)")]
    UnknownWindow { id: u32 },
    #[error("monitor {index} does not exist; this display has {count} monitor(s), numbered from 0")]
    UnknownMonitor { index: usize, count: usize },
    #[error(
        "area {width}x{height} at {x},{y} is not inside the {screen_width}x{screen_height} screen; pick X,Y,W,H within it"
    )]
    AreaOffScreen { x: i32, y: i32, width: u32, height: u32, screen_width: u32, screen_height: u32 },
    #[error("fps must be at least 1 (30 is the default)")]
    ZeroFps,
    #[error("fps {fps} is more than 120; pick 1 to 120 (30 is the default)")]
    TooFast { fps: u32 },
    #[error("no microphone found; check that one is plugged in")]
    NoMicrophone,
    #[error("system audio needs a PulseAudio or PipeWire server with a default output; none was found")]
    NoSystemAudio,
    #[error("microphone {name:?} not found; check that it is plugged in")]
    UnknownMicrophone { name: String },
    #[error("the audio system did not answer: {0}. Is PulseAudio/PipeWire running?")]
    Audio(String),
    #[error("screen capture is not supported on this platform in this build")]
    Unsupported,
    #[error("cannot open {what}: {reason}")]
    Open { what: String, reason: String },
    #[cfg(target_os = "linux")]
    #[error(transparent)]
    Portal(#[from] crate::source::portal::PortalError),
    #[cfg(target_os = "linux")]
    #[error(transparent)]
    Camera(#[from] crate::source::camera::CameraError),
    #[error(
        "the portal records the whole screen it shares; monitors by number, windows and areas can only be recorded on X11"
    )]
    PortalArea,
}

/// A rectangle in screen pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// One X display (screen) and its monitors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DisplayInfo {
    /// The X display name, e.g. `:0`.
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub monitors: Vec<MonitorInfo>,
}

/// One monitor (RandR), index as accepted by `--display N`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonitorInfo {
    pub index: usize,
    pub name: String,
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub primary: bool,
}

/// A top-level window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WindowInfo {
    pub id: u32,
    pub title: String,
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// A camera `afterword devices` shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CameraInfo {
    /// What `--camera` takes: the PipeWire node's name, or the V4L2 device's path.
    pub name: String,
    pub description: String,
    /// `pipewire` (recordable) or `v4l2` (listed only).
    pub kind: &'static str,
}

/// An audio input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MicrophoneInfo {
    pub name: String,
    pub default: bool,
}

/// The part of [`Devices`] a [`DeviceProblem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DevicePart {
    /// Displays and windows.
    Screen,
    Microphones,
    Cameras,
}

/// A part of [`Devices`] that could not be listed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeviceProblem {
    pub part: DevicePart,
    pub message: String,
}

impl DeviceProblem {
    pub fn new(part: DevicePart, error: impl std::fmt::Display) -> Self {
        Self { part, message: error.to_string() }
    }
}

impl std::fmt::Display for DeviceProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Everything `afterword devices` shows. A part that could not be listed is
/// empty and explained in `problems`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Devices {
    /// The backend that records the screen, and why.
    pub backend: BackendChoice,
    pub displays: Vec<DisplayInfo>,
    pub windows: Vec<WindowInfo>,
    pub microphones: Vec<MicrophoneInfo>,
    /// PipeWire cameras (recordable), then V4L2 devices (listed only).
    pub cameras: Vec<CameraInfo>,
    pub problems: Vec<DeviceProblem>,
}

/// Where `area` is on the X screen of `display` (default `$DISPLAY`), in
/// root pixels: what an X11 recording of it grabs.
#[cfg(target_os = "linux")]
pub fn area_on_screen(display: Option<&str>, area: crate::CaptureArea) -> Result<Rect, DeviceError> {
    x11::area_rect(&display_name(display)?, area)
}

/// List the displays and windows of `display` (default `$DISPLAY`) and the
/// microphones.
pub fn devices(display: Option<&str>) -> Devices {
    let backend = choose_backend(display.map(|_| Backend::X11));
    let mut out = Devices { backend, ..Devices::default() };
    // On Wayland, X11's displays and windows are XWayland's: not what records.
    #[cfg(target_os = "linux")]
    if out.backend.backend == Backend::X11 {
        match display_name(display).and_then(|d| x11::list(&d)) {
            Ok((display, windows)) => {
                out.displays.push(display);
                out.windows = windows;
            }
            Err(e) => out.problems.push(DeviceProblem::new(DevicePart::Screen, e)),
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = display;
    match crate::source::mic::list() {
        Ok(mics) => {
            out.microphones = mics.into_iter().map(|(name, default)| MicrophoneInfo { name, default }).collect()
        }
        Err(e) => out.problems.push(DeviceProblem::new(DevicePart::Microphones, e)),
    }
    #[cfg(target_os = "linux")]
    match crate::source::camera::list() {
        Ok(cameras) => out.cameras = cameras,
        Err(e) => out.problems.push(DeviceProblem::new(DevicePart::Cameras, e)),
    }
    out
}
