//! Afterword media: capture -> encode -> mux, and the recorder state machine.
//!
//! The only crate that touches ffmpeg-next, cpal, scap or X11. Callers build
//! sources ([`X11Screen`], [`Microphone`], [`TestPattern`], [`Tone`] or their
//! own [`VideoSource`]/[`AudioSource`]), hand them to a [`Recorder`], and get a
//! [`Finished`] clip back. The pipeline is drawn in `pipeline.rs`.
//! [`MicMonitor`] meters a microphone before recording (nothing encoded).
//! [`render_edit`] writes the kept ranges of a finished clip as a new MP4,
//! copying whole GOPs and re-encoding only next to cuts (`edit/`).
//!
//! Platform support: on Linux this build captures X11 itself (MIT-SHM grabs
//! of what changed), and Wayland through the ScreenCast portal and PipeWire
//! ([`PortalScreen`]); [`choose_backend`] is the rule (Wayland means the
//! portal even when XWayland's `DISPLAY` is set). macOS and Windows capture
//! through scap (compiled only there, not verified on the Linux CI machine). Audio: cpal's native PulseAudio host (PulseAudio
//! or PipeWire) when a server answers, else ALSA; CoreAudio/WASAPI elsewhere.
//!
//! A typical recording:
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use afterword_media::{CaptureArea, MicrophoneChoice, RecordOptions, Recorder};
//! let video = afterword_media::screen(None, CaptureArea::Screen, 30, true)?;
//! let audio = afterword_media::audio(Some(&MicrophoneChoice::Default), false)?;
//! let mut rec = Recorder::new(video, audio, RecordOptions::new("/tmp/clip.mp4"));
//! rec.start()?;
//! std::thread::sleep(std::time::Duration::from_secs(5));
//! let clip = rec.stop()?; // /tmp/clip.mp4 + /tmp/clip.jpg, duration, size, capture report
//! # let _ = clip; Ok(()) }
//! ```

mod chunks;
mod clock;
mod devices;
mod edit;
mod encode;
mod finalize;
mod level;
mod monitor;
mod mux;
mod pipeline;
mod probe;
mod recorder;
mod report;
mod source;
mod thumbnail;

pub use devices::{
    Backend, BackendChoice, CameraInfo, DeviceError, DevicePart, DeviceProblem, Devices, DisplayInfo, MicrophoneInfo,
    MonitorInfo, Rect, SessionEnv, Why, WindowInfo, choose_backend, choose_backend_in, devices,
};
#[cfg(target_os = "linux")]
pub use devices::{
    NOT_OFFERED as SHORTCUTS_NOT_OFFERED, PortalAnswer, Shortcuts, area_on_screen, choose_shortcuts,
    global_shortcuts_portal, shortcuts,
};
pub use edit::{AudioCut, KeptRange, MIN_EDIT_MS, RenderError, Rendered, check_ranges, render_edit, render_edit_with};
pub use encode::{EncodeError, EncoderInfo, EncoderProfile, VIDEO_PROFILES, encoders};
pub use finalize::{FinalizeError, Finished, final_path, import, partial_path, partials, recover, thumbnail_path};
pub use level::{Level, LevelMeter};
pub use monitor::MicMonitor;
pub use mux::MuxError;
pub use probe::{Probe, ProbeError, probe};
pub use recorder::{RecordOptions, Recorder, RecorderError, RecorderState, clip_path};
pub use report::{CaptureReport, Origin};
pub use source::bubble::{
    Bubble, BubbleParseError, CameraChoice, CameraUse, Corner, LiveBubble, MARGIN as BUBBLE_MARGIN,
    SIZES as BUBBLE_SIZES, Shape,
};
#[cfg(target_os = "linux")]
pub use source::camera::{Camera, CameraError, CameraOnly};
pub use source::mic::{Microphone, MicrophoneChoice};
pub use source::mix::Mix;
#[cfg(target_os = "linux")]
pub use source::portal::{PortalError, PortalOptions, PortalScreen};
#[cfg(any(target_os = "macos", target_os = "windows"))]
pub use source::scap::ScapScreen;
pub use source::screen::{OpenScreen, screen_on};
pub use source::synthetic::{Flash, TestPattern, Tone};
#[cfg(target_os = "linux")]
pub use source::x11::X11Screen;
pub use source::{
    AudioChunk, AudioFormat, AudioSink, AudioSource, CaptureArea, SourceError, VideoFrame, VideoSink, VideoSource,
    audio, screen,
};
pub use thumbnail::thumbnail;

/// Log directives for a client's default filter that quiet what the capture
/// stack's dependencies report as trouble in normal operation: zbus (the
/// portal) warns about its own property cache on every request, and the
/// PulseAudio client (pulseaudio 0.3, under cpal) logs "Reactor error: Client
/// disconnected" at error level each time a stream closes. A device really
/// lost still reaches cpal's error callback, which the recorder reports.
pub const QUIET_DEPENDENCIES: &str = "zbus=error,pulseaudio::client::reactor=off";
