//! Transcription by itself: a finished recording or import is queued when
//! the library transcribes automatically and has a model. Queueing only
//! writes a row: the clip, its link and its page are ready before a word is
//! transcribed.

use afterword_library::{ClipId, Library, Transcript, TranscriptRequest};

use crate::{error::Result, models::Models};

/// Queues the new clip's transcript if transcription is automatic and a
/// model is installed; `None` when it is not queued. `titled` says a person
/// chose the clip's title: otherwise what was said names the clip.
pub fn after_capture(lib: &mut Library, clip_id: ClipId, titled: bool) -> Result<Option<Transcript>> {
    let settings = lib.transcription_settings()?;
    if !settings.automatic || Models::of(lib).choose(lib, None).is_err() {
        return Ok(None);
    }
    let request = TranscriptRequest { language: settings.language, model: None, retitle: !titled };
    Ok(Some(lib.queue_transcript(clip_id, &request)?))
}
