//! Capture sources. A [`VideoSource`] or [`AudioSource`] runs on its own named
//! thread and pushes into a sink; the sink stamps data with the recording clock
//! and never blocks (a full queue drops the item and counts it).

pub(crate) mod bubble;
#[cfg(target_os = "linux")]
pub(crate) mod camera;
pub(crate) mod mic;
pub(crate) mod mix;
#[cfg(target_os = "linux")]
pub(crate) mod overlay;
#[cfg(target_os = "linux")]
pub(crate) mod pipewire_damage;
#[cfg(target_os = "linux")]
pub(crate) mod pipewire_video;
#[cfg(target_os = "linux")]
pub(crate) mod portal;
#[cfg(target_os = "linux")]
pub(crate) mod pulse;
#[cfg(any(target_os = "macos", target_os = "windows"))]
pub(crate) mod scap;
pub(crate) mod screen;
pub(crate) mod stamps;
pub(crate) mod synthetic;
#[cfg(target_os = "linux")]
pub(crate) mod x11;

use std::sync::{Arc, Mutex, PoisonError};

pub(crate) use crate::encode::convert::Patch;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::time::{Duration, Instant};

use ffmpeg_next as ffmpeg;

use crate::clock::Clock;
use crate::devices::DeviceError;
use crate::encode::{Conform, EncodeError, Placed};
use crate::level::LevelMeter;

/// What part of the screen to record (monitors, windows and areas are X11 only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureArea {
    /// The whole X screen (all monitors).
    Screen,
    /// One monitor, by its index in `afterword devices`.
    Monitor(usize),
    /// One window, by X window id (follows the window as it moves).
    Window(u32),
    /// A rectangle of the screen in pixels.
    Rect { x: i32, y: i32, width: u32, height: u32 },
}

/// The screen source for this platform: on Linux the portal in a Wayland
/// session and X11 (MIT-SHM grabs) otherwise or when `display` is given (see
/// [`crate::choose_backend`]), scap on macOS and Windows. Checks the request
/// (fps, area, window) first.
pub fn screen(
    display: Option<&str>,
    area: CaptureArea,
    fps: u32,
    cursor: bool,
) -> Result<Box<dyn VideoSource>, DeviceError> {
    open_screen(display, area, fps, cursor)
}

#[cfg(target_os = "linux")]
fn open_screen(
    d: Option<&str>,
    area: CaptureArea,
    fps: u32,
    cursor: bool,
) -> Result<Box<dyn VideoSource>, DeviceError> {
    if d.is_none() && crate::devices::choose_backend(None).backend == crate::devices::Backend::Portal {
        return Ok(screen::screen_on(crate::devices::Backend::Portal, d, area, fps, cursor, None, None)?.source);
    }
    Ok(Box::new(x11::X11Screen::open(d, area, fps, cursor)?))
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
fn open_screen(
    _: Option<&str>,
    area: CaptureArea,
    fps: u32,
    cursor: bool,
) -> Result<Box<dyn VideoSource>, DeviceError> {
    if area != CaptureArea::Screen {
        return Err(DeviceError::Unsupported);
    }
    Ok(Box::new(scap::ScapScreen::open(fps, cursor)?))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn open_screen(_: Option<&str>, _: CaptureArea, _: u32, _: bool) -> Result<Box<dyn VideoSource>, DeviceError> {
    Err(DeviceError::Unsupported)
}

/// The audio for a recording: the chosen microphone (`None` = no mic), plus
/// the system audio mixed in when asked. `Ok(None)` records no sound.
pub fn audio(
    mic: Option<&mic::MicrophoneChoice>,
    system_audio: bool,
) -> Result<Option<Box<dyn AudioSource>>, DeviceError> {
    let mut inputs: Vec<Box<dyn AudioSource>> = Vec::new();
    if let Some(choice) = mic {
        inputs.push(Box::new(mic::Microphone::open(choice)?));
    }
    if system_audio {
        inputs.push(Box::new(mic::Microphone::open(&mic::MicrophoneChoice::SystemAudio)?));
    }
    Ok(match inputs.len() {
        0 => None,
        1 => inputs.pop(),
        _ => Some(Box::new(mix::Mix::new(inputs))),
    })
}

/// What went wrong in a source.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The device could not be opened.
    #[error("cannot open {what}: {reason}. Check that it exists and is not busy")]
    Open { what: String, reason: String },
    /// The device disappeared while recording.
    #[error("{what} went away during recording: {reason}")]
    Gone { what: String, reason: String },
    /// This platform or session type has no capture backend in this build.
    #[error("{what} is not supported in this build: {hint}")]
    Unsupported { what: String, hint: String },
}

/// A screen (or synthetic) picture source.
pub trait VideoSource: Send {
    /// A short description for the clip's metadata, e.g. `x11 :0 screen`.
    fn describe(&self) -> String;
    /// The capture backend's name, for the clip's capture facts (`x11`, `portal`, `scap`).
    fn backend(&self) -> &'static str;
    /// Width and height of the frames pushed to the sink.
    fn size(&self) -> (u32, u32);
    /// Frames per second the source aims for.
    fn fps(&self) -> u32;
    /// Capture until `stop` is set; runs on the source's own thread.
    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError>;
}

/// A microphone (or synthetic) sound source.
pub trait AudioSource: Send {
    /// A short description for the clip's metadata, e.g. the device name.
    fn describe(&self) -> String;
    /// Sample rate and channel count of the chunks pushed to the sink.
    fn format(&self) -> AudioFormat;
    /// Capture until `stop` is set; runs on the source's own thread.
    fn run(&mut self, sink: &AudioSink, stop: &AtomicBool) -> Result<(), SourceError>;
}

/// Sample rate and channel count of interleaved `f32` audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioFormat {
    pub rate: u32,
    pub channels: u16,
}

