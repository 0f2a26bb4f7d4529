//! `afterword record`, `import` and crash recovery, end to end: the real
//! binary against a private X server and audio server (the media crate's test
//! harness), checking the clip as a person would.

mod rig;

#[allow(dead_code)]
#[path = "../../media/tests/common/fake_camera.rs"]
mod fake_camera;

use std::{
    path::Path,
    process::{Command, Stdio},
    time::Duration,
};

use fake_camera::FakeCamera;
use rig::{
    Rig,
    media_env::decode::{assert_both_tones_unbroken, decode, dominant_frequency},
};
use serde_json::Value;

#[test]
fn record_makes_a_ready_clip_of_the_screen_and_the_tone() {
    let rig = Rig::new();
    let doc = rig.json(&["docs", "new", "Walkthroughs"]);
    let doc = doc["id"].as_str().expect("doc id");
    let clip = rig.json(&["record", "--duration", "3", "--title", "Tour", "--doc", doc]);
    assert_eq!((clip["status"].as_str(), clip["title"].as_str()), (Some("ready"), Some("Tour")));
    assert_eq!((clip["width"].as_u64(), clip["height"].as_u64()), (Some(1280), Some(720)));
    let duration = clip["duration_ms"].as_u64().expect("duration");
    assert!((2800..=3200).contains(&duration), "duration {duration} ms");
    assert!(clip["thumbnail_path"].is_string());
    assert!(clip["capture"]["encoder"].is_string(), "{}", clip["capture"]);

    let path = rig.home.path().join(clip["media_path"].as_str().expect("path"));
    let decoded = decode(&path, (100, 100));
    assert_eq!((decoded.width, decoded.height), (1280, 720));
    let [r, g, b] = decoded.frames[decoded.frames.len() / 2].1;
    assert!(r.abs_diff(0x2e) < 12 && g.abs_diff(0x6b) < 12 && b.abs_diff(0xd1) < 12, "colour {r},{g},{b}");
    let hz = dominant_frequency(&decoded.audio, decoded.audio_rate);
    assert!((hz - 440.0).abs() <= 5.0, "tone at {hz} Hz");
    assert_eq!(rig.json(&["docs", "show", doc])["clips"][0]["clip_id"], clip["id"]);
}

