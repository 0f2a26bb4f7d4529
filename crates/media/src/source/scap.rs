//! macOS (ScreenCaptureKit) and Windows (Graphics Capture) screen capture
//! through the `scap` crate. Compiled only on those targets; not verified on
//! the Linux CI machine (it cannot run there).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use scap::capturer::{Capturer, Options};
use scap::frame::{Frame, FrameType};

use super::{SourceError, VideoFrame, VideoSink, VideoSource};
use crate::devices::DeviceError;

/// The main display through scap. The capturer is not `Send`, so it is built
/// on the capture thread; `open` builds one only to learn the frame size.
#[derive(Debug)]
pub struct ScapScreen {
    fps: u32,
    cursor: bool,
    size: (u32, u32),
}

fn options(fps: u32, cursor: bool) -> Options {
    Options { fps, show_cursor: cursor, output_type: FrameType::BGRAFrame, ..Options::default() }
}

impl ScapScreen {
    /// Check support and permission, and learn the frame size.
    pub fn open(fps: u32, cursor: bool) -> Result<Self, DeviceError> {
        if fps == 0 {
            return Err(DeviceError::ZeroFps);
        }
        let mut probe = Capturer::build(options(fps, cursor)).map_err(|e| DeviceError::Open {
            what: "the screen".into(),
            reason: format!("{e}; allow screen recording for Afterword in the system settings"),
        })?;
        let [w, h] = probe.get_output_frame_size();
        Ok(Self { fps, cursor, size: (w, h) })
    }
}

impl VideoSource for ScapScreen {
    fn describe(&self) -> String {
        format!("scap main display {}x{}", self.size.0, self.size.1)
    }

    fn backend(&self) -> &'static str {
        "scap"
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let mut capturer = Capturer::build(options(self.fps, self.cursor))
            .map_err(|e| SourceError::Open { what: "the screen".into(), reason: e.to_string() })?;
        capturer.start_capture();
        while !stop.load(Ordering::Relaxed) {
            let frame = capturer
                .get_next_frame()
                .map_err(|e| SourceError::Gone { what: "the screen".into(), reason: e.to_string() })?;
            let captured = Instant::now();
            let (w, h, data) = match &frame {
                Frame::BGRA(f) => (f.width, f.height, &f.data),
                Frame::BGRx(f) => (f.width, f.height, &f.data),
                _ => continue,
            };
            let (w, h) = (u32::try_from(w).unwrap_or(0), u32::try_from(h).unwrap_or(0));
            if w == self.size.0 && h == self.size.1 {
                sink.push(VideoFrame::from_bgra(w, h, w as usize * 4, data, captured));
            }
        }
        capturer.stop_capture();
        Ok(())
    }
}
