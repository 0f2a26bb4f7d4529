//! Byte-range streaming of a clip through its link.
#![allow(clippy::unwrap_used)]

mod common;

use afterword_share::ShareLimits;
use axum::http::StatusCode;
use common::{MEDIA_LEN, fixture, fixture_with, media};

#[tokio::test]
async fn without_a_range_the_whole_clip_is_sent() {
    let f = fixture();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}/video"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, media());
    assert_eq!(r.header("content-type"), "video/mp4");
    assert_eq!(r.header("accept-ranges"), "bytes");
    assert_eq!(r.header("content-length"), MEDIA_LEN.to_string());
    assert_eq!(r.header("content-disposition"), "inline");
}

#[tokio::test]
async fn a_single_range_sends_exactly_those_bytes() {
    let f = fixture();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}/video"), &[("range", "bytes=100-199")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, media()[100..200]);
    assert_eq!(r.header("content-range"), format!("bytes 100-199/{MEDIA_LEN}"));
    assert_eq!(r.header("content-length"), "100");
}

#[tokio::test]
async fn an_open_ended_range_runs_to_the_end() {
    let f = fixture();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}/video"), &[("range", "bytes=9000-")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, media()[9000..]);
    assert_eq!(r.header("content-range"), format!("bytes 9000-9999/{MEDIA_LEN}"));
}

#[tokio::test]
async fn a_suffix_range_sends_the_last_bytes() {
    let f = fixture();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}/video"), &[("range", "bytes=-500")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, media()[MEDIA_LEN - 500..]);
    assert_eq!(r.header("content-range"), format!("bytes 9500-9999/{MEDIA_LEN}"));
}

#[tokio::test]
async fn a_range_past_the_end_is_clamped() {
    let f = fixture();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}/video"), &[("range", "bytes=9990-20000")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, media()[9990..]);
}

#[tokio::test]
async fn large_ranges_come_whole_from_memory_and_from_disk() {
    for cache in [256 * 1024 * 1024, 0] {
        let f = fixture_with(ShareLimits { media_cache_bytes: cache, ..ShareLimits::default() });
        // Bigger than what is read in one go, so without the cache the streaming path runs.
        let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
        std::fs::write(f.dir.path().join("clips/a.mp4"), &big).unwrap();
        let token = f.open_link();
        for (range, from) in [("bytes=1000-2999999", 1000), ("bytes=5-", 5), ("bytes=-2500000", 500_000)] {
            let r = f.get(&format!("/s/{token}/video"), &[("range", range)]).await;
            assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
            assert_eq!(r.body.len(), big.len() - from, "cache {cache}, {range}");
            assert!(r.body == big[from..], "cache {cache}, {range}: bytes differ");
        }
    }
}

#[tokio::test]
async fn a_file_that_changes_is_served_as_it_is_now() {
    let f = fixture();
    let token = f.open_link();
    assert_eq!(f.get(&format!("/s/{token}/video"), &[]).await.body, media());
    // A recording that grew, or a re-encode: the cached copy must not be served.
    let grown: Vec<u8> = (0..MEDIA_LEN + 7).map(|i| (i % 13) as u8).collect();
    std::fs::write(f.dir.path().join("clips/a.mp4"), &grown).unwrap();
    let r = f.get(&format!("/s/{token}/video"), &[("range", "bytes=0-")]).await;
    assert!(r.body == grown, "stale bytes were served");
}

#[tokio::test]
async fn unsatisfiable_ranges_get_416_with_the_length() {
    let f = fixture();
    let token = f.open_link();
    for range in ["bytes=10000-", "bytes=10000-10010", "bytes=-0"] {
        let r = f.get(&format!("/s/{token}/video"), &[("range", range)]).await;
        let message = r.assert_error(StatusCode::RANGE_NOT_SATISFIABLE);
        assert!(message.contains("10000 bytes"), "{message}");
        assert_eq!(r.header("content-range"), format!("bytes */{MEDIA_LEN}"));
    }
}

#[tokio::test]
async fn malformed_ranges_get_a_clear_400() {
    let f = fixture();
    let token = f.open_link();
    for range in ["bytes=abc", "lines=0-10", "bytes=50-10", "bytes=0-1,5-9", "bytes=-"] {
        let r = f.get(&format!("/s/{token}/video"), &[("range", range)]).await;
        let message = r.assert_error(StatusCode::BAD_REQUEST);
        assert!(message.contains("bytes=0-1023"), "{range}: {message}");
    }
}

#[tokio::test]
async fn a_range_for_an_older_version_of_the_file_gets_the_whole_file() {
    let f = fixture();
    let token = f.open_link();
    let first = f.get(&format!("/s/{token}/video"), &[("range", "bytes=0-9")]).await;
    let etag = first.header("etag").to_owned();
    assert!(!etag.is_empty());
    let same = f.get(&format!("/s/{token}/video"), &[("range", "bytes=0-9"), ("if-range", &etag)]).await;
    assert_eq!(same.status, StatusCode::PARTIAL_CONTENT);
    let other = f.get(&format!("/s/{token}/video"), &[("range", "bytes=0-9"), ("if-range", "\"old\"")]).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.body.len(), MEDIA_LEN);
}
