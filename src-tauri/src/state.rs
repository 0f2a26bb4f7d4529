//! [`Shell`]: what every command and tray handler reaches through
//! `State<'_, Shell>` — the library connection, the settings, the recording
//! session, the in-process share server and the links this app handed out.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard, PoisonError};

use afterword_library::Library;

use crate::{links::LinkBook, media_server::MediaServer, recording::Session, server::ShareServer, settings::Settings};

#[derive(Debug)]
pub struct Shell {
    library: Mutex<Library>,
    settings: Mutex<Settings>,
    pub settings_path: PathBuf,
    session: Mutex<Option<Session>>,
    pub share: ShareServer,
    pub media: MediaServer,
    pub links: LinkBook,
    /// Set by Quit, so the runtime's exit request is let through.
    pub quitting: AtomicBool,
    /// True while a stopped recording is being finalized off the lock.
    pub finalizing: AtomicBool,
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
            session: Mutex::new(None),
            share,
            media,
            links,
            quitting: AtomicBool::new(false),
            finalizing: AtomicBool::new(false),
        }
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

    pub fn session(&self) -> MutexGuard<'_, Option<Session>> {
        lock(&self.session)
    }
}
