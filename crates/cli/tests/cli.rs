//! Every CLI verb end to end: the real binary on a temporary library, checking
//! what it prints and what it leaves in the library.

mod common;

use std::process::{Command, Stdio};

use afterword_library::Library;
use common::Home;

#[test]
fn clips_list_show_rename_tag_delete() {
    let home = Home::new();
    assert!(home.ok(&["clips", "list"]).contains("No clips yet"));
    let id = home.clip("Standup notes", 83_000);
    let list = home.ok(&["clips", "list"]);
    assert!(list.contains("Standup notes") && list.contains("1:23"), "{list}");
    let shown = home.json(&["clips", "show", &id]);
    assert_eq!((shown["title"].as_str(), shown["width"].as_u64()), (Some("Standup notes"), Some(1920)));

    assert!(home.ok(&["clips", "rename", &id, "Standup, Tuesday"]).contains("Standup, Tuesday"));
    assert_eq!(home.json(&["clips", "show", &id])["title"], "Standup, Tuesday");

    home.ok(&["clips", "tag", &id, "standup", "team/web"]);
    let tagged = home.json(&["clips", "list", "--tag", "standup"]);
    assert_eq!(tagged.as_array().map(Vec::len), Some(1));
    assert_eq!(home.json(&["clips", "tag", &id, "--remove", "standup"]), serde_json::json!(["team/web"]));

    let media = home.0.path().join(format!("clips/{id}.mp4"));
    assert!(media.exists());
    let err = home.refused(&["clips", "delete", &id]);
    assert!(err.contains("--yes"), "{err}");
    assert!(media.exists(), "nothing deleted without confirmation");
    home.ok(&["clips", "delete", &id, "--yes"]);
    assert!(!media.exists());
    assert_eq!(home.count("clips"), 0);
}

/// `afterword clips list | head -1`: when the reader has had enough and
/// closes the pipe, the listing ends quietly as `ls | head` does (by
/// SIGPIPE), not with a "failed printing to stdout" panic.
#[test]
fn a_listing_whose_reader_stops_early_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let home = Home::new();
    home.clip("Standup notes", 83_000);
    let mut child =
        home.command(&["clips", "list"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run afterword");
    drop(child.stdout.take()); // the reader is gone before the first line
    let out = child.wait_with_output().expect("afterword ends");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.is_empty(), "it printed: {said}");
    const SIGPIPE: i32 = 13;
    assert_eq!(out.status.signal(), Some(SIGPIPE), "{:?}", out.status);
}

#[test]
fn comments_add_list_reply_resolve_and_react() {
    let home = Home::new();
    let clip = home.clip("Design review", 120_000);
    let c = home.json(&["comment", "add", &clip, "--at", "1:23", "The header jumps here"]);
    assert_eq!(c["at_ms"], 83_000);
    let range = home.json(&["comment", "add", &clip, "--at", "0:10", "--to", "0:20.5", "This part drags"]);
    assert_eq!((range["at_ms"].as_u64(), range["end_ms"].as_u64()), (Some(10_000), Some(20_500)));
    let parent = c["id"].as_str().expect("id");
    let reply = home.json(&["comment", "add", &clip, "--reply-to", parent, "Fixed in the next build"]);
    assert_eq!((reply["parent_id"].as_str(), reply["at_ms"].as_u64()), (Some(parent), Some(83_000)));

    let listed = home.ok(&["comment", "list", &clip]);
    let lines: Vec<&str> = listed.lines().collect();
    assert!(lines[0].contains("[0:10–0:20.500]") && lines[0].contains("This part drags"), "{listed}");
    assert!(lines[1].contains("[1:23]") && lines[2].contains("↳") && lines[2].contains("Fixed"), "{listed}");

    let resolved = home.json(&["comment", "resolve", parent]);
    assert!(resolved["resolved_at"].is_string());
    assert!(home.ok(&["comment", "list", &clip]).contains("✓"));
    // Words need no quotes, and options may follow them.
    home.ok(&["comment", "edit", parent, "The", "header", "jumps", "at", "1:23"]);
    assert!(home.ok(&["comment", "list", &clip]).contains("header jumps at 1:23"));

    home.ok(&["react", &clip, "--at", "1:00", "🎉"]);
    assert_eq!(home.count("reactions"), 1);
    home.ok(&["comment", "delete", parent]);
    assert_eq!(home.count("comments"), 1, "the reply went with its parent");
    let unquoted = home.json(&["comment", "add", &clip, "Needs", "a", "caption", "--at", "0:05"]);
    assert_eq!((unquoted["body"].as_str(), unquoted["at_ms"].as_u64()), (Some("Needs a caption"), Some(5_000)));
}

