//! X11 screen capture: the whole screen, one monitor, a window by id, or an
//! area; cursor on or off. Works under XWayland too; a pure Wayland session
//! is not supported by this build (see the crate docs).
//!
//! Afterword grabs the screen itself (`devices::XGrab`, MIT-SHM) rather than
//! through FFmpeg's `x11grab`, because a screen mostly stands still: a frame
//! carries only the rows that changed — those the X server reports drawn
//! (`devices::XWatch`, DAMAGE) and those the cursor left and entered — and
//! only they (with the rows the converter reads around them) are grabbed,
//! straight into the frame; the cursor is drawn over them here (XFIXES
//! gives its image). A pointer moving over a still document then costs a
//! few rows, and a still screen a look a tick.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use ffmpeg::frame;
use ffmpeg_next as ffmpeg;

use super::overlay::{Overlay, Scaler};
use super::{CaptureArea, Delivery, SourceError, VideoFrame, VideoSink, VideoSource};
use crate::devices::{self, Cursor, Damage, DeviceError, GrabError};
use crate::encode::convert::{Patch, rows_read};

/// An open X11 capture.
pub struct X11Screen {
    grab: devices::XGrab,
    watch: devices::XWatch,
    width: u32,
    height: u32,
    fps: u32,
    describe: String,
    /// Rows grabbed for a picture whose rows are padded.
    packed: Vec<u8>,
    /// The cursor as the last frame showed it.
    cursor: Option<Cursor>,
    /// Pictures the encoder is done with, to fill again: memory stays as
    /// many pictures as are in flight, not what the allocator keeps of
    /// every 8 MB one made and freed on two threads.
    returned: (Sender<frame::Video>, Receiver<frame::Video>),
    /// The camera's bubble, drawn like the cursor into the rows copied.
    overlay: Option<Overlay>,
}

impl std::fmt::Debug for X11Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X11Screen").field("describe", &self.describe).finish_non_exhaustive()
    }
}

impl X11Screen {
    /// Validate the request against the X server, then connect the grabber
    /// and the watcher. `display` defaults to `$DISPLAY`.
    pub fn open(display: Option<&str>, area: CaptureArea, fps: u32, cursor: bool) -> Result<Self, DeviceError> {
        crate::encode::init();
        let display = devices::display_name(display)?;
        let rect = devices::resolve_area(&display, area, fps)?;
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
        // Even sizes: a 4:2:0 picture has a colour sample per 2x2 pixels.
        let (width, height) = (rect.width & !1, rect.height & !1);
        let grab = devices::XGrab::connect(&display, devices::Rect { width, height, ..rect }, window)?;
        let watch = devices::XWatch::connect(&display, Some(rect), window, cursor)?;
        Ok(Self {
            grab,
            watch,
            width,
            height,
            fps,
            describe,
            packed: Vec::new(),
            cursor: None,
            returned: mpsc::channel(),
            overlay: None,
        })
    }
}

impl X11Screen {
    /// Draws `camera` as `bubble` over the screen.
    pub fn with_bubble(mut self, camera: super::camera::Camera, bubble: impl Into<super::bubble::LiveBubble>) -> Self {
        self.overlay = Some(Overlay::new(camera, bubble.into(), self.width, self.height, self.grab.pixel()));
        self
    }
}

impl VideoSource for X11Screen {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn backend(&self) -> &'static str {
        "x11"
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    /// At each tick of the frame rate, looks at what changed since the
    /// last: grabs the rows that were drawn, draws the cursor where it is
    /// now, and sends a frame of the rows that changed. Nothing changed: no
    /// frame, except one a [`HOLD`] so the picture is held (the encoder
    /// keeps its keyframes and a crash keeps the time). A whole picture is
    /// grabbed and sent at the start, every [`REFRESH`] (a change the server
    /// did not report shows by then), and after a frame the encoder lost.
    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let what = self.describe.clone();
        let gone = |e: GrabError| SourceError::Gone { what: what.clone(), reason: e.to_string() };
        let tick = Duration::from_secs(1) / self.fps.max(1);
        let (mut next_tick, mut next_check) = (Instant::now(), Instant::now());
        let (mut last_sent, mut last_whole): (Option<Instant>, Option<Instant>) = (None, None);
        let mut last_captured: Option<Instant> = None;
        let mut scaler = Scaler::default();
        while !stop.load(Ordering::Relaxed) {
            let now = Instant::now();
            if next_tick > now {
                std::thread::sleep(next_tick - now);
            }
            // A tick missed by more than one is skipped, not caught up on.
            next_tick = (next_tick + tick).max(Instant::now());
            if Instant::now() >= next_check {
                next_check = Instant::now() + Duration::from_millis(500);
                if !self.watch.alive() {
                    return Err(SourceError::Gone {
                        what: self.describe.clone(),
                        reason: "the X server closed the connection".into(),
                    });
                }
            }
            let looked = Instant::now();
            let look = self.watch.look();
            let whole = last_whole.is_none_or(|t| t.elapsed() >= REFRESH) || look.damage == Damage::Anything;
            let mut changed: Vec<Patch> = match &look.damage {
                Damage::Parts(parts) if !whole => parts.clone(),
                _ => Vec::new(),
            };
            if let Some(now) = look.cursor {
                changed.extend(self.cursor.as_ref().and_then(|c| cursor_part(c, self.width, self.height)));
                changed.extend(cursor_part(&now, self.width, self.height));
                self.cursor = Some(now);
            }
            if let Some(overlay) = &mut self.overlay {
                changed.extend(overlay.refresh(sink, &mut scaler));
            }
            if !whole && changed.is_empty() && last_sent.is_some_and(|t| t.elapsed() < HOLD) {
                continue;
            }
            // What was drawn was drawn since the last look, half a tick
            // before it on average: the picture is stamped there, so a
            // change lands on time, not up to a tick late. The cursor and
            // held pictures are as of now.
            let drawn = whole || matches!(look.damage, Damage::Parts(_));
            let captured = match (drawn, last_captured) {
                (true, Some(before)) => (looked - tick / 2).max(before + Duration::from_millis(1)),
                _ => looked,
            };
            let frame = self.frame(if whole { None } else { Some(changed) }, captured).map_err(gone)?;
            last_captured = Some(captured);
            last_sent = Some(Instant::now());
            if whole {
                last_whole = Some(Instant::now());
            }
            if sink.deliver(frame) != Delivery::Queued {
                // The encoder's picture is not this one: the next is whole.
                last_whole = None;
            }
        }
        Ok(())
    }
}

