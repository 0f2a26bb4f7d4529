//! Editing a clip as data: trim, cut, reset and split change what plays and
//! where feedback shows, never the stored feedback or the original file.

use afterword_library::{
    ClipId, ClipMedia, ClipStatus, Comment, Error, Filed, KeptRange, Library, NewClip, NewComment, NewSegment,
    RenderState, TranscriptRequest,
};

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(dir.path()).expect("open library");
    (dir, lib)
}

/// A ready 60 s clip with a media file.
fn clip(lib: &mut Library) -> ClipId {
    let id = ClipId::new();
    let media_path = format!("clips/{id}.mp4");
    std::fs::write(lib.resolve(&media_path), b"not really a video").expect("media");
    let media = ClipMedia { duration_ms: 60_000, size_bytes: 18, media_path, ..Default::default() };
    lib.add_clip(NewClip { id, title: "Walkthrough".into(), status: ClipStatus::Ready, media }).expect("add clip").id
}

fn comment(lib: &mut Library, clip: ClipId, at_ms: u64, end_ms: Option<u64>, body: &str) -> Comment {
    let new = NewComment { clip_id: Some(clip), at_ms: Some(at_ms), end_ms, body: body.into(), ..Default::default() };
    lib.add_comment(new).expect("comment")
}

fn kept(lib: &Library, clip: ClipId) -> Vec<(u64, u64)> {
    lib.edit(clip).expect("edit").kept.iter().map(|r| (r.start_ms, r.end_ms)).collect()
}

#[test]
fn an_unedited_clip_plays_whole_at_revision_zero() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    let edit = lib.edit(id).expect("edit");
    assert_eq!((edit.revision, edit.duration_ms()), (0, 60_000));
    assert_eq!(edit.kept, [KeptRange { start_ms: 0, end_ms: 60_000 }]);
    assert_eq!(lib.clip(id).expect("clip").duration_ms, 60_000);
}

#[test]
fn trim_then_cut_in_edited_time_maps_to_the_original() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    let trimmed = lib.trim(id, Some(5_000), Some(55_000)).expect("trim");
    assert_eq!((trimmed.revision, trimmed.duration_ms()), (1, 50_000));
    // 10–20 s as the player now shows it is 15–25 s of the original.
    let cut = lib.cut(id, 10_000, 20_000).expect("cut");
    assert_eq!(cut.revision, 2);
    assert_eq!(kept(&lib, id), [(5_000, 15_000), (25_000, 55_000)]);
    let clip = lib.clip(id).expect("clip");
    assert_eq!((clip.media_duration_ms, clip.duration_ms), (60_000, 40_000), "the original keeps its length");
    assert_eq!(cut.to_original(10_000), 25_000);
    assert_eq!(cut.to_edited(20_000), None);
    // Only the end moves: the start stays where it is.
    lib.trim(id, None, Some(30_000)).expect("trim the end");
    assert_eq!(kept(&lib, id), [(5_000, 15_000), (25_000, 45_000)]);
}

#[test]
fn bad_edits_are_refused_and_change_nothing() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    lib.cut(id, 10_000, 20_000).expect("cut");
    let before = lib.edit(id).expect("edit");
    let refusals = [
        lib.trim(id, Some(0), Some(51_000)).expect_err("past the edited end"),
        lib.trim(id, Some(20_000), Some(10_000)).expect_err("backwards"),
        lib.cut(id, 5_000, 5_000).expect_err("empty"),
        lib.cut(id, 0, 49_800).expect_err("leaves 0.2 s"),
        lib.split(id, 49_700).map(|_| ()).expect_err("a second part of 0.3 s"),
        lib.trim(ClipId::new(), None, None).expect_err("no such clip"),
    ];
    assert!(matches!(refusals[0], Error::PastEnd { at_ms: 51_000, duration_ms: 50_000 }), "{:?}", refusals[0]);
    assert!(matches!(refusals[1], Error::RangeBackwards { .. }), "{:?}", refusals[1]);
    assert!(matches!(refusals[2], Error::RangeBackwards { .. }), "{:?}", refusals[2]);
    assert!(matches!(refusals[3], Error::EditTooShort { kept_ms: 200, min_ms: 500 }), "{:?}", refusals[3]);
    assert!(matches!(refusals[4], Error::EditTooShort { kept_ms: 300, .. }), "{:?}", refusals[4]);
    assert!(matches!(refusals[5], Error::NotFound { kind: "clip", .. }), "{:?}", refusals[5]);
    assert!(refusals.iter().all(Error::is_user_error));
    assert_eq!(lib.edit(id).expect("edit"), before);
    assert_eq!(lib.clip_count().expect("count"), 1);
}

