//! The screen on Wayland: the xdg-desktop-portal ScreenCast interface
//! grants a screen (a dialog, or none when a restore token is honoured),
//! and PipeWire delivers its pictures.
//!
//! ```text
//!  portal-session thread (tokio, ashpd)       pipewire-screen thread (PipeWire main loop)
//!   CreateSession → SelectSources(cursor,      connect_fd(fd) → stream to `node`
//!   persist, token) → Start → OpenPipeWire-    negotiate BGRx/BGRA/RGBx/RGBA
//!   Remote ──(fd, node, new token)──────────▶  each buffer ──▶ Latest (newest frame only)
//!   keeps the session open until stop;                                │
//!   the portal closing it ends the stream ──▶ Latest::end             ▼
//!                                               capture-video: PortalScreen::run pushes
//!                                               each new frame, and the held one again
//!                                               at least once a second
//! ```
//!
//! The portal's restore token comes back from [`PortalScreen::restore_token`];
//! keeping it (the recording crate does, in the library's settings) lets the
//! next recording skip the dialog.

mod grant;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use pipewire::spa::param::video::VideoFormat;

use super::pipewire_video::{Latest, Next, NoFormat};
use super::{SourceError, VideoFrame, VideoSink, VideoSource};

/// Why the portal gave no screen. Says what happened on this machine;
/// clients add what to do.
#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    #[error(
        "no screen-cast portal answers on the session bus ({reason}); xdg-desktop-portal and a backend for this desktop are needed"
    )]
    Unavailable { reason: String },
    #[error("screen sharing was cancelled in the portal's dialog")]
    Cancelled,
    #[error("the portal refused to share the screen")]
    Refused,
    #[error("the screen-cast portal did not answer {step} within {secs} s")]
    Timeout { step: &'static str, secs: u64 },
    #[error("the screen-cast portal failed at {step}: {reason}")]
    Failed { step: &'static str, reason: String },
    #[error("the portal shared no screen")]
    NoStream,
    #[error("cannot read the shared screen from PipeWire: {reason}")]
    PipeWire { reason: String },
    #[error("the shared screen gave no picture format within {secs} s")]
    NoFormat { secs: u64 },
}

/// How to ask the portal.
#[derive(Debug, Clone)]
pub struct PortalOptions {
    pub fps: u32,
    /// Draw the pointer into the picture.
    pub cursor: bool,
    /// A token from an earlier recording: the portal may share the same
    /// screen again without asking.
    pub restore_token: Option<String>,
    /// How long the person may take in the portal's dialog.
    pub dialog_limit: Duration,
}

impl PortalOptions {
    pub fn new(fps: u32, cursor: bool, restore_token: Option<String>) -> Self {
        Self { fps, cursor, restore_token, dialog_limit: Duration::from_secs(120) }
    }
}

/// A screen shared through the portal, streaming.
pub struct PortalScreen {
    width: u32,
    height: u32,
    fps: u32,
    restore_token: Option<String>,
    latest: Arc<Latest>,
    stream: super::pipewire_video::Stream,
    session: grant::Session,
    /// The camera's bubble, drawn over each picture pushed.
    overlay: Option<super::overlay::Overlay>,
}

impl std::fmt::Debug for PortalScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalScreen").field("size", &(self.width, self.height)).finish_non_exhaustive()
    }
}

impl PortalScreen {
    /// Asks the portal for a screen (its dialog, unless the restore token
    /// is honoured), then opens its PipeWire stream and waits for the
    /// picture's format.
    pub fn open(options: &PortalOptions) -> Result<Self, PortalError> {
        crate::encode::init();
        let latest = Arc::new(Latest::default());
        let (session, granted) = grant::Session::start(options, latest.clone())?;
        let spec = super::pipewire_video::Spec {
            thread: "pipewire-screen",
            name: "afterword-screen",
            role: "Screen",
            what: "screen",
            gone: "the shared screen went away",
            node: super::pipewire_video::Node::Portal { fd: granted.fd, id: granted.node },
            // Packed 32-bit RGB in either order.
            formats: &[VideoFormat::BGRx, VideoFormat::BGRA, VideoFormat::RGBx, VideoFormat::RGBA],
            size: (1920, 1080),
            largest: (16384, 16384),
            fps: (options.fps, options.fps),
            damage: true,
        };
        let stream = super::pipewire_video::Stream::start(spec, latest.clone())
            .map_err(|e| PortalError::PipeWire { reason: e.to_string() })?;
        let (width, height) = latest.wait_for_format(FORMAT_LIMIT).map_err(|e| match e {
            NoFormat::Ended(reason) => PortalError::PipeWire { reason },
            NoFormat::Late => PortalError::NoFormat { secs: FORMAT_LIMIT.as_secs() },
        })?;
        // Some portals send a picture only when the screen changes
        // (xdg-desktop-portal-wlr on wlroots, whose first one is also lost
        // if it comes before the stream is linked): wait a moment for it,
        // then record without it (`run` sends black until one comes).
        if let Next::Ended(reason) = latest.newer_than(0, FIRST_PICTURE_LIMIT) {
            return Err(PortalError::PipeWire { reason });
        }
        tracing::info!(width, height, node = granted.node, "portal screen streaming");
        Ok(Self {
            width,
            height,
            fps: options.fps.max(1),
            restore_token: granted.restore_token,
            latest,
            stream,
            session,
            overlay: None,
        })
    }

