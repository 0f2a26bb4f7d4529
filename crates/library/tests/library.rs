//! The library end to end on a real SQLite file in a temporary folder.

use afterword_library::{
    ClipId, ClipMedia, ClipQuery, ClipStatus, Error, Library, Limits, NewClip, NewComment, NewShareLink, NewThread,
    SearchFilter, SearchKind, ShareToken, TagKind, ThreadStatus, Urgency,
};

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(dir.path()).expect("open library");
    (dir, lib)
}

fn clip(lib: &mut Library, title: &str, duration_ms: u64) -> ClipId {
    let id = ClipId::new();
    let media_path = format!("clips/{id}.mp4");
    std::fs::write(lib.resolve(&media_path), b"not really a video").expect("media");
    let media = ClipMedia {
        duration_ms,
        width: Some(1280),
        height: Some(720),
        size_bytes: 18,
        media_path,
        ..Default::default()
    };
    lib.add_clip(NewClip { id, title: title.into(), status: ClipStatus::Ready, media }).expect("add clip").id
}

fn comment(clip: ClipId, at_ms: u64, body: &str) -> NewComment {
    NewComment { clip_id: Some(clip), at_ms: Some(at_ms), body: body.into(), ..Default::default() }
}

#[test]
fn clips_list_newest_first_and_page() {
    let (_dir, mut lib) = library();
    let ids: Vec<ClipId> = (0..5).map(|i| clip(&mut lib, &format!("clip {i}"), 1000)).collect();
    let first = lib.clips(&ClipQuery { limit: 3, ..Default::default() }).expect("list");
    assert_eq!(first.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ids[4], ids[3], ids[2]]);
    let rest = lib.clips(&ClipQuery { limit: 3, before: Some(ids[2]), ..Default::default() }).expect("page");
    assert_eq!(rest.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ids[1], ids[0]]);
}

#[test]
fn comment_moments_are_checked_against_the_clip() {
    let (_dir, mut lib) = library();
    let c = clip(&mut lib, "demo", 90_000);
    lib.add_comment(comment(c, 90_000, "at the very end")).expect("the last moment is inside");
    assert!(matches!(lib.add_comment(comment(c, 90_001, "x")), Err(Error::PastEnd { .. })));
    let range = NewComment { end_ms: Some(10_000), ..comment(c, 20_000, "backwards") };
    assert!(matches!(lib.add_comment(range), Err(Error::RangeBackwards { .. })));
    let past = NewComment { end_ms: Some(95_000), ..comment(c, 80_000, "overruns") };
    assert!(matches!(lib.add_comment(past), Err(Error::PastEnd { .. })));
    assert!(matches!(lib.add_comment(comment(c, 1, "   ")), Err(Error::Empty { .. })));
    let long = "x".repeat(Limits::COMMENT + 1);
    assert!(matches!(lib.add_comment(comment(c, 1, &long)), Err(Error::TooLong { .. })));
    assert_eq!(lib.comments(c).expect("list").len(), 1, "refused comments are not stored");
}

#[test]
fn replies_take_their_parents_moment_and_stay_on_its_clip() {
    let (_dir, mut lib) = library();
    let a = clip(&mut lib, "a", 60_000);
    let b = clip(&mut lib, "b", 60_000);
    let parent = lib.add_comment(comment(a, 12_000, "why this colour?")).expect("parent");
    let reply = lib
        .add_comment(NewComment { parent_id: Some(parent.id), body: "brand guide".into(), ..Default::default() })
        .expect("reply");
    assert_eq!((reply.clip_id, reply.at_ms, reply.parent_id), (a, 12_000, Some(parent.id)));
    let elsewhere = NewComment { parent_id: Some(parent.id), ..comment(b, 1000, "wrong clip") };
    assert!(matches!(lib.add_comment(elsewhere), Err(Error::ReplyElsewhere { .. })));
    lib.delete_comment(parent.id).expect("delete");
    assert!(lib.comments(a).expect("list").is_empty(), "replies go with their parent");
}