#[test]
fn a_clip_still_recording_cannot_be_edited() {
    let (_dir, mut lib) = library();
    let id = ClipId::new();
    let media = ClipMedia { media_path: format!("clips/{id}.mp4.partial"), ..Default::default() };
    lib.add_clip(NewClip { id, title: "Live".into(), status: ClipStatus::Recording, media }).expect("add");
    assert!(matches!(lib.trim(id, Some(1_000), None), Err(Error::NotEditable { .. })));
}

#[test]
fn feedback_follows_the_edit_and_comes_back_on_reset() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    comment(&mut lib, id, 2_000, None, "is this recording?");
    comment(&mut lib, id, 30_000, None, "nice");
    comment(&mut lib, id, 8_000, Some(12_000), "this part");
    lib.add_reaction(id, 40_000, "👍", None).expect("react");
    lib.queue_transcript(id, &TranscriptRequest::default()).expect("queue");
    lib.claim_transcript(id).expect("claim").expect("claimed");
    let said = |start_ms, end_ms, text: &str| NewSegment { start_ms, end_ms, text: text.into() };
    lib.finish_transcript(id, "en", "tiny.en", &[said(1_000, 4_000, "is this on"), said(31_000, 33_000, "so")])
        .expect("finish");

    lib.trim(id, Some(10_000), None).expect("trim the start");
    let fb = lib.edited_feedback(id).expect("feedback");
    let comments: Vec<_> =
        fb.comments.iter().map(|m| (m.item.body.as_str(), m.edited_at_ms, m.edited_end_ms, m.removed)).collect();
    assert_eq!(
        comments,
        [
            ("this part", Some(0), Some(2_000), false),
            ("nice", Some(20_000), None, false),
            ("is this recording?", None, None, true),
        ]
    );
    assert_eq!(fb.reactions[0].edited_at_ms, Some(30_000));
    let lines: Vec<_> = fb.transcript.iter().map(|m| (m.item.text.as_str(), m.removed)).collect();
    assert_eq!(lines, [("so", false), ("is this on", true)]);

    // Everyone else reads the edited timeline: what was cut shows at the join.
    let shown: Vec<_> =
        lib.comments(id).expect("comments").into_iter().map(|c| (c.body, c.at_ms, c.end_ms, c.removed)).collect();
    let expected = [
        ("is this recording?".to_owned(), 0, None, true),
        ("this part".to_owned(), 0, Some(2_000), false),
        ("nice".to_owned(), 20_000, None, false),
    ];
    assert_eq!(shown, expected);
    assert_eq!(lib.reactions(id).expect("reactions")[0].at_ms, 30_000);
    let transcript = lib.transcript(id).expect("read").expect("transcript");
    let lines: Vec<_> = transcript.segments.iter().map(|s| (s.start_ms, s.text.as_str())).collect();
    assert_eq!(lines, [(21_000, "so")], "a removed line is not in the transcript that plays");
    // A comment typed at 0:05 of the edited clip is stored at 0:15 of the original.
    let typed = comment(&mut lib, id, 5_000, None, "typed on the edit");
    assert_eq!(typed.at_ms, 5_000);
    let feedback = lib.edited_feedback(id).expect("feedback");
    let stored = feedback.comments.iter().find(|m| m.item.id == typed.id).map(|m| m.item.at_ms);
    assert_eq!(stored, Some(15_000));
    let reset = lib.reset_edit(id).expect("reset");
    assert_eq!((reset.revision, reset.duration_ms()), (2, 60_000));
    let fb = lib.edited_feedback(id).expect("feedback");
    assert!(fb.comments.iter().chain([]).all(|m| !m.removed) && fb.transcript.iter().all(|m| !m.removed));
    assert_eq!(fb.comments[0].edited_at_ms, Some(2_000));
    assert_eq!(lib.reset_edit(id).expect("reset again").revision, 2, "nothing to reset");
}

