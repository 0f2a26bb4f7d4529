//! The engine seam: samples in, timed text out.

use crate::Result;

/// Which language the speech is in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Language {
    /// Detected from the first 30 seconds.
    #[default]
    Detect,
    /// An ISO 639-1 code such as `en` or `de`.
    Code(String),
}

/// How to transcribe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub language: Language,
    /// CPU threads for the engine. Half the cores by default, so a
    /// recording that runs meanwhile is never starved.
    pub threads: usize,
    /// Set to stop the run early.
    pub cancel: crate::Cancel,
}

impl Default for Options {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Options { language: Language::Detect, threads: (cores / 2).max(1), cancel: crate::Cancel::new() }
    }
}

/// One stretch of speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Milliseconds from the start of the audio.
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// What was said, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transcript {
    /// ISO 639-1, as given or detected.
    pub language: String,
    /// Empty when nothing was said (silence, noise).
    pub segments: Vec<Segment>,
}

impl Transcript {
    /// The whole text, segments joined by spaces.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// A speech-to-text engine. `progress` is called with 0–100 as it goes.
pub trait Engine: Send + Sync {
    fn transcribe(&self, samples: &[f32], options: &Options, progress: Progress) -> Result<Transcript>;
}

/// Told the percentage done, from the engine's own thread.
pub type Progress = std::sync::Arc<dyn Fn(u8) + Send + Sync>;
