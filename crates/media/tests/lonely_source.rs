//! A source nobody else reads loses nothing: on a sound server started this
//! moment, a recording of a source no other program records (a null sink's
//! monitor playing a tone, as a microphone only Afterword opens) hears the
//! tone from its first moment to its last, unbroken. A server buffer of one
//! fragment (cpal's) overflowed all through such a recording: 1.5 s of 4 were
//! silence. Its own test binary: the rig points the whole process at one
//! PulseAudio server.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use afterword_media::{CaptureArea, Origin, X11Screen};
use common::decode::decode;
use common::env::{Pulse, Xvfb};
use common::record::recording;

#[test]
fn a_source_no_other_program_reads_is_recorded_whole() {
    let x = Xvfb::start(320, 240);
    x.paint("#2050a0");
    let pulse = Pulse::start_fresh();
    // Not `add_silent`/`add_tone`: those start a reader of the monitor.
    let loaded = pulse.pactl(&[
        "load-module",
        "module-null-sink",
        "sink_name=lonely",
        "rate=48000",
        "sink_properties=device.description=Lonely",
    ]) && pulse.pactl(&["load-module", "module-sine", "sink=lonely", "frequency=660"]);
    assert!(loaded, "pactl load-module failed");
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, true).unwrap();
    let mut rec = recording(Box::new(screen), "Lonely", dir.path().join("r.mp4"));
    while rec.elapsed() < Duration::from_secs(4) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let done = rec.stop().unwrap();

    assert!(done.duration_ms.abs_diff(4_000) <= 200, "it records 4 s once started: {} ms", done.duration_ms);
    let d = decode(&done.path, (5, 5));
    let window = d.audio_rate as usize / 50; // 20 ms
    let rms: Vec<f32> =
        d.audio.chunks(window).map(|w| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt()).collect();
    let quiet: Vec<usize> = rms.iter().enumerate().filter(|(_, r)| **r <= 0.05).map(|(w, _)| w * 20).collect();
    assert!(quiet.len() <= 3, "the tone is unbroken; silent at {quiet:?} ms of {} ms", rms.len() * 20);
    let Origin::Recorded(report) = &done.origin else { panic!("a recording's report") };
    assert!(report.silence_inserted_ms <= 100, "silence inserted: {} ms", report.silence_inserted_ms);
}
