//! A clip's transcript through a share link: WebVTT captions for the player,
//! the text download, and the transcript in `/api/link` — each let in exactly
//! as the video is (live link, password, owner), through the router.
#![allow(clippy::unwrap_used)]

mod common;

use afterword_library::TranscriptRequest;
use axum::http::StatusCode;
use common::{Fixture, fixture};
use jiff::{SignedDuration, Timestamp};

const SAID: &[(u64, u64, &str)] = &[
    (1_000, 2_500, "Hello <team> & co."),
    (3_000, 4_200, "The chart shows Q3."),
    (4_500, 5_900, "Questions welcome."),
];

fn transcribed() -> Fixture {
    let f = fixture();
    f.transcribe("en", SAID);
    f
}

#[tokio::test]
async fn a_live_link_serves_its_transcript_as_webvtt_captions() {
    let f = transcribed();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}/captions.vtt"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type"), "text/vtt; charset=utf-8");
    assert_eq!(
        r.text(),
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello &lt;team&gt; &amp; co.\n\n\
         00:00:03.000 --> 00:00:04.200\nThe chart shows Q3.\n\n\
         00:00:04.500 --> 00:00:05.900\nQuestions welcome.\n"
    );
    assert!(r.header("content-disposition").is_empty(), "captions play inline");
    assert!(r.header("content-security-policy").contains("media-src 'self'"), "a <track> falls under media-src");

    let link = f.get(&format!("/s/{token}/api/link"), &[]).await.json();
    let t = &link["transcript"];
    assert_eq!(
        (t["status"].as_str(), t["language"].as_str(), t["captions"].as_bool()),
        (Some("done"), Some("en"), Some(true))
    );
    assert_eq!(t["segments"].as_array().unwrap().len(), 3);
    assert_eq!(
        t["segments"][1],
        serde_json::json!({ "start_ms": 3000, "end_ms": 4200, "text": "The chart shows Q3." })
    );
    assert_eq!(t["segments"][0]["text"], "Hello <team> & co.", "the page gets the words; it escapes them itself");
}

#[tokio::test]
async fn a_corrected_line_is_what_the_captions_say() {
    let f = transcribed();
    let token = f.open_link();
    f.lib().correct_transcript(f.clip.id, 3_500, "The chart shows Q4.").unwrap();
    let vtt = f.get(&format!("/s/{token}/captions.vtt"), &[]).await.text();
    assert!(vtt.contains("00:00:03.000 --> 00:00:04.200\nThe chart shows Q4.\n"), "{vtt}");
    assert!(!vtt.contains("Q3"), "{vtt}");
}

