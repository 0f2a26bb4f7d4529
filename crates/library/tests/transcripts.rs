//! Transcripts in the library: their life from queued to done, what search
//! finds of them, corrections, and what deleting a clip takes with it.

use afterword_library::{
    CaptionFormat, ClipId, ClipMedia, ClipStatus, Error, Library, NewClip, NewComment, NewSegment, SearchFilter,
    SearchKind, TranscriptRequest, TranscriptStatus, TranscriptionSettings,
};

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(dir.path()).expect("open library");
    (dir, lib)
}

fn clip(lib: &mut Library, title: &str) -> ClipId {
    let id = ClipId::new();
    let media_path = format!("clips/{id}.mp4");
    std::fs::write(lib.resolve(&media_path), b"not really a video").expect("media");
    let media = ClipMedia { duration_ms: 60_000, size_bytes: 18, media_path, ..Default::default() };
    lib.add_clip(NewClip { id, title: title.into(), status: ClipStatus::Ready, media }).expect("add clip").id
}

fn said(start_ms: u64, end_ms: u64, text: &str) -> NewSegment {
    NewSegment { start_ms, end_ms, text: text.into() }
}

fn transcribed(lib: &mut Library, id: ClipId, retitle: bool, segments: &[NewSegment]) {
    lib.queue_transcript(id, &TranscriptRequest { retitle, ..Default::default() }).expect("queue");
    lib.claim_transcript(id).expect("claim").expect("claimed");
    lib.finish_transcript(id, "en", "tiny.en", segments).expect("finish");
}

#[test]
fn a_transcript_goes_from_queued_to_done_and_names_an_untitled_clip() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Screen recording — Fri 4 Dec, 09:00");
    assert_eq!(lib.transcript(id).expect("read"), None);

    let queued = lib.queue_transcript(id, &TranscriptRequest { retitle: true, ..Default::default() }).expect("queue");
    assert_eq!(queued.status, TranscriptStatus::Pending);
    assert_eq!(lib.transcripts_waiting().expect("waiting"), vec![id]);

    let claim = lib.claim_transcript(id).expect("claim").expect("claimed");
    assert_eq!(claim.media_path, format!("clips/{id}.mp4"));
    assert_eq!(lib.claim_transcript(id).expect("claim again"), None, "one worker at a time");
    assert!(lib.transcripts_waiting().expect("waiting").is_empty());
    lib.transcript_progress(id, 40).expect("progress");
    assert_eq!(lib.transcript(id).expect("read").expect("some").progress, 40);

    let done = lib
        .finish_transcript(
            id,
            "en",
            "tiny.en",
            &[said(1_200, 4_000, "So, the checkout page fails on Safari."), said(4_500, 7_000, "Let me show you.")],
        )
        .expect("finish");
    assert_eq!(done.status, TranscriptStatus::Done);
    assert_eq!(done.detected_language.as_deref(), Some("en"));
    assert_eq!(done.used_model.as_deref(), Some("tiny.en"));
    assert_eq!(done.segments.len(), 2);
    assert_eq!(done.text(), "So, the checkout page fails on Safari.\nLet me show you.");
    assert_eq!(lib.clip(id).expect("clip").title, "The checkout page fails on Safari");
}

#[test]
fn a_title_someone_chose_is_kept() {
    let (_dir, mut lib) = library();
    let named = clip(&mut lib, "Sprint demo");
    transcribed(&mut lib, named, false, &[said(0, 2_000, "Welcome to the sprint demo everyone.")]);
    assert_eq!(lib.clip(named).expect("clip").title, "Sprint demo");

    let renamed = clip(&mut lib, "Screen recording — Fri 4 Dec, 09:00");
    lib.queue_transcript(renamed, &TranscriptRequest { retitle: true, ..Default::default() }).expect("queue");
    lib.rename_clip(renamed, "Bug in billing").expect("rename meanwhile");
    lib.claim_transcript(renamed).expect("claim");
    lib.finish_transcript(renamed, "en", "tiny.en", &[said(0, 2_000, "Invoices round the tax wrong.")]).expect("done");
    assert_eq!(lib.clip(renamed).expect("clip").title, "Bug in billing");
}