#[test]
fn docs_new_show_edit_attach() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 60_000);
    let doc = home.json(&["docs", "new", "Release brief", "--body", "## Context\nWe ship Friday."]);
    let id = doc["id"].as_str().expect("id");
    home.ok(&["docs", "attach", id, &clip]);
    let shown = home.ok(&["docs", "show", id]);
    assert!(
        shown.contains("# Release brief")
            && shown.contains("We ship Friday.")
            && shown.contains("▶ Walkthrough (1:00)"),
        "{shown}"
    );
    let body = home.0.path().join("body.md");
    std::fs::write(&body, "## Decisions\nShip it.").expect("write");
    home.ok(&["docs", "edit", id, "--title", "Release brief v2", "--file", body.to_str().expect("utf-8")]);
    let edited = home.json(&["docs", "show", id]);
    assert_eq!(
        (edited["title"].as_str(), edited["body"].as_str()),
        (Some("Release brief v2"), Some("## Decisions\nShip it."))
    );
    assert!(home.ok(&["docs", "list"]).contains("Release brief v2"));
    home.ok(&["docs", "tag", id, "release"]);
    assert_eq!(home.json(&["docs", "show", id])["tags"], serde_json::json!(["release"]));
}

#[test]
fn threads_new_post_list_show_resolve() {
    let home = Home::new();
    let clip = home.clip("My answer", 30_000);
    let t =
        home.json(&["threads", "new", "Which pricing page?", "--urgency", "urgent", "--due", "2026-12-01T17:00:00Z"]);
    let id = t["id"].as_str().expect("id");
    assert_eq!((t["urgency"].as_str(), t["due_at"].as_str()), (Some("urgent"), Some("2026-12-01T17:00:00Z")));
    home.ok(&["threads", "post", id, "Option", "A", "or", "B?"]);
    home.ok(&["threads", "post", id, "--clip", &clip]);
    let shown = home.ok(&["threads", "show", id]);
    assert!(shown.contains("Option A or B?") && shown.contains(&format!("▶ clip {clip}")), "{shown}");
    assert!(home.ok(&["threads", "list"]).contains("2 messages"));
    home.ok(&["threads", "resolve", id]);
    assert!(home.ok(&["threads", "list"]).contains("No open threads"));
    assert!(home.ok(&["threads", "list", "--all"]).contains("[resolved]"));
}

#[test]
fn search_finds_comments_docs_and_threads() {
    let home = Home::new();
    let clip = home.clip("Onboarding tour", 60_000);
    home.ok(&["comment", "add", &clip, "--at", "0:42", "Mention the staging database"]);
    home.ok(&["docs", "new", "Runbook", "--body", "Restore the staging database nightly."]);
    let hits = home.json(&["search", "staging", "data*"]);
    let kinds: Vec<&str> = hits.as_array().expect("array").iter().filter_map(|h| h["kind"].as_str()).collect();
    assert_eq!(kinds.len(), 2, "{hits}");
    assert!(kinds.contains(&"comment") && kinds.contains(&"document"));
    let text = home.ok(&["search", "staging"]);
    assert!(text.contains("[staging]") && text.contains(&format!("{clip} at 0:42")), "{text}");
    assert!(home.ok(&["search", "zebra"]).contains("Nothing matches"));
}

#[test]
fn search_by_kind_finds_clips_however_many_documents_match() {
    let home = Home::new();
    let clip = home.clip("Staging checklist", 60_000);
    let mut lib = home.lib();
    lib.in_transaction(|lib| {
        // Newer than the clip, and more than any window of ranked matches.
        for i in 0..20_500 {
            lib.new_document(&format!("Staging {i}"), "staging notes")?;
        }
        Ok(())
    })
    .expect("documents");
    drop(lib);
    let hits = home.json(&["search", "--kind", "clip", "staging"]);
    let ids: Vec<&str> = hits.as_array().expect("array").iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, [clip.as_str()], "{hits}");
    assert!(home.ok(&["search", "--kind", "clips", "staging"]).contains("[Staging] checklist"));
}

