//! Global hotkeys: the two configurable shortcuts and which [`Intent`] each
//! one means. Parsing and matching are plain functions; registering them with
//! the desktop is done in `shell.rs`.

use std::str::FromStr;

use tauri_plugin_global_shortcut::Shortcut;

use crate::{control::Intent, error::Error, settings::Settings};

/// The shortcuts in force and what they mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Bindings {
    pub record: Shortcut,
    pub pause: Shortcut,
}

impl Bindings {
    /// The shortcuts the settings name, or which one cannot be parsed.
    pub fn from_settings(settings: &Settings) -> Result<Bindings, Error> {
        Ok(Bindings { record: parse(&settings.hotkey_record)?, pause: parse(&settings.hotkey_pause)? })
    }

    /// The intent of a pressed shortcut, if it is one of ours.
    pub fn intent_for(&self, pressed: &Shortcut) -> Option<Intent> {
        if *pressed == self.record {
            Some(Intent::ToggleRecord)
        } else if *pressed == self.pause {
            Some(Intent::TogglePause)
        } else {
            None
        }
    }

    pub fn all(&self) -> [Shortcut; 2] {
        [self.record, self.pause]
    }
}

/// `Ctrl+Shift+R`, `ctrl+alt+F9`, `Super+Space`… as the plugin spells them.
pub fn parse(text: &str) -> Result<Shortcut, Error> {
    Shortcut::from_str(text.trim()).map_err(|e| Error::Hotkey { shortcut: text.to_owned(), reason: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_hotkeys_mean_record_and_pause() {
        let b = Bindings::from_settings(&Settings::default()).expect("defaults parse");
        let pressed = parse("shift+ctrl+r").expect("parses");
        assert_eq!(b.intent_for(&pressed), Some(Intent::ToggleRecord));
        assert_eq!(b.intent_for(&parse("Ctrl+Shift+P").expect("parses")), Some(Intent::TogglePause));
        assert_eq!(b.intent_for(&parse("Ctrl+Shift+Q").expect("parses")), None);
    }

    #[test]
    fn configured_hotkeys_replace_the_defaults() {
        let s = Settings { hotkey_record: "Alt+F9".into(), ..Settings::default() };
        let b = Bindings::from_settings(&s).expect("parses");
        assert_eq!(b.intent_for(&parse("alt+F9").expect("parses")), Some(Intent::ToggleRecord));
        assert_eq!(b.intent_for(&parse("Ctrl+Shift+R").expect("parses")), None);
    }

    #[test]
    fn an_unparsable_hotkey_names_itself() {
        let s = Settings { hotkey_pause: "Ctrl+Banana".into(), ..Settings::default() };
        let err = Bindings::from_settings(&s).expect_err("refused").to_string();
        assert!(err.contains("Ctrl+Banana") && err.contains("Settings"), "{err}");
    }
}
