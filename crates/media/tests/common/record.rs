//! Starting a recording whose microphone is a test sound server's source.

use std::path::PathBuf;

use afterword_media::{Microphone, MicrophoneChoice, RecordOptions, Recorder, VideoSource};

/// A started recording of `picture`, with the source a [`super::env::Pulse`]
/// sink called `description` plays into ("Monitor of …") as its microphone,
/// written to `file`.
pub fn recording(picture: Box<dyn VideoSource>, description: &str, file: PathBuf) -> Recorder {
    let mic = Microphone::open(&MicrophoneChoice::Named(format!("Monitor of {description}"))).unwrap();
    let mut rec = Recorder::new(picture, Some(Box::new(mic)), RecordOptions::new(file));
    rec.start().unwrap();
    rec
}
