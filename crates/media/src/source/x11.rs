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
        // `run` paces the grabs itself (only on change): x11grab's own
        // schedule is set far faster than that so it never sleeps in a read,
        // and a frame is grabbed the moment it is asked for.
        opts.set("framerate", GRAB_SCHEDULE_FPS);
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
        let window = match area {
            CaptureArea::Window(id) => Some(id),
            _ => None,
        };
        let watch = devices::XWatch::connect(&display, Some(rect), window, cursor)?;
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

    /// Grabs a frame at each tick of the frame rate when the screen changed
    /// since the last one (and at least every [`HOLD`]), so a screen that
    /// stands still costs a look at the X server per tick, not a grab, a
    /// colour conversion and an encode: the recording's frame rate follows
    /// what happens on screen.
    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let what = self.describe.clone();
        let gone = |e: ffmpeg::Error| SourceError::Gone { what: what.clone(), reason: e.to_string() };
        let tick = Duration::from_secs(1) / self.fps.max(1);
        let (mut next_tick, mut next_check) = (Instant::now(), Instant::now());
        let (mut last_grab, mut last_full): (Option<Instant>, Option<Instant>) = (None, None);
        while !stop.load(Ordering::Relaxed) {
            let now = Instant::now();
            if next_tick > now {
                std::thread::sleep(next_tick - now);
            }
            // A tick missed by more than one is skipped, not caught up on.
            next_tick = (next_tick + tick).max(Instant::now());
            // x11grab keeps returning the last shared-memory image after the
            // server dies, so ask the server itself twice a second.
            if Instant::now() >= next_check {
                next_check = Instant::now() + Duration::from_millis(500);
                if !self.watch.alive() {
                    return Err(SourceError::Gone {
                        what: self.describe.clone(),
                        reason: "the X server closed the connection".into(),
                    });
                }
            }
            let held = last_grab.is_some_and(|t| t.elapsed() < HOLD);
            // What the encoder converts of the new picture: the rows that
            // changed (none, when a still screen is grabbed again), or all of
            // it (also every few seconds, in case a change went unreported).
            let refresh = last_full.is_none_or(|t| t.elapsed() >= REFRESH);
            let rows = match self.watch.changed() {
                devices::Seen::Still if held => continue,
                _ if refresh => None,
                devices::Seen::Still => Some(Vec::new()),
                devices::Seen::Rows(rows) => Some(rows),
                devices::Seen::Anything => None,
            };
            if rows.is_none() {
                last_full = Some(Instant::now());
            }
            last_grab = Some(Instant::now());
            // x11grab grabs at once: its own schedule (1,000 frames a second)
            // is always behind, so it never sleeps in a read.
            let (packet, captured) = self.grab().map_err(gone)?;
            if packet.stream() != self.index {
                continue;
            }
            self.decoder.send_packet(&packet).map_err(gone)?;
            let mut picture = frame::Video::empty();
            while self.decoder.receive_frame(&mut picture).is_ok() {
                let shown = std::mem::replace(&mut picture, frame::Video::empty());
                // Not on the timeline (the countdown, a pause): grab again at
                // the next tick, and convert all of that one.
                if !sink.push(VideoFrame::from_ffmpeg(shown, captured, rows.clone())) {
                    (last_grab, last_full) = (None, None);
                }
            }
        }
        Ok(())
    }
}

impl X11Screen {
    /// A frame grabbed now, and when. Opening the input probed it and kept
    /// the probe's frames to be read first: a reader at the frame rate got
    /// through them in a moment, one that grabs once a second on a still
    /// screen showed the screen as it was at open for seconds. They are
    /// passed over by their age (x11grab stamps packets with the wall clock
    /// of the grab); each costs a read from memory, not a grab.
    fn grab(&mut self) -> Result<(Packet, Instant), ffmpeg::Error> {
        let mut skipped = 0;
        loop {
            // A fresh packet each time: av_read_frame overwrites without
            // unreferencing, so reusing one leaks every frame (8 MB at 1080p).
            let mut packet = Packet::empty();
            packet.read(&mut self.input)?;
            match grab_age(&packet, self.time_base) {
                Some(age) if age > STALE && skipped < PROBED_MAX => skipped += 1,
                Some(age) => return Ok((packet, Instant::now().checked_sub(age).unwrap_or_else(Instant::now))),
                None => return Ok((packet, Instant::now())),
            }
        }
    }
}

/// How long ago x11grab grabbed a packet, by the wall clock it stamped on it.
fn grab_age(packet: &Packet, tb: ffmpeg::Rational) -> Option<Duration> {
    let micros = i128::from(packet.pts()?) * 1_000_000 * i128::from(tb.0) / i128::from(tb.1.max(1));
    let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_micros();
    u64::try_from(i128::try_from(wall).ok()? - micros).ok().map(Duration::from_micros)
}

/// A packet grabbed longer ago than this was kept from the probe at open (a
/// grab itself takes a few milliseconds, and is stamped as it starts)...
const STALE: Duration = Duration::from_millis(30);
/// ...of which there are a handful; past this many, a slow grab is a grab.
const PROBED_MAX: usize = 16;

/// x11grab's own frame rate (see `open`).
const GRAB_SCHEDULE_FPS: &str = "1000";

/// The longest a picture is held without grabbing again, however still the
/// screen...
const HOLD: Duration = Duration::from_secs(1);
/// ...and without converting all of it: a change the server did not
/// report shows within this.
const REFRESH: Duration = Duration::from_secs(5);