#[test]
fn resolving_keeps_the_first_time_and_can_be_undone() {
    let (_dir, mut lib) = library();
    let c = clip(&mut lib, "a", 60_000);
    let com = lib.add_comment(comment(c, 0, "fix the typo")).expect("add");
    let first = lib.resolve_comment(com.id, true).expect("resolve").resolved_at;
    assert!(first.is_some());
    assert_eq!(lib.resolve_comment(com.id, true).expect("again").resolved_at, first);
    assert_eq!(lib.resolve_comment(com.id, false).expect("reopen").resolved_at, None);
}

#[test]
fn reactions_need_an_emoji_within_the_clip() {
    let (_dir, mut lib) = library();
    let c = clip(&mut lib, "a", 10_000);
    lib.add_reaction(c, 5_000, "👍", None).expect("thumbs up");
    lib.add_reaction(c, 6_000, "👩🏽‍💻", None).expect("joined emoji");
    assert!(matches!(lib.add_reaction(c, 5_000, "lol", None), Err(Error::NotAnEmoji { .. })));
    assert!(matches!(lib.add_reaction(c, 11_000, "🎉", None), Err(Error::PastEnd { .. })));
    assert_eq!(lib.reactions(c).expect("list").len(), 2);
}

fn kinds(lib: &Library, q: &str) -> Vec<SearchKind> {
    lib.search(q, 20).expect("search").into_iter().map(|h| h.kind).collect()
}

#[test]
fn search_follows_inserts_edits_and_deletes() {
    let (_dir, mut lib) = library();
    let c = clip(&mut lib, "Quarterly roadmap walkthrough", 60_000);
    let doc = lib.new_document("Onboarding", "Start with the roadmap clip, then the glossary.").expect("doc");
    let com = lib.add_comment(comment(c, 42_000, "The glossary link is broken")).expect("comment");
    let thread = lib.new_thread(NewThread { title: "Glossary owner?".into(), ..Default::default() }).expect("thread");
    lib.post_message(thread.id, Some("Who maintains the glossary page?"), None).expect("post");

    assert_eq!(kinds(&lib, "roadmap").len(), 2);
    let hits = lib.search("glossary", 20).expect("search");
    assert_eq!(hits.len(), 4, "{hits:#?}");
    let on_comment = hits.iter().find(|h| h.kind == SearchKind::Comment).expect("comment hit");
    assert_eq!((on_comment.clip_id.as_deref(), on_comment.at_ms), (Some(c.to_string().as_str()), Some(42_000)));
    assert_eq!(on_comment.title, "Quarterly roadmap walkthrough");
    assert!(on_comment.snippet.contains("[glossary]"), "{}", on_comment.snippet);
    assert_eq!(kinds(&lib, "glos*").len(), 4, "a star asks for a prefix");
    assert!(kinds(&lib, "glos").is_empty(), "words match whole");

    lib.rename_clip(c, "Q3 plan").expect("rename");
    assert!(kinds(&lib, "quarterly").is_empty());
    lib.edit_document(doc.id, None, Some("Nothing here.")).expect("edit");
    lib.edit_comment(com.id, "Fixed now").expect("edit comment");
    let mut left = kinds(&lib, "glossary");
    left.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(left, vec![SearchKind::Message, SearchKind::Thread], "edits leave the index in step");
    lib.add_comment(comment(c, 1_000, "another glossary mention")).expect("comment");
    lib.delete_clip(c).expect("delete clip");
    assert!(kinds(&lib, "mention").is_empty(), "a deleted clip's comments leave the index with it");
    assert!(kinds(&lib, "plan").is_empty());
}