#[test]
fn nothing_said_is_no_speech_and_keeps_the_generic_title() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Screen recording — Fri 4 Dec, 09:00");
    transcribed(&mut lib, id, true, &[]);
    let t = lib.transcript(id).expect("read").expect("some");
    assert_eq!(t.status, TranscriptStatus::NoSpeech);
    assert!(t.segments.is_empty());
    assert_eq!(lib.clip(id).expect("clip").title, "Screen recording — Fri 4 Dec, 09:00");
}

#[test]
fn search_finds_what_was_said_at_its_moment() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Walkthrough");
    let other = clip(&mut lib, "Other");
    transcribed(
        &mut lib,
        id,
        false,
        &[said(0, 5_000, "Here is the dashboard."), said(83_000, 88_000, "The invoice export is slow.")],
    );
    lib.add_comment(NewComment { clip_id: Some(other), at_ms: Some(0), body: "invoice?".into(), ..Default::default() })
        .expect("comment");

    let hits = lib.search("invoice", 10).expect("search");
    let said = hits.iter().find(|h| h.kind == SearchKind::Transcript).expect("a transcript hit");
    assert_eq!(said.clip_id.as_deref(), Some(id.to_string().as_str()));
    assert_eq!(said.at_ms, Some(83_000));
    assert_eq!(said.title, "Walkthrough");
    assert!(said.snippet.contains("[invoice]"), "{}", said.snippet);

    let only = SearchFilter { kinds: vec![SearchKind::Transcript], ..Default::default() };
    let hits = lib.search_filtered("invoice", &only, 10).expect("search");
    assert_eq!(hits.iter().map(|h| h.kind).collect::<Vec<_>>(), vec![SearchKind::Transcript]);
    assert_eq!(lib.search_clips("dashboard", 10).expect("grid").iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
}

#[test]
fn a_corrected_line_is_what_search_finds() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Intro");
    transcribed(&mut lib, id, false, &[said(0, 3_000, "Hi, I am Shawn from support."), said(3_000, 6_000, "Bye.")]);

    let fixed = lib.correct_transcript(id, 1_500, "Hi, I am Siobhan from support.").expect("correct");
    assert_eq!(fixed.heard.as_deref(), Some("Hi, I am Shawn from support."));
    assert!(lib.search("shawn", 10).expect("search").is_empty());
    assert_eq!(lib.search("siobhan", 10).expect("search")[0].at_ms, Some(0));
    let again = lib.correct_transcript(id, 0, "Hi, I am Siobhan, from support.").expect("again");
    assert_eq!(again.heard.as_deref(), Some("Hi, I am Shawn from support."), "the engine's words stay");

    assert!(matches!(lib.correct_transcript(id, 50_000, "x"), Err(Error::NoSegment { at_ms: 50_000 })));
    assert!(matches!(lib.correct_transcript(id, 0, "  "), Err(Error::Empty { .. })));
    let bare = clip(&mut lib, "Bare");
    let err = lib.correct_transcript(bare, 0, "x").expect_err("no transcript");
    assert!(matches!(err, Error::NoTranscript { .. }) && err.is_user_error(), "{err}");
}

#[test]
fn deleting_a_clip_takes_its_transcript_and_its_search_rows() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Gone soon");
    transcribed(&mut lib, id, false, &[said(0, 3_000, "Quarterly numbers look fine.")]);
    assert_eq!(lib.search("quarterly", 10).expect("search").len(), 1);
    lib.delete_clip(id).expect("delete");
    assert!(lib.search("quarterly", 10).expect("search").is_empty());
    assert!(matches!(lib.transcript(id), Err(Error::NotFound { .. })));
}

#[test]
fn a_failure_is_kept_and_queueing_again_retries() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Silent film");
    lib.queue_transcript(id, &TranscriptRequest::default()).expect("queue");
    lib.claim_transcript(id).expect("claim");
    let failed = lib.fail_transcript(id, "the clip has no audio track").expect("fail");
    assert_eq!(
        (failed.status, failed.error.as_deref()),
        (TranscriptStatus::Failed, Some("the clip has no audio track"))
    );
    assert!(lib.transcripts_waiting().expect("waiting").is_empty(), "a failure waits for a person");
    let again = lib
        .queue_transcript(id, &TranscriptRequest { language: Some("DE".into()), ..Default::default() })
        .expect("again");
    assert_eq!((again.status, again.language.as_deref(), again.error), (TranscriptStatus::Pending, Some("de"), None));
    let bad = lib.queue_transcript(id, &TranscriptRequest { language: Some("German".into()), ..Default::default() });
    assert!(matches!(bad, Err(Error::BadValue { field: "language", .. })));
}

