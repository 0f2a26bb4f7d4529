//! Global hotkeys: the two configurable shortcuts and which [`Intent`] each
//! one means. Parsing and matching are plain functions; registering them with
//! the desktop is done in `shell.rs`.

use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tauri_plugin_global_shortcut::Shortcut;

use crate::{control::Intent, error::Error, settings::Settings};

/// The shortcuts in force and what they mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Bindings {
    pub record: Shortcut,
    pub pause: Shortcut,
    /// As the settings spell them ("Ctrl+Shift+R"), for messages.
    labels: [String; 2],
}

impl Bindings {
    /// The shortcuts the settings name, or which one cannot be parsed.
    pub fn from_settings(settings: &Settings) -> Result<Bindings, Error> {
        Ok(Bindings {
            record: parse(&settings.hotkey_record)?,
            pause: parse(&settings.hotkey_pause)?,
            labels: [settings.hotkey_record.trim().to_owned(), settings.hotkey_pause.trim().to_owned()],
        })
    }

    /// How the settings spell `shortcut`.
    pub fn label(&self, shortcut: &Shortcut) -> String {
        let i = self.all().iter().position(|s| s == shortcut);
        i.map_or_else(|| shortcut.to_string(), |i| self.labels[i].clone())
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

/// Set while a Settings hotkey field waits for a combination: the desktop
/// hands our own shortcuts to us, not to the page, so a press of one is
/// given to the field instead of starting a recording. It lapses by itself
/// after [`Capturing::FOR`], so a field that never reported losing focus
/// cannot leave the hotkeys dead.
#[derive(Debug, Default)]
pub struct Capturing(Mutex<Option<Instant>>);

impl Capturing {
    pub const FOR: Duration = Duration::from_secs(60);

    pub fn set(&self, on: bool, now: Instant) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = on.then(|| now + Self::FOR);
    }

    pub fn is_on(&self, now: Instant) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).is_some_and(|until| now < until)
    }
}

/// Replacing the shortcuts in force (`old`, none at start-up) with `new`:
/// which to register, and which to let go once every new one is registered.
/// A shortcut in both stays as it is, so a change that the desktop refuses
/// never leaves a moment without the hotkeys that worked.
pub fn swap(old: &[Shortcut], new: &[Shortcut]) -> (Vec<Shortcut>, Vec<Shortcut>) {
    let register = new.iter().filter(|s| !old.contains(s)).copied().collect();
    let release = old.iter().filter(|s| !new.contains(s)).copied().collect();
    (register, release)
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
    fn a_changed_hotkey_is_registered_before_the_old_one_is_let_go() {
        let (r, p, k) =
            (parse("Ctrl+Shift+R").expect("ok"), parse("Ctrl+Shift+P").expect("ok"), parse("Ctrl+Alt+K").expect("ok"));
        assert_eq!(swap(&[r, p], &[k, p]), (vec![k], vec![r]));
        assert_eq!(swap(&[], &[r, p]), (vec![r, p], vec![]));
        assert_eq!(swap(&[r, p], &[r, p]), (vec![], vec![]));
    }

    #[test]
    fn capturing_ends_when_the_field_says_so_or_by_itself() {
        let (c, now) = (Capturing::default(), Instant::now());
        assert!(!c.is_on(now));
        c.set(true, now);
        assert!(c.is_on(now + Duration::from_secs(1)));
        assert!(!c.is_on(now + Capturing::FOR), "lapses");
        c.set(false, now);
        assert!(!c.is_on(now));
    }

    #[test]
    fn a_shortcut_is_named_as_the_settings_spell_it() {
        let s = Settings { hotkey_record: " Ctrl+Alt+K ".into(), ..Settings::default() };
        let b = Bindings::from_settings(&s).expect("parses");
        assert_eq!(b.label(&b.record), "Ctrl+Alt+K");
    }

    #[test]
    fn an_unparsable_hotkey_names_itself() {
        let s = Settings { hotkey_pause: "Ctrl+Banana".into(), ..Settings::default() };
        let err = Bindings::from_settings(&s).expect_err("refused").to_string();
        assert!(err.contains("Ctrl+Banana") && err.contains("Settings"), "{err}");
    }
}