#[test]
fn clip_search_finds_each_clip_once_by_title_or_comment() {
    let (_dir, mut lib) = library();
    let titled = clip(&mut lib, "Glossary tour", 60_000);
    let commented = clip(&mut lib, "Roadmap", 60_000);
    lib.add_comment(comment(titled, 1_000, "the glossary again")).expect("comment");
    lib.add_comment(comment(commented, 2_000, "link the glossary")).expect("comment");
    lib.new_document("Glossary", "not a clip").expect("doc");
    let mut found: Vec<ClipId> = lib.search_clips("glossary", 10).expect("search").into_iter().map(|c| c.id).collect();
    found.sort();
    let mut want = vec![titled, commented];
    want.sort();
    assert_eq!(found, want);
    assert_eq!(lib.search_clips("glossary", 1).expect("search").len(), 1, "the limit holds");
}

#[test]
fn clip_search_filters_by_tag_and_status_before_the_limit() {
    let (_dir, mut lib) = library();
    let tagged = clip(&mut lib, "Glossary for design", 60_000);
    lib.retag(TagKind::Clip, &tagged.to_string(), &["design".into()], &[]).expect("tag");
    // Newer and better-matching clips without the tag would fill a page of 5.
    for i in 0..8 {
        clip(&mut lib, &format!("Glossary glossary {i}"), 60_000);
    }
    let query = ClipQuery { limit: 5, tag: Some("#Design".into()), ..Default::default() };
    let found = lib.search_clips_where("glossary", &query).expect("search");
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![tagged]);
    let failed = ClipQuery { limit: 5, status: Some("failed".parse().expect("status")), ..Default::default() };
    assert!(lib.search_clips_where("glossary", &failed).expect("search").is_empty());
    assert!(matches!("done".parse::<ClipStatus>(), Err(Error::BadValue { .. })));
}

#[test]
fn search_treats_punctuation_and_operators_as_text() {
    let (_dir, mut lib) = library();
    clip(&mut lib, "NEAR the AND gate", 1000);
    for q in ["\"", "AND", "near(", "*", "-x", "a:b", ")"] {
        lib.search(q, 10).unwrap_or_else(|e| panic!("{q:?} failed: {e}"));
    }
    assert_eq!(lib.search("and gate", 10).expect("search").len(), 1);
}

#[test]
fn deleting_a_clip_removes_its_media_comments_links_and_tags() {
    let (_dir, mut lib) = library();
    let c = clip(&mut lib, "a", 60_000);
    let media = lib.resolve(&lib.clip(c).expect("clip").media_path);
    lib.add_comment(comment(c, 0, "hi")).expect("comment");
    lib.retag(TagKind::Clip, &c.to_string(), &["design".into()], &[]).expect("tag");
    let (link, _) = lib
        .create_share(NewShareLink { clip_id: c, expires_at: None, password_hash: None, allow_download: true })
        .expect("share");
    lib.delete_clip(c).expect("delete");
    assert!(!media.exists());
    assert!(matches!(lib.clip(c), Err(Error::NotFound { .. })));
    assert!(matches!(lib.share(link.id), Err(Error::NotFound { .. })));
    assert!(
        lib.clips(&ClipQuery { limit: 10, tag: Some("design".into()), ..Default::default() }).expect("list").is_empty()
    );
}

#[test]
fn tags_are_normalised_and_filter_clips() {
    let (_dir, mut lib) = library();
    let a = clip(&mut lib, "a", 1000);
    clip(&mut lib, "b", 1000);
    let tags = lib.retag(TagKind::Clip, &a.to_string(), &["#Design".into(), "team/web".into()], &[]).expect("tag");
    assert_eq!(tags, vec!["design", "team/web"]);
    let tagged = lib.clips(&ClipQuery { limit: 10, tag: Some("DESIGN".into()), ..Default::default() }).expect("list");
    assert_eq!(tagged.iter().map(|c| c.id).collect::<Vec<_>>(), vec![a]);
    assert!(matches!(lib.retag(TagKind::Clip, &a.to_string(), &["no spaces".into()], &[]), Err(Error::BadTag { .. })));
    assert!(matches!(lib.retag(TagKind::Document, &a.to_string(), &["x".into()], &[]), Err(Error::NotFound { .. })));
    assert_eq!(lib.retag(TagKind::Clip, &a.to_string(), &[], &["design".into()]).expect("untag"), vec!["team/web"]);
}

