//! Faults: kill -9 mid-recording, the X server or the microphone going
//! away, and a full disk. Each keeps what was recorded.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use afterword_media::{
    CaptureArea, FinalizeError, Microphone, MicrophoneChoice, RecordOptions, Recorder, RecorderError, TestPattern,
    Tone, X11Screen, recover,
};
use common::decode::decode;
use common::env::{Pulse, Xvfb};

const CHILD_ENV: &str = "AFTERWORD_TEST_CHILD_OUTPUT";

fn synthetic(out: &std::path::Path) -> Recorder {
    Recorder::new(Box::new(TestPattern::new(320, 240, 30)), Some(Box::new(Tone::new(440.0))), RecordOptions::new(out))
}

/// Not a test on its own: the recording process that
/// `kill_9_mid_recording_then_recover_loses_at_most_a_second` kills.
#[test]
#[ignore = "run by kill_9_mid_recording_then_recover_loses_at_most_a_second"]
fn recording_child_process() {
    let Some(out) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut rec = synthetic(std::path::Path::new(&out));
    rec.start().unwrap();
    println!("started");
    loop {
        sleep(Duration::from_secs(1));
    }
}

fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let t = Instant::now();
    while !ok() {
        if t.elapsed() > limit {
            return false;
        }
        sleep(Duration::from_millis(20));
    }
    true
}

#[test]
fn kill_9_mid_recording_then_recover_loses_at_most_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k.mp4");
    let partial = dir.path().join("k.mp4.partial");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "recording_child_process", "--nocapture", "--test-threads", "1"])
        .env(CHILD_ENV, &out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.any(|l| l.is_ok_and(|l| l.contains("started"))), "child started recording");
    let started = Instant::now();
    sleep(Duration::from_millis(3000));
    assert!(matches!(recover(&partial), Err(FinalizeError::InUse { .. })), "a live recording is skipped");
    child.kill().unwrap(); // SIGKILL
    let recorded = started.elapsed().as_millis() as u64;
    child.wait().unwrap();

    let done = recover(&partial).unwrap();
    assert!(!partial.exists() && done.path == out && out.exists());
    assert_eq!(done.origin, afterword_media::Origin::Recovered);
    assert!(done.thumbnail.as_ref().is_some_and(|t| t.exists()));
    assert!(
        done.duration_ms + 1300 >= recorded && done.duration_ms <= recorded + 200,
        "recovered {} ms of {recorded} ms",
        done.duration_ms
    );
    let d = decode(&done.path, (0, 0));
    assert!(d.frames.len() as u64 >= (recorded - 1300) * 30 / 1000, "{} frames decode", d.frames.len());
    assert!(!d.audio.is_empty(), "audio survives");
}

#[test]
fn x_server_gone_finalizes_what_exists() {
    let mut x = Xvfb::start(320, 240);
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, false).unwrap();
    let mut rec =
        Recorder::new(Box::new(screen), Some(Box::new(Tone::new(440.0))), RecordOptions::new(dir.path().join("x.mp4")));
    rec.start().unwrap();
    sleep(Duration::from_millis(1500));
    x.kill();
    assert!(wait_until(Duration::from_secs(5), || rec.needs_stop()), "the recorder notices the X server is gone");
    let done = rec.stop().unwrap();
    let d = decode(&done.path, (0, 0));
    // A still screen is grabbed once a second: the last picture before the
    // crash is kept and shown to the end of the recording.
    let last_frame = d.frames.last().unwrap().0;
    assert!(
        last_frame >= 900 && d.duration_ms >= 1200,
        "video up to the crash kept: last frame {last_frame} ms, {} ms long",
        d.duration_ms
    );
    let warnings = done.origin.report().expect("recorded").warnings.join("; ");
    assert!(warnings.contains("went away"), "warned: {warnings}");
}

#[test]
fn microphone_gone_keeps_recording_with_silence_and_warns() {
    let mut pulse = Pulse::start();
    let dir = tempfile::tempdir().unwrap();
    let mic = Microphone::open(&MicrophoneChoice::Default).unwrap();
    let mut rec = Recorder::new(
        Box::new(TestPattern::new(320, 240, 30)),
        Some(Box::new(mic)),
        RecordOptions::new(dir.path().join("m.mp4")),
    );
    rec.start().unwrap();
    sleep(Duration::from_millis(1000));
    pulse.kill();
    sleep(Duration::from_millis(2000));
    assert!(!rec.needs_stop(), "losing the microphone does not stop the recording");
    let done = rec.stop().unwrap();
    assert!(done.duration_ms.abs_diff(3000) <= 200, "duration {} ms", done.duration_ms);
    let d = decode(&done.path, (0, 0));
    let audio_ms = d.audio.len() as u64 * 1000 / u64::from(d.audio_rate);
    assert!(audio_ms.abs_diff(3000) <= 200, "audio runs to the end with silence: {audio_ms} ms");
    let last_frame = d.frames.last().unwrap().0;
    assert!(last_frame >= 2800, "video continued: last frame at {last_frame} ms");
    let warnings = done.origin.report().expect("recorded").warnings.join("; ");
    assert!(warnings.contains("microphone"), "warned about the microphone: {warnings}");
}

#[test]
fn disk_full_stops_cleanly_and_keeps_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=192k", "tmpfs"]).arg(&mount).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!(
            "SKIPPED: mounting a small tmpfs needs root (CAP_SYS_ADMIN); run the tests as root to cover a full disk"
        );
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());
    let pattern = TestPattern::new(640, 480, 30);
    let mut rec =
        Recorder::new(Box::new(pattern), Some(Box::new(Tone::new(440.0))), RecordOptions::new(mount.join("d.mp4")));
    rec.start().unwrap();
    assert!(wait_until(Duration::from_secs(30), || rec.needs_stop()), "the recorder notices the disk is full");
    let err = rec.stop().unwrap_err();
    let RecorderError::DiskFull { partial, kept } = err else { panic!("expected DiskFull, got {err}") };
    assert!(err_message_is_actionable(&RecorderError::DiskFull { partial: partial.clone(), kept: None }));
    match kept {
        Some(clip) => assert!(clip.path.exists() && clip.duration_ms > 0),
        None => {
            assert!(partial.exists(), "the partial is kept for recovery");
            let grown = Command::new("mount").args(["-o", "remount,size=16m"]).arg(&mount).status().unwrap();
            assert!(grown.success());
            let clip = recover(&partial).unwrap();
            assert!(clip.duration_ms > 0 && decode(&clip.path, (0, 0)).frames.len() > 5);
        }
    }
}

fn err_message_is_actionable(e: &RecorderError) -> bool {
    e.to_string().contains("Free some space")
}
