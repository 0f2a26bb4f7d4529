//! Clips transcribed end to end: a real model file added to a library, real
//! speech (espeak-ng) in a clip, whisper.cpp, and the transcript filed,
//! searchable and naming the clip.

use std::{path::PathBuf, process::Command};

use afterword_library::{
    ClipId, ClipMedia, ClipStatus, Library, NewClip, SearchKind, TranscriptRequest, TranscriptStatus,
    TranscriptionSettings,
};
use afterword_transcripts::{Cancel, Error, Models, Transcriber, after_capture};

fn model_file() -> PathBuf {
    std::env::var_os("AFTERWORD_TEST_MODEL").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/afterword/models/ggml-tiny.en.bin")
    })
}

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(dir.path()).expect("open library");
    (dir, lib)
}

/// A clip whose media is `text` spoken by espeak-ng after a second of
/// silence (or only silence, for `None`).
fn spoken_clip(lib: &mut Library, title: &str, text: Option<&str>) -> ClipId {
    let id = ClipId::new();
    let media_path = format!("clips/{id}.wav");
    let path = lib.resolve(&media_path);
    let speech = lib.home().join(format!("{id}-speech.wav"));
    let ok = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "140", "-w"])
        .arg(&speech)
        .arg(text.unwrap_or("."))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "espeak-ng speaks (apt install espeak-ng)");
    let filter = if text.is_some() { "[1:a]adelay=1000[s];[0:a][s]amix=duration=longest" } else { "[0:a]anull" };
    let ok = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono:d=2", "-i"])
        .arg(&speech)
        .args(["-filter_complex", filter])
        .arg(&path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "ffmpeg mixes the clip");
    let media = ClipMedia { duration_ms: 5_000, size_bytes: 1, media_path, ..Default::default() };
    lib.add_clip(NewClip { id, title: title.into(), status: ClipStatus::Ready, media }).expect("add clip").id
}

#[test]
fn a_model_is_checked_when_added_and_chosen_by_name_or_default() {
    let (_dir, mut lib) = library();
    let models = Models::of(&lib);
    assert!(matches!(models.choose(&lib, None), Err(Error::NoModel)));

    let dir = tempfile::tempdir().expect("tempdir");
    let cut = dir.path().join("ggml-cut.bin");
    let bytes = std::fs::read(model_file()).expect("model");
    std::fs::write(&cut, &bytes[..bytes.len() * 9 / 10]).expect("write");
    let err = models.add(&mut lib, &cut, None).expect_err("a truncated model is refused");
    assert!(err.is_user_error() && err.to_string().contains("truncated"), "{err}");
    assert!(models.list(&lib).expect("list").is_empty(), "nothing left behind");
    assert_eq!(std::fs::read_dir(models.dir()).map(|d| d.count()).unwrap_or(0), 0);

    let tiny = models.add(&mut lib, &model_file(), None).expect("add");
    assert_eq!((tiny.name.as_str(), tiny.kind.as_str(), tiny.default), ("tiny.en", "tiny.en", true));
    assert!(matches!(models.add(&mut lib, &model_file(), None), Err(Error::ModelNameTaken { .. })));
    let other = models.add(&mut lib, &model_file(), Some("second")).expect("add under another name");
    assert!(!other.default, "the first model stays the default");
    assert_eq!(models.choose(&lib, None).expect("default").name, "tiny.en");
    assert_eq!(models.choose(&lib, Some("second")).expect("by name").name, "second");
    assert!(matches!(models.choose(&lib, Some("large")), Err(Error::UnknownModel { .. })));

    models.remove(&mut lib, "tiny.en").expect("remove");
    assert_eq!(lib.transcription_settings().expect("settings").model, None);
    assert_eq!(models.choose(&lib, None).expect("the only one").name, "second");
    models.set_default(&mut lib, "second").expect("default");
    assert!(models.list(&lib).expect("list")[0].default);
}