#[test]
fn the_tags_in_use_are_those_on_some_clip() {
    let (_dir, mut lib) = library();
    let (a, b) = (clip(&mut lib, "a", 1000), clip(&mut lib, "b", 1000));
    lib.retag(TagKind::Clip, &a.to_string(), &["zeta".into(), "alpha".into()], &[]).expect("tag");
    lib.retag(TagKind::Clip, &b.to_string(), &["alpha".into(), "gone".into()], &[]).expect("tag");
    lib.retag(TagKind::Clip, &b.to_string(), &[], &["gone".into()]).expect("untag");
    assert_eq!(lib.tags_in_use(TagKind::Clip).expect("tags"), vec!["alpha", "zeta"], "each once, by name");
    lib.delete_clip(a).expect("delete");
    assert_eq!(lib.tags_in_use(TagKind::Clip).expect("tags"), vec!["alpha"], "a deleted clip's tags go with it");
    assert_eq!(lib.tags_in_use(TagKind::Document).expect("tags"), Vec::<String>::new());
}

#[test]
fn documents_keep_their_clips_in_order() {
    let (_dir, mut lib) = library();
    let (a, b, c) = (clip(&mut lib, "a", 1000), clip(&mut lib, "b", 1000), clip(&mut lib, "c", 1000));
    let doc = lib.new_document("Brief", "").expect("doc");
    lib.attach_clip(doc.id, a, None).expect("a");
    lib.attach_clip(doc.id, b, None).expect("b");
    let doc2 = lib.attach_clip(doc.id, c, Some(0)).expect("c first");
    assert_eq!(doc2.clips.iter().map(|x| x.clip_id).collect::<Vec<_>>(), vec![c, a, b]);
    let moved = lib.attach_clip(doc.id, c, None).expect("move c last");
    assert_eq!(moved.clips.iter().map(|x| (x.clip_id, x.position)).collect::<Vec<_>>(), vec![(a, 0), (b, 1), (c, 2)]);
}

#[test]
fn threads_carry_text_and_clip_messages() {
    let (_dir, mut lib) = library();
    let c = clip(&mut lib, "answer", 1000);
    let t = lib
        .new_thread(NewThread { title: "Pricing".into(), urgency: Urgency::Urgent, ..Default::default() })
        .expect("thread");
    lib.post_message(t.id, Some("Annual or monthly?"), None).expect("text");
    lib.post_message(t.id, None, Some(c)).expect("clip reply");
    assert!(matches!(lib.post_message(t.id, None, None), Err(Error::Empty { .. })));
    let msgs = lib.messages(t.id).expect("messages");
    assert_eq!((msgs.len(), msgs[1].clip_id), (2, Some(c)));
    lib.set_thread_status(t.id, ThreadStatus::Resolved).expect("resolve");
    assert!(lib.threads(false, None, 10).expect("open").is_empty());
    assert_eq!(lib.threads(true, None, 10).expect("all")[0].message_count, 2);
}

#[test]
fn share_tokens_are_stored_only_as_hashes() {
    let (dir, mut lib) = library();
    let c = clip(&mut lib, "a", 1000);
    let (link, token) = lib
        .create_share(NewShareLink { clip_id: c, expires_at: None, password_hash: None, allow_download: false })
        .expect("share");
    assert_eq!(token.as_str().len(), 32, "128 bits, hex");
    assert_eq!(lib.share_by_token(&token).expect("lookup").map(|l| l.id), Some(link.id));
    assert_eq!(lib.share_by_token(&ShareToken::from_url("0000")).expect("lookup"), None);
    drop(lib);
    let db = std::fs::read(dir.path().join("library.db")).expect("db");
    let wal = std::fs::read(dir.path().join("library.db-wal")).unwrap_or_default();
    let needle = token.as_str().as_bytes();
    assert!(!db.windows(needle.len()).chain(wal.windows(needle.len())).any(|w| w == needle));
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(Library::open(dir.path()).expect("create"));
    let db = dir.path().join("library.db");
    {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    let before = std::fs::read(&db).expect("read");
    let err = Library::open(dir.path()).expect_err("must refuse");
    assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("upgrade Afterword"));
    assert_eq!(std::fs::read(&db).expect("read"), before);
}

