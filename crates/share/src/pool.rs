//! A few open [`Library`] connections shared by the request handlers. A
//! `Library` is one SQLite connection (Send, not Sync), so each job borrows one
//! on a blocking thread and gives it back; SQLite's WAL mode lets them read
//! while one writes. A semaphore caps jobs at the number of connections, so a
//! burst of requests waits its turn instead of opening a connection each
//! (opening one checks the folder and the schema: far slower than a query).

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use afterword_library::Library;
use tokio::sync::Semaphore;

use crate::error::ApiError;

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
}

impl Pool {
    /// Starts with `first`, already open (which proves the library opens).
    pub(crate) fn new(first: Library) -> Self {
        let home = first.home().to_path_buf();
        let inner = Inner { home, idle: Mutex::new(vec![first]), permits: Semaphore::new(CONNECTIONS) };
        Pool { inner: Arc::new(inner) }
    }

    pub(crate) fn home(&self) -> &Path {
        &self.inner.home
    }

    /// Runs `job` with a connection on a blocking thread.
    pub(crate) async fn run<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Library) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.inner.permits.acquire().await.map_err(|e| ApiError::internal("library pool closed", e))?;
        let inner = Arc::clone(&self.inner);
        let result = tokio::task::spawn_blocking(move || {
            let mut lib = inner.take()?;
            let result = job(&mut lib);
            inner.give_back(lib);
            result
        })
        .await
        .map_err(|e| ApiError::internal("library job panicked", e))?;
        drop(permit);
        result
    }
}

impl Inner {
    fn take(&self) -> Result<Library, ApiError> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match pooled {
            Some(lib) => Ok(lib),
            None => Library::open(&self.home).map_err(|e| ApiError::internal("opening the library", e)),
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
