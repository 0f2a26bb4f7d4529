//! [`ShareState`]: everything a request handler needs, cheap to clone — the
//! library connections, the viewer bundle, the owner key, the rate limiters
//! and the live-update hub.

use std::sync::Arc;

use afterword_library::{ClipId, Library};

use crate::{
    config::ShareConfig, error::SetupError, events::Hub, link_cache::LinkCache, media_cache::MediaCache,
    owner::OwnerKey, pool::Pool, ratelimit::RateLimiter, viewer::Viewer,
};

#[derive(Debug, Clone)]
pub struct ShareState {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) config: ShareConfig,
    pub(crate) pool: Pool,
    pub(crate) viewer: Viewer,
    pub(crate) owner: OwnerKey,
    pub(crate) posts: RateLimiter,
    pub(crate) unlocks: RateLimiter,
    pub(crate) media: MediaCache,
    pub(crate) media_loading: tokio::sync::Mutex<()>,
    pub(crate) links: LinkCache,
    pub(crate) hub: Hub,
    /// Open object stores, for clips played from where they were published.
    pub(crate) stores: afterword_storage::StoreCache,
}

impl ShareState {
    /// A server over the library `lib` (its folder is reopened for more
    /// connections), with the owner key kept in that folder and the viewer
    /// built into this binary.
    pub fn new(lib: Library, config: ShareConfig) -> Result<Self, SetupError> {
        let owner = OwnerKey::load_or_create(lib.home())?;
        Ok(Self::with_parts(lib, config, Viewer::built_in()?, owner))
    }

    /// Like [`Self::new`] with the viewer and owner key chosen by the caller.
    pub fn with_parts(lib: Library, config: ShareConfig, viewer: Viewer, owner: OwnerKey) -> Self {
        let limits = &config.limits;
        let posts = RateLimiter::new(limits.post_burst, limits.post_refill);
        let unlocks = RateLimiter::new(limits.unlock_burst, limits.unlock_refill);
        let media = MediaCache::new(limits.media_cache_bytes);
        let inner = Inner {
            pool: Pool::new(lib),
            viewer,
            owner,
            posts,
            unlocks,
            media,
            media_loading: Default::default(),
            links: LinkCache::new(limits.link_cache),
            hub: Hub::new(),
            stores: afterword_storage::StoreCache::new(),
            config,
        };
        ShareState { inner: Arc::new(inner) }
    }

    /// Reads published clips from object storage with `keys` rather than the
    /// environment's AWS keys (call it right after construction).
    pub fn with_store_keys(mut self, keys: afterword_storage::Keys) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.stores = afterword_storage::StoreCache::with_keys(keys);
        }
        self
    }

    pub fn config(&self) -> &ShareConfig {
        &self.inner.config
    }

    /// The library folder this server reads.
    pub fn home(&self) -> &std::path::Path {
        self.inner.pool.home()
    }

    /// The owner key (the desktop app sets the owner cookie with it).
    pub fn owner_key(&self) -> &OwnerKey {
        &self.inner.owner
    }

    /// Tells open viewer pages of `clip` that its comments changed elsewhere
    /// (the desktop app calls this after writing to the library itself).
    pub fn notify_changed(&self, clip: ClipId) {
        self.inner.hub.notify(clip);
    }

    /// Closes the open live-update streams, so a graceful shutdown can finish
    /// (call it when the shutdown signal arrives).
    pub fn shutdown(&self) {
        self.inner.hub.stop();
    }
}
