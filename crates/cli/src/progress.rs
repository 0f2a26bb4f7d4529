//! A percentage bar on standard error, shown on a terminal only (and never
//! with --json), for the commands that wait on long work: transcribing a
//! clip, rendering an edit.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A percentage bar on standard error, on a terminal only.
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new(json: bool) -> Bar {
        let bar = if std::io::stderr().is_terminal() && !json { ProgressBar::new(100) } else { ProgressBar::hidden() };
        bar.set_style(
            ProgressStyle::with_template("{msg} {wide_bar} {pos}%").unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar(bar)
    }

    pub fn at(&self, what: &str, pct: u8) {
        self.0.set_message(what.to_owned());
        self.0.set_position(pct.into());
    }

    pub fn done(&self) {
        self.0.finish_and_clear();
    }
}
