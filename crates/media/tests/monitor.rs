//! Metering the real microphone (PulseAudio playing 440 Hz into the default
//! source) without recording: the level a person sees before pressing Start,
//! and the no-sound warning when the input is muted.
#![allow(clippy::unwrap_used)]

mod common;

use std::thread::sleep;
use std::time::{Duration, Instant};

use afterword_media::{DeviceError, Level, MicMonitor, MicrophoneChoice};
use common::env::Pulse;

/// The tone is a full-scale sine (RMS ≈ 0.7); ambient noise never reaches -20 dBFS.
const HEARS_TONE: f32 = 0.1;

fn wait_for(limit: Duration, monitor: &MicMonitor, ok: impl Fn(&Level) -> bool) -> Option<Duration> {
    let t = Instant::now();
    while t.elapsed() < limit {
        if ok(&monitor.level()) {
            return Some(t.elapsed());
        }
        sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn monitor_hears_the_tone_warns_when_muted_and_recovers_when_unmuted() {
    let pulse = Pulse::shared();
    let streams_before = pulse.record_streams();
    let monitor = MicMonitor::open(&MicrophoneChoice::Default).unwrap();
    assert_eq!(monitor.name(), "Monitor of Null Output", "the default source is the harness's");
    assert_eq!(pulse.record_streams(), streams_before + 1, "the monitor holds one record stream");

    let heard = wait_for(Duration::from_secs(2), &monitor, |l| l.rms > HEARS_TONE && l.peak > l.rms);
    assert!(heard.is_some(), "the level rises with the tone: {:?}", monitor.level());

    pulse.mute_tone(true);
    let quiet = wait_for(Duration::from_secs(2), &monitor, |l| l.rms < 1e-4);
    assert!(quiet.is_some(), "muting the tone brings the level to silence: {:?}", monitor.level());
    let muted_at = Instant::now();
    let silent = wait_for(Duration::from_secs(5), &monitor, |l| l.silent).expect("silent is raised");
    let after = muted_at.elapsed();
    assert!(
        after >= Duration::from_millis(2500) && silent <= Duration::from_millis(4000),
        "silent after {after:?} of silence (expected about 3 s)"
    );

    pulse.mute_tone(false);
    let back = wait_for(Duration::from_secs(2), &monitor, |l| !l.silent && l.rms > HEARS_TONE);
    assert!(back.is_some(), "unmuting clears the warning: {:?}", monitor.level());

    drop(monitor);
    assert_eq!(pulse.record_streams(), streams_before, "dropping the monitor closes the device");
}

#[test]
fn monitoring_an_unknown_microphone_says_which() {
    let _pulse = Pulse::shared();
    let err = MicMonitor::open(&MicrophoneChoice::Named("no such mic".into())).unwrap_err();
    assert!(matches!(err, DeviceError::UnknownMicrophone { .. }), "{err}");
}
