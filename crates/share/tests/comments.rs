//! Comments, replies and reactions through a link, the owner's powers, live
//! updates, and every bad input (which must store nothing).
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use afterword_share::ShareLimits;
use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use common::{Fixture, fixture, fixture_with};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn comments_url(token: &str) -> String {
    format!("/s/{token}/api/comments")
}

/// Nothing was written: no comments, no reactions.
fn assert_nothing_stored(f: &Fixture) {
    let lib = f.lib();
    assert!(lib.comments(f.clip.id).unwrap().is_empty(), "a comment was stored");
    assert!(lib.reactions(f.clip.id).unwrap().is_empty(), "a reaction was stored");
}

#[tokio::test]
async fn a_visitor_comments_at_a_moment_and_over_a_range_and_replies() {
    let f = fixture();
    let token = f.open_link();
    let r = f
        .post_json(&comments_url(&token), r#"{"name":"Ana","body":"nice <script>x</script>","at_ms":2000}"#, &[])
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let first = r.json();
    assert_eq!(
        (first["author_name"].as_str(), first["at_ms"].as_u64(), first["by_owner"].as_bool()),
        (Some("Ana"), Some(2000), Some(false))
    );
    let range = f
        .post_json(&comments_url(&token), r#"{"name":"Ana","body":"this part","at_ms":1000,"end_ms":3000}"#, &[])
        .await;
    assert_eq!(range.status, StatusCode::CREATED);
    let reply = format!(r#"{{"name":"Ben","body":"agreed","parent_id":"{}"}}"#, first["id"].as_str().unwrap());
    let reply = f.post_json(&comments_url(&token), &reply, &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["at_ms"], 2000, "a reply takes its parent's moment");

    let list = f.get(&comments_url(&token), &[]).await.json();
    let bodies: Vec<&str> = list["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["this part", "nice <script>x</script>", "agreed"], "time order, text kept as typed");
    assert_eq!(list["comments"][0]["end_ms"], 3000);
    // The CLI sees the same comments.
    let stored = f.lib().comments(f.clip.id).unwrap();
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[2].parent_id.map(|p| p.to_string()).as_deref(), first["id"].as_str());
}

#[tokio::test]
async fn reactions_are_timestamped() {
    let f = fixture();
    let token = f.open_link();
    let r = f.post_json(&format!("/s/{token}/api/reactions"), r#"{"name":"Ana","at_ms":1500,"emoji":"🎉"}"#, &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let list = f.get(&comments_url(&token), &[]).await.json();
    assert_eq!(list["reactions"][0]["emoji"], "🎉");
    assert_eq!(list["reactions"][0]["at_ms"], 1500);
    for bad in [
        r#"{"name":"Ana","at_ms":1500,"emoji":"lol"}"#,
        r#"{"name":"Ana","at_ms":7000,"emoji":"👍"}"#,
        r#"{"at_ms":1,"emoji":"👍"}"#,
    ] {
        f.post_json(&format!("/s/{token}/api/reactions"), bad, &[]).await.assert_error(StatusCode::BAD_REQUEST);
    }
    assert_eq!(f.lib().reactions(f.clip.id).unwrap().len(), 1);
}

#[tokio::test]
async fn only_the_owner_resolves_and_deletes() {
    let f = fixture();
    let token = f.open_link();
    let id = f
        .post_json(&comments_url(&token), r#"{"name":"Ana","body":"typo at 0:02","at_ms":2000}"#, &[])
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resolve = format!("/s/{token}/api/comments/{id}/resolve");
    f.post_json(&resolve, r#"{"resolved":true}"#, &[]).await.assert_error(StatusCode::FORBIDDEN);
    f.request(Method::DELETE, &format!("{}/{id}", comments_url(&token)), "", &[])
        .await
        .assert_error(StatusCode::FORBIDDEN);

    let owner = f.owner_cookie();
    let r = f.post_json(&resolve, r#"{"resolved":true}"#, &[("cookie", &owner)]).await;
    assert_eq!(r.json()["resolved"], true);
    // The owner posts as themself, without a name.
    let mine = f
        .post_json(
            &comments_url(&token),
            r#"{"body":"fixed","parent_id":"ID"}"#.replace("ID", &id).as_str(),
            &[("cookie", &owner)],
        )
        .await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", mine.text());
    assert_eq!(mine.json()["by_owner"], true);

    let r = f.request(Method::DELETE, &format!("{}/{id}", comments_url(&token)), "", &[("cookie", &owner)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(f.lib().comments(f.clip.id).unwrap().is_empty(), "the comment and its reply are gone");
}

#[tokio::test]
async fn a_comment_of_another_clip_cannot_be_reached_through_a_link() {
    let f = fixture();
    let token = f.open_link();
    let mut lib = f.lib();
    let other_clip = lib
        .add_clip(afterword_library::NewClip {
            id: afterword_library::ClipId::new(),
            title: "other".into(),
            status: afterword_library::ClipStatus::Ready,
            media: Default::default(),
        })
        .unwrap();
    let other = lib
        .add_comment(afterword_library::NewComment {
            clip_id: Some(other_clip.id),
            body: "private".into(),
            ..Default::default()
        })
        .unwrap();
    let owner = f.owner_cookie();
    f.request(Method::DELETE, &format!("{}/{}", comments_url(&token), other.id), "", &[("cookie", &owner)])
        .await
        .assert_error(StatusCode::NOT_FOUND);
    let reply = format!(r#"{{"name":"Eve","body":"hi","parent_id":"{}"}}"#, other.id);
    f.post_json(&comments_url(&token), &reply, &[]).await.assert_error(StatusCode::BAD_REQUEST);
    assert_eq!(lib.comments(other_clip.id).unwrap().len(), 1);
    assert!(lib.comments(f.clip.id).unwrap().is_empty());
}

#[tokio::test]
async fn every_bad_input_gets_a_clear_4xx_and_stores_nothing() {
    let f = fixture();
    let token = f.open_link();
    let url = comments_url(&token);
    let long_name = "n".repeat(81);
    let long_body = "b".repeat(10_001);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("{not json".into(), StatusCode::BAD_REQUEST, "not valid JSON"),
        (r#"{"name":"Ana","body":"x","at_ms":-5}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, "does not fit"),
        (r#"{"name":"Ana","body":"x","at_ms":"soon"}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, "does not fit"),
        (
            r#"{"name":"Ana","body":"x","at_ms":1,"admin":true}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "does not fit",
        ),
        (r#"{"name":"Ana","body":"x","at_ms":6001}"#.into(), StatusCode::BAD_REQUEST, "past the end"),
        (
            r#"{"name":"Ana","body":"x","at_ms":3000,"end_ms":2000}"#.into(),
            StatusCode::BAD_REQUEST,
            "not after it starts",
        ),
        (r#"{"name":"Ana","body":"x","at_ms":1000,"end_ms":9000}"#.into(), StatusCode::BAD_REQUEST, "past the end"),
        (r#"{"name":"Ana","body":"x"}"#.into(), StatusCode::BAD_REQUEST, "give at_ms"),
        (r#"{"name":"Ana","body":"   ","at_ms":1}"#.into(), StatusCode::BAD_REQUEST, "comment is empty"),
        (r#"{"body":"x","at_ms":1}"#.into(), StatusCode::BAD_REQUEST, "name is empty"),
        (format!(r#"{{"name":"{long_name}","body":"x","at_ms":1}}"#), StatusCode::BAD_REQUEST, "limit is 80"),
        (format!(r#"{{"name":"Ana","body":"{long_body}","at_ms":1}}"#), StatusCode::BAD_REQUEST, "limit is 10000"),
        (r#"{"name":"Ana","body":"x","parent_id":"nope"}"#.into(), StatusCode::BAD_REQUEST, "not a comment id"),
        (
            r#"{"name":"Ana","body":"x","parent_id":"0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f"}"#.into(),
            StatusCode::BAD_REQUEST,
            "to reply to",
        ),
        (
            format!(r#"{{"name":"Ana","body":"{}","at_ms":1}}"#, "é".repeat(30_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too large",
        ),
    ];
    for (body, status, says) in cases {
        let r = f.post_json(&url, &body, &[]).await;
        let message = r.assert_error(status);
        assert!(message.contains(says), "{}: {message}", &body[..body.len().min(60)]);
    }
    // Not JSON at all.
    let req = Request::post(&url).header("content-type", "text/plain").body(Body::from("hello")).unwrap();
    let r = f.send(req).await;
    assert!(r.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE).contains("Content-Type: application/json"));
    assert_nothing_stored(&f);
}

#[tokio::test]
async fn comments_are_rate_limited_per_client() {
    let f = fixture_with(ShareLimits { post_burst: 3, post_refill: Duration::from_secs(60), ..ShareLimits::default() });
    let token = f.open_link();
    for i in 0..3 {
        let r = f.post_json(&comments_url(&token), &format!(r#"{{"name":"Ana","body":"c{i}","at_ms":1}}"#), &[]).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = f.post_json(&comments_url(&token), r#"{"name":"Ana","body":"one more","at_ms":1}"#, &[]).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(f.lib().comments(f.clip.id).unwrap().len(), 3);
}

#[tokio::test]
async fn open_pages_hear_about_new_comments() {
    let f = fixture();
    let token = f.open_link();
    let response =
        f.router().oneshot(Request::get(format!("/s/{token}/api/events")).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body();
    let mut seen = String::new();
    seen.push_str(&String::from_utf8_lossy(&next_frame(&mut body).await));
    assert!(seen.contains("event: ready"), "{seen}");
    f.post_json(&comments_url(&token), r#"{"name":"Ana","body":"live","at_ms":1}"#, &[]).await;
    let frame = next_frame(&mut body).await;
    assert!(String::from_utf8_lossy(&frame).contains("event: changed"));
    // Shutting down ends the stream, so a graceful shutdown does not hang on open pages.
    f.state.shutdown();
    let end = tokio::time::timeout(Duration::from_secs(5), body.frame()).await.unwrap();
    assert!(end.is_none(), "the stream should end on shutdown");
}

async fn next_frame(body: &mut Body) -> axum::body::Bytes {
    let frame = tokio::time::timeout(Duration::from_secs(5), body.frame()).await.unwrap().unwrap().unwrap();
    frame.into_data().unwrap()
}
