//! How a long upload reports how far it got: the CLI draws a progress bar on a
//! terminal, tests and the share server pass [`NoProgress`].

/// Receives the size of the work, then each chunk of it as it is done.
pub trait Progress: Send + Sync {
    /// The total bytes this publish may send (before skipping unchanged ones).
    fn start(&self, _total: u64) {}
    /// `bytes` more are done (sent, or found already in the store).
    fn advance(&self, _bytes: u64) {}
    fn finish(&self) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
