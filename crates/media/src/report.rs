//! What media knows about how a clip's file came to be, typed: the recorder
//! fills it on stop, an import and a crash recovery say so. The library keeps
//! its own record of it (`afterword_library::CaptureFacts`); the recording
//! crate is where one becomes the other.

use std::path::PathBuf;

/// How a finished file was made.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    /// Captured by a [`crate::Recorder`].
    Recorded(Box<CaptureReport>),
    /// Copied in from an existing video.
    Imported { from: PathBuf, video_codec: String, audio_codec: Option<String>, container: String },
    /// Rebuilt from a `.partial` a crash left behind; the recorder's figures died with it.
    Recovered,
}

/// A recording's figures, as the recorder counted them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CaptureReport {
    /// The screen, window or area, as the source describes itself.
    pub source: String,
    /// The capture backend (`x11`, `portal`, `scap`, `synthetic`).
    pub backend: String,
    pub encoder: String,
    pub hardware_encoder: bool,
    pub fps: u32,
    pub frames_captured: u64,
    pub frames_dropped: u64,
    pub frames_encoded: u64,
    /// Of those, the frames converted only where the screen changed (X11
    /// DAMAGE, a portal's damage lists), the rest kept from the frame before.
    pub frames_in_part: u64,
    pub audio_device: Option<String>,
    pub audio_chunks_dropped: u64,
    pub silence_inserted_ms: u64,
    /// What a person should know about the recording (no sound, a device gone…).
    pub warnings: Vec<String>,
}

impl Origin {
    /// The recorder's figures, when it was recorded.
    pub fn report(&self) -> Option<&CaptureReport> {
        match self {
            Origin::Recorded(r) => Some(r),
            _ => None,
        }
    }
}
