//! What a clip says. Speech-to-text runs locally and offline behind a small
//! [`Engine`] trait; [`Whisper`] is whisper.cpp (through `whisper-rs`) on a
//! ggml model file. [`decode_speech`] turns any clip's audio into the 16 kHz
//! mono samples engines take. Like `media`, this crate knows nothing of the
//! library: a caller files the [`Transcript`] it returns.

mod audio;
mod cancel;
mod engine;
pub mod metrics;
mod model;
mod onset;
mod whisper;

pub use audio::{SAMPLE_RATE, decode_speech};
pub use cancel::Cancel;
pub use engine::{Engine, Language, Options, Progress, Segment, Transcript};
pub use model::{ModelInfo, ModelSize, inspect};
pub use whisper::Whisper;

/// What can go wrong turning a clip into text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path} has no audio track; there is nothing to transcribe")]
    NoAudio { path: String },
    #[error("cannot read the audio of {path}: {reason}")]
    Decode { path: String, reason: String },
    #[error("{path} is not a usable speech model: {reason}")]
    Model { path: String, reason: String },
    #[error("transcription failed: {0}")]
    Engine(String),
    #[error("the model knows only English; it cannot transcribe {language:?}")]
    EnglishOnly { language: String },
    #[error("the transcription was stopped before it finished")]
    Cancelled,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
