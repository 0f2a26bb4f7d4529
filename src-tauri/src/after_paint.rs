//! Start-up work that can wait until the window has painted.
//!
//! Registering the global hotkeys blocks the main thread (the plugin runs
//! each grab there, and on X11 each is a round trip to global-hotkey's
//! thread); done during start-up it held the first paint back by ~550 ms
//! (`tests/app/bench.sh`, README → Performance). Nobody presses a hotkey in
//! the first second, so it runs once the page says it has painted — or after
//! [`FALLBACK`], since a window started hidden (at login) may never paint.

use std::sync::mpsc::{self, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How long to wait for a paint that may not come.
const FALLBACK: Duration = Duration::from_secs(3);

/// Managed state: the signal the first paint sends.
#[derive(Debug)]
pub struct AfterPaint {
    painted: Mutex<Option<Sender<()>>>,
}

impl AfterPaint {
    /// Runs `work` on a thread named `name` after the first paint.
    pub fn spawn(name: &str, work: impl FnOnce() + Send + 'static) -> std::io::Result<Self> {
        let (painted, wait) = mpsc::channel();
        std::thread::Builder::new().name(name.into()).spawn(move || {
            let _ = wait.recv_timeout(FALLBACK);
            work();
        })?;
        Ok(AfterPaint { painted: Mutex::new(Some(painted)) })
    }

    /// The page has painted (later calls, from other windows, do nothing).
    pub fn painted(&self) {
        if let Some(tx) = self.painted.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_waits_for_the_paint() {
        let (done, finished) = mpsc::channel();
        let after = AfterPaint::spawn("test-after-paint", move || done.send(()).expect("send")).expect("thread");
        assert!(finished.recv_timeout(Duration::from_millis(200)).is_err(), "ran before the paint");
        after.painted();
        after.painted();
        finished.recv_timeout(Duration::from_secs(2)).expect("ran after the paint");
    }

    #[test]
    fn the_work_runs_anyway_when_no_paint_comes() {
        let (done, finished) = mpsc::channel();
        let _after = AfterPaint::spawn("test-after-paint", move || done.send(()).expect("send")).expect("thread");
        finished.recv_timeout(FALLBACK + Duration::from_secs(2)).expect("ran after the fallback");
    }
}
