//! Transcribing clips, the same for the CLI and the desktop app. `transcribe`
//! turns audio into text and knows nothing of the library; `library` stores
//! transcripts and knows nothing of engines; this crate is where they meet:
//!
//! ```text
//! Models                 ggml files in <home>/models, checked when added; the default in the library's settings
//! after_capture()        a new recording or import ──► transcript `pending` (when automatic and a model is installed)
//! Transcriber::run()     claim ──► decode 16 kHz audio ──► engine (own thread, progress, cancel) ──► `done` / `no_speech` / `failed`
//! Transcriber::now()     one clip, asked for by a person: checked first (model, audio), then queued and run
//! Transcriber::waiting() every pending transcript, and any a crashed run left `running`
//! Transcriber::next()    one of those (a worker that decides between clips)
//! ```

mod error;
mod models;
mod queue;
mod run;

pub use afterword_transcribe::{Cancel, Error as EngineError};
pub use error::{Error, Result};
pub use models::{Model, Models};
pub use queue::after_capture;
pub use run::{Ran, Transcriber};