#[test]
fn doctor_reports_the_library() {
    let home = Home::new();
    home.clip("a", 1000);
    let report = home.json(&["doctor"]);
    assert_eq!(report["schema_version"], report["schema_supported"]);
    assert_eq!(report["clips"], 1);
    let encoders = report["encoders"].as_array().expect("encoders");
    assert!(encoders.iter().any(|e| e["name"] == "libx264" && e["opens"] == true), "{encoders:?}");
    // Doctor is where a person is sent to see the encoders; it must not send them to itself.
    assert!(!report.to_string().contains("afterword doctor"), "{report}");
    assert_eq!(report["library"].as_str(), home.0.path().to_str());
}

#[test]
fn bad_input_is_refused_with_one_line_and_nothing_written() {
    let home = Home::new();
    let clip = home.clip("Short", 10_000);
    let before = home.count("comments");
    let cases: &[(&[&str], &str)] = &[
        (&["comment", "add", &clip, "--at", "-0:05", "x"], "not a time"),
        (&["comment", "add", &clip, "--at", "1:2:3:4", "x"], "not a time"),
        (&["comment", "add", &clip, "--at", "abc", "x"], "1:23"),
        (&["comment", "add", &clip, "--at", "0:11", "x"], "past the end"),
        (&["comment", "add", &clip, "--at", "0:05", "--to", "0:02", "x"], "before it starts"),
        (&["comment", "add", &clip, "--at", "0:05", "  "], "empty"),
        (&["comment", "add", "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f", "--at", "0:01", "x"], "no clip with id"),
        (&["comment", "add", "not-an-id", "--at", "0:01", "x"], "not a clip id"),
        (&["comment", "add", &clip, "--reply-to", "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f", "x"], "no comment"),
        (&["react", &clip, "--at", "0:01", "ok"], "emoji"),
        (&["clips", "rename", &clip, ""], "empty"),
        (&["clips", "rename", &clip], "not provided: <TITLE>"),
        (&["clips", "tag", &clip, "two words"], "tag"),
        (&["threads", "new", "t", "--urgency", "asap"], "urgency"),
        (&["docs", "show", "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f"], "docs list"),
    ];
    for (args, needle) in cases {
        let err = home.refused(args);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let long = "x".repeat(10_001);
    assert!(home.refused(&["comment", "add", &clip, "--at", "1", &long]).contains("limit is 10000"));
    assert_eq!(home.count("comments"), before);
    assert_eq!(home.count("reactions"), 0);
    assert_eq!(home.count("threads"), 0);
    assert_eq!(home.json(&["clips", "show", &clip])["title"], "Short");
}

#[test]
fn unusable_libraries_are_refused_without_being_touched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |lib: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_afterword"))
            .args(["--library", lib.to_str().expect("utf-8"), "clips", "list"])
            .output()
            .expect("run")
    };
    let corrupt = dir.path().join("corrupt");
    std::fs::create_dir(&corrupt).expect("mkdir");
    std::fs::write(corrupt.join("library.db"), b"SQLite format 3\0 and then garbage, garbage, garbage").expect("write");
    let out = run(&corrupt);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable Afterword database"));
    assert_eq!(
        std::fs::read(corrupt.join("library.db")).expect("read"),
        b"SQLite format 3\0 and then garbage, garbage, garbage"
    );

    let newer = dir.path().join("newer");
    drop(Library::open(&newer).expect("create"));
    rusqlite::Connection::open(newer.join("library.db"))
        .expect("db")
        .pragma_update(None, "user_version", afterword_library::SCHEMA_VERSION + 1)
        .expect("bump");
    let out = run(&newer);
    assert_eq!(out.status.code(), Some(2));
    let newer_schema = format!("newer Afterword (schema {}", afterword_library::SCHEMA_VERSION + 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&newer_schema));

    let file = dir.path().join("file");
    std::fs::write(&file, b"").expect("write");
    let out = run(&file.join("lib"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write to the library folder"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--library or AFTERWORD_HOME"));
}

#[test]
fn the_cli_adds_its_own_hint_to_the_one_error_line() {
    let home = Home::new();
    let clip = home.clip("Short", 10_000);
    let err = home.refused(&["comment", "add", &clip, "--at", "0:05", "--to", "0:02", "x"]);
    assert!(err.starts_with("error: the range ends at 0:02 before it starts at 0:05"), "{err}");
    assert!(err.trim_end().ends_with("; put the later time in --to (--end for a trim)"), "{err}");
    let missing = "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f";
    let err = home.refused(&["clips", "show", missing]);
    assert_eq!(err.trim_end(), format!("error: no clip with id {missing}; `afterword clips list` shows the ids"));
}
