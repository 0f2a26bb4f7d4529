//! A library with one clip (a known byte pattern standing in for an MP4), a
//! stand-in viewer bundle, and helpers to send requests through the router.
#![allow(dead_code, clippy::unwrap_used)]

use std::net::SocketAddr;

use afterword_library::{
    Clip, ClipId, ClipMedia, ClipStatus, Library, NewClip, NewSegment, NewShareLink, TranscriptRequest,
};
use afterword_share::{OwnerKey, ShareConfig, ShareLimits, ShareState, Viewer, hash_password};
use axum::{
    Router,
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use jiff::Timestamp;
use tower::ServiceExt;

pub const BASE: &str = "http://share.test";
pub const MEDIA_LEN: usize = 10_000;
pub const DURATION_MS: u64 = 6_000;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub state: ShareState,
    pub clip: Clip,
}

/// The media file's bytes: position-dependent so a wrong offset shows.
pub fn media() -> Vec<u8> {
    (0..MEDIA_LEN).map(|i| (i % 251) as u8).collect()
}

pub fn fixture() -> Fixture {
    fixture_with(ShareLimits::default())
}

pub fn fixture_with(limits: ShareLimits) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("clips/a.mp4"), media()).unwrap();
    std::fs::write(dir.path().join("clips/a.jpg"), b"\xff\xd8\xff jpeg").unwrap();
    let clip = lib
        .add_clip(NewClip {
            id: ClipId::new(),
            title: "Q3 plan <b>walkthrough</b>".into(),
            status: ClipStatus::Ready,
            media: ClipMedia {
                duration_ms: DURATION_MS,
                width: Some(640),
                height: Some(360),
                size_bytes: MEDIA_LEN as u64,
                media_path: "clips/a.mp4".into(),
                thumbnail_path: Some("clips/a.jpg".into()),
                capture: Default::default(),
            },
        })
        .unwrap();
    let bundle = dir.path().join("viewer");
    std::fs::create_dir_all(bundle.join("assets")).unwrap();
    std::fs::write(
        bundle.join("viewer.html"),
        "<!doctype html><html><head><!--afterword:meta--></head><body><div id=\"app\"></div></body></html>",
    )
    .unwrap();
    std::fs::write(bundle.join("assets/viewer.js"), "console.log('viewer')").unwrap();
    let mut config = ShareConfig::new(BASE);
    config.limits = limits;
    let state = ShareState::with_parts(lib, config, Viewer::from_dir(&bundle).unwrap(), OwnerKey::random());
    Fixture { dir, state, clip }
}

impl Fixture {
    pub fn lib(&self) -> Library {
        Library::open(self.dir.path()).unwrap()
    }

    pub fn router(&self) -> Router {
        afterword_share::router(self.state.clone()).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 7], 4000))))
    }

    /// A link to the clip; returns its token.
    pub fn share(&self, password: Option<&str>, expires_at: Option<Timestamp>, allow_download: bool) -> String {
        let (_, token) = self
            .lib()
            .create_share(NewShareLink {
                clip_id: self.clip.id,
                expires_at,
                password_hash: password.map(|p| hash_password(p).unwrap()),
                allow_download,
            })
            .unwrap();
        token.as_str().to_owned()
    }

    pub fn open_link(&self) -> String {
        self.share(None, None, true)
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let response = self.router().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, body }
    }

    pub async fn get(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, uri: &str, json: &str, headers: &[(&str, &str)]) -> Reply {
        self.request(Method::POST, uri, json, headers).await
    }

    pub async fn request(&self, method: Method, uri: &str, json: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(json.to_owned())).unwrap()).await
    }

    /// Files a finished transcript of the clip, as a transcription worker
    /// would: queued, claimed, then its segments `(start_ms, end_ms, text)`
    /// in `language`.
    pub fn transcribe(&self, language: &str, segments: &[(u64, u64, &str)]) {
        let mut lib = self.lib();
        lib.queue_transcript(self.clip.id, &TranscriptRequest::default()).unwrap();
        lib.claim_transcript(self.clip.id).unwrap().expect("the transcript waits for a worker");
        let segments: Vec<NewSegment> = segments
            .iter()
            .map(|&(start_ms, end_ms, text)| NewSegment { start_ms, end_ms, text: text.into() })
            .collect();
        lib.finish_transcript(self.clip.id, language, "tiny.en", &segments).unwrap();
    }

    /// The owner's cookie, as the owner link would set it.
    pub fn owner_cookie(&self) -> String {
        format!("aw_owner={}", self.state.owner_key().session_value())
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
    }

    /// The `name=value` part of the Set-Cookie header.
    pub fn cookie(&self) -> String {
        self.header("set-cookie").split(';').next().unwrap().to_owned()
    }

    /// A one-line JSON error with this status.
    pub fn assert_error(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "{}", self.text());
        let message = self.json()["error"].as_str().unwrap().to_owned();
        assert!(!message.is_empty() && !message.contains('\n'), "{message:?}");
        message
    }
}