#[test]
fn split_makes_two_clips_over_one_file_and_moves_the_later_feedback() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    lib.retag(afterword_library::TagKind::Clip, &id.to_string(), &["demo".into()], &[]).expect("tag");
    comment(&mut lib, id, 5_000, None, "early");
    comment(&mut lib, id, 15_000, None, "in the cut");
    comment(&mut lib, id, 45_000, None, "late");
    let late = lib.comments(id).expect("comments").into_iter().find(|c| c.body == "late").expect("late");
    let reply = NewComment { parent_id: Some(late.id), body: "agreed".into(), ..Default::default() };
    lib.add_comment(reply).expect("reply");
    lib.add_reaction(id, 50_000, "🎉", None).expect("react");
    lib.cut(id, 10_000, 20_000).expect("cut");

    // 30 s of the edited clip is 40 s of the original.
    let (first, second) = lib.split(id, 30_000).expect("split");
    assert_eq!((first.id, first.duration_ms, second.duration_ms), (id, 30_000, 20_000));
    assert_eq!(second.media_path, first.media_path);
    assert_eq!((second.title.as_str(), second.tags.as_slice()), ("Walkthrough (2)", ["demo".to_owned()].as_slice()));
    assert_eq!(kept(&lib, id), [(0, 10_000), (20_000, 40_000)]);
    assert_eq!(kept(&lib, second.id), [(40_000, 60_000)]);

    let bodies = |clip| lib.comments(clip).expect("comments").into_iter().map(|c| c.body).collect::<Vec<_>>();
    assert_eq!(bodies(id), ["early", "in the cut"]);
    assert_eq!(bodies(second.id), ["late", "agreed"]);
    assert_eq!(lib.reactions(second.id).expect("reactions").len(), 1);
    let fb = lib.edited_feedback(second.id).expect("feedback");
    assert_eq!(fb.comments[0].edited_at_ms, Some(5_000));

    // A reset brings back the clip's side of the split, cut included.
    let reset = lib.reset_edit(id).expect("reset the first");
    assert_eq!((reset.part, reset.duration_ms()), (KeptRange { start_ms: 0, end_ms: 40_000 }, 40_000));
    assert_eq!(lib.clip(id).expect("first").duration_ms, 40_000);
    let mapped = lib.edited_feedback(id).expect("feedback");
    assert!(mapped.comments.iter().all(|m| !m.removed), "the comment in the cut is back");
    assert_eq!(
        lib.reset_edit(second.id).expect("reset the second").kept,
        [KeptRange { start_ms: 40_000, end_ms: 60_000 }]
    );

    // The file is the second clip's too: deleting the first keeps it.
    let file = lib.resolve(&first.media_path);
    lib.delete_clip(id).expect("delete the first");
    assert!(file.exists(), "the second clip still plays it");
    lib.delete_clip(second.id).expect("delete the second");
    assert!(!file.exists(), "the last clip takes the file with it");
}

#[test]
fn a_split_moves_the_later_transcript_lines() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    lib.queue_transcript(id, &TranscriptRequest::default()).expect("queue");
    lib.claim_transcript(id).expect("claim").expect("claimed");
    let said = |start_ms, end_ms, text: &str| NewSegment { start_ms, end_ms, text: text.into() };
    lib.finish_transcript(id, "en", "tiny.en", &[said(1_000, 4_000, "first"), said(41_000, 43_000, "second")])
        .expect("finish");
    let (_, second) = lib.split(id, 40_000).expect("split");
    let text = |clip| lib.transcript(clip).expect("transcript").expect("some").text();
    assert_eq!((text(id), text(second.id)), ("first".to_owned(), "second".to_owned()));
}

#[test]
fn edit_ranges_written_out_of_shape_are_refused_not_repaired() {
    let (dir, mut lib) = library();
    let id = clip(&mut lib);
    lib.cut(id, 10_000, 20_000).expect("cut");
    drop(lib);
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).expect("open");
    conn.execute("UPDATE clip_edit_ranges SET end_ms = 90000 WHERE start_ms = 20000", []).expect("damage");
    drop(conn);
    let lib = Library::open(dir.path()).expect("open");
    assert!(matches!(lib.edit(id), Err(Error::CorruptValue { table: "clip_edit_ranges", .. })));
}

