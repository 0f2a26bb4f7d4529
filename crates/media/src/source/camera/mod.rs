//! Cameras: PipeWire `Video/Source` nodes with the Camera role (listed, and
//! read on the `pipewire-camera` thread, newest picture kept) and V4L2
//! devices (listed only). A camera is drawn as a bubble over the screen
//! (`source::overlay`) or recorded alone ([`CameraOnly`]).

mod list;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

pub(crate) use list::list;
use pipewire::spa::param::video::VideoFormat;

use super::pipewire_video::{Latest, Next};
use super::{SourceError, VideoSink, VideoSource};
pub use crate::devices::CameraInfo;

/// Why a camera could not be listed or opened. Says what happened; clients
/// add what to do.
#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    #[error("cannot reach PipeWire to find cameras: {reason}")]
    PipeWire { reason: String },
    #[error("PipeWire did not list its cameras within {secs} s")]
    Timeout { secs: u64 },
    #[error("no camera named {name:?} (cameras: {known})")]
    Unknown { name: String, known: String },
    #[error("camera {name:?} is a V4L2 device; only PipeWire cameras can be recorded in this build")]
    NotPipeWire { name: String },
    #[error("camera {name:?} gave no picture within {secs} s")]
    NoPicture { name: String, secs: u64 },
    #[error("camera {name:?} stopped: {reason}")]
    Gone { name: String, reason: String },
}

/// A PipeWire camera, streaming into [`Latest`]. Opening a camera this
/// process already has open shares its stream (a preview and the recording
/// see the same pictures, and a camera that serves one reader at a time
/// serves both); the stream stops when the last handle goes.
#[derive(Clone)]
pub struct Camera {
    open: Arc<Open>,
}

struct Open {
    name: String,
    description: String,
    latest: Arc<Latest>,
    stream: super::pipewire_video::Stream,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.stream.quit();
    }
}

/// The cameras open in this process, by their streams.
static OPEN: Mutex<Vec<Weak<Open>>> = Mutex::new(Vec::new());

impl std::fmt::Debug for Camera {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Camera").field("name", &self.open.name).finish_non_exhaustive()
    }
}

impl Camera {
    /// Finds the camera by node name or description, connects to it (or
    /// shares the stream already open) and waits for its first picture.
    pub fn open(name: &str) -> Result<Camera, CameraError> {
        let camera = Camera::find_or_start(name)?;
        match camera.latest().newer_than(0, FIRST_PICTURE) {
            Next::Frame(..) => Ok(camera),
            _ => Err(CameraError::NoPicture { name: camera.open.name.clone(), secs: FIRST_PICTURE.as_secs() }),
        }
    }

    /// The stream of `name` this process has open (if it still streams),
    /// else a new one. The registry stays locked meanwhile, so two opens at
    /// once start one stream.
    fn find_or_start(name: &str) -> Result<Camera, CameraError> {
        let mut open = OPEN.lock().unwrap_or_else(PoisonError::into_inner);
        open.retain(|o| o.strong_count() > 0);
        let streaming = open
            .iter()
            .filter_map(Weak::upgrade)
            .find(|o| (o.name == name || o.description == name) && !o.latest.has_ended());
        if let Some(shared) = streaming {
            return Ok(Camera { open: shared });
        }
        crate::encode::init();
        let cameras = list()?;
        let Some(found) = cameras.iter().find(|c| c.name == name || c.description == name) else {
            let known = cameras.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
            let known = if known.is_empty() { "none".to_owned() } else { known };
            return Err(CameraError::Unknown { name: name.to_owned(), known });
        };
        if found.kind != "pipewire" {
            return Err(CameraError::NotPipeWire { name: name.to_owned() });
        }
        let latest = Arc::new(Latest::default());
        let spec = super::pipewire_video::Spec {
            thread: "pipewire-camera",
            name: "afterword-camera",
            role: "Camera",
            what: "camera",
            gone: "its PipeWire node was removed",
            node: super::pipewire_video::Node::Named(found.name.clone()),
            formats: &[VideoFormat::BGRx, VideoFormat::RGBx, VideoFormat::YUY2, VideoFormat::BGRA, VideoFormat::RGBA],
            size: (640, 480),
            largest: (4096, 4096),
            fps: (30, 120),
            damage: false,
        };
        let stream = super::pipewire_video::Stream::start(spec, latest.clone())
            .map_err(|e| CameraError::PipeWire { reason: e.to_string() })?;
        let started =
            Arc::new(Open { name: found.name.clone(), description: found.description.clone(), latest, stream });
        open.push(Arc::downgrade(&started));
        Ok(Camera { open: started })
    }

    pub fn name(&self) -> &str {
        &self.open.name
    }

    pub(crate) fn latest(&self) -> &Latest {
        &self.open.latest
    }

    /// The size of its pictures.
    pub fn size(&self) -> (u32, u32) {
        self.latest().held().map(|f| (f.width() & !1, f.height() & !1)).unwrap_or((0, 0))
    }

    /// Its newest picture as a JPEG at most `max_width` wide, numbered (the
    /// number grows with each new picture), for a preview; `Err` with the
    /// reason once the camera has gone.
    pub fn preview_jpeg(&self, max_width: u32) -> Result<(u64, Vec<u8>), CameraError> {
        let gone = |reason| CameraError::Gone { name: self.open.name.clone(), reason };
        match self.latest().newer_than(0, Duration::ZERO) {
            Next::Frame(n, frame) => {
                Ok((n, crate::thumbnail::jpeg(&frame.frame, max_width).map_err(|e| gone(e.to_string()))?))
            }
            Next::Ended(reason) => Err(gone(reason)),
            Next::Same => Err(gone("no picture yet".to_owned())),
        }
    }
}

/// How long a camera may take to give its first picture.
const FIRST_PICTURE: Duration = Duration::from_secs(10);

/// The camera alone as the video, at its own size (`--camera-only`).
#[derive(Debug)]
pub struct CameraOnly {
    camera: Camera,
    fps: u32,
    size: (u32, u32),
}

impl CameraOnly {
    pub fn new(camera: Camera, fps: u32) -> CameraOnly {
        let size = camera.size();
        CameraOnly { camera, fps: fps.max(1), size }
    }
}

impl VideoSource for CameraOnly {
    fn describe(&self) -> String {
        format!("camera {}", self.camera.name())
    }

    fn backend(&self) -> &'static str {
        "pipewire-camera"
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    /// Pushes each new picture, in BGRA at the size it started with.
    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let tick = Duration::from_secs(1) / self.fps;
        let (mut seen, mut scaler) = (0, super::overlay::Scaler::default());
        while !stop.load(Ordering::Relaxed) {
            match self.camera.latest().newer_than(seen, tick) {
                Next::Ended(reason) => return Err(SourceError::Gone { what: self.describe(), reason }),
                Next::Frame(n, frame) => {
                    seen = n;
                    let (w, h) = self.size;
                    let Some(picture) = scaler.scale(&frame.frame, ffmpeg_next::format::Pixel::BGRA, w, h) else {
                        continue;
                    };
                    sink.push(super::VideoFrame::from_ffmpeg(picture, Instant::now(), None));
                }
                Next::Same => {}
            }
        }
        Ok(())
    }
}
