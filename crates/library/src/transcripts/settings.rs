//! How the library transcribes, chosen once for every client: whether a
//! finished recording or import is transcribed by itself, which model, which
//! language. Kept in the library's settings, so the CLI and the app agree.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
};

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
        let stored: Option<String> =
            self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |r| r.get(0)).optional()?;
        match stored {
            None => Ok(TranscriptionSettings::default()),
            Some(json) => serde_json::from_str(&json).map_err(|_| Error::CorruptValue {
                table: "settings",
                column: KEY,
                value: json,
            }),
        }
    }

    pub fn set_transcription_settings(&mut self, settings: &TranscriptionSettings) -> Result<TranscriptionSettings> {
        let language = settings.language.as_deref().map(super::language_code).transpose()?.flatten();
        let settings = TranscriptionSettings { language, ..settings.clone() };
        let json = serde_json::to_string(&settings).unwrap_or_default();
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY, json],
        )?;
        self.transcription_settings()
    }
}
