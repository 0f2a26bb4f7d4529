//! Link options (expiry, revoke, password, download, views), previews and the
//! security headers, through the router.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use afterword_share::ShareLimits;
use axum::http::StatusCode;
use common::{BASE, fixture, fixture_with};
use jiff::{SignedDuration, Timestamp};

#[tokio::test]
async fn the_viewer_page_carries_escaped_preview_tags_and_a_strict_csp() {
    let f = fixture();
    let token = f.open_link();
    let r = f.get(&format!("/s/{token}"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains(r#"<meta property="og:title" content="Q3 plan &lt;b&gt;walkthrough&lt;/b&gt;">"#), "{html}");
    assert!(!html.contains("<b>walkthrough"), "the title must be escaped");
    assert!(html.contains(r#"<meta property="video:duration" content="6">"#));
    assert!(html.contains(&format!(r#"<meta property="og:image" content="{BASE}/s/{token}/thumbnail">"#)));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
    assert!(html.contains("application/json+oembed"));
    let csp = r.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(r.header("referrer-policy"), "no-referrer");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("cache-control"), "no-store");
}

#[tokio::test]
async fn unknown_expired_and_revoked_links_look_alike() {
    let f = fixture();
    let expired = f.share(None, Some(Timestamp::now() - SignedDuration::from_secs(1)), true);
    let revoked = f.open_link();
    let id = f
        .lib()
        .shares(Some(f.clip.id))
        .unwrap()
        .into_iter()
        .find(|l| l.revoked_at.is_none() && l.expires_at.is_none())
        .unwrap()
        .id;
    f.lib().revoke_share(id).unwrap();
    let unknown = "0123456789abcdef0123456789abcdef".to_owned();
    let mut answers = Vec::new();
    for token in [&unknown, &expired, &revoked, &"not-even-hex".to_owned()] {
        for path in ["", "/video", "/api/link", "/api/comments", "/thumbnail"] {
            let r = f.get(&format!("/s/{token}{path}"), &[]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{token}{path}");
            if path.is_empty() {
                answers.push(r.text().replace(token.as_str(), "TOKEN"));
            } else {
                answers.push(r.text());
            }
        }
    }
    for (i, a) in answers.iter().enumerate() {
        assert_eq!(a, &answers[i % 5], "answer {i} differs");
    }
}

#[tokio::test]
async fn a_password_link_refuses_until_unlocked() {
    let f = fixture();
    let token = f.share(Some("hunter22"), None, true);
    for path in ["/video", "/api/link", "/api/comments", "/api/events", "/thumbnail"] {
        let r = f.get(&format!("/s/{token}{path}"), &[]).await;
        r.assert_error(StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["code"], "password_required");
    }
    // The page itself loads (it shows the password form), without the clip's title.
    let page = f.get(&format!("/s/{token}"), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("Q3 plan") && page.text().contains("password-protected"));

    let wrong = f.post_json(&format!("/s/{token}/api/unlock"), r#"{"password":"hunter2"}"#, &[]).await;
    assert_eq!(wrong.json()["code"], "wrong_password");
    assert!(wrong.headers.get("set-cookie").is_none());

    let right = f.post_json(&format!("/s/{token}/api/unlock"), r#"{"password":"hunter22"}"#, &[]).await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.text());
    let set = right.header("set-cookie").to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains(&format!("Path=/s/{token}")),
        "{set}"
    );
    let cookie = right.cookie();
    let video = f.get(&format!("/s/{token}/video"), &[("cookie", &cookie), ("range", "bytes=0-9")]).await;
    assert_eq!(video.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(f.get(&format!("/s/{token}/api/link"), &[("cookie", &cookie)]).await.status, StatusCode::OK);

    // The cookie opens this link only, and a forged one opens nothing.
    let other = f.share(Some("hunter22"), None, true);
    f.get(&format!("/s/{other}/video"), &[("cookie", &cookie)]).await.assert_error(StatusCode::UNAUTHORIZED);
    let forged = format!("aw_unlock=99999999999.{}", "0".repeat(64));
    f.get(&format!("/s/{token}/video"), &[("cookie", &forged)]).await.assert_error(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_password_guesses_are_rate_limited() {
    let f =
        fixture_with(ShareLimits { unlock_burst: 3, unlock_refill: Duration::from_secs(60), ..ShareLimits::default() });
    let token = f.share(Some("right"), None, true);
    for _ in 0..3 {
        let r = f.post_json(&format!("/s/{token}/api/unlock"), r#"{"password":"guess"}"#, &[]).await;
        r.assert_error(StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: a guesser can't tell.
    let r = f.post_json(&format!("/s/{token}/api/unlock"), r#"{"password":"right"}"#, &[]).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS);
    assert!(r.header("retry-after").parse::<u64>().unwrap() >= 1);
}

#[tokio::test]
async fn the_owner_cookie_opens_a_password_link_and_a_wrong_key_is_refused() {
    let f = fixture();
    let token = f.share(Some("pw"), None, true);
    let wrong =
        f.post_json(&format!("/s/{token}/api/owner"), &format!(r#"{{"key":"{}"}}"#, "ab".repeat(32)), &[]).await;
    wrong.assert_error(StatusCode::UNAUTHORIZED);
    let key = f.state.owner_key().expose();
    let right = f.post_json(&format!("/s/{token}/api/owner"), &format!(r#"{{"key":"{key}"}}"#), &[]).await;
    assert_eq!(right.status, StatusCode::OK);
    let cookie = right.cookie();
    assert!(!cookie.contains(&key), "the cookie is not the key itself");
    let link = f.get(&format!("/s/{token}/api/link"), &[("cookie", &cookie)]).await;
    assert_eq!(link.json()["is_owner"], true);
}

#[tokio::test]
async fn downloads_follow_the_link_option() {
    let f = fixture();
    let allowed = f.share(None, None, true);
    let r = f.get(&format!("/s/{allowed}/download"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-disposition").starts_with("attachment; filename=\"Q3 plan _b_walkthrough__b.mp4\""),
        "{}",
        r.header("content-disposition")
    );

    let denied = f.share(None, None, false);
    let r = f.get(&format!("/s/{denied}/download"), &[]).await;
    assert_eq!(
        r.assert_error(StatusCode::FORBIDDEN),
        "the owner turned off downloads for this link; watch it here instead"
    );
    assert_eq!(f.get(&format!("/s/{denied}/api/link"), &[]).await.json()["allow_download"], false);
    // Watching still works.
    assert_eq!(
        f.get(&format!("/s/{denied}/video"), &[("range", "bytes=0-1")]).await.status,
        StatusCode::PARTIAL_CONTENT
    );
    // The owner may always download.
    assert_eq!(f.get(&format!("/s/{denied}/download"), &[("cookie", &f.owner_cookie())]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn views_are_counted_for_visitors_not_the_owner() {
    let f = fixture();
    let token = f.open_link();
    assert_eq!(f.get(&format!("/s/{token}/api/link"), &[]).await.json()["views"], 1);
    assert_eq!(f.get(&format!("/s/{token}/api/link"), &[]).await.json()["views"], 2);
    assert_eq!(f.get(&format!("/s/{token}/api/link"), &[("cookie", &f.owner_cookie())]).await.json()["views"], 2);
    // Previews, video and page loads are not views.
    f.get(&format!("/s/{token}"), &[]).await;
    f.get(&format!("/s/{token}/video"), &[]).await;
    assert_eq!(f.lib().shares(Some(f.clip.id)).unwrap()[0].views, 2);
}

#[tokio::test]
async fn a_link_expires_and_is_revoked_on_the_server() {
    let f = fixture();
    let soon = f.share(None, Some(Timestamp::now() + SignedDuration::from_millis(300)), true);
    assert_eq!(f.get(&format!("/s/{soon}/api/link"), &[]).await.status, StatusCode::OK);
    assert_eq!(f.get(&format!("/s/{soon}/video"), &[]).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(400)).await;
    f.get(&format!("/s/{soon}/api/link"), &[]).await.assert_error(StatusCode::NOT_FOUND);
    // Expiry is exact even for video bytes of a link found live a moment ago.
    f.get(&format!("/s/{soon}/video"), &[]).await.assert_error(StatusCode::NOT_FOUND);

    let token = f.open_link();
    let link = f.lib().shares(Some(f.clip.id)).unwrap()[0].id;
    assert_eq!(f.get(&format!("/s/{token}/video"), &[]).await.status, StatusCode::OK);
    f.lib().revoke_share(link).unwrap();
    // The page and the API ask the library every time…
    f.get(&format!("/s/{token}/api/link"), &[]).await.assert_error(StatusCode::NOT_FOUND);
    assert_eq!(f.get(&format!("/s/{token}"), &[]).await.status, StatusCode::NOT_FOUND);
    // …and open streams stop within the link cache's second.
    tokio::time::sleep(ShareLimits::default().link_cache + Duration::from_millis(100)).await;
    f.get(&format!("/s/{token}/video"), &[]).await.assert_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_the_link_cache_a_revoke_stops_video_at_once() {
    let f = fixture_with(ShareLimits { link_cache: Duration::ZERO, ..ShareLimits::default() });
    let token = f.open_link();
    let link = f.lib().shares(Some(f.clip.id)).unwrap()[0].id;
    assert_eq!(f.get(&format!("/s/{token}/video"), &[]).await.status, StatusCode::OK);
    f.lib().revoke_share(link).unwrap();
    f.get(&format!("/s/{token}/video"), &[]).await.assert_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_cached_link_still_wants_its_password() {
    let f = fixture();
    let token = f.share(Some("pw"), None, true);
    let cookie = f.post_json(&format!("/s/{token}/api/unlock"), r#"{"password":"pw"}"#, &[]).await.cookie();
    assert_eq!(f.get(&format!("/s/{token}/video"), &[("cookie", &cookie)]).await.status, StatusCode::OK);
    // The link is now cached as live; a request without the cookie is still refused.
    f.get(&format!("/s/{token}/video"), &[]).await.assert_error(StatusCode::UNAUTHORIZED);
    assert_eq!(f.get(&format!("/s/{token}/video"), &[("cookie", &f.owner_cookie())]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn oembed_describes_a_link_and_hides_a_protected_one() {
    let f = fixture();
    let token = f.open_link();
    let url = format!("{BASE}/s/{token}");
    let r = f.get(&format!("/oembed?format=json&url={}", url.replace(':', "%3A").replace('/', "%2F")), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let j = r.json();
    assert_eq!(j["version"], "1.0");
    assert_eq!(j["title"], "Q3 plan <b>walkthrough</b>");
    assert_eq!(j["thumbnail_url"], format!("{url}/thumbnail"));
    assert_eq!(j["duration"], 6);

    let locked = f.share(Some("pw"), None, true);
    let j = f.get(&format!("/oembed?url={BASE}/s/{locked}"), &[]).await.json();
    assert_eq!(j["title"], "A password-protected clip");
    assert!(j.get("thumbnail_url").is_none());
    f.get(&format!("/s/{locked}/thumbnail"), &[]).await.assert_error(StatusCode::UNAUTHORIZED);

    f.get("/oembed?url=http://elsewhere/s/abc", &[]).await.assert_error(StatusCode::BAD_REQUEST);
    f.get(&format!("/oembed?url={BASE}/s/{token}&format=xml"), &[]).await.assert_error(StatusCode::NOT_IMPLEMENTED);
    f.get(&format!("/oembed?url={BASE}/s/ffffffffffffffffffffffffffffffff"), &[])
        .await
        .assert_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_thumbnail_and_the_bundle_are_served_and_nothing_else() {
    let f = fixture();
    let token = f.open_link();
    let thumb = f.get(&format!("/s/{token}/thumbnail"), &[]).await;
    assert_eq!((thumb.status, thumb.header("content-type")), (StatusCode::OK, "image/jpeg"));
    let js = f.get("/assets/viewer.js", &[]).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.header("cache-control").contains("immutable"));
    f.get("/assets/..%2Fviewer.html", &[]).await.assert_error(StatusCode::NOT_FOUND);
    f.get("/clips/a.mp4", &[]).await.assert_error(StatusCode::NOT_FOUND);
    f.get("/library.db", &[]).await.assert_error(StatusCode::NOT_FOUND);
}