#[test]
fn a_run_that_stopped_reporting_is_taken_up_again() {
    let (dir, mut lib) = library();
    let id = clip(&mut lib, "Crashed midway");
    lib.queue_transcript(id, &TranscriptRequest::default()).expect("queue");
    lib.claim_transcript(id).expect("claim").expect("claimed");
    assert!(lib.transcripts_waiting().expect("waiting").is_empty(), "a live run is left alone");
    // The worker died three minutes ago.
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).expect("raw");
    conn.execute("UPDATE transcripts SET updated_at = updated_at - 180000", []).expect("age");
    assert_eq!(lib.transcripts_waiting().expect("waiting"), vec![id]);
    assert!(lib.claim_transcript(id).expect("claim").is_some());

    lib.release_transcript(id).expect("a worker told to stop hands it back");
    assert_eq!(lib.transcript(id).expect("read").expect("some").status, TranscriptStatus::Pending);
}

#[test]
fn captions_are_written_from_the_corrected_text() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib, "Captions");
    transcribed(&mut lib, id, false, &[said(500, 2_000, "Hello Shawn.")]);
    lib.correct_transcript(id, 500, "Hello Siobhan.").expect("fix");
    let t = lib.transcript(id).expect("read").expect("some");
    assert_eq!(CaptionFormat::Vtt.write(&t.segments), "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello Siobhan.\n");
}

#[test]
fn settings_are_shared_and_checked() {
    let (_dir, mut lib) = library();
    assert_eq!(lib.transcription_settings().expect("read"), TranscriptionSettings::default());
    assert!(TranscriptionSettings::default().automatic, "on by default: a model is what turns it on");
    let set = TranscriptionSettings { automatic: false, model: Some("base".into()), language: Some("auto".into()) };
    let stored = lib.set_transcription_settings(&set).expect("save");
    assert_eq!(stored, TranscriptionSettings { language: None, ..set });
    let bad = TranscriptionSettings { language: Some("klingon".into()), ..Default::default() };
    assert!(matches!(lib.set_transcription_settings(&bad), Err(Error::BadValue { .. })));
}

#[test]
fn a_library_from_before_transcripts_keeps_its_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("library.db");
    std::fs::create_dir_all(dir.path().join("clips")).expect("clips dir");
    {
        let conn = rusqlite::Connection::open(&db).expect("raw");
        for sql in [
            include_str!("../migrations/0001_initial.sql"),
            include_str!("../migrations/0002_workflow.sql"),
            include_str!("../migrations/0003_storage.sql"),
            include_str!("../migrations/0004_search_kind.sql"),
        ] {
            conn.execute_batch(sql).expect("old schema");
        }
        conn.pragma_update(None, "user_version", 4).expect("version 4");
        conn.execute(
            "INSERT INTO documents (id, title, body, created_at, updated_at)
             VALUES ('0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f', 'Roadmap notes', 'themes', 0, 0)",
            [],
        )
        .expect("an indexed document from before");
    }
    let mut lib = Library::open(dir.path()).expect("an old library opens");
    assert_eq!(lib.schema_version().expect("version"), afterword_library::SCHEMA_VERSION);
    let id = clip(&mut lib, "Roadmap review");
    lib.add_comment(NewComment { clip_id: Some(id), at_ms: Some(0), body: "ship it".into(), ..Default::default() })
        .expect("comment");
    transcribed(&mut lib, id, false, &[said(0, 2_000, "The roadmap has three themes.")]);
    let kinds: Vec<SearchKind> = lib.search("roadmap", 10).expect("search").iter().map(|h| h.kind).collect();
    assert!(
        [SearchKind::Clip, SearchKind::Transcript, SearchKind::Document].iter().all(|k| kinds.contains(k)),
        "{kinds:?}"
    );
    lib.delete_clip(id).expect("delete");
    let kinds: Vec<SearchKind> = lib.search("roadmap", 10).expect("search").iter().map(|h| h.kind).collect();
    assert_eq!(kinds, vec![SearchKind::Document]);
    assert!(lib.search("ship", 10).expect("search").is_empty());
}
