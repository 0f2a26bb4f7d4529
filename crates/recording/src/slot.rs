//! [`Slot`]: one recording at a time, for a client whose controls live on
//! several threads (the app's page, tray, hotkeys, floating control). Its
//! [`Status`] is readable from any of them at any moment — including while a
//! stopped recording finalizes, which happens outside every lock so the
//! controls keep answering and show `Finalizing`.

use std::sync::{Mutex, MutexGuard, PoisonError};

use afterword_library::{ClipId, Library};
use afterword_media::{Level, RecorderState};

use crate::{
    error::{Error, Result},
    request::Then,
    session::{Armed, Kept, Session},
};

/// What the controls show.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub state: RecorderState,
    pub level: Level,
    pub warnings: Vec<String>,
    /// The clip being recorded or saved.
    pub clip_id: Option<ClipId>,
    pub then: Then,
}

impl Status {
    fn idle() -> Status {
        Status {
            state: RecorderState::Idle,
            level: Level::default(),
            warnings: Vec::new(),
            clip_id: None,
            then: Then::Keep,
        }
    }

    /// Something is being captured or about to be.
    pub fn is_live(&self) -> bool {
        self.state.is_live()
    }
}

#[derive(Debug, Default)]
enum Held {
    #[default]
    Empty,
    Live(Box<Session>),
    /// Stopped; its file is being finalized and filed.
    Finalizing {
        clip_id: ClipId,
        then: Then,
    },
}

/// Holds the one recording a client may run.
#[derive(Debug, Default)]
pub struct Slot {
    held: Mutex<Held>,
}

/// A poisoned lock only means another thread panicked mid-call; the data is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Slot {
    pub fn status(&self) -> Status {
        match &*lock(&self.held) {
            Held::Empty => Status::idle(),
            Held::Live(s) => Status {
                state: s.state(),
                level: s.level(),
                warnings: s.warnings(),
                clip_id: Some(s.clip_id()),
                then: s.then(),
            },
            Held::Finalizing { clip_id, then } => {
                Status { state: RecorderState::Finalizing, clip_id: Some(*clip_id), then: *then, ..Status::idle() }
            }
        }
    }

    /// Starts `armed` unless a recording runs or is being saved.
    pub fn start(&self, library: &Mutex<Library>, armed: Armed) -> Result<Status> {
        {
            let mut held = lock(&self.held);
            match &*held {
                Held::Empty => {}
                Held::Live(s) if !s.state().is_live() => {}
                Held::Live(_) => return Err(Error::AlreadyRecording),
                Held::Finalizing { .. } => return Err(Error::Finalizing),
            }
            let session = armed.start(&mut lock(library))?;
            *held = Held::Live(Box::new(session));
        }
        Ok(self.status())
    }

    /// Checks whether a start could proceed, before devices are opened.
    pub fn ensure_free(&self) -> Result<()> {
        match &*lock(&self.held) {
            Held::Live(s) if s.state().is_live() => Err(Error::AlreadyRecording),
            Held::Finalizing { .. } => Err(Error::Finalizing),
            _ => Ok(()),
        }
    }

    pub fn pause(&self) -> Result<()> {
        self.with_live(Session::pause)
    }

    pub fn resume(&self) -> Result<()> {
        self.with_live(Session::resume)
    }

    fn with_live(&self, f: impl FnOnce(&mut Session) -> Result<()>) -> Result<()> {
        match &mut *lock(&self.held) {
            Held::Live(s) => f(s),
            Held::Finalizing { .. } => Err(Error::Finalizing),
            Held::Empty => Err(Error::NotRecording),
        }
    }

    /// Stops, finalizes (outside the slot's and the library's locks) and
    /// files the clip. Meanwhile [`Slot::status`] says `Finalizing`.
    pub fn stop(&self, library: &Mutex<Library>) -> Result<Kept> {
        let session = self.take_live(|s| Held::Finalizing { clip_id: s.clip_id(), then: s.then() })?;
        let kept = session.stop().file(&mut lock(library));
        *lock(&self.held) = Held::Empty;
        kept
    }

    /// Abandons the recording: nothing is kept.
    pub fn discard(&self, library: &Mutex<Library>) -> Result<()> {
        let session = self.take_live(|_| Held::Empty)?;
        session.discard(&mut lock(library))
    }

    /// Takes the live session out, leaving what `after` says in its place.
    fn take_live(&self, after: impl FnOnce(&Session) -> Held) -> Result<Box<Session>> {
        let mut held = lock(&self.held);
        match &*held {
            Held::Live(s) => {
                let next = after(s);
                match std::mem::replace(&mut *held, next) {
                    Held::Live(s) => Ok(s),
                    _ => Err(Error::NotRecording),
                }
            }
            Held::Finalizing { .. } => Err(Error::Finalizing),
            Held::Empty => Err(Error::NotRecording),
        }
    }
}
