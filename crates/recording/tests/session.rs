//! The recording use case end to end with synthetic sources (no display or
//! sound server needed): request → start → stop → kept clip, with what the
//! request said to do next, and one recording at a time.

use std::{sync::Mutex, thread::sleep, time::Duration};

use afterword_library::{ClipQuery, ClipStatus, Library, NewThread, Urgency};
use afterword_media::{RecorderError, RecorderState, TestPattern, Tone};
use afterword_recording::{Armed, Error, Request, Slot, Then};

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("temp dir");
    let lib = Library::open(dir.path()).expect("library");
    (dir, lib)
}

fn no_clips(lib: &Library) -> bool {
    lib.clips(&ClipQuery { limit: 10, ..ClipQuery::default() }).expect("clips").is_empty()
}

fn armed(request: Request) -> Armed {
    Armed::with_sources(request, Box::new(TestPattern::new(320, 240, 15)), Some(Box::new(Tone::new(440.0))))
}

#[test]
fn a_reply_recording_is_kept_and_posted_in_its_thread() {
    let (_dir, mut lib) = library();
    let thread = lib
        .new_thread(NewThread { title: "Which pricing page?".into(), urgency: Urgency::Standard, ..Default::default() })
        .expect("thread");
    let request = Request { title: Some("My answer".into()), then: Then::PostIn(thread.id), ..Request::default() };
    let session = armed(request).start(&mut lib).expect("starts");
    assert_eq!(lib.clip(session.clip_id()).expect("row before the first frame").status, ClipStatus::Recording);
    sleep(Duration::from_millis(1200));
    let kept = session.stop().file(&mut lib).expect("kept");
    assert_eq!(kept.clip.status, ClipStatus::Ready);
    assert_eq!(kept.clip.title, "My answer");
    assert!(kept.clip.duration_ms >= 800, "{} ms", kept.clip.duration_ms);
    assert_eq!(kept.clip.capture.encoder.as_deref(), Some("libx264"), "{:?}", kept.clip.capture);
    assert_eq!(kept.clip.capture.backend.as_deref(), Some("synthetic"));
    let messages = lib.messages(thread.id).expect("messages");
    assert_eq!(messages.iter().filter(|m| m.clip_id == Some(kept.clip.id)).count(), 1, "posted once");
}

#[test]
fn a_missing_follow_up_refuses_before_anything_is_written() {
    let (_dir, mut lib) = library();
    let gone = afterword_library::DocumentId::new();
    let err = armed(Request { then: Then::AttachTo(gone), ..Request::default() }).start(&mut lib).expect_err("refused");
    assert!(err.is_user_error(), "{err}");
    assert!(no_clips(&lib), "no row left behind");
}

#[test]
fn stopping_during_the_countdown_keeps_nothing() {
    let (_dir, mut lib) = library();
    let request = Request { countdown: Duration::from_secs(30), ..Request::default() };
    let session = armed(request).start(&mut lib).expect("starts");
    assert!(matches!(session.state(), RecorderState::Countdown { .. }));
    let stopped = session.stop();
    assert!(stopped.was_counting_down());
    let err = stopped.file(&mut lib).expect_err("nothing to keep");
    assert!(matches!(err, Error::Recorder(RecorderError::CountingDown)), "{err}");
    assert!(no_clips(&lib), "row gone");
    assert!(std::fs::read_dir(lib.clips_dir()).expect("clips dir").next().is_none(), "no file left");
}

#[test]
fn the_slot_runs_one_recording_at_a_time_and_is_idle_after_stop() {
    let (_dir, lib) = library();
    let lib = Mutex::new(lib);
    let slot = Slot::default();
    assert!(!slot.status().is_live());
    let started = slot.start(&lib, armed(Request::default())).expect("starts");
    assert!(started.is_live());
    assert!(matches!(slot.ensure_free(), Err(Error::AlreadyRecording)));
    assert!(matches!(slot.start(&lib, armed(Request::default())), Err(Error::AlreadyRecording)));
    sleep(Duration::from_millis(600));
    slot.pause().expect("pauses");
    assert!(matches!(slot.status().state, RecorderState::Paused { .. }));
    slot.resume().expect("resumes");
    let kept = slot.stop(&lib).expect("kept");
    assert_eq!(Some(kept.clip.id), started.clip_id);
    let idle = slot.status();
    assert_eq!(idle.state, RecorderState::Idle);
    assert_eq!(idle.clip_id, None);
    assert!(matches!(slot.stop(&lib), Err(Error::NotRecording)));
}
