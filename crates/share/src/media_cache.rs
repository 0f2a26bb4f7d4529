//! Recently watched clips kept in memory, so range requests are served as
//! slices of one shared buffer — no disk read and no copy per request — the
//! way a busy link is read: many viewers seeking around the same file. A file
//! is cached whole when it is small enough, dropped least-recently-used when
//! the budget is full, and re-read when its size or modification time changes.
//! Larger files are streamed from disk.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::Mutex,
    time::SystemTime,
};

use axum::body::Bytes;

#[derive(Debug)]
pub(crate) struct MediaCache {
    budget: u64,
    entries: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    files: HashMap<PathBuf, Entry>,
    used: u64,
    clock: u64,
}

#[derive(Debug)]
struct Entry {
    bytes: Bytes,
    modified: Option<SystemTime>,
    last_used: u64,
}

/// What a file was when it was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) len: u64,
    pub(crate) modified: Option<SystemTime>,
}

impl MediaCache {
    pub(crate) fn new(budget: u64) -> Self {
        MediaCache { budget, entries: Mutex::default() }
    }

    /// Files up to this size are cached: a quarter of the budget, so a few fit.
    pub(crate) fn holds(&self, len: u64) -> bool {
        len > 0 && len <= self.budget / 4
    }

    /// The cached contents of `path`, if they are still what `stamp` says.
    pub(crate) fn get(&self, path: &Path, stamp: Stamp) -> Option<Bytes> {
        let mut state = self.entries.lock().ok()?;
        state.clock += 1;
        let now = state.clock;
        let entry = state.files.get_mut(path)?;
        if entry.bytes.len() as u64 != stamp.len || entry.modified != stamp.modified {
            return None;
        }
        entry.last_used = now;
        Some(entry.bytes.clone())
    }

    pub(crate) fn insert(&self, path: &Path, bytes: Bytes, stamp: Stamp) {
        let Ok(mut state) = self.entries.lock() else {
            return;
        };
        if let Some(old) = state.files.remove(path) {
            state.used -= old.bytes.len() as u64;
        }
        while state.used + bytes.len() as u64 > self.budget {
            let Some(oldest) = state.files.iter().min_by_key(|(_, e)| e.last_used).map(|(p, _)| p.clone()) else {
                break;
            };
            if let Some(old) = state.files.remove(&oldest) {
                state.used -= old.bytes.len() as u64;
            }
        }
        state.clock += 1;
        state.used += bytes.len() as u64;
        let entry = Entry { bytes, modified: stamp.modified, last_used: state.clock };
        state.files.insert(path.to_path_buf(), entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(len: u64) -> Stamp {
        Stamp { len, modified: None }
    }

    #[test]
    fn keeps_files_within_the_budget_dropping_the_least_recently_used() {
        let cache = MediaCache::new(100);
        assert!(cache.holds(25) && !cache.holds(26) && !cache.holds(0));
        cache.insert(Path::new("a"), Bytes::from(vec![1; 40]), stamp(40));
        cache.insert(Path::new("b"), Bytes::from(vec![2; 40]), stamp(40));
        assert!(cache.get(Path::new("a"), stamp(40)).is_some(), "a is now the most recent");
        cache.insert(Path::new("c"), Bytes::from(vec![3; 40]), stamp(40));
        assert!(cache.get(Path::new("b"), stamp(40)).is_none(), "b was the least recently used");
        assert!(cache.get(Path::new("a"), stamp(40)).is_some());
        assert!(cache.get(Path::new("c"), stamp(40)).is_some());
    }

    #[test]
    fn a_changed_file_is_not_served_from_memory() {
        let cache = MediaCache::new(100);
        cache.insert(Path::new("a"), Bytes::from(vec![1; 10]), stamp(10));
        assert!(cache.get(Path::new("a"), stamp(11)).is_none());
        let later = Stamp { len: 10, modified: Some(SystemTime::now()) };
        assert!(cache.get(Path::new("a"), later).is_none());
    }
}
