//! `afterword share`: links are revoked by whatever the person holds — the
//! id from `share list`, the URL they sent (or their owner URL), or the bare
//! token — and a link that does not exist gets one answer whatever the form.

mod common;

use common::Home;
use serde_json::Value;

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// Every link's revocation time, by id, from `share list`.
fn revoked(home: &Home) -> Vec<(String, bool)> {
    let links = home.json(&["share", "list"]);
    let links = links.as_array().expect("links");
    links.iter().map(|l| (text(l, "id").to_owned(), !l["revoked_at"].is_null())).collect()
}

#[test]
fn a_link_is_revoked_by_its_url_its_owner_url_or_its_token() {
    let home = Home::new();
    let clip = home.clip("Demo", 10_000);
    for how in ["url", "owner_url", "token", "id"] {
        let made = home.json(&["share", &clip, "--base", "https://notes.example.org/"]);
        let url = text(&made, "url");
        assert!(url.starts_with("https://notes.example.org/s/"), "{url}");
        let given = match how {
            "token" => url.rsplit('/').next().expect("token").to_owned(),
            key => text(&made, key).to_owned(),
        };
        let gone = home.json(&["share", "revoke", &given]);
        assert_eq!(text(&gone, "id"), text(&made, "id"), "revoked by {how}");
        assert!(!gone["revoked_at"].is_null(), "revoked by {how}: {gone}");
        let states = revoked(&home);
        assert!(states.iter().any(|(id, r)| id == text(&made, "id") && *r), "{how}: {states:?}");
    }
    assert!(revoked(&home).iter().all(|(_, r)| *r));
}

#[test]
fn a_link_that_does_not_exist_gets_one_answer_whatever_the_form() {
    let home = Home::new();
    let clip = home.clip("Demo", 10_000);
    let live = home.json(&["share", &clip]);
    let answers: Vec<String> = [
        "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f",
        "http://127.0.0.1:7878/s/0123456789abcdef0123456789abcdef",
        "http://127.0.0.1:7878/s/0123456789abcdef0123456789abcdef#owner=abc",
        "0123456789abcdef0123456789abcdef",
        "not-a-link",
    ]
    .iter()
    .map(|given| home.refused(&["share", "revoke", given]))
    .collect();
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:#?}");
    assert!(answers[0].contains("share list"), "{}", answers[0]);
    assert!(revoked(&home).iter().all(|(id, r)| id == text(&live, "id") && !*r), "nothing else was revoked");
}

#[test]
fn a_base_that_is_no_url_is_refused_with_the_flag_to_fix() {
    let home = Home::new();
    let clip = home.clip("Demo", 10_000);
    let err = home.refused(&["share", &clip, "--base", "notes.example.org"]);
    assert!(err.contains("not a base URL") && err.contains("--base"), "{err}");
    assert_eq!(home.count("share_links"), 0);
}