    /// The token that lets the next recording share the same screen without
    /// asking (`None` when the portal gave none).
    pub fn restore_token(&self) -> Option<&str> {
        self.restore_token.as_deref()
    }

    /// Draws `camera` as `bubble` over the screen.
    pub fn with_bubble(mut self, camera: super::camera::Camera, bubble: impl Into<super::bubble::LiveBubble>) -> Self {
        // Each picture is whole and of the format the stream agreed on.
        let pixel = self.latest.pixel().unwrap_or(ffmpeg_next::format::Pixel::BGRZ);
        self.overlay = Some(super::overlay::Overlay::new(camera, bubble.into(), self.width, self.height, pixel));
        self
    }
}

impl Drop for PortalScreen {
    fn drop(&mut self) {
        self.stream.quit();
        self.session.close();
    }
}

impl VideoSource for PortalScreen {
    fn describe(&self) -> String {
        format!("portal screen {}x{}", self.width, self.height)
    }

    fn backend(&self) -> &'static str {
        "portal"
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    /// Pushes each new picture (at most one per tick of the frame rate), and
    /// the last one again at least every [`HOLD`]: portals send frames only
    /// when the screen changes. A frame pushed outside recording time (the
    /// countdown) is pushed again at the next tick. Until the portal's first
    /// picture comes, a black one stands in, so the recording still starts
    /// at Start (the file starts with its first picture, and what was said
    /// before it would be cut), and the report says why it is black.
    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let tick = Duration::from_secs(1) / self.fps;
        let mut seen = 0;
        // `again`: the encoder does not have the picture yet (none at first).
        let (mut last_push, mut again) = (Instant::now(), true);
        let mut scaler = super::overlay::Scaler::default();
        while !stop.load(Ordering::Relaxed) {
            let started = Instant::now();
            let next = self.latest.newer_than(seen, tick);
            let bubble = self.overlay.as_mut().map(|o| o.refresh(sink, &mut scaler)).unwrap_or_default();
            let frame = match next {
                Next::Ended(reason) => return Err(SourceError::Gone { what: self.describe(), reason }),
                Next::Frame(n, mut frame) => {
                    seen = n;
                    // The picture's own changes, and where the camera's was or is.
                    if let Some(changed) = &mut frame.changed {
                        changed.extend(bubble);
                    }
                    Some(frame)
                }
                // Nothing changed since the picture the encoder has (unless
                // it never got it: the sink makes that one whole), but the
                // camera's picture may have.
                Next::Same if again || !bubble.is_empty() || last_push.elapsed() >= HOLD => match self.latest.held() {
                    Some(held) => Some(VideoFrame::from_ffmpeg(held, Instant::now(), Some(bubble))),
                    None => self
                        .latest
                        .blank()
                        .map(|blank| VideoFrame::from_ffmpeg(blank, Instant::now(), Some(bubble)).standing_in()),
                },
                Next::Same => None,
            };
            if let Some(mut frame) = frame {
                if let Some(overlay) = &self.overlay {
                    let (stride, height) = (frame.frame.stride(0), frame.frame.height());
                    overlay.draw(frame.frame.data_mut(0), stride, 0..height);
                }
                again = !sink.push(frame);
                if !again && seen == 0 {
                    sink.warn(NO_PICTURE.to_owned());
                }
                last_push = Instant::now();
                // At most one frame per tick.
                if let Some(rest) = tick.checked_sub(started.elapsed()) {
                    std::thread::sleep(rest);
                }
            }
        }
        Ok(())
    }
}

/// The longest a picture is held without pushing it again.
const HOLD: Duration = Duration::from_secs(1);
/// How long the stream may take to agree on a picture format.
const FORMAT_LIMIT: Duration = Duration::from_secs(10);
/// How long opening waits for the portal's first picture.
const FIRST_PICTURE_LIMIT: Duration = Duration::from_secs(1);
/// The report's warning when the recording started before the portal's first picture.
pub(crate) const NO_PICTURE: &str = "the screen-cast portal sent no picture of the screen when the recording started \
     (some send one only when something on the screen changes): the clip is black until then";
