//! [`Store`]: one storage target opened for use — an S3 client (object_store's
//! `AmazonS3`, path-style so Garage and MinIO work) with short timeouts and few
//! retries, so a store that does not answer is reported in seconds, not minutes.
//! Also the ranged reads the share server streams from.

use std::{ops::Range, sync::Arc, time::Duration};

use afterword_library::StorageTarget;
use bytes::Bytes;
use futures::{StreamExt, stream::BoxStream};
use object_store::{
    Attribute, AttributeValue, Attributes, BackoffConfig, ClientOptions, GetOptions, GetRange, ObjectStore,
    ObjectStoreExt, PutOptions, PutPayload, RetryConfig,
    aws::{AmazonS3, AmazonS3Builder},
    path::Path,
};

use crate::{
    error::{Place, Result, StorageError},
    target::{self, Keys},
};

/// What error messages name as the endpoint of a target without one (AWS).
const DEFAULT_ENDPOINT: &str = "https://s3.amazonaws.com";

/// An opened target. Cheap to clone; share one per target across requests.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) s3: Arc<AmazonS3>,
    pub(crate) place: Place,
    target: StorageTarget,
}

/// What the store says about one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub size: u64,
    pub etag: Option<String>,
}

/// A span of an object on its way: the bytes as a stream, which bytes they
/// are, and how long the whole object is (for `Content-Range`).
pub struct Ranged {
    pub range: Range<u64>,
    pub total: u64,
    pub stream: BoxStream<'static, Result<Bytes>>,
}

impl std::fmt::Debug for Ranged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ranged").field("range", &self.range).field("total", &self.total).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens `target` with the credentials its profile, or the environment,
    /// gives now (see the crate docs).
    pub fn open(t: &StorageTarget) -> Result<Store> {
        Self::open_with(t, target::keys(&t.name, t.profile.as_deref())?)
    }

    /// Opens `target` with the given access key.
    pub fn open_with(t: &StorageTarget, creds: Keys) -> Result<Store> {
        let endpoint = t.endpoint.clone().unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let place = Place { target: t.name.clone(), endpoint: endpoint.clone(), bucket: t.bucket.clone() };
        let options = ClientOptions::new()
            .with_allow_http(endpoint.starts_with("http://"))
            .with_connect_timeout(Duration::from_secs(3))
            .with_timeout(Duration::from_secs(120));
        // A couple of quick retries ride over a blip; more would keep a person
        // waiting on a store that is down.
        let retry = RetryConfig {
            max_retries: 2,
            retry_timeout: Duration::from_secs(15),
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_secs(1),
                base: 2.0,
            },
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&t.bucket)
            .with_region(&t.region)
            .with_access_key_id(creds.key_id)
            .with_secret_access_key(creds.secret)
            .with_client_options(options)
            .with_retry(retry);
        if let Some(token) = creds.token {
            builder = builder.with_token(token);
        }
        if t.endpoint.is_some() {
            builder = builder.with_endpoint(&endpoint).with_virtual_hosted_style_request(false);
        }
        let s3 = builder.build().map_err(|e| place.classify(e))?;
        Ok(Store { s3: Arc::new(s3), place, target: t.clone() })
    }

    /// The full key of `name` under the target's prefix.
    pub fn key(&self, name: &str) -> String {
        let prefix = &self.target.prefix;
        if prefix.is_empty() { name.to_owned() } else { format!("{prefix}/{name}") }
    }

    /// The target this store was opened for.
    pub fn target(&self) -> &StorageTarget {
        &self.target
    }

    pub(crate) fn fail(&self, e: object_store::Error) -> StorageError {
        self.place.classify(e)
    }

    /// The object's size and etag, or `None` when there is no such object.
    pub async fn head(&self, key: &str) -> Result<Option<ObjectInfo>> {
        match self.s3.head(&Path::from(key)).await {
            Ok(meta) => Ok(Some(ObjectInfo { size: meta.size, etag: meta.e_tag })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Writes a small object in one request.
    pub async fn put(&self, key: &str, bytes: Bytes, content_type: &'static str) -> Result<ObjectInfo> {
        let size = bytes.len() as u64;
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, AttributeValue::from(content_type));
        let opts = PutOptions { attributes, ..Default::default() };
        let done = self.s3.put_opts(&Path::from(key), PutPayload::from(bytes), opts).await.map_err(|e| self.fail(e))?;
        Ok(ObjectInfo { size, etag: done.e_tag })
    }

    /// The whole of a small object.
    pub async fn get(&self, key: &str) -> Result<Bytes> {
        let got = self.s3.get(&Path::from(key)).await.map_err(|e| self.missing_or(key, e))?;
        got.bytes().await.map_err(|e| self.fail(e))
    }

    /// Bytes `range` of the object `key`, streamed as the store sends them:
    /// the store is asked for just that range, nothing more is fetched.
    pub async fn get_range(&self, key: &str, range: Range<u64>) -> Result<Ranged> {
        let opts = GetOptions { range: Some(GetRange::Bounded(range)), ..Default::default() };
        let got = self.s3.get_opts(&Path::from(key), opts).await.map_err(|e| self.missing_or(key, e))?;
        let (range, total) = (got.range.clone(), got.meta.size);
        let place = self.place.clone();
        let stream = got.into_stream().map(move |chunk| chunk.map_err(|e| place.classify(e))).boxed();
        Ok(Ranged { range, total, stream })
    }

    pub async fn delete(&self, key: &str) -> Result<()> {
        self.s3.delete(&Path::from(key)).await.map_err(|e| self.fail(e))
    }

    /// Proves the target works end to end: writes, reads back and deletes a
    /// small probe object. Returns how long that took.
    pub async fn check(&self) -> Result<Duration> {
        let started = std::time::Instant::now();
        let key = self.key(&format!(".afterword-check-{}", std::process::id()));
        let body = Bytes::from_static(b"afterword storage check");
        self.put(&key, body.clone(), "text/plain").await?;
        let back = self.get(&key).await?;
        self.delete(&key).await?;
        if back != body {
            return Err(StorageError::ObjectMissing { target: self.place.target.clone(), key });
        }
        Ok(started.elapsed())
    }

    fn missing_or(&self, key: &str, e: object_store::Error) -> StorageError {
        match e {
            object_store::Error::NotFound { .. } if !crate::error::error_text(&e).contains("NoSuchBucket") => {
                StorageError::ObjectMissing { target: self.place.target.clone(), key: key.to_owned() }
            }
            e => self.fail(e),
        }
    }
}
