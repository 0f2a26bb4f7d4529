//! The first words are not lost: on a sound server started this moment (a
//! fresh PulseAudio takes ~1.9 s to deliver a new stream's first buffer), a
//! recording started at once still hears the tone from its first moment,
//! continuously, and its picture from the first frame. Its own test binary:
//! the rig points the whole process at one PulseAudio server.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use afterword_media::{CaptureArea, Microphone, MicrophoneChoice, Origin, RecordOptions, Recorder, X11Screen};
use common::decode::{close, decode};
use common::env::{Pulse, Xvfb};

/// RMS of each 20 ms window.
fn windows(samples: &[f32], rate: u32) -> Vec<f32> {
    let n = (rate / 50) as usize;
    samples.chunks(n).map(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt()).collect()
}

#[test]
fn a_recording_on_a_sound_server_that_just_started_hears_from_its_first_moment() {
    let x = Xvfb::start(320, 240);
    x.paint("#2050a0");
    let _pulse = Pulse::start_fresh();
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, true).unwrap();
    let mic = Microphone::open(&MicrophoneChoice::Default).unwrap();
    let mut rec = Recorder::new(Box::new(screen), Some(Box::new(mic)), RecordOptions::new(dir.path().join("r.mp4")));
    rec.start().unwrap();
    while rec.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let done = rec.stop().unwrap();

    let d = decode(&done.path, (5, 5));
    assert!(done.duration_ms.abs_diff(3_000) <= 200, "it records 3 s once started: {} ms", done.duration_ms);
    assert!(close(d.frames[0].1, [0x20, 0x50, 0xa0], 24), "the picture from the first frame");
    let rms = windows(&d.audio, d.audio_rate);
    let first_sound = rms.iter().position(|&r| r > 0.05).map(|w| w * 20);
    assert!(first_sound.is_some_and(|ms| ms <= 300), "the tone is heard from {first_sound:?} ms");
    let quiet: Vec<usize> = rms.iter().enumerate().filter(|(_, r)| **r <= 0.05).map(|(w, _)| w * 20).collect();
    assert!(quiet.len() <= 3, "no silent stretches in the tone, found at {quiet:?} ms");
    let Origin::Recorded(report) = &done.origin else { panic!("a recording's report") };
    assert!(report.silence_inserted_ms <= 100, "silence inserted: {} ms", report.silence_inserted_ms);
}
