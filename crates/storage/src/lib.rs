//! Afterword's object storage: S3-compatible targets (AWS S3, R2, MinIO,
//! Garage) through the `object_store` crate, publishing clips to them
//! (resumable multipart uploads, idempotent), importing a published clip into
//! another library, and the ranged reads the share server streams from.
//!
//! Credentials are read from the environment or a named AWS profile each time
//! a target is opened, and never stored. The library records targets, where
//! each clip went, and the journal that lets an interrupted upload resume.

mod cache;
mod error;
mod import;
mod page;
mod progress;
mod publish;
mod store;
mod target;
mod upload;

pub use cache::StoreCache;
pub use error::{Result, StorageError};
pub use import::import;
pub use progress::{NoProgress, Progress};
pub use publish::{ClipDocument, PublishOptions, PublishReport, clip_folder, publish};
pub use store::{ObjectInfo, Ranged, Store};
pub use target::{Keys, TargetForm, TargetUrl, add_target, object_url, parse_endpoint, parse_public_url, parse_url};
pub use upload::{PART_SIZE, SINGLE_PUT_MAX, Sent};
