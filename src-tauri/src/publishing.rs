//! Team storage from the app: the targets as the Settings page shows them,
//! and publishing a clip to one. A publish runs on a named thread,
//! `publish`, with a library connection of its own (an upload takes minutes;
//! the shell's connection is the mutex every page waits on) and a small
//! runtime of its own; progress goes to the page as it lands. The storage
//! crate journals each acknowledged part, so publishing again after a quit
//! or a dropped connection sends only what is missing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use afterword_library::{ClipId, Library, ObjectRole, Publication, StorageTarget};
use afterword_storage::{Progress, PublishOptions, Store, object_url};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{Error, Result};

/// A target as Settings lists it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StorageTargetView {
    pub name: String,
    /// `s3://bucket/prefix`.
    pub url: String,
    /// `null`: AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    /// `null`: the keys in the environment Afterword was started with.
    pub profile: Option<String>,
    /// Where links to published pages point; `null`: at the endpoint.
    pub public_url: Option<String>,
}

impl From<StorageTarget> for StorageTargetView {
    fn from(t: StorageTarget) -> Self {
        let prefix = if t.prefix.is_empty() { String::new() } else { format!("/{}", t.prefix) };
        StorageTargetView {
            url: format!("s3://{}{prefix}", t.bucket),
            name: t.name,
            endpoint: t.endpoint,
            region: t.region,
            profile: t.profile,
            public_url: t.public_url,
        }
    }
}

/// The Settings form for a new target; blank endpoint, profile and public
/// URL mean AWS, the environment's keys and links at the endpoint.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct TargetFormView {
    pub name: String,
    pub url: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub profile: Option<String>,
    pub public_url: Option<String>,
}

/// How far a publish is: rendering the edit first (0–100), then bytes.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PublishProgress {
    pub sent_bytes: u64,
    pub total_bytes: u64,
    /// 0–100 while an edit is rendered before the upload; `null` after.
    pub rendering: Option<u8>,
}

/// Where a clip is published: the target and the link to its page.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PublicationView {
    pub target: String,
    /// RFC 3339.
    pub published_at: String,
    /// The static page in the bucket, `null` for a publish without one (CLI).
    pub link: Option<String>,
    /// Parts a previous, interrupted publish had already sent (0 if none).
    pub parts_resumed: u32,
    pub bytes_sent: u64,
}

impl PublicationView {
    fn new(p: &Publication, target: &StorageTarget) -> Self {
        PublicationView {
            target: p.target.clone(),
            published_at: p.published_at.to_string(),
            link: p.object(ObjectRole::Viewer).map(|o| object_url(target, &o.key)),
            parts_resumed: 0,
            bytes_sent: 0,
        }
    }
}

/// Where `clip` is published, per target.
pub fn publications(lib: &Library, clip: ClipId) -> Result<Vec<PublicationView>> {
    let mut out = Vec::new();
    for p in lib.publications(clip)? {
        let target = lib.storage_target(&p.target)?;
        out.push(PublicationView::new(&p, &target));
    }
    Ok(out)
}

/// Writes, reads back and deletes a probe object; how long that took.
pub async fn test(target: StorageTarget) -> Result<std::time::Duration> {
    Ok(Store::open(&target)?.check().await?)
}

/// Publish from the tray's "Publish to <target>": notifications say it began
/// and how it ended (the link is copied, or what failed), since the tray has
/// no page to show a bar on.
pub fn from_tray(app: &tauri::AppHandle, target: String, clip_id: &str) {
    use tauri::Manager;
    let (home, clip) = {
        let shell = app.state::<crate::state::Shell>();
        let library = shell.library();
        let clip = clip_id.parse().map_err(Error::from).and_then(|id| Ok(library.clip(id)?));
        (library.home().to_path_buf(), clip)
    };
    let clip = match clip {
        Ok(clip) => clip,
        Err(e) => return crate::actions::notify(app, "Not published", &e.message()),
    };
    crate::actions::notify(app, "Publishing", &format!("{} to {target}…", clip.title));
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match publish(home, clip.id, target.clone(), |_| {}).await {
            Ok(PublicationView { link: Some(link), .. }) => crate::actions::announce_clip_link(&app, clip.id, &link),
            Ok(_) => crate::actions::notify(&app, "Published", &format!("{} is on {target}", clip.title)),
            Err(e) => crate::actions::notify(&app, "Not published", &e.message()),
        }
    });
}

