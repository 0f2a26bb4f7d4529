//! [`CaptureFacts`]: how a clip's file came to be, kept with the clip in
//! `clips.capture` (JSON). The recorder's figures (encoder, drops, backend),
//! an import's source, a recovery, and the warnings a person should see.

use serde::{Deserialize, Serialize};

/// What is known of how a clip was made. Every figure is optional, so facts
/// written by older versions (which knew fewer) still read; a stored value
/// that is not of this shape is refused as corrupt, never replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaptureFacts {
    /// The screen, window or area recorded; `import` for an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The capture backend (`x11`, `portal`, `scap`…; clips recorded before
    /// 2026-12-05 say `x11grab`, FFmpeg's device that X11 capture used then).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardware_encoder: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fps: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frames_captured: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frames_dropped: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frames_encoded: Option<u64>,
    /// Of those, the frames converted only where the screen changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frames_in_part: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_device: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_chunks_dropped: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silence_inserted_ms: Option<u64>,
    /// The file (or storage target) an imported clip came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_codec: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_codec: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Rebuilt from what a crash left.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recovered: bool,
    /// What a person should know: no sound, a device gone, the disk full.
    pub warnings: Vec<String>,
}

impl CaptureFacts {
    /// Adds a warning (once).
    pub fn warn(&mut self, warning: impl Into<String>) {
        let warning = warning.into();
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// These facts with `newer`'s figures over them, warnings from both: a
    /// recovered clip keeps what its recorder wrote at the start.
    pub fn merged(mut self, newer: CaptureFacts) -> CaptureFacts {
        let mut warnings = std::mem::take(&mut self.warnings);
        macro_rules! over {
            ($($f:ident),*) => { $( if newer.$f.is_some() { self.$f = newer.$f; } )* };
        }
        over!(
            source,
            backend,
            encoder,
            hardware_encoder,
            fps,
            frames_captured,
            frames_dropped,
            frames_encoded,
            frames_in_part,
            audio_device,
            audio_chunks_dropped,
            silence_inserted_ms,
            imported_from,
            video_codec,
            audio_codec,
            container
        );
        self.recovered |= newer.recovered;
        for w in newer.warnings {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        self.warnings = warnings;
        self
    }

    pub(crate) fn to_json(&self) -> String {
        // A struct of strings, numbers and lists always serializes.
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_written_by_older_versions_still_read() {
        let old = r#"{"source":"x11 :99 screen","encoder":"libx264","hardware_encoder":false,"fps":30,
                      "frames_dropped":0,"warnings":["no sound"],"some_old_key":1}"#;
        let facts: CaptureFacts = serde_json::from_str(old).expect("reads");
        assert_eq!(facts.encoder.as_deref(), Some("libx264"));
        assert_eq!(facts.warnings, vec!["no sound".to_owned()]);
        assert_eq!(serde_json::from_str::<CaptureFacts>("{}").expect("empty"), CaptureFacts::default());
    }

    #[test]
    fn a_value_of_another_shape_is_refused() {
        assert!(serde_json::from_str::<CaptureFacts>(r#"{"warnings":"not a list"}"#).is_err());
        assert!(serde_json::from_str::<CaptureFacts>("[1,2]").is_err());
    }

    #[test]
    fn recovery_keeps_the_recorders_figures_and_both_warnings() {
        let first = CaptureFacts { encoder: Some("libx264".into()), warnings: vec!["a".into()], ..Default::default() };
        let later = CaptureFacts { recovered: true, warnings: vec!["a".into(), "b".into()], ..Default::default() };
        let merged = first.merged(later);
        assert_eq!(merged.encoder.as_deref(), Some("libx264"));
        assert!(merged.recovered);
        assert_eq!(merged.warnings, vec!["a".to_owned(), "b".to_owned()]);
    }
}