#[test]
fn a_recording_with_speech_is_transcribed_searchable_and_named_by_what_was_said() {
    let (_dir, mut lib) = library();
    let untitled = "Screen recording — Fri 4 Dec, 09:00";
    let id = spoken_clip(&mut lib, untitled, Some("The checkout page fails on Safari. Please have a look."));
    assert_eq!(after_capture(&mut lib, id, false).expect("queue"), None, "no model, nothing queued");

    Models::of(&lib).add(&mut lib, &model_file(), None).expect("add model");
    let queued = after_capture(&mut lib, id, false).expect("queue").expect("queued");
    assert_eq!(queued.status, TranscriptStatus::Pending);

    let mut seen = Vec::new();
    let done =
        Transcriber::new().waiting(&mut lib, &Cancel::new(), &mut |clip, pct| seen.push((clip, pct))).expect("run");
    assert_eq!(done.len(), 1);
    let t = lib.transcript(id).expect("read").expect("some");
    assert_eq!(t.status, TranscriptStatus::Done, "{:?}", t.error);
    assert!(t.text().to_lowercase().contains("checkout page"), "{}", t.text());
    assert!((700..=1_700).contains(&t.segments[0].start_ms), "spoken at 1 s: {:?}", t.segments[0]);
    assert!(seen.iter().all(|(c, _)| *c == id) && !seen.is_empty(), "progress was told");
    let title = lib.clip(id).expect("clip").title;
    assert!(title.to_lowercase().starts_with("the checkout page") && title.ends_with("Safari"), "{title}");
    let hit = lib.search("safari", 5).expect("search").into_iter().find(|h| h.kind == SearchKind::Transcript);
    assert!(hit.is_some_and(|h| h.at_ms == Some(t.segments[0].start_ms)));
}

#[test]
fn silence_is_no_speech_and_keeps_its_title() {
    let (_dir, mut lib) = library();
    Models::of(&lib).add(&mut lib, &model_file(), None).expect("add model");
    let id = spoken_clip(&mut lib, "Screen recording — Fri 4 Dec, 09:00", None);
    let t = Transcriber::new()
        .now(&mut lib, id, &TranscriptRequest { retitle: true, ..Default::default() }, &Cancel::new(), &mut |_| {})
        .expect("run");
    assert_eq!((t.status, t.segments.len()), (TranscriptStatus::NoSpeech, 0));
    assert_eq!(lib.clip(id).expect("clip").title, "Screen recording — Fri 4 Dec, 09:00");
}

#[test]
fn bad_requests_change_nothing() {
    let (_dir, mut lib) = library();
    let id = spoken_clip(&mut lib, "Talk", Some("Hello there."));
    let run = |lib: &mut Library, request: TranscriptRequest| {
        Transcriber::new().now(lib, id, &request, &Cancel::new(), &mut |_| {}).expect_err("refused")
    };
    assert!(matches!(run(&mut lib, TranscriptRequest::default()), Error::NoModel));
    Models::of(&lib).add(&mut lib, &model_file(), None).expect("add model");
    let err = run(&mut lib, TranscriptRequest { model: Some("huge".into()), ..Default::default() });
    assert!(matches!(err, Error::UnknownModel { .. }) && err.is_user_error());
    let err = run(&mut lib, TranscriptRequest { language: Some("english".into()), ..Default::default() });
    assert!(err.is_user_error(), "{err}");
    let err = run(&mut lib, TranscriptRequest { language: Some("de".into()), ..Default::default() });
    assert!(matches!(err, Error::Engine(afterword_transcripts::EngineError::EnglishOnly { .. })), "{err}");
    assert_eq!(lib.transcript(id).expect("read"), None, "nothing was queued");

    // A clip with no audio track at all.
    let silent = ClipId::new();
    let media_path = format!("clips/{silent}.mp4");
    let ok = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=d=1:s=160x120", "-c:v", "libx264"])
        .arg(lib.resolve(&media_path))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok);
    let media = ClipMedia { duration_ms: 1_000, size_bytes: 1, media_path, ..Default::default() };
    lib.add_clip(NewClip { id: silent, title: "Mute".into(), status: ClipStatus::Ready, media }).expect("add");
    let err = Transcriber::new()
        .now(&mut lib, silent, &TranscriptRequest::default(), &Cancel::new(), &mut |_| {})
        .expect_err("no audio");
    assert!(err.is_user_error() && err.to_string().contains("no audio track"), "{err}");
    assert_eq!(lib.transcript(silent).expect("read"), None);
}

#[test]
fn automatic_off_queues_nothing_and_a_stopped_worker_leaves_it_pending() {
    let (_dir, mut lib) = library();
    Models::of(&lib).add(&mut lib, &model_file(), None).expect("add model");
    let id = spoken_clip(&mut lib, "Talk", Some("Hello there."));
    let settings = lib.transcription_settings().expect("settings");
    lib.set_transcription_settings(&TranscriptionSettings { automatic: false, ..settings.clone() }).expect("off");
    assert_eq!(after_capture(&mut lib, id, true).expect("queue"), None);
    lib.set_transcription_settings(&settings).expect("on");
    after_capture(&mut lib, id, true).expect("queue").expect("queued");

    let stop = Cancel::new();
    stop.cancel();
    let done = Transcriber::new().waiting(&mut lib, &stop, &mut |_, _| {}).expect("run");
    assert!(done.is_empty());
    assert_eq!(lib.transcript(id).expect("read").expect("some").status, TranscriptStatus::Pending);
    assert_eq!(lib.transcripts_waiting().expect("waiting"), vec![id], "the next start takes it up");
}