#[test]
fn a_corrupt_database_is_reported_and_never_rewritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("library.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&db, &garbage).expect("write");
    let err = Library::open(dir.path()).expect_err("must refuse");
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
    assert_eq!(std::fs::read(&db).expect("read"), garbage);
    assert!(!dir.path().join("library.db-wal").exists());
}

#[test]
fn a_library_folder_that_cannot_be_written_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").expect("write");
    let err = Library::open(file.join("library")).expect_err("must refuse");
    assert!(matches!(err, Error::NotWritable { .. }), "{err}");
    // Which folder to choose instead is the client's to say (`--library` in
    // the CLI, Settings in the app); the library names neither.
    assert!(err.to_string().contains("cannot write to the library folder"), "{err}");
    assert!(!err.to_string().contains("--"), "{err}");
}

/// Run by [`two_processes_adding_comments_lose_none`] in child processes.
#[test]
#[ignore = "a child process of two_processes_adding_comments_lose_none"]
fn comment_writer_process() {
    let (Ok(home), Ok(clip)) = (std::env::var("AW_TEST_HOME"), std::env::var("AW_TEST_CLIP")) else {
        return;
    };
    let mut lib = Library::open(home).expect("open");
    let clip: ClipId = clip.parse().expect("clip id");
    for i in 0..1000 {
        lib.add_comment(comment(clip, i, &format!("comment {i} from {}", std::process::id()))).expect("add");
    }
}

#[test]
fn two_processes_adding_comments_lose_none() {
    let (dir, mut lib) = library();
    let c = clip(&mut lib, "busy", 10_000);
    let spawn = || {
        std::process::Command::new(std::env::current_exe().expect("exe"))
            .args(["--exact", "comment_writer_process", "--include-ignored", "--quiet"])
            .env("AW_TEST_HOME", dir.path())
            .env("AW_TEST_CLIP", c.to_string())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn writer")
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("wait").success() && b.wait().expect("wait").success());
    assert_eq!(lib.comments(c).expect("list").len(), 2000);
}

