//! Uploading one file, resumably. Large files go up as an S3 multipart upload
//! through object_store's `MultipartStore` (explicit upload id and part
//! numbers), and every acknowledged part is journalled in the library, so an
//! upload cut off by a dropped connection or a killed process continues where
//! it stopped: the next run sends only the parts the store has not confirmed.
//!
//! ```text
//!  file ──8 MiB parts──> put_part ×4 in flight ──ack──> library journal (part, etag)
//!                                                          │ all parts
//!                                 complete_multipart <─────┘ ──> journal: completed etag
//! ```

use std::{
    io::{Read, Seek, SeekFrom},
    path::{Path as FsPath, PathBuf},
};

use afterword_library::{Library, PendingUpload};
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt, stream};
use object_store::{
    Attribute, AttributeValue, Attributes, PutMultipartOptions, PutPayload,
    multipart::{MultipartStore, PartId},
    path::Path,
};
use tracing::{debug, info};

use crate::{
    error::{Result, StorageError},
    progress::Progress,
    store::Store,
};

/// Files up to this size go up in one request.
pub const SINGLE_PUT_MAX: u64 = 16 * 1024 * 1024;
/// The part size of multipart uploads (S3 wants at least 5 MiB; R2 wants equal parts).
pub const PART_SIZE: u64 = 8 * 1024 * 1024;
/// Parts in flight at once.
const PARALLEL_PARTS: usize = 4;

/// What an upload sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub bytes: u64,
    pub parts: u32,
    /// Parts a previous, interrupted run had already sent.
    pub parts_resumed: u32,
}

/// A local file on its way to `key`.
pub(crate) struct FileUpload<'a> {
    pub(crate) store: &'a Store,
    pub(crate) key: &'a str,
    pub(crate) path: &'a FsPath,
    pub(crate) size: u64,
    pub(crate) sha256: &'a str,
    pub(crate) content_type: &'static str,
}

