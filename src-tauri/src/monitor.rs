//! The Record page's microphone monitor: the chosen mic's live level and the
//! no-sound warning *before* Start, so a muted or wrong input is caught
//! before the recording rather than after it.
//!
//! One monitor at most. It is released when a recording starts (the recorder
//! opens the microphone itself, and some inputs take one client at a time)
//! and when the page stops asking for it, and while the main window is
//! hidden to the tray: a page nobody sees must not hold the microphone
//! (the device's in-use light stays on, and others may be locked out).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use afterword_media::{MicMonitor, MicrophoneChoice};
use serde::Serialize;
use specta::Type;

use crate::{error::Result, state::Shell};

/// Managed state: the open monitor, if any.
#[derive(Debug, Default)]
pub struct Monitoring {
    slot: Mutex<Option<Watched>>,
    /// The main window is hidden: the page's polls open nothing.
    hidden: AtomicBool,
}

#[derive(Debug)]
pub struct Watched {
    choice: MicrophoneChoice,
    monitor: MicMonitor,
}

/// What the Record page shows while idle.
#[derive(Debug, Clone, Serialize, Type)]
pub struct MicLevelView {
    /// The device's name, for the warning ("Afterword hears nothing from …").
    pub microphone: String,
    /// Linear 0..1.
    pub level_rms: f32,
    pub level_peak: f32,
    /// No sound for 3 s: muted, or the wrong input.
    pub silent: bool,
}

impl From<&Watched> for MicLevelView {
    fn from(w: &Watched) -> Self {
        let level = w.monitor.level();
        MicLevelView {
            microphone: w.monitor.name().to_owned(),
            level_rms: level.rms,
            level_peak: level.peak,
            silent: level.silent,
        }
    }
}

impl Monitoring {
    /// Opens the microphone the settings name (reopening if the choice
    /// changed) and returns its level. `None` when the settings record no
    /// microphone, a recording is live (its own level is in the status) or
    /// the window is hidden.
    pub fn ensure(&self, shell: &Shell) -> Result<Option<MicLevelView>> {
        let mut slot = self.lock();
        let settings = shell.settings();
        let recording = shell.recording.status().is_live();
        // The same choice a recording makes; none while recording or hidden.
        let hidden = self.hidden.load(Ordering::SeqCst);
        let Some(choice) = crate::recording::microphone(&settings).filter(|_| !recording && !hidden) else {
            *slot = None;
            return Ok(None);
        };
        if slot.as_ref().is_none_or(|w| w.choice != choice) {
            *slot = None; // close the old device before opening the next
            *slot = Some(Watched { monitor: MicMonitor::open(&choice)?, choice });
        }
        Ok(slot.as_ref().map(MicLevelView::from))
    }

    /// The open monitor's level, if one is open.
    pub fn level(&self) -> Option<MicLevelView> {
        self.lock().as_ref().map(MicLevelView::from)
    }

    /// Closes the device and returns the (empty) slot still locked: hold it
    /// while a recording opens the microphone, so the page cannot reopen
    /// the monitor in between.
    pub fn release(&self) -> MutexGuard<'_, Option<Watched>> {
        let mut slot = self.lock();
        *slot = None;
        slot
    }

    /// The main window was hidden (`true`) or shown: hiding closes the
    /// device, and the page's next poll after showing opens it again.
    pub fn set_window_hidden(&self, hidden: bool) {
        self.hidden.store(hidden, Ordering::SeqCst);
        if hidden {
            drop(self.release());
        }
    }

    /// A poisoned lock only means a thread panicked mid-call; dropping or
    /// replacing the monitor is still sound.
    fn lock(&self) -> MutexGuard<'_, Option<Watched>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
