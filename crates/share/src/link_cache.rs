//! Live links that video requests opened in the last moment. A browser
//! playing a clip sends a range request every few hundred kilobytes; looking
//! each one up in the library costs a trip to a blocking thread and two
//! queries, which under load halves throughput. So for video bytes only, a
//! link found live is trusted for [`crate::ShareLimits::link_cache`] (a second
//! by default): expiry is still checked on every request against the cached
//! time, and a revoke reaches streams within that second. Everything else — the
//! page, the API, comments — asks the library every time.
//!
//! Entries are keyed by the token's SHA-256, like the library's index, so the
//! lookup's timing says nothing about how close a guess was.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use afterword_library::{Clip, ShareLink};
use sha2::{Digest, Sha256};

/// Entries kept at most; expired ones are swept when the map is full.
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug)]
pub(crate) struct LinkCache {
    ttl: Duration,
    entries: Mutex<HashMap<[u8; 32], Arc<Cached>>>,
}

/// A live link and its clip as they were at `at`.
#[derive(Debug)]
pub(crate) struct Cached {
    pub(crate) link: ShareLink,
    pub(crate) clip: Clip,
    at: Instant,
}

impl LinkCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        LinkCache { ttl, entries: Mutex::default() }
    }

    /// The link for `token` if it was found live less than the TTL ago and has not expired since.
    pub(crate) fn get(&self, token: &str) -> Option<Arc<Cached>> {
        if self.ttl.is_zero() {
            return None;
        }
        let hit = self.entries.lock().ok()?.get(&key(token)).cloned()?;
        let fresh = hit.at.elapsed() < self.ttl && hit.link.is_live(jiff::Timestamp::now());
        fresh.then_some(hit)
    }

    pub(crate) fn put(&self, token: &str, link: ShareLink, clip: Clip) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_ENTRIES {
            let ttl = self.ttl;
            entries.retain(|_, c| c.at.elapsed() < ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key(token), Arc::new(Cached { link, clip, at: Instant::now() }));
    }
}

fn key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
