//! An edited clip through its link: the link follows the clip's current edit
//! (the file that plays it, never the original of an edited clip), answers
//! "being prepared" until the render is filed, and viewers see feedback on the
//! edited timeline without what was cut.
#![allow(clippy::unwrap_used)]

mod common;

use afterword_library::{Filed, NewComment, RenderState};
use axum::http::StatusCode;
use common::{DURATION_MS, fixture, media};

/// The video route trusts a link and its clip for a second (`link_cache.rs`):
/// streams follow an edit within that second, as they follow a revoke.
async fn wait_out_the_link_cache() {
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
}

/// The render's bytes: unlike the original's at every offset.
fn render_bytes() -> Vec<u8> {
    (0..4_000u32).map(|i| (i % 13) as u8 + 100).collect()
}

#[tokio::test]
async fn a_link_serves_the_current_cut_with_byte_ranges_once_it_is_rendered() {
    let f = fixture();
    let token = f.open_link();
    let video = format!("/s/{token}/video");
    assert_eq!(f.get(&video, &[]).await.body, media(), "unedited: the original");

    let mut lib = f.lib();
    lib.trim(f.clip.id, Some(1_000), Some(5_000)).unwrap();
    wait_out_the_link_cache().await;
    let r = f.get(&video, &[("range", "bytes=0-99")]).await;
    let message = r.assert_error(StatusCode::SERVICE_UNAVAILABLE);
    assert!(message.contains("being prepared"), "{message}");
    assert_eq!((r.header("retry-after"), r.json()["code"].as_str()), ("2", Some("rendering")));

    let RenderState::Waiting(job) = lib.render_state(f.clip.id).unwrap() else { panic!("a render to make") };
    std::fs::create_dir_all(job.dest.parent().unwrap()).unwrap();
    std::fs::write(&job.dest, render_bytes()).unwrap();
    assert!(matches!(lib.file_render(&job, 4_000, 4_000).unwrap(), Filed::Current { .. }));

    let r = f.get(&video, &[("range", "bytes=100-199")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, render_bytes()[100..200]);
    assert_eq!(r.header("content-range"), "bytes 100-199/4000");
    let page = f.get(&format!("/s/{token}/api/link"), &[]).await.json();
    assert_eq!(page["duration_ms"].as_u64(), Some(4_000), "the link tells the edited length");

    // A reset: the same link plays the whole original again.
    lib.reset_edit(f.clip.id).unwrap();
    wait_out_the_link_cache().await;
    let r = f.get(&video, &[]).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, media().len()));
    assert_eq!(f.get(&format!("/s/{token}/api/link"), &[]).await.json()["duration_ms"].as_u64(), Some(DURATION_MS));
}

#[tokio::test]
async fn viewers_see_feedback_where_it_plays_and_not_what_was_cut() {
    let f = fixture();
    let token = f.open_link();
    let mut lib = f.lib();
    for (at_ms, body) in [(500, "is this on?"), (4_000, "great point")] {
        let new = NewComment { clip_id: Some(f.clip.id), at_ms: Some(at_ms), body: body.into(), ..Default::default() };
        lib.add_comment(new).unwrap();
    }
    lib.add_reaction(f.clip.id, 800, "👋", None).unwrap();
    lib.trim(f.clip.id, Some(1_000), None).unwrap();

    let comments = format!("/s/{token}/api/comments");
    let seen = f.get(&comments, &[]).await.json();
    let shown: Vec<_> =
        seen["comments"].as_array().unwrap().iter().map(|c| (c["body"].clone(), c["at_ms"].clone())).collect();
    assert_eq!(shown, [("great point".into(), 3_000.into())], "the viewer sees where it plays, and not the cut part");
    assert!(seen["reactions"].as_array().unwrap().is_empty());

    let owner = f.owner_cookie();
    let seen = f.get(&comments, &[("cookie", &owner)]).await.json();
    let removed: Vec<_> =
        seen["comments"].as_array().unwrap().iter().map(|c| c["removed"].as_bool().unwrap()).collect();
    assert_eq!(removed, [true, false], "the owner sees the cut comment, marked, at the join");

    // A viewer's comment at 0:02 of the edit is stored at 0:03 of the original.
    let r = f.post_json(&comments, r#"{"name":"Ana","body":"here","at_ms":2000}"#, &[]).await;
    assert_eq!((r.status, r.json()["at_ms"].as_u64()), (StatusCode::CREATED, Some(2_000)));
    let stored = lib.edited_feedback(f.clip.id).unwrap();
    let here = stored.comments.iter().find(|m| m.item.body == "here").unwrap();
    assert_eq!(here.item.at_ms, 3_000);
    let r = f.post_json(&comments, r#"{"name":"Ana","body":"late","at_ms":5500}"#, &[]).await;
    r.assert_error(StatusCode::BAD_REQUEST);
}