impl X11Screen {
    /// A frame grabbed now with the cursor drawn over it: all of it
    /// (`changed` is `None`), or only the rows converting `changed` reads,
    /// straight from the server into a picture the encoder gave back (the
    /// rest of it is never read, and left as it was).
    fn frame(&mut self, changed: Option<Vec<Patch>>, captured: Instant) -> Result<VideoFrame, GrabError> {
        let mut frame = self
            .returned
            .1
            .try_recv()
            .unwrap_or_else(|_| frame::Video::new(self.grab.pixel(), self.width, self.height));
        let grab = match &changed {
            Some(parts) => rows_read(parts, self.height),
            None => std::iter::once(0..self.height).collect(),
        };
        let (row, stride) = (self.width as usize * 4, frame.stride(0));
        let data = frame.data_mut(0);
        for rows in &grab {
            let at = rows.start as usize * stride;
            if stride == row {
                self.grab.rows(rows.clone(), data.get_mut(at..).unwrap_or_default())?;
                continue;
            }
            // Padded rows: grab packed, then place each.
            self.packed.resize((rows.end - rows.start) as usize * row, 0);
            self.grab.rows(rows.clone(), &mut self.packed)?;
            for (i, line) in self.packed.chunks_exact(row).enumerate() {
                if let Some(to) = data.get_mut(at + i * stride..at + i * stride + row) {
                    to.copy_from_slice(line);
                }
            }
        }
        // The bubble over the screen, the cursor over both.
        if let Some(overlay) = &self.overlay {
            for rows in &grab {
                overlay.draw(data, stride, rows.clone());
            }
        }
        if let Some(cursor) = &self.cursor {
            for rows in &grab {
                draw_cursor(data, stride, self.width, rows.clone(), cursor);
            }
        }
        Ok(VideoFrame { frame, captured, changed, recycle: Some(self.returned.0.clone()), stand_in: false })
    }
}

/// The part of a `width`×`height` picture that `cursor` covers, if any.
fn cursor_part(cursor: &Cursor, width: u32, height: u32) -> Option<Patch> {
    let along = |start: i32, length: u32, limit: u32| {
        devices::span(0, limit, start, start.saturating_add(i32::try_from(length).unwrap_or(i32::MAX)))
    };
    Some(Patch::new(along(cursor.y, cursor.height, height)?, along(cursor.x, cursor.width, width)?))
}

/// Draws `cursor` (premultiplied ARGB) over the rows `rows` of a 4-byte
/// B, G, R, X picture, as the X server would show it.
fn draw_cursor(data: &mut [u8], stride: usize, width: u32, rows: Range<u32>, cursor: &Cursor) {
    let cw = cursor.width as usize;
    for y in rows {
        let Ok(cy) = usize::try_from(i64::from(y) - i64::from(cursor.y)) else { continue };
        if cy >= cursor.height as usize {
            continue;
        }
        for cx in 0..cw {
            let Ok(x) = usize::try_from(i64::from(cursor.x) + cx as i64) else { continue };
            if x >= width as usize {
                break;
            }
            let Some(&argb) = cursor.pixels.get(cy * cw + cx) else { break };
            let alpha = argb >> 24;
            if alpha == 0 {
                continue;
            }
            let at = y as usize * stride + x * 4;
            let Some(px) = data.get_mut(at..at + 3) else { continue };
            for (i, shift) in [0u32, 8, 16].into_iter().enumerate() {
                let over = (argb >> shift) & 0xff;
                let under = u32::from(px[i]);
                px[i] = u8::try_from((over + under * (255 - alpha) / 255).min(255)).unwrap_or(u8::MAX);
            }
        }
    }
}

/// The longest a picture is held without a frame, however still the
/// screen...
const HOLD: Duration = Duration::from_secs(1);
/// ...and without grabbing and converting all of it: a change the server
/// did not report shows within this.
const REFRESH: Duration = Duration::from_secs(5);
