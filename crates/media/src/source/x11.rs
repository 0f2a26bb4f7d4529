//! X11 screen capture through FFmpeg's `x11grab` device (XShm): the whole
//! screen, one monitor, a window by id, or an area; cursor on or off.
//! Works under XWayland too; a pure Wayland session is not supported by this
//! build (see the crate docs).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ffmpeg::{Dictionary, Packet, codec, decoder, format, frame, media};
use ffmpeg_next as ffmpeg;

use super::{CaptureArea, SourceError, VideoFrame, VideoSink, VideoSource};
use crate::devices::{self, DeviceError};

/// An open `x11grab` input.
pub struct X11Screen {
    input: format::context::Input,
    decoder: decoder::Video,
    index: usize,
    width: u32,
    height: u32,
    fps: u32,
    describe: String,
    watch: devices::XWatch,
    time_base: ffmpeg::Rational,
}

/// x11grab stamps each packet with the wall clock read just before the grab;
/// turn that into an `Instant`, so a slow grab on a busy server does not make
/// the frame look later than it is. Falls back to "now".
fn grab_instant(packet: &Packet, tb: ffmpeg::Rational) -> Instant {
    let now = Instant::now();
    let Some(pts) = packet.pts() else { return now };
    let micros = i128::from(pts) * 1_000_000 * i128::from(tb.0) / i128::from(tb.1.max(1));
    let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros() as i128);
    match u64::try_from(wall - micros) {
        Ok(age) if age < 1_000_000 => now.checked_sub(Duration::from_micros(age)).unwrap_or(now),
        _ => now,
    }
}

impl std::fmt::Debug for X11Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X11Screen").field("describe", &self.describe).finish_non_exhaustive()
    }
}

impl X11Screen {
    /// Validate the request against the X server, then open the grabber.
    /// `display` defaults to `$DISPLAY`.
    pub fn open(display: Option<&str>, area: CaptureArea, fps: u32, cursor: bool) -> Result<Self, DeviceError> {
        crate::encode::init();
        ffmpeg::device::register_all();
        let display = devices::display_name(display)?;
        let rect = devices::resolve_area(&display, area, fps)?;
        let fmt = ffmpeg::device::input::video().find(|f| f.name() == "x11grab").ok_or(DeviceError::NoX11Grab)?;
        let mut opts = Dictionary::new();
        opts.set("framerate", &fps.to_string());
        opts.set("draw_mouse", if cursor { "1" } else { "0" });
        let url = match area {
            CaptureArea::Window(id) => {
                opts.set("window_id", &id.to_string());
                display.clone()
            }
            _ => {
                opts.set("video_size", &format!("{}x{}", rect.width, rect.height));
                opts.set("grab_x", &rect.x.to_string());
                opts.set("grab_y", &rect.y.to_string());
                display.clone()
            }
        };
        let open_err =
            |e: ffmpeg::Error| DeviceError::Open { what: format!("X11 display {display}"), reason: e.to_string() };
        let input = match format::open_with(&url, &fmt, opts).map_err(open_err)? {
            format::context::Context::Input(i) => i,
            format::context::Context::Output(_) => return Err(DeviceError::NoX11Grab),
        };
        let stream = input.streams().best(media::Type::Video).ok_or(DeviceError::NoX11Grab)?;
        let index = stream.index();
        let time_base = stream.time_base();
        let decoder = codec::context::Context::from_parameters(stream.parameters())
            .and_then(|c| c.decoder().video())
            .map_err(open_err)?;
        let (width, height) = (decoder.width(), decoder.height());
        let describe = match area {
            CaptureArea::Screen => format!("x11 {display} screen"),
            CaptureArea::Monitor(n) => format!("x11 {display} monitor {n}"),
            CaptureArea::Window(id) => format!("x11 {display} window 0x{id:x}"),
            CaptureArea::Rect { x, y, width, height } => format!("x11 {display} area {x},{y} {width}x{height}"),
        };
        let watch = devices::XWatch::connect(&display)?;
        Ok(Self { input, decoder, index, width, height, fps, describe, watch, time_base })
    }
}

impl VideoSource for X11Screen {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn backend(&self) -> &'static str {
        "x11grab"
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let gone = |e: ffmpeg::Error| SourceError::Gone { what: self.describe.clone(), reason: e.to_string() };
        let mut next_check = Instant::now();
        while !stop.load(Ordering::Relaxed) {
            // A fresh packet each time: av_read_frame overwrites without
            // unreferencing, so reusing one leaks every frame (8 MB at 1080p).
            let mut packet = Packet::empty();
            // x11grab sleeps until the next frame is due, then grabs it.
            packet.read(&mut self.input).map_err(gone)?;
            let captured = grab_instant(&packet, self.time_base);
            // x11grab keeps returning the last shared-memory image after the
            // server dies, so ask the server itself twice a second.
            if captured >= next_check {
                next_check = captured + Duration::from_millis(500);
                if !self.watch.alive() {
                    return Err(SourceError::Gone {
                        what: self.describe.clone(),
                        reason: "the X server closed the connection".into(),
                    });
                }
            }
            if packet.stream() != self.index {
                continue;
            }
            self.decoder.send_packet(&packet).map_err(gone)?;
            let mut picture = frame::Video::empty();
            while self.decoder.receive_frame(&mut picture).is_ok() {
                sink.push(VideoFrame::from_ffmpeg(std::mem::replace(&mut picture, frame::Video::empty()), captured));
            }
        }
        Ok(())
    }
}
