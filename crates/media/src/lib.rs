//! Afterword media: capture -> encode -> mux, and the recorder state machine.
//!
//! The only crate that touches ffmpeg-next, cpal, scap or X11. Callers build
//! sources ([`X11Screen`], [`Microphone`], [`TestPattern`], [`Tone`] or their
//! own [`VideoSource`]/[`AudioSource`]), hand them to a [`Recorder`], and get a
//! [`Finished`] clip back. The pipeline is drawn in `pipeline.rs`.
//!
//! Platform support: on Linux this build captures X11 (and XWayland) through
//! FFmpeg's `x11grab`; a pure Wayland session gets
//! [`SourceError::Unsupported`] ("use an X11 or XWayland session"), because the
//! portal backend (scap) pulls in pipewire 0.8, which cannot share a build with
//! the rest of the workspace. macOS and Windows capture through scap.

mod clock;
mod devices;
mod encode;
mod finalize;
mod level;
mod mux;
mod pipeline;
mod probe;
mod recorder;
mod source;
mod thumbnail;

pub use devices::{DeviceError, Devices, DisplayInfo, MicrophoneInfo, MonitorInfo, WindowInfo, devices};
pub use encode::{EncodeError, EncoderInfo, EncoderProfile, VIDEO_PROFILES, encoders};
pub use finalize::{FinalizeError, Finished, final_path, import, partial_path, partials, recover, thumbnail_path};
pub use level::{Level, LevelMeter};
pub use mux::MuxError;
pub use probe::{Probe, ProbeError, probe};
pub use recorder::{RecordOptions, Recorder, RecorderError, RecorderState, clip_path};
pub use source::mic::{Microphone, MicrophoneChoice};
pub use source::mix::Mix;
#[cfg(any(target_os = "macos", target_os = "windows"))]
pub use source::scap::ScapScreen;
pub use source::synthetic::{Flash, TestPattern, Tone};
#[cfg(target_os = "linux")]
pub use source::x11::X11Screen;
pub use source::{
    AudioChunk, AudioFormat, AudioSink, AudioSource, CaptureArea, SourceError, VideoFrame, VideoSink, VideoSource,
    audio, screen,
};
pub use thumbnail::thumbnail;
