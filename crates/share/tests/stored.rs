//! A clip published to object storage and imported into another library,
//! played by link from that library's share server: ranges are answered from
//! a real Garage node on loopback, passed through as ranged reads (a proxy in
//! front of Garage counts what the store sent), never the whole object.
#![allow(clippy::unwrap_used)]

#[path = "../../storage/tests/common/mod.rs"]
mod storage_common;

use std::net::SocketAddr;

use afterword_library::{Library, NewShareLink};
use afterword_share::{OwnerKey, ShareConfig, ShareState, Viewer};
use afterword_storage::{Keys, NoProgress, PublishOptions, Store, import, publish};
use axum::{
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{Request, StatusCode, header},
};
use http_body_util::BodyExt;
use storage_common::{
    garage::{self, Garage},
    proxy::Proxy,
};
use tower::ServiceExt;

fn keys() -> Keys {
    Keys::new(garage::KEY_ID, garage::SECRET)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clip_published_elsewhere_plays_by_link_with_ranges_from_the_store() {
    let garage = Garage::start();
    let proxy = Proxy::start(garage.s3_port).await;
    let file = storage_common::large_clip();
    let local = std::fs::read(&file).unwrap();
    let len = local.len();

    // One library publishes; another, with no copy of the file, imports it.
    let (_a, mut publisher) = storage_common::library();
    storage_common::add_target(&mut publisher, "team", &garage.endpoint());
    let clip = storage_common::add_clip(&mut publisher, &file, None);
    let store = Store::open_with(&publisher.storage_target("team").unwrap(), keys()).unwrap();
    publish(&mut publisher, &store, clip, PublishOptions::default(), &NoProgress).await.unwrap();

    let (other_dir, mut other) = storage_common::library();
    storage_common::add_target(&mut other, "team", &proxy.endpoint());
    let store = Store::open_with(&other.storage_target("team").unwrap(), keys()).unwrap();
    import(&mut other, &store, clip).await.unwrap();
    assert!(!other.resolve(&other.clip(clip).unwrap().media_path).exists());
    let (_, token) = other
        .create_share(NewShareLink { clip_id: clip, expires_at: None, password_hash: None, allow_download: true })
        .unwrap();

    let bundle = other_dir.path().join("viewer");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(bundle.join("viewer.html"), "<html><head></head></html>").unwrap();
    let state = ShareState::with_parts(
        Library::open(other_dir.path()).unwrap(),
        ShareConfig::new("http://share.test"),
        Viewer::from_dir(&bundle).unwrap(),
        OwnerKey::random(),
    )
    .with_store_keys(keys());
    let router = afterword_share::router(state).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 7], 4000))));
    let get = |range: Option<String>, if_range: Option<String>| {
        let mut req = Request::get(format!("/s/{}/video", token.as_str()));
        if let Some(r) = range {
            req = req.header(header::RANGE, r);
        }
        if let Some(v) = if_range {
            req = req.header(header::IF_RANGE, v);
        }
        router.clone().oneshot(req.body(Body::empty()).unwrap())
    };

    // Seeking: a range in the middle, then the end (where an MP4's index may be).
    for (asked, start, end) in [
        ("bytes=1000-70999".to_owned(), 1000, 70_999),
        ("bytes=-4096".to_owned(), len - 4096, len - 1),
        (format!("bytes={}-", len - 10), len - 10, len - 1),
    ] {
        let before = proxy.sent_down();
        let res = get(Some(asked.clone()), None).await.unwrap();
        assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT, "{asked}");
        let h = res.headers().clone();
        assert_eq!(h[header::CONTENT_RANGE], format!("bytes {start}-{end}/{len}"), "{asked}");
        assert_eq!(h[header::CONTENT_TYPE], "video/mp4");
        assert_eq!(h[header::ACCEPT_RANGES], "bytes");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], &local[start..=end], "{asked}");
        let fetched = proxy.sent_down() - before;
        assert!(fetched < (end - start + 1) as u64 + 16 * 1024, "{asked}: the store sent {fetched} bytes");
    }

    // The whole clip without a Range, and If-Range with a stale etag gets it whole too.
    let res = get(None, None).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(storage_common::sha256(&body), storage_common::sha256(&local));
    let res = get(Some("bytes=0-9".into()), Some("\"stale\"".into())).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = get(Some("bytes=0-9".into()), Some(etag)).await.unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);

    let res = get(Some(format!("bytes={len}-")), None).await.unwrap();
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
}
