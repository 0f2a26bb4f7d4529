//! [`StoreCache`]: the share server's open stores, one per target, so a range
//! request reuses a warm HTTP connection instead of opening a client each time.
//! A target whose definition changed in the library is opened again.

use std::{collections::HashMap, sync::Mutex};

use afterword_library::StorageTarget;

use crate::{Keys, Result, Store};

#[derive(Debug, Default)]
pub struct StoreCache {
    /// Keys to use instead of the environment's (tests, embedding).
    keys: Option<Keys>,
    open: Mutex<HashMap<String, (StorageTarget, Store)>>,
}

impl StoreCache {
    /// Opens stores with the credentials of the environment or the target's profile.
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens every store with `keys`.
    pub fn with_keys(keys: Keys) -> Self {
        StoreCache { keys: Some(keys), open: Mutex::default() }
    }

    /// The open store for `target`, opening it on first use.
    pub fn get(&self, target: &StorageTarget) -> Result<Store> {
        if let Ok(open) = self.open.lock()
            && let Some((known, store)) = open.get(&target.name)
            && known == target
        {
            return Ok(store.clone());
        }
        let store = match &self.keys {
            Some(keys) => Store::open_with(target, keys.clone())?,
            None => Store::open(target)?,
        };
        if let Ok(mut open) = self.open.lock() {
            open.insert(target.name.clone(), (target.clone(), store.clone()));
        }
        Ok(store)
    }
}
