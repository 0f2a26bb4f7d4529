//! How a background worker (`transcriber`, `renderer`) is told there is
//! work, or that it must stop: a flag pair under a mutex and a condvar, and
//! a channel whose sender the thread drops when it ends, so Quit can wait
//! for it a bounded time.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Wakeup {
    state: Mutex<Wanted>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct Wanted {
    work: bool,
    stop: bool,
}

impl Wakeup {
    /// A signal that has work waiting already (a worker looks at start-up).
    pub fn with_work() -> Self {
        let signal = Wakeup::default();
        signal.lock().work = true;
        signal
    }

    fn lock(&self) -> MutexGuard<'_, Wanted> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Something may be waiting.
    pub fn wake(&self) {
        self.lock().work = true;
        self.changed.notify_all();
    }

    /// Stops the worker for good.
    pub fn stop(&self) {
        self.lock().stop = true;
        self.changed.notify_all();
    }

    /// Waits until woken, stopped or `timeout` passes; true unless stopped.
    pub fn wait(&self, timeout: Duration) -> bool {
        let guard = self.lock();
        let (mut guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |w| !w.work && !w.stop)
            .unwrap_or_else(PoisonError::into_inner);
        guard.work = false;
        !guard.stop
    }

    pub fn stopped(&self) -> bool {
        self.lock().stop
    }
}

/// The end of a worker thread, seen from outside: the thread holds the
/// sender and drops it when it returns.
#[derive(Debug)]
pub struct Ended(Mutex<Option<mpsc::Receiver<()>>>);

impl Ended {
    /// The pair: the thread keeps the sender until it ends.
    pub fn pair() -> (mpsc::Sender<()>, Ended) {
        let (tx, rx) = mpsc::channel();
        (tx, Ended(Mutex::new(Some(rx))))
    }

    /// Waits up to `grace` for the thread to end; false if it did not.
    pub fn wait(&self, grace: Duration) -> bool {
        let ended = self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
        ended.is_none_or(|rx| matches!(rx.recv_timeout(grace), Err(mpsc::RecvTimeoutError::Disconnected)))
    }
}