/// One captured picture, in a packed RGB-like pixel format.
pub struct VideoFrame {
    pub(crate) frame: ffmpeg::frame::Video,
    pub(crate) captured: Instant,
    /// The parts that changed since the source's frame before, and only the
    /// rows converting them reads (`encode::convert::rows_read`) need be
    /// right in `frame`; `None`: a whole picture.
    pub(crate) changed: Option<Vec<Patch>>,
    /// Where the picture goes back to when the encoder is done with it.
    pub(crate) recycle: Option<std::sync::mpsc::Sender<ffmpeg::frame::Video>>,
    /// A picture standing in for a screen the source has not seen yet (the
    /// portal's black one): recorded, but no thumbnail.
    pub(crate) stand_in: bool,
}

impl Drop for VideoFrame {
    fn drop(&mut self) {
        if let Some(back) = self.recycle.take() {
            let _ = back.send(std::mem::replace(&mut self.frame, ffmpeg::frame::Video::empty()));
        }
    }
}

impl std::fmt::Debug for VideoFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VideoFrame")
            .field("width", &self.frame.width())
            .field("height", &self.frame.height())
            .field("captured", &self.captured)
            .finish()
    }
}

impl VideoFrame {
    /// Copy a BGRA (or BGRX) picture with `stride` bytes per row.
    pub fn from_bgra(width: u32, height: u32, stride: usize, data: &[u8], captured: Instant) -> Self {
        let frame = packed_frame(ffmpeg::format::Pixel::BGRA, 4, width, height, stride, data);
        Self { frame, captured, changed: None, recycle: None, stand_in: false }
    }

    /// A frame of which only `changed` differ from the source's frame
    /// before (see the field); `None`: a whole picture.
    pub(crate) fn from_ffmpeg(frame: ffmpeg::frame::Video, captured: Instant, changed: Option<Vec<Patch>>) -> Self {
        Self { frame, captured, changed, recycle: None, stand_in: false }
    }

    /// The same frame, marked as standing in for a screen not seen yet.
    pub(crate) fn standing_in(mut self) -> Self {
        self.stand_in = true;
        self
    }
}

/// A frame of one packed plane (`bytes_per_pixel` a pixel) copied from
/// `data`, whose rows are `stride` bytes apart; rows past its end stay unset.
pub(crate) fn packed_frame(
    pixel: ffmpeg::format::Pixel,
    bytes_per_pixel: usize,
    width: u32,
    height: u32,
    stride: usize,
    data: &[u8],
) -> ffmpeg::frame::Video {
    let mut frame = ffmpeg::frame::Video::new(pixel, width, height);
    let (row, dst_stride) = (width as usize * bytes_per_pixel, frame.stride(0));
    let dst = frame.data_mut(0);
    for y in 0..height as usize {
        let (s, d) = (y * stride, y * dst_stride);
        if let (Some(src), Some(out)) = (data.get(s..s + row), dst.get_mut(d..d + row)) {
            out.copy_from_slice(src);
        }
    }
    frame
}

/// Interleaved `f32` samples whose first sample was captured at `captured`.
#[derive(Debug, Clone)]
pub struct AudioChunk {
    pub samples: Vec<f32>,
    pub captured: Instant,
}

/// Counters shared between a sink and the pipeline.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) delivered: AtomicU64,
    pub(crate) dropped: AtomicU64,
}

impl Counters {
    pub(crate) fn get(&self) -> (u64, u64) {
        (self.delivered.load(Ordering::Relaxed), self.dropped.load(Ordering::Relaxed))
    }
}

/// What became of a frame handed to a [`VideoSink`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delivery {
    Queued,
    /// On the timeline, but the encoder's queue was full.
    Dropped,
    /// Outside recording time (the countdown, a pause).
    OffTimeline,
}