impl FileUpload<'_> {
    /// Uploads the file (or finishes an interrupted upload of it); returns the
    /// object's etag and what was sent.
    pub(crate) async fn run(&self, lib: &mut Library, progress: &dyn Progress) -> Result<(Option<String>, Sent)> {
        if self.size <= SINGLE_PUT_MAX {
            let bytes = read_span(self.path.to_path_buf(), 0, self.size).await?;
            let info = self.store.put(self.key, bytes, self.content_type).await?;
            progress.advance(self.size);
            return Ok((info.etag, Sent { bytes: self.size, parts: 1, parts_resumed: 0 }));
        }
        let target = self.store.place.target.clone();
        let journal = lib.pending_upload(&target, self.key)?;
        let usable =
            journal.filter(|j| j.sha256 == self.sha256 && j.size_bytes == self.size && j.part_size == PART_SIZE);
        match usable {
            Some(j) if j.completed_etag.is_some() => {
                // Assembled last time, then the run stopped before recording it.
                let head = self.store.head(self.key).await?;
                if head.as_ref().is_some_and(|h| h.size == self.size && h.etag == j.completed_etag) {
                    progress.advance(self.size);
                    return Ok((j.completed_etag, Sent::default()));
                }
                self.fresh(lib, progress).await
            }
            Some(j) => match self.resume(lib, j, progress).await {
                // The store forgot the upload (aborted or expired): start over.
                Err(StorageError::Store(e)) if crate::error::error_text(&e).contains("NoSuchUpload") => {
                    info!(key = self.key, "the store forgot the upload; starting again");
                    self.fresh(lib, progress).await
                }
                other => other,
            },
            None => self.fresh(lib, progress).await,
        }
    }

    async fn fresh(&self, lib: &mut Library, progress: &dyn Progress) -> Result<(Option<String>, Sent)> {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, AttributeValue::from(self.content_type));
        let opts = PutMultipartOptions { attributes, ..Default::default() };
        let path = Path::from(self.key);
        let id = self.store.s3.create_multipart_opts(&path, opts).await.map_err(|e| self.store.fail(e))?;
        let journal = PendingUpload {
            target: self.store.place.target.clone(),
            key: self.key.to_owned(),
            upload_id: id,
            part_size: PART_SIZE,
            size_bytes: self.size,
            sha256: self.sha256.to_owned(),
            completed_etag: None,
            parts: Vec::new(),
        };
        lib.start_upload(&journal)?;
        self.resume(lib, journal, progress).await
    }

    /// Sends the parts the journal lacks, then assembles the object.
    async fn resume(
        &self,
        lib: &mut Library,
        journal: PendingUpload,
        progress: &dyn Progress,
    ) -> Result<(Option<String>, Sent)> {
        let count = u32::try_from(self.size.div_ceil(PART_SIZE)).unwrap_or(u32::MAX);
        let mut done: Vec<Option<String>> = vec![None; count as usize];
        for (n, etag) in &journal.parts {
            if let Some(slot) = done.get_mut(*n as usize) {
                *slot = Some(etag.clone());
            }
        }
        let resumed = u32::try_from(done.iter().filter(|d| d.is_some()).count()).unwrap_or(0);
        let already: u64 = (0..count).filter(|n| done[*n as usize].is_some()).map(|n| self.part_len(n)).sum();
        progress.advance(already);
        if resumed > 0 {
            info!(key = self.key, resumed, of = count, "resuming an interrupted upload");
        }

        let path = Path::from(self.key);
        let id = journal.upload_id.clone();
        let missing: Vec<u32> = (0..count).filter(|n| done[*n as usize].is_none()).collect();
        let mut sent = Sent { bytes: 0, parts: 0, parts_resumed: resumed };
        let mut in_flight = stream::iter(missing)
            .map(|n| {
                let (path, id) = (&path, &id);
                async move {
                    let offset = u64::from(n) * PART_SIZE;
                    let bytes = read_span(self.path.to_path_buf(), offset, self.part_len(n)).await?;
                    let len = bytes.len() as u64;
                    let part = self
                        .store
                        .s3
                        .put_part(path, id, n as usize, PutPayload::from(bytes))
                        .await
                        .map_err(|e| dropped(self.store.fail(e)))?;
                    Ok::<_, StorageError>((n, part.content_id, len))
                }
            })
            .buffer_unordered(PARALLEL_PARTS);
        while let Some((n, etag, len)) = in_flight.try_next().await? {
            lib.record_upload_part(&journal.target, self.key, n, &etag)?;
            debug!(key = self.key, part = n, "part acknowledged");
            done[n as usize] = Some(etag);
            sent.bytes += len;
            sent.parts += 1;
            progress.advance(len);
        }
        drop(in_flight);

        let parts: Vec<PartId> = done.into_iter().map(|e| PartId { content_id: e.unwrap_or_default() }).collect();
        let result = self.store.s3.complete_multipart(&path, &id, parts).await.map_err(|e| self.store.fail(e))?;
        let etag = result.e_tag.unwrap_or_default();
        lib.complete_upload(&journal.target, self.key, &etag)?;
        Ok((Some(etag), sent))
    }

    fn part_len(&self, n: u32) -> u64 {
        let start = u64::from(n) * PART_SIZE;
        PART_SIZE.min(self.size.saturating_sub(start))
    }
}

/// The store answered when the upload began, so losing it now is a dropped
/// connection, which a rerun resumes.
fn dropped(e: StorageError) -> StorageError {
    match e {
        StorageError::Unreachable { endpoint, .. } => StorageError::Interrupted { endpoint },
        other => other,
    }
}

/// Reads `len` bytes at `offset` on a blocking thread.
pub(crate) async fn read_span(path: PathBuf, offset: u64, len: u64) -> Result<Bytes> {
    let shown = path.clone();
    tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&path)?;
        file.seek(SeekFrom::Start(offset))?;
        let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(len).read_to_end(&mut buf)?;
        Ok::<_, std::io::Error>(Bytes::from(buf))
    })
    .await
    .map_err(|e| StorageError::Io { path: shown.clone(), error: std::io::Error::other(e) })?
    .map_err(|error| StorageError::Io { path: shown, error })
}