#[test]
fn an_edited_clip_plays_its_render_of_the_current_edit_and_never_an_older_one() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    let original = lib.clip(id).expect("clip");
    assert_eq!(original.playback_path.as_deref(), Some(original.media_path.as_str()));
    assert!(matches!(lib.render_state(id).expect("state"), RenderState::Original { .. }));
    assert!(lib.renders_waiting().expect("waiting").is_empty());

    lib.trim(id, Some(5_000), None).expect("trim");
    assert_eq!(lib.clip(id).expect("clip").playback_path, None, "nothing plays until the render is made");
    assert_eq!(lib.renders_waiting().expect("waiting"), [id]);
    let RenderState::Waiting(first) = lib.render_state(id).expect("state") else { panic!("a render to make") };
    assert_eq!(first.kept, [KeptRange { start_ms: 5_000, end_ms: 60_000 }]);
    assert!(first.dest.starts_with(lib.renders_dir()), "renders stay out of the clips folder");
    std::fs::create_dir_all(lib.renders_dir()).expect("renders dir");
    std::fs::write(&first.dest, b"render one").expect("write");

    // The edit moves on while the first render is made: it is not filed.
    lib.cut(id, 10_000, 20_000).expect("cut");
    assert_eq!(lib.file_render(&first, 10, 55_000).expect("file"), Filed::Stale);
    let RenderState::Waiting(second) = lib.render_state(id).expect("state") else { panic!("a render to make") };
    std::fs::write(&second.dest, b"render two").expect("write");
    assert_eq!(lib.file_render(&second, 10, 45_000).expect("file"), Filed::Current { replaced: None });
    let clip = lib.clip(id).expect("clip");
    assert_eq!(clip.playback_path.as_deref(), Some(second.stored_dest.as_str()));
    assert_eq!(lib.render_state(id).expect("state"), RenderState::Rendered { path: second.dest.clone() });
    assert!(lib.renders_waiting().expect("waiting").is_empty());

    // A reset plays the original again, and leaves the render to forget.
    lib.reset_edit(id).expect("reset");
    assert_eq!(lib.clip(id).expect("clip").playback_path.as_deref(), Some(original.media_path.as_str()));
    assert_eq!(lib.renders_waiting().expect("waiting"), [id], "the old render is to be removed");
    assert_eq!(lib.forget_stale_render(id).expect("forget"), Some(second.dest.clone()));
    assert!(lib.renders_waiting().expect("waiting").is_empty());

    // Deleting the clip removes its render too.
    lib.trim(id, None, Some(30_000)).expect("trim");
    let RenderState::Waiting(third) = lib.render_state(id).expect("state") else { panic!("a render to make") };
    std::fs::write(&third.dest, b"render three").expect("write");
    lib.file_render(&third, 12, 30_000).expect("file");
    lib.delete_clip(id).expect("delete");
    assert!(!third.dest.exists());
}

#[test]
fn an_earlier_edit_can_be_restored_to_undo_and_nothing_else() {
    let (_dir, mut lib) = library();
    let id = clip(&mut lib);
    let before = lib.cut(id, 10_000, 20_000).expect("cut");
    lib.trim(id, Some(5_000), None).expect("trim");
    let undone = lib.restore_edit(id, &before.kept).expect("undo");
    assert_eq!((undone.kept, undone.revision), (before.kept.clone(), 3));
    let outside = [KeptRange { start_ms: 50_000, end_ms: 70_000 }];
    assert!(matches!(lib.restore_edit(id, &outside), Err(Error::NotAnEdit)));
    let overlapping = [KeptRange { start_ms: 0, end_ms: 5_000 }, KeptRange { start_ms: 4_000, end_ms: 9_000 }];
    assert!(matches!(lib.restore_edit(id, &overlapping), Err(Error::NotAnEdit)));
    assert!(matches!(lib.restore_edit(id, &[]), Err(Error::NotAnEdit)));
    assert_eq!(lib.edit(id).expect("edit").revision, 3, "a refused restore changes nothing");
}
