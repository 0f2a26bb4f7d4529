//! [`Shell`]: what every command and tray handler reaches through
//! `State<'_, Shell>` — the library connection, the settings, the recording
//! slot, the in-process share server and the links this app handed out.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard, PoisonError};

use afterword_library::Library;

use afterword_recording::Slot;

use crate::{
    camera::RecordedBubble, links::LinkBook, media_server::MediaServer, server::ShareServer, settings::Settings,
};

#[derive(Debug)]
pub struct Shell {
    library: Mutex<Library>,
    settings: Mutex<Settings>,
    pub settings_path: PathBuf,
    /// The one recording the app may run; its status is readable at any moment.
    pub recording: Slot,
    pub share: ShareServer,
    pub media: MediaServer,
    pub links: LinkBook,
    /// Set by Quit, so the runtime's exit request is let through.
    pub quitting: AtomicBool,
    /// The camera bubble of the recording under way, which its window moves.
    bubble: Mutex<Option<RecordedBubble>>,
}

/// A poisoned lock only means another thread panicked mid-call; the data
/// (a connection, a settings value) is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shell {
    pub fn new(
        library: Library,
        settings: Settings,
        settings_path: PathBuf,
        share: ShareServer,
        media: MediaServer,
        links: LinkBook,
    ) -> Self {
        Shell {
            library: Mutex::new(library),
            settings: Mutex::new(settings),
            settings_path,
            recording: Slot::default(),
            share,
            media,
            links,
            quitting: AtomicBool::new(false),
            bubble: Mutex::new(None),
        }
    }

    /// The recording's camera bubble, while one records.
    pub fn bubble(&self) -> Option<RecordedBubble> {
        lock(&self.bubble).clone()
    }

    pub fn set_bubble(&self, bubble: Option<RecordedBubble>) {
        *lock(&self.bubble) = bubble;
    }

    pub fn library(&self) -> MutexGuard<'_, Library> {
        lock(&self.library)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn set_settings(&self, settings: Settings) {
        *lock(&self.settings) = settings;
    }

    /// The connection's lock itself, for the recording slot (which takes it
    /// only for the moments it writes rows, not while a clip finalizes).
    pub fn library_lock(&self) -> &Mutex<Library> {
        &self.library
    }
}