/// `--system-audio` with a microphone: what the computer plays (the rig's
/// default output, a 440 Hz tone) and the microphone (another source, 660 Hz)
/// are both heard, unbroken, and the clip says which two devices it mixed.
#[test]
fn record_with_system_audio_mixes_what_the_computer_plays_with_the_microphone() {
    let rig = Rig::new();
    rig.pulse.add_tone("cli_mic", "CliMic", 660);
    let out = rig.run(&["record", "--duration", "3", "--mic", "Monitor of CliMic", "--system-audio", "--json"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    // A recording that went well says nothing on stderr: the PulseAudio
    // client logs "Reactor error: Client disconnected" each time a stream closes.
    assert!(said.trim().is_empty(), "a good recording printed: {said}");
    let clip: Value = serde_json::from_slice(&out.stdout).expect("json");
    let device = clip["capture"]["audio_device"].as_str().unwrap_or_default();
    assert!(device.contains("Monitor of CliMic") && device.contains(" + "), "mixed devices: {device:?}");

    let decoded = decode(&rig.home.path().join(clip["media_path"].as_str().expect("path")), (10, 10));
    let mid = &decoded.audio[decoded.audio.len() / 4..decoded.audio.len() * 3 / 4];
    assert_both_tones_unbroken(mid, decoded.audio_rate, "in the middle");
}

#[test]
fn a_killed_recording_is_recovered_by_the_next_command() {
    let rig = Rig::new();
    let mut child = rig
        .command(&["record", "--title", "Crash test"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(3500));
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    assert!(rig.files().iter().any(|f| f.ends_with(".mp4.partial")), "{:?}", rig.files());

    let out = rig.run(&["clips", "list", "--json"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Recovered “Crash test”"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clips: Value = serde_json::from_slice(&out.stdout).expect("json");
    let clip = &clips[0];
    assert_eq!(clip["status"], "recovered");
    let duration = clip["duration_ms"].as_u64().expect("duration");
    assert!(duration >= 1500, "kept all but about the last second: {duration} ms");
    assert!(!rig.files().iter().any(|f| f.ends_with(".partial")), "{:?}", rig.files());
    let decoded = decode(&rig.home.path().join(clip["media_path"].as_str().expect("path")), (10, 10));
    assert!(!decoded.frames.is_empty());
}

#[test]
fn import_adds_a_video_and_refuses_what_is_not_one() {
    let rig = Rig::new();
    let src = rig.home.path().join("talk.mp4");
    let made = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
        ])
        .args(["-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"])
        .arg(&src)
        .status()
        .expect("ffmpeg");
    assert!(made.success());
    let clip = rig.json(&["import", src.to_str().expect("utf-8")]);
    assert_eq!((clip["title"].as_str(), clip["width"].as_u64()), (Some("talk"), Some(640)));
    assert!(Path::new(&rig.home.path().join(clip["media_path"].as_str().expect("path"))).exists());

    let text = rig.home.path().join("notes.txt");
    std::fs::write(&text, "not a video").expect("write");
    let before = rig.files();
    for args in [vec!["import", text.to_str().expect("utf-8")], vec!["import", "/nonexistent.mp4"]] {
        let out = rig.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim_end().lines().count(), 1);
    }
    assert_eq!(rig.files(), before, "nothing written");
}

#[test]
fn bad_record_arguments_are_refused_before_anything_starts() {
    let rig = Rig::new();
    let cases: &[(&[&str], &str)] = &[
        (&["record", "--fps", "0", "--duration", "1"], "fps"),
        (&["record", "--window", "0x1234", "--duration", "1"], "does not exist"),
        (&["record", "--area", "0,0,5000,10", "--duration", "1"], "not inside"),
        (&["record", "--area", "1,2,3", "--duration", "1"], "X,Y,W,H"),
        (&["record", "--display", "7", "--duration", "1"], "monitor 7"),
        (&["record", "--mic", "No Such Mic", "--duration", "1"], "not found"),
        (&["record", "--duration", "0"], "above 0"),
        (&["record", "--duration", "1", "--doc", "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f"], "no document"),
    ];
    for (args, needle) in cases {
        let out = rig.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert!(rig.files().is_empty(), "{:?}", rig.files());
    assert_eq!(rig.json(&["clips", "list"]).as_array().map(Vec::len), Some(0));
}

#[test]
fn ctrl_c_during_the_countdown_keeps_nothing() {
    let rig = Rig::new();
    let child = rig
        .command(&["record", "--countdown", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill").success());
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was recorded"));
    assert!(rig.files().is_empty(), "{:?}", rig.files());
    assert_eq!(rig.json(&["clips", "list"]).as_array().map(Vec::len), Some(0));
}

#[test]
fn an_x11_recording_shows_the_camera_in_its_bubble_at_the_chosen_corner_only() {
    let camera = FakeCamera::start("red").expect("a fake camera");
    let rig = Rig::new();
    let runtime = camera.runtime().to_path_buf();
    let afterword = |args: &[&str]| {
        let mut c = rig.command(args);
        c.env("XDG_RUNTIME_DIR", &runtime).env_remove("WAYLAND_DISPLAY").env("XDG_SESSION_TYPE", "x11");
        c
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let out = afterword(&["devices", "--json"]).output().expect("devices");
        let devices: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        if devices["cameras"].as_array().is_some_and(|c| c.iter().any(|c| c["name"] == "fakecam")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the fake camera was not listed within 30 s: {devices}");
        std::thread::sleep(Duration::from_millis(100));
    }

    let args = ["record", "--duration", "3", "--no-mic", "--no-transcribe", "--json", "--camera", "fakecam"];
    let out = afterword(&args).args(["--bubble", "corner=tl,size=160,shape=rounded"]).output().expect("record");
    assert!(out.status.success(), "record: {}", String::from_utf8_lossy(&out.stderr));
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    assert_eq!(clip["capture"]["backend"], "x11", "{clip}");
    let path = rig.home.path().join(clip["media_path"].as_str().expect("path"));
    let (screen, red) = ([0x2e, 0x6b, 0xd1], [0xff, 0, 0]);
    // A 160 px rounded square 24 px from the top-left corner (the pointer
    // sits in the middle of the screen).
    let inside = [(104, 104), (30, 104), (104, 180)];
    let outside = [(1280 - 104, 720 - 104), (1280 - 104, 104), (104, 720 - 104), (640, 200), (26, 26), (192, 104)];
    for (probe, want) in inside.iter().map(|p| (p, red)).chain(outside.iter().map(|p| (p, screen))) {
        let decoded = decode(&path, *probe);
        let middle = decoded.frames[decoded.frames.len() / 2].1;
        assert!(middle.iter().zip(want).all(|(a, b)| a.abs_diff(b) < 12), "at {probe:?}: {middle:?}, want {want:?}");
    }
}
