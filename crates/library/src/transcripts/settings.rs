//! How the library transcribes, chosen once for every client: whether a
//! finished recording or import is transcribed by itself, which model, which
//! language. Kept in the library's settings, so the CLI and the app agree.

use serde::{Deserialize, Serialize};

use crate::{db::Library, error::Result};

const KEY: &str = "transcription";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranscriptionSettings {
    /// Transcribe every new recording and import when a model is installed.
    pub automatic: bool,
    /// The model by name (a file in the library's `models` folder); `None`
    /// is the only one installed, or none.
    pub model: Option<String>,
    /// ISO 639-1; `None` detects the language.
    pub language: Option<String>,
}

impl Default for TranscriptionSettings {
    fn default() -> Self {
        TranscriptionSettings { automatic: true, model: None, language: None }
    }
}

impl Library {
    /// The transcription settings: defaults until someone sets them; a stored
    /// value that doesn't read is refused.
    pub fn transcription_settings(&self) -> Result<TranscriptionSettings> {
        Ok(crate::stored::setting(&self.conn, KEY)?.unwrap_or_default())
    }

    pub fn set_transcription_settings(&mut self, settings: &TranscriptionSettings) -> Result<TranscriptionSettings> {
        let language = settings.language.as_deref().map(super::language_code).transpose()?.flatten();
        let settings = TranscriptionSettings { language, ..settings.clone() };
        crate::stored::put_setting(&self.conn, KEY, &settings)?;
        self.transcription_settings()
    }
}
