//! Live links that video requests opened in the last moment. A browser
//! playing a clip sends a range request every few hundred kilobytes; looking
//! each one up in the library costs a trip to a blocking thread and two
//! queries, which under load halves throughput. So for video bytes only, a
//! link found live is trusted for [`crate::ShareLimits::link_cache`] (a second
//! by default): expiry is still checked on every request against the cached
//! time, and a revoke reaches streams within that second. Everything else — the
//! page, the API, comments — asks the library every time.
//!
//! When an entry runs out, every stream of that link misses at once (64 in
//! the benchmark); all of them asking the library queued comments behind
//! them once a second, which was most of the comments' p99. So one request
//! per link looks it up again ([`LinkCache::refreshing`]) and the others wait
//! for its answer: still at most a second old, as before.
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

/// Locks for refreshing, shared by links whose keys fall together: links
/// refreshing at the same moment rarely wait for each other.
const REFRESH_SHARDS: usize = 16;

#[derive(Debug)]
pub(crate) struct LinkCache {
    ttl: Duration,
    entries: Mutex<HashMap<[u8; 32], Arc<Cached>>>,
    refresh: [tokio::sync::Mutex<()>; REFRESH_SHARDS],
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
        LinkCache { ttl, entries: Mutex::default(), refresh: Default::default() }
    }

    /// Held while one request looks `token` up in the library; whoever waited
    /// for it should [`get`](Self::get) again before looking up themselves.
    /// `None` when nothing is cached (a zero TTL), so there is nothing to share.
    pub(crate) async fn refreshing(&self, token: &str) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if self.ttl.is_zero() {
            return None;
        }
        let shard = usize::from(key(token)[0]) % REFRESH_SHARDS;
        Some(self.refresh[shard].lock().await)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_request_per_link_refreshes_at_a_time() {
        let cache = LinkCache::new(Duration::from_secs(1));
        let first = cache.refreshing("token").await.expect("a cache refreshes");
        let second = tokio::time::timeout(Duration::from_millis(50), cache.refreshing("token")).await;
        assert!(second.is_err(), "the second request waits for the first one's answer");
        drop(first);
        assert!(cache.refreshing("token").await.is_some(), "and goes on once it is there");
        assert!(LinkCache::new(Duration::ZERO).refreshing("token").await.is_none(), "no cache, nothing to wait for");
    }
}
