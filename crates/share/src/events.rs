//! Live updates: every change to a clip's comments or reactions made through
//! this server is announced on a broadcast channel, and each open viewer page
//! listens on its server-sent-event stream and refetches. Writes made outside
//! the server (the CLI) reach pages through their slow poll, or at once when
//! the app calls [`crate::ShareState::notify_changed`].

use afterword_library::ClipId;
use tokio::sync::{broadcast, watch};

/// Changes buffered per listener; a listener that falls further behind just refetches.
const BUFFER: usize = 64;

#[derive(Debug, Clone)]
pub(crate) struct Hub {
    tx: broadcast::Sender<ClipId>,
    stop: watch::Sender<bool>,
}

impl Hub {
    pub(crate) fn new() -> Self {
        Hub { tx: broadcast::channel(BUFFER).0, stop: watch::Sender::new(false) }
    }

    /// Tells every page showing `clip` to refetch. Nobody listening is fine.
    pub(crate) fn notify(&self, clip: ClipId) {
        let _ = self.tx.send(clip);
    }

    /// Ends every event stream, now and for pages that connect later.
    pub(crate) fn stop(&self) {
        self.stop.send_replace(true);
    }

    pub(crate) fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<ClipId> {
        self.tx.subscribe()
    }
}
