//! Publishing against a real Garage node on loopback: publish, re-publish
//! (nothing sent), a 50 MB clip in parts, ranged reads, an upload cut off and
//! resumed, and the faults a person can fix (credentials, bucket, endpoint,
//! quota), each leaving nothing half-recorded.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use afterword_library::ObjectRole;
use afterword_storage::{ClipDocument, Keys, NoProgress, PublishOptions, StorageError, Store, import, publish};
use common::{garage::Garage, proxy::Proxy};
use futures::TryStreamExt;

fn keys() -> Keys {
    Keys::new(common::garage::KEY_ID, common::garage::SECRET)
}

fn open(lib: &afterword_library::Library, name: &str) -> Store {
    Store::open_with(&lib.storage_target(name).unwrap(), keys()).unwrap()
}

const STATIC: PublishOptions = PublishOptions { static_page: true };

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publish_puts_media_thumbnail_metadata_and_page_and_records_them() {
    let garage = Garage::start();
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &garage.endpoint());
    let clip = common::add_clip(&mut lib, &common::small_clip(), Some(b"\xff\xd8 jpeg"));
    lib.add_comment(afterword_library::NewComment {
        clip_id: Some(clip),
        at_ms: Some(1_000),
        end_ms: None,
        parent_id: None,
        author: None,
        body: "nice <b>bold</b> move".into(),
    })
    .unwrap();
    // A finished transcript, as a transcription worker files it.
    lib.queue_transcript(clip, &Default::default()).unwrap();
    lib.claim_transcript(clip).unwrap().unwrap();
    let said = afterword_library::NewSegment { start_ms: 200, end_ms: 1_500, text: "Two seconds of <colour>.".into() };
    lib.finish_transcript(clip, "en", "tiny.en", &[said]).unwrap();
    let store = open(&lib, "team");
    assert!(store.check().await.unwrap() < Duration::from_secs(5));

    let report = publish(&mut lib, &store, clip, STATIC, &NoProgress).await.unwrap();
    assert_eq!(report.uploaded.len(), 5, "media, thumbnail, captions, page, metadata: {:?}", report.uploaded);

    let recorded = lib.publication(clip, "team").unwrap().expect("recorded");
    let media = recorded.object(ObjectRole::Media).unwrap();
    assert_eq!(media.key, format!("team/notes/clips/{clip}/media.mp4"));
    let local = std::fs::read(lib.resolve(&lib.clip(clip).unwrap().media_path)).unwrap();
    assert_eq!(store.get(&media.key).await.unwrap().as_ref(), &local[..], "the bytes in the store are the clip");
    assert!(!local.is_empty(), "the clip stays playable locally");

    let doc_key = &recorded.object(ObjectRole::Metadata).unwrap().key;
    let doc: ClipDocument = serde_json::from_slice(&store.get(doc_key).await.unwrap()).unwrap();
    assert_eq!((doc.id, doc.media.as_str(), doc.thumbnail.as_deref()), (clip, "media.mp4", Some("thumbnail.jpg")));
    let page = store.get(&recorded.object(ObjectRole::Viewer).unwrap().key).await.unwrap();
    let page = String::from_utf8(page.to_vec()).unwrap();
    assert!(page.contains("src=\"media.mp4\"") && page.contains("nice &lt;b&gt;bold&lt;/b&gt; move"));

    // The page plays the captions published beside it.
    let captions = recorded.object(ObjectRole::Captions).unwrap();
    assert_eq!(captions.key, format!("team/notes/clips/{clip}/captions.vtt"));
    let vtt = store.get(&captions.key).await.unwrap();
    assert_eq!(&vtt[..], b"WEBVTT\n\n00:00:00.200 --> 00:00:01.500\nTwo seconds of &lt;colour&gt;.\n");
    assert!(page.contains(r#"<track kind="captions" src="captions.vtt" srclang="en""#), "{page}");
    assert_eq!((doc.captions.as_deref(), doc.language.as_deref()), (Some("captions.vtt"), Some("en")));
    assert!(report.page_url.unwrap().ends_with(&format!("/afterword/team/notes/clips/{clip}/index.html")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_twice_sends_nothing_new() {
    let garage = Garage::start();
    let proxy = Proxy::start(garage.s3_port).await;
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &proxy.endpoint());
    let clip = common::add_clip(&mut lib, &common::small_clip(), Some(b"thumb"));
    let store = open(&lib, "team");

    let first = publish(&mut lib, &store, clip, STATIC, &NoProgress).await.unwrap();
    assert!(first.publication.object(ObjectRole::Captions).is_none(), "no transcript, no captions");
    let before = proxy.sent_up();
    let second = publish(&mut lib, &store, clip, STATIC, &NoProgress).await.unwrap();
    let sent = proxy.sent_up() - before;

    assert!(second.uploaded.is_empty(), "re-published: {:?}", second.uploaded);
    assert_eq!(second.sent.bytes, 0);
    assert!(sent < 8 * 1024, "only HEAD requests went to the store ({sent} bytes)");
    let etags = |r: &afterword_storage::PublishReport| {
        r.publication.objects.iter().map(|o| (o.role, o.etag.clone())).collect::<Vec<_>>()
    };
    assert_eq!(etags(&first), etags(&second), "the store holds the same objects");
    assert_eq!(first.publication.published_at, second.publication.published_at);

    // A changed comment changes the page, and only the page goes up again.
    lib.add_comment(afterword_library::NewComment {
        clip_id: Some(clip),
        at_ms: Some(500),
        end_ms: None,
        parent_id: None,
        author: None,
        body: "later".into(),
    })
    .unwrap();
    let third = publish(&mut lib, &store, clip, STATIC, &NoProgress).await.unwrap();
    assert_eq!(third.uploaded, vec![ObjectRole::Viewer]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mb_clip_goes_up_in_parts_and_reads_back_by_range() {
    let garage = Garage::start();
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &garage.endpoint());
    let file = common::large_clip();
    let local = std::fs::read(&file).unwrap();
    assert!(local.len() > 45_000_000, "the clip is about 50 MB ({} bytes)", local.len());
    let clip = common::add_clip(&mut lib, &file, None);
    let store = open(&lib, "team");

    let report = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap();
    let parts = (local.len() as u64).div_ceil(afterword_storage::PART_SIZE) as u32;
    assert_eq!(report.sent.parts, parts + 1, "{parts} media parts and the metadata");
    let media = report.publication.object(ObjectRole::Media).unwrap().clone();
    assert!(media.etag.as_deref().unwrap_or_default().contains(&format!("-{parts}")), "multipart etag {media:?}");
    assert!(lib.pending_upload("team", &media.key).unwrap().is_none(), "the journal ends with the publication");

    let len = local.len() as u64;
    for range in [0..1, 1000..70_000, len - 4096..len, 9_000_000..25_000_000] {
        let got = store.get_range(&media.key, range.clone()).await.unwrap();
        assert_eq!((got.range.clone(), got.total), (range.clone(), len));
        let chunks: Vec<bytes::Bytes> = got.stream.try_collect().await.unwrap();
        let bytes = chunks.concat();
        assert_eq!(bytes, &local[range.start as usize..range.end as usize]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_cut_off_mid_way_resumes_with_only_the_missing_parts() {
    let garage = Garage::start();
    let proxy = Proxy::start(garage.s3_port).await;
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &proxy.endpoint());
    let file = common::large_clip();
    let clip = common::add_clip(&mut lib, &file, None);
    let store = open(&lib, "team");

    // Four 8 MiB parts go up at once: cut in the second wave.
    proxy.cut_after(40 * 1024 * 1024);
    let err = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap_err();
    assert!(matches!(err, StorageError::Interrupted { .. }), "{err}");
    assert!(err.is_user_error() && err.to_string().contains("run the same command again"), "{err}");
    assert!(lib.publications(clip).unwrap().is_empty(), "nothing half-recorded");
    let key = format!("team/notes/clips/{clip}/media.mp4");
    let journal = lib.pending_upload("team", &key).unwrap().expect("the journal keeps the parts sent");
    assert!(!journal.parts.is_empty(), "some parts were acknowledged before the cut");

    proxy.heal();
    let report = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap();
    let total = std::fs::metadata(&file).unwrap().len().div_ceil(afterword_storage::PART_SIZE) as u32;
    assert_eq!(report.sent.parts_resumed as usize, journal.parts.len());
    assert_eq!(report.sent.parts, total - report.sent.parts_resumed + 1, "the missing parts and the metadata");
    let whole = store.get(&key).await.unwrap();
    assert_eq!(common::sha256(&whole), common::sha256(&std::fs::read(&file).unwrap()), "assembled intact");
    assert!(lib.publication(clip, "team").unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_refused_and_nothing_is_recorded() {
    let garage = Garage::start();
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &garage.endpoint());
    let clip = common::add_clip(&mut lib, &common::small_clip(), None);
    let target = lib.storage_target("team").unwrap();
    for wrong in [
        Keys::new("GK00000000000000000000dead", common::garage::SECRET),
        Keys::new(common::garage::KEY_ID, "x".repeat(64)),
    ] {
        let store = Store::open_with(&target, wrong).unwrap();
        let err = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap_err();
        assert!(matches!(err, StorageError::BadCredentials { .. }), "{err}");
        assert!(err.to_string().contains("AWS_ACCESS_KEY_ID"), "says what to check: {err}");
        assert!(matches!(store.check().await, Err(StorageError::BadCredentials { .. })));
    }
    assert!(lib.publications(clip).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_bucket_and_a_silent_endpoint_are_reported() {
    let garage = Garage::start();
    let (_dir, mut lib) = common::library();
    lib.add_storage_target(afterword_library::NewStorageTarget {
        name: "nobucket".into(),
        bucket: "no-such-bucket".into(),
        prefix: String::new(),
        endpoint: Some(garage.endpoint()),
        region: common::garage::REGION.into(),
        profile: None,
        public_url: None,
    })
    .unwrap();
    let dead = format!("http://127.0.0.1:{}", common::garage::free_port());
    common::add_target(&mut lib, "down", &dead);
    let clip = common::add_clip(&mut lib, &common::small_clip(), None);

    let store = open(&lib, "nobucket");
    let err = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await;
    assert!(matches!(err, Err(StorageError::NoBucket { .. })), "{err:?}");

    let started = Instant::now();
    let store = open(&lib, "down");
    let err = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap_err();
    assert!(matches!(err, StorageError::Unreachable { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20), "reported in {:?}", started.elapsed());
    assert!(lib.publications(clip).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_quota_is_reported_and_a_retry_after_raising_it_finishes() {
    let garage = Garage::start();
    garage.cli(&["bucket", "set-quotas", common::garage::BUCKET, "--max-size", "1KB"]);
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &garage.endpoint());
    let clip = common::add_clip(&mut lib, &common::small_clip(), None);
    let store = open(&lib, "team");

    let err = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap_err();
    assert!(matches!(err, StorageError::QuotaExceeded { .. }), "{err}");
    assert!(lib.publications(clip).unwrap().is_empty());

    garage.cli(&["bucket", "set-quotas", common::garage::BUCKET, "--max-size", "none"]);
    publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap();
    assert!(lib.publication(clip, "team").unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_library_imports_a_published_clip_without_its_media() {
    let garage = Garage::start();
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &garage.endpoint());
    let clip = common::add_clip(&mut lib, &common::small_clip(), None);
    let store = open(&lib, "team");
    publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap();

    let (_other_dir, mut other) = common::library();
    common::add_target(&mut other, "team", &garage.endpoint());
    let store = open(&other, "team");
    let imported = import(&mut other, &store, clip).await.unwrap();
    assert_eq!((imported.id, imported.title.as_str()), (clip, "Storage test"));
    assert!(!other.resolve(&imported.media_path).exists(), "the media stays in the bucket");
    let publication = other.publication(clip, "team").unwrap().expect("recorded");
    let original = lib.publication(clip, "team").unwrap().unwrap();
    assert_eq!(publication.object(ObjectRole::Media), original.object(ObjectRole::Media));
    import(&mut other, &store, clip).await.expect("importing again is harmless");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clip_still_being_recorded_is_not_published() {
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &format!("http://127.0.0.1:{}", common::garage::free_port()));
    let clip = common::add_clip(&mut lib, &common::small_clip(), None);
    let media = lib.clip(clip).unwrap();
    let as_recording = afterword_library::ClipMedia {
        media_path: media.media_path.clone(),
        size_bytes: media.size_bytes,
        ..Default::default()
    };
    lib.finish_clip(clip, &as_recording, afterword_library::ClipStatus::Recording).unwrap();
    let store = open(&lib, "team");
    let err = publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress).await;
    assert!(matches!(err, Err(StorageError::StillRecording { .. })), "{err:?}");
}