#[tokio::test]
async fn a_password_link_needs_unlocking_for_captions_as_for_the_video() {
    let f = transcribed();
    let token = f.share(Some("hunter22"), None, true);
    for path in ["/video", "/captions.vtt", "/transcript.txt"] {
        let r = f.get(&format!("/s/{token}{path}"), &[]).await;
        r.assert_error(StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["code"], "password_required", "{path}");
    }
    let unlocked = f.post_json(&format!("/s/{token}/api/unlock"), r#"{"password":"hunter22"}"#, &[]).await;
    let cookie = unlocked.cookie();
    for path in ["/video", "/captions.vtt", "/transcript.txt"] {
        let r = f.get(&format!("/s/{token}{path}"), &[("cookie", &cookie)]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    }
    let owner = f.get(&format!("/s/{token}/captions.vtt"), &[("cookie", &f.owner_cookie())]).await;
    assert!(owner.text().starts_with("WEBVTT\n"), "the owner needs no password");

    // Another link's unlock cookie opens nothing here.
    let other = f.share(Some("hunter22"), None, true);
    let r = f.get(&format!("/s/{other}/captions.vtt"), &[("cookie", &cookie)]).await;
    r.assert_error(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn downloads_off_still_plays_captions_but_refuses_the_text_file() {
    let f = transcribed();
    let off = f.share(None, None, false);
    let vtt = f.get(&format!("/s/{off}/captions.vtt"), &[]).await;
    assert_eq!(vtt.status, StatusCode::OK, "captions are part of watching");
    assert!(vtt.text().contains("Questions welcome."));

    let text = f.get(&format!("/s/{off}/transcript.txt"), &[]).await;
    let says = text.assert_error(StatusCode::FORBIDDEN);
    assert_eq!(text.json()["code"], "downloads_off", "{says}");
    let video = f.get(&format!("/s/{off}/download"), &[]).await;
    assert_eq!((video.status, video.json()["code"].clone()), (StatusCode::FORBIDDEN, text.json()["code"].clone()));
    let owner = f.get(&format!("/s/{off}/transcript.txt"), &[("cookie", &f.owner_cookie())]).await;
    assert_eq!(owner.status, StatusCode::OK, "the owner may always take it");

    let on = f.open_link();
    let text = f.get(&format!("/s/{on}/transcript.txt"), &[]).await;
    assert_eq!(text.status, StatusCode::OK);
    assert_eq!(text.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(text.header("content-disposition"), "attachment; filename=\"Q3 plan _b_walkthrough__b.txt\"");
    assert_eq!(text.text(), "Hello <team> & co.\nThe chart shows Q3.\nQuestions welcome.\n");
}

#[tokio::test]
async fn a_dead_links_captions_answer_exactly_as_an_unknown_links() {
    let f = transcribed();
    let expired = f.share(None, Some(Timestamp::now() - SignedDuration::from_secs(1)), true);
    let revoked = f.open_link();
    let id = f.lib().share_by_token(&afterword_library::ShareToken::from_url(&revoked)).unwrap().unwrap().id;
    assert_eq!(f.get(&format!("/s/{revoked}/captions.vtt"), &[]).await.status, StatusCode::OK, "live before");
    f.lib().revoke_share(id).unwrap();
    let unknown = "0123456789abcdef0123456789abcdef";
    for path in ["/captions.vtt", "/transcript.txt"] {
        let expected = f.get(&format!("/s/{unknown}{path}"), &[]).await;
        assert_eq!(expected.json()["code"], "link_gone");
        for token in [&expired, &revoked] {
            let r = f.get(&format!("/s/{token}{path}"), &[]).await;
            assert_eq!(r.status, expected.status, "{token}{path}");
            assert_eq!(r.headers, expected.headers, "{token}{path}");
            assert_eq!(r.body, expected.body, "{token}{path}");
        }
    }
}

#[tokio::test]
async fn a_clip_without_captions_says_so_to_whoever_is_let_in() {
    let f = fixture();
    let token = f.open_link();
    let no_transcript = |r: &common::Reply| {
        r.assert_error(StatusCode::NOT_FOUND);
        assert_eq!(r.json()["code"], "no_transcript", "not link_gone: the link works");
    };

    no_transcript(&f.get(&format!("/s/{token}/captions.vtt"), &[]).await);
    no_transcript(&f.get(&format!("/s/{token}/transcript.txt"), &[]).await);
    assert!(link(&f, &token).await["transcript"].is_null());

    f.lib().queue_transcript(f.clip.id, &TranscriptRequest::default()).unwrap();
    no_transcript(&f.get(&format!("/s/{token}/captions.vtt"), &[]).await);
    let pending = link(&f, &token).await;
    assert_eq!(pending["transcript"]["status"], "pending");
    assert_eq!(pending["transcript"]["captions"], false);

    f.transcribe("en", &[]);
    no_transcript(&f.get(&format!("/s/{token}/captions.vtt"), &[]).await);
    assert_eq!(link(&f, &token).await["transcript"]["status"], "no_speech");

    // Done, then queued again: the earlier words wait for the new run.
    f.transcribe("de", &[(0, 900, "Hallo")]);
    assert_eq!(f.get(&format!("/s/{token}/captions.vtt"), &[]).await.status, StatusCode::OK);
    assert_eq!(link(&f, &token).await["transcript"]["language"], "de");
    f.lib().queue_transcript(f.clip.id, &TranscriptRequest::default()).unwrap();
    no_transcript(&f.get(&format!("/s/{token}/captions.vtt"), &[]).await);
    assert_eq!(link(&f, &token).await["transcript"]["segments"], serde_json::json!([]));

    // Someone without the password learns nothing about it.
    let locked = f.share(Some("pw"), None, true);
    let r = f.get(&format!("/s/{locked}/captions.vtt"), &[]).await;
    assert_eq!(r.json()["code"], "password_required");
}

async fn link(f: &Fixture, token: &str) -> serde_json::Value {
    f.get(&format!("/s/{token}/api/link"), &[]).await.json()
}