/// Documents and comments that match by the thousand must not push the
/// matching clips out: the kind filter narrows the ranked window itself.
#[test]
fn clip_search_finds_matching_clips_among_thousands_of_other_matches() {
    let (_dir, mut lib) = library();
    let tour = clip(&mut lib, "Glossary tour", 60_000);
    let basics = clip(&mut lib, "Glossary basics", 60_000);
    let busy = clip(&mut lib, "Roadmap", 60_000);
    lib.in_transaction(|lib| {
        // Newer than the clips, and more of them than any ranked window.
        for i in 0..300 {
            lib.add_comment(comment(busy, i, &format!("glossary note {i}")))?;
        }
        for i in 0..20_500 {
            lib.new_document(&format!("Glossary {i}"), "A glossary of terms")?;
        }
        Ok(())
    })
    .expect("fill");

    let mut found: Vec<ClipId> = lib.search_clips("glossary", 10).expect("search").into_iter().map(|c| c.id).collect();
    found.sort();
    let mut want = vec![tour, basics, busy];
    want.sort();
    assert_eq!(found, want, "each matching clip once, however many other things match");

    let only = |kinds: Vec<SearchKind>, limit| {
        let filter = SearchFilter { kinds, ..Default::default() };
        lib.search_filtered("glossary", &filter, limit).expect("search")
    };
    let clips = only(vec![SearchKind::Clip], 20);
    let mut titles: Vec<&str> = clips.iter().map(|h| h.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Glossary basics", "Glossary tour"]);
    assert!(clips.iter().all(|h| h.kind == SearchKind::Clip && h.snippet.contains("[Glossary]")), "{clips:#?}");
    let comments = only(vec![SearchKind::Comment], 5);
    let busy = busy.to_string();
    assert_eq!(comments.len(), 5);
    assert!(comments.iter().all(|h| h.clip_id.as_deref() == Some(busy.as_str())), "{comments:#?}");
}

/// BM25 puts a title match above a body match, and among equals the newest
/// comes first; only the newest 2,000 matches are ranked, so an old title
/// match behind that many newer ones is not.
#[test]
fn search_ranks_titles_above_bodies_among_the_newest_matches() {
    let (_dir, mut lib) = library();
    let oldest = lib.new_document("Pricing", "What we charge").expect("doc");
    lib.in_transaction(|lib| {
        for i in 0..2_000 {
            lib.new_document(&format!("Plans {i}"), "the pricing page")?;
        }
        Ok(())
    })
    .expect("fill");
    let old = lib.new_document("Pricing", "What we charge").expect("doc");
    lib.new_document("Plans", "the pricing page").expect("doc");
    let new = lib.new_document("Pricing", "What we charge").expect("doc");
    let hits = lib.search("pricing", 10).expect("search");
    let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(ids[..2], [new.id.to_string(), old.id.to_string()], "{hits:#?}");
    assert_eq!(hits[2].snippet, "the [pricing] page");
    assert!(!ids.contains(&oldest.id.to_string()), "outside the ranked window");
}

/// Writes `sql` with a second connection, past the schema's CHECKs, as a
/// broken tool or a hand edit would.
fn write_raw(dir: &std::path::Path, sql: &str) {
    let conn = rusqlite::Connection::open(dir.join("library.db")).expect("raw");
    conn.pragma_update(None, "ignore_check_constraints", true).expect("pragma");
    conn.execute_batch(sql).expect("raw write");
}

#[test]
fn stored_values_that_do_not_parse_are_refused_not_defaulted() {
    let (dir, mut lib) = library();
    let c = clip(&mut lib, "Walkthrough", 10_000);
    let t = lib.new_thread(NewThread { title: "Plan".into(), ..Default::default() }).expect("thread").id;
    let corrupt = |e: Error, table: &str, column: &str, value: &str| {
        assert!(
            matches!(&e, Error::CorruptValue { table: t, column: c, value: v } if *t == table && *c == column && v == value),
            "{e:?}"
        );
        assert!(e.to_string().contains(&format!("{value:?}")), "{e}");
    };

    write_raw(dir.path(), &format!("UPDATE threads SET urgency = 'asap' WHERE id = '{t}'"));
    corrupt(lib.thread(t).expect_err("refused"), "threads", "urgency", "asap");

    write_raw(dir.path(), &format!("UPDATE clips SET status = 'paused' WHERE id = '{c}'"));
    corrupt(lib.clip(c).expect_err("refused"), "clips", "status", "paused");
    assert!(lib.clips(&ClipQuery { limit: 10, ..Default::default() }).is_err(), "a list is refused too");

    write_raw(dir.path(), "INSERT INTO settings (key, value) VALUES ('expectations', '{\"urgent\": 4}')");
    corrupt(lib.expectations().expect_err("refused"), "settings", "expectations", "{\"urgent\": 4}");

    write_raw(dir.path(), "UPDATE people SET time_zone = 'Mars/Olympus_Mons' WHERE is_local = 1");
    corrupt(lib.me().expect_err("refused"), "people", "time_zone", "Mars/Olympus_Mons");

    let far = i64::MAX.to_string();
    write_raw(dir.path(), &format!("UPDATE clips SET status = 'ready', created_at = {far} WHERE id = '{c}'"));
    corrupt(lib.clip(c).expect_err("refused"), "clips", "created_at", &far);
}