/// Publishes `clip` (its edit rendered first if it waits for one) with the
/// static page, on the `publish` thread, and answers once it is up.
pub async fn publish(
    home: PathBuf,
    clip: ClipId,
    target: String,
    report: impl Fn(PublishProgress) + Send + Sync + 'static,
) -> Result<PublicationView> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("publish".into())
        .spawn(move || {
            let span = tracing::info_span!("publish", %clip, target = %target);
            let _entered = span.enter();
            let _ = tx.send(publish_blocking(&home, clip, &target, report));
        })
        .map_err(Error::io("cannot start the publish thread"))?;
    rx.await.map_err(|_| Error::io("publishing")(std::io::Error::other("the publish thread stopped")))?
}

fn publish_blocking(
    home: &std::path::Path,
    clip: ClipId,
    target: &str,
    report: impl Fn(PublishProgress) + Send + Sync,
) -> Result<PublicationView> {
    let mut lib = Library::open(home)?;
    let target = lib.storage_target(target)?;
    let mut last = None;
    afterword_editing::settle(&mut lib, clip, &mut |f| {
        let pct = (f.clamp(0.0, 1.0) * 100.0) as u8;
        if last != Some(pct) {
            last = Some(pct);
            report(PublishProgress { sent_bytes: 0, total_bytes: 0, rendering: Some(pct) });
        }
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::io("cannot start the publish thread's runtime"))?;
    let progress = Bytes { report, total: AtomicU64::new(0), sent: AtomicU64::new(0) };
    let done = runtime.block_on(async {
        let store = Store::open(&target)?;
        afterword_storage::publish(&mut lib, &store, clip, PublishOptions { static_page: true }, &progress).await
    })?;
    tracing::info!(sent = done.sent.bytes, resumed = done.sent.parts_resumed, "published");
    let mut view = PublicationView::new(&done.publication, &target);
    view.parts_resumed = done.sent.parts_resumed;
    view.bytes_sent = done.sent.bytes;
    Ok(view)
}

/// The storage crate's progress, as messages to the page.
struct Bytes<F> {
    report: F,
    total: AtomicU64,
    sent: AtomicU64,
}

impl<F: Fn(PublishProgress) + Send + Sync> Progress for Bytes<F> {
    fn start(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        (self.report)(PublishProgress { sent_bytes: 0, total_bytes: total, rendering: None });
    }

    fn advance(&self, bytes: u64) {
        let sent = self.sent.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let total_bytes = self.total.load(Ordering::Relaxed);
        (self.report)(PublishProgress { sent_bytes: sent.min(total_bytes), total_bytes, rendering: None });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_up_to_the_total_it_was_given() {
        let seen = std::sync::Mutex::new(Vec::new());
        let bytes = Bytes {
            report: |p: PublishProgress| seen.lock().expect("lock").push((p.sent_bytes, p.total_bytes)),
            total: AtomicU64::new(0),
            sent: AtomicU64::new(0),
        };
        bytes.start(10);
        bytes.advance(4);
        bytes.advance(6);
        assert_eq!(*seen.lock().expect("lock"), vec![(0, 10), (4, 10), (10, 10)]);
    }

    #[test]
    fn a_target_is_shown_as_its_url() {
        let t = StorageTarget {
            name: "team".into(),
            bucket: "clips".into(),
            prefix: "notes/web".into(),
            endpoint: None,
            region: "us-east-1".into(),
            profile: Some("work".into()),
            public_url: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let v = StorageTargetView::from(t);
        assert_eq!((v.url.as_str(), v.profile.as_deref()), ("s3://clips/notes/web", Some("work")));
    }
}
