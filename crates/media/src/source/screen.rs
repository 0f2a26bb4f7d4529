//! Opening the screen with a chosen backend ([`crate::choose_backend`]).

use super::bubble::{CameraChoice, CameraUse};
use super::{CaptureArea, VideoSource};
use crate::devices::{Backend, DeviceError};

/// An open screen source, and the portal's token for the next recording.
pub struct OpenScreen {
    pub source: Box<dyn VideoSource>,
    /// From the portal: lets the next recording share the same screen
    /// without asking. `None` for other backends.
    pub restore_token: Option<String>,
}

impl std::fmt::Debug for OpenScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenScreen").field("source", &self.source.describe()).finish_non_exhaustive()
    }
}

/// Opens the screen with `backend`. `display` is X11's (default
/// `$DISPLAY`); `restore_token` is the portal's from an earlier recording.
/// The portal records the screen its dialog (or the token) picks, whole:
/// monitors by number, windows and areas are X11's.
pub fn screen_on(
    backend: Backend,
    display: Option<&str>,
    area: CaptureArea,
    fps: u32,
    cursor: bool,
    restore_token: Option<String>,
    camera: Option<&CameraChoice>,
) -> Result<OpenScreen, DeviceError> {
    // The camera first: a wrong name is an error before any portal dialog.
    #[cfg(target_os = "linux")]
    let camera = match camera {
        None => None,
        Some(choice) => {
            let opened = super::camera::Camera::open(&choice.name)?;
            match &choice.use_ {
                CameraUse::Only => {
                    let source = Box::new(super::camera::CameraOnly::new(opened, fps.clamp(1, 120)));
                    return Ok(OpenScreen { source, restore_token: None });
                }
                CameraUse::Bubble(bubble) => Some((opened, bubble.clone())),
            }
        }
    };
    #[cfg(not(target_os = "linux"))]
    if camera.is_some() {
        return Err(DeviceError::Unsupported);
    }
    match backend {
        #[cfg(target_os = "linux")]
        Backend::Portal => {
            if area != CaptureArea::Screen {
                return Err(DeviceError::PortalArea);
            }
            match fps {
                0 => return Err(DeviceError::ZeroFps),
                f if f > 120 => return Err(DeviceError::TooFast { fps: f }),
                _ => {}
            }
            let screen =
                super::portal::PortalScreen::open(&super::portal::PortalOptions::new(fps, cursor, restore_token))?;
            let restore_token = screen.restore_token().map(str::to_owned);
            let source: Box<dyn VideoSource> = match camera {
                Some((camera, bubble)) => Box::new(screen.with_bubble(camera, bubble)),
                None => Box::new(screen),
            };
            Ok(OpenScreen { source, restore_token })
        }
        #[cfg(target_os = "linux")]
        Backend::X11 => {
            let screen = super::x11::X11Screen::open(display, area, fps, cursor)?;
            let source: Box<dyn VideoSource> = match camera {
                Some((camera, bubble)) => Box::new(screen.with_bubble(camera, bubble)),
                None => Box::new(screen),
            };
            Ok(OpenScreen { source, restore_token: None })
        }
        _ => Ok(OpenScreen { source: super::screen(display, area, fps, cursor)?, restore_token: None }),
    }
}