/// Where a video source pushes frames. Never blocks.
#[derive(Debug)]
pub struct VideoSink {
    pub(crate) tx: SyncSender<(Duration, VideoFrame)>,
    pub(crate) clock: Clock,
    pub(crate) counters: Arc<Counters>,
    /// A frame never reached the encoder (dropped, or outside recording
    /// time): the next one's changed rows say nothing about what it holds.
    pub(crate) lost: AtomicBool,
    /// Where a source's warnings go (the report's).
    pub(crate) notes: Arc<crate::pipeline::Notes>,
}

impl VideoSink {
    /// Hand a frame to the encoder. Frames outside recording time (countdown,
    /// pause) are discarded; a full queue drops the frame and counts it.
    /// True when the frame is on the recording's timeline (a source that
    /// sends frames only on change must send the next one while it is not).
    pub fn push(&self, frame: VideoFrame) -> bool {
        self.deliver(frame) != Delivery::OffTimeline
    }

    /// [`VideoSink::push`], saying whether the encoder will have the frame:
    /// a source that sends only the rows that changed must send a whole
    /// picture after one that it will not.
    pub(crate) fn deliver(&self, mut frame: VideoFrame) -> Delivery {
        let Some(at) = self.clock.media_time(frame.captured) else {
            self.lost.store(true, Ordering::Relaxed);
            return Delivery::OffTimeline;
        };
        if self.lost.swap(false, Ordering::Relaxed) {
            frame.changed = None;
        }
        match self.tx.try_send((at, frame)) {
            Ok(()) => {
                self.counters.delivered.fetch_add(1, Ordering::Relaxed);
                Delivery::Queued
            }
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.lost.store(true, Ordering::Relaxed);
                self.counters.dropped.fetch_add(1, Ordering::Relaxed);
                Delivery::Dropped
            }
        }
    }

    /// Media time of `at`, if it falls inside recording time.
    pub fn media_time(&self, at: Instant) -> Option<Duration> {
        self.clock.media_time(at)
    }

    /// Something the recording's report should say, once.
    pub(crate) fn warn(&self, warning: String) {
        self.notes.warn(warning);
    }
}

/// Where an audio source pushes samples. Never blocks. Clone it into a
/// device callback (the clones share one way onto the timeline).
#[derive(Debug, Clone)]
pub struct AudioSink {
    pub(crate) tx: SyncSender<Placed>,
    pub(crate) clock: Clock,
    pub(crate) counters: Arc<Counters>,
    pub(crate) meter: LevelMeter,
    pub(crate) format: AudioFormat,
    conform: Arc<Mutex<Conform>>,
    /// Where a source's warnings go (the report's).
    pub(crate) notes: Arc<crate::pipeline::Notes>,
    /// Its first sound starts a gated clock (false: a mix's input that
    /// follows the microphone's, [`AudioSink::following`]).
    opens_gate: bool,
}

impl AudioSink {
    /// A sink for samples in `format`, placed on `clock`'s timeline as
    /// 48 kHz stereo and sent to `tx`.
    pub(crate) fn new(
        tx: SyncSender<Placed>,
        clock: Clock,
        counters: Arc<Counters>,
        meter: LevelMeter,
        format: AudioFormat,
        notes: Arc<crate::pipeline::Notes>,
    ) -> Result<Self, EncodeError> {
        let conform = Arc::new(Mutex::new(Conform::new(format)?));
        Ok(Self { tx, clock, counters, meter, format, conform, notes, opens_gate: true })
    }

    /// This sink's sound does not start the recording (a gated clock waits
    /// for another's: the microphone's, in a mix).
    pub(crate) fn following(self) -> Self {
        Self { opens_gate: false, ..self }
    }

    /// Something the recording's report should say, once.
    pub(crate) fn warn(&self, warning: String) {
        self.notes.warn(warning);
    }

    /// Media time of `at`, if it falls inside recording time.
    pub fn media_time(&self, at: Instant) -> Option<Duration> {
        self.clock.media_time(at)
    }

    /// Hand samples to the encoder and update the level meter.
    pub fn push(&self, chunk: AudioChunk) {
        if self.opens_gate {
            self.clock.sound_arrived(chunk.captured);
        }
        self.meter.feed(&chunk.samples, self.format);
        let Some(at) = self.clock.media_time(chunk.captured) else { return };
        let placed = self.conform.lock().unwrap_or_else(PoisonError::into_inner).place(at, &chunk.samples);
        if let Some(placed) = placed {
            self.send(placed);
        }
    }

    /// Hand samples already placed on the timeline (the mixer's output).
    pub(crate) fn push_placed(&self, placed: Placed) {
        self.meter.feed(&placed.samples, Placed::FORMAT);
        self.send(placed);
    }

    fn send(&self, placed: Placed) {
        match self.tx.try_send(placed) {
            Ok(()) => self.counters.delivered.fetch_add(1, Ordering::Relaxed),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.counters.dropped.fetch_add(1, Ordering::Relaxed)
            }
        };
    }
}
