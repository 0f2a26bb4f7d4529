//! Stopping a transcription midway: the app quitting, a clip deleted while
//! it is transcribed, a person pressing Cancel.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

/// A shared "stop" flag. Clones are the same flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Cancel::default()
    }

    /// Asks the run to stop; it ends with [`crate::Error::Cancelled`] within
    /// one 30-second window of audio.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// The flag itself, for whatever sets it from outside (a signal handler).
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
    }
}

/// The same flag.
impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Cancel {}
