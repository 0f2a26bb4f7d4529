//! The share server's WAL checkpoints, on a named thread of their own.
//!
//! SQLite's automatic checkpoint runs inside the commit that takes the log
//! past 1,000 pages: copying them and syncing the database file in that
//! request's time. Under load that was the comments' p99 (see README,
//! Performance). The server's connections defer checkpoints, and this thread
//! runs a `PASSIVE` one every [`INTERVAL`], which neither waits for nor holds
//! up a reader or a writer. Commits are as durable as before (WAL,
//! `synchronous = NORMAL`); only where the copy into the database happens
//! moved.

use std::{
    path::Path,
    sync::mpsc::{self, RecvTimeoutError},
    thread::JoinHandle,
    time::Duration,
};

use afterword_library::Library;

/// Often enough that the log stays near SQLite's own 1,000-page mark at a few
/// hundred comments a second; an idle check costs microseconds.
const INTERVAL: Duration = Duration::from_millis(250);

/// Runs checkpoints until dropped.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread with a connection of its own; `None` when it can't
    /// (then the pool keeps SQLite's automatic checkpoints).
    pub(crate) fn start(home: &Path) -> Option<Self> {
        let lib = match Library::open(home) {
            Ok(lib) => lib,
            Err(e) => {
                tracing::warn!("no checkpoint thread ({e}); commits checkpoint the log themselves");
                return None;
            }
        };
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new().name("wal-checkpoint".into()).spawn(move || {
            let _span = tracing::info_span!("wal-checkpoint").entered();
            // Ends when the sender is dropped (or sends).
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                if let Err(e) = lib.checkpoint() {
                    tracing::warn!("checkpoint failed, will retry: {e}");
                }
            }
            // Leave the log copied for whoever opens the library next.
            let _ = lib.checkpoint();
        });
        match thread {
            Ok(thread) => Some(Checkpointer { stop: Some(stop), thread: Some(thread) }),
            Err(e) => {
                tracing::warn!("no checkpoint thread ({e}); commits checkpoint the log themselves");
                None
            }
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
