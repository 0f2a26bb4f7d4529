//! A few open [`Library`] connections shared by the request handlers. A
//! `Library` is one SQLite connection (Send, not Sync), so each job borrows one
//! (blocking its worker: see [`Pool::run`]) and gives it back; SQLite's WAL mode lets them read
//! while one writes. A semaphore caps jobs at the number of connections, so a
//! burst of requests waits its turn instead of opening a connection each
//! (opening one checks the folder and the schema: far slower than a query).
//! Their commits never checkpoint the WAL: [`Checkpointer`] does, off the
//! request path.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use afterword_library::Library;
use tokio::{
    runtime::{Handle, RuntimeFlavor},
    sync::Semaphore,
};

use crate::{checkpoint::Checkpointer, error::ApiError};

/// Connections open at most; SQLite serves a handful of readers well.
const CONNECTIONS: usize = 8;

#[derive(Debug, Clone)]
pub(crate) struct Pool {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    home: PathBuf,
    idle: Mutex<Vec<Library>>,
    permits: Semaphore,
    /// Present while connections defer their checkpoints to it.
    checkpointer: Option<Checkpointer>,
}

impl Pool {
    /// Starts with `first`, already open (which proves the library opens).
    pub(crate) fn new(mut first: Library) -> Self {
        let home = first.home().to_path_buf();
        let checkpointer = Checkpointer::start(&home);
        if checkpointer.is_some() && first.defer_checkpoints().is_err() {
            tracing::warn!("the first connection checkpoints its own commits");
        }
        let inner = Inner { home, idle: Mutex::new(vec![first]), permits: Semaphore::new(CONNECTIONS), checkpointer };
        Pool { inner: Arc::new(inner) }
    }

    pub(crate) fn home(&self) -> &Path {
        &self.inner.home
    }

    /// Runs `job` with a connection, blocking the task's own worker thread.
    ///
    /// A job takes well under a millisecond, but handing it to
    /// `spawn_blocking` cost 5–10 ms under load on two cores: the parked
    /// blocking thread waits for the OS to schedule it, and the answer waits
    /// again for a busy worker to notice it (measured in the share bench,
    /// README → Performance). `block_in_place` runs the job right here and
    /// moves this worker's other tasks to a fresh worker instead. A
    /// current-thread runtime (tests) cannot do that and keeps the hop.
    pub(crate) async fn run<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Library) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.inner.permits.acquire().await.map_err(|e| ApiError::internal("library pool closed", e))?;
        let inner = Arc::clone(&self.inner);
        let work = move || {
            let mut lib = inner.take()?;
            let result = job(&mut lib);
            inner.give_back(lib);
            result
        };
        let result = if Handle::current().runtime_flavor() == RuntimeFlavor::MultiThread {
            // As spawn_blocking does: a panicking job is a 500, not a dead connection.
            tokio::task::block_in_place(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)))
                .map_err(|_| ApiError::internal("library job panicked", "see the panic above"))?
        } else {
            tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::internal("library job panicked", e))?
        };
        drop(permit);
        result
    }
}

impl Inner {
    fn take(&self) -> Result<Library, ApiError> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match pooled {
            Some(lib) => Ok(lib),
            None => {
                let mut lib = Library::open(&self.home).map_err(|e| ApiError::internal("opening the library", e))?;
                if self.checkpointer.is_some() {
                    lib.defer_checkpoints().map_err(|e| ApiError::internal("opening the library", e))?;
                }
                Ok(lib)
            }
        }
    }

    fn give_back(&self, lib: Library) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < CONNECTIONS
        {
            idle.push(lib);
        }
    }
}
