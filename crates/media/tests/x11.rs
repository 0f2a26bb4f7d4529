//! Recording the real screen (Xvfb) and the real microphone (PulseAudio
//! playing 440 Hz), checked the way a person would.
#![allow(clippy::unwrap_used)]

mod common;

use std::thread::sleep;
use std::time::{Duration, Instant};

use afterword_media::{
    CaptureArea, DeviceError, Microphone, MicrophoneChoice, Mix, RecordOptions, Recorder, X11Screen, devices,
};
use common::decode::{assert_both_tones_unbroken, close, decode, dominant_frequency, worst_click};
use common::env::{Pulse, Xvfb};
use common::record::recording;
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt as _, CreateWindowAux, EventMask, WindowClass};
use x11rb::wrapper::ConnectionExt as _;

const BLUE: [u8; 3] = [0x20, 0x50, 0xa0];
const RED: [u8; 3] = [0xc0, 0x30, 0x20];

#[test]
fn records_three_seconds_of_real_screen_and_mic() {
    let x = Xvfb::start(640, 480);
    let _pulse = Pulse::shared();
    x.paint("#2050a0");
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, true).unwrap();
    let mic = Microphone::open(&MicrophoneChoice::Default).unwrap();
    let mut rec = Recorder::new(Box::new(screen), Some(Box::new(mic)), RecordOptions::new(dir.path().join("r.mp4")));
    rec.start().unwrap();
    sleep(Duration::from_millis(1500));
    let before = rec.elapsed();
    x.paint("#c03020");
    let after = rec.elapsed();
    let changed_at = ((before + after) / 2).as_millis() as i64;
    sleep(Duration::from_millis(3000).saturating_sub(rec.elapsed()));
    let level = rec.level();
    let done = rec.stop().unwrap();

    assert_eq!((done.width, done.height), (640, 480), "clip size equals the screen's");
    assert!(done.duration_ms.abs_diff(3000) <= 200, "duration {} ms", done.duration_ms);
    assert!(level.rms > 0.01 && !level.silent, "live level saw the tone: {level:?}");
    let d = decode(&done.path, (20, 20)); // far from the pointer at the centre
    assert_eq!((d.width, d.height), (640, 480));
    // The screen changes once: a picture at least every second, and the change.
    let gaps = d.frames.windows(2).map(|w| w[1].0 - w[0].0).max().unwrap_or(0);
    assert!(d.frames.len() >= 3 && gaps <= 1100, "{} frames, largest gap {gaps} ms", d.frames.len());
    assert!(close(d.frames[0].1, BLUE, 24), "first frame shows the painted root, got {:?}", d.frames[0].1);
    let red_at = d.frames.iter().find(|f| close(f.1, RED, 24)).map(|f| f.0).expect("the colour change is in the clip");
    assert!((red_at - changed_at).abs() <= 100, "colour changed at {changed_at} ms, clip shows it at {red_at} ms");
    let mid = &d.audio[d.audio.len() / 4..d.audio.len() * 3 / 4];
    let f = dominant_frequency(mid, d.audio_rate);
    eprintln!(
        "before {before:?} after {after:?} clip {} ms, change {changed_at} -> {red_at} ms, tone {f} Hz, audio starts {} ms, {:?}",
        done.duration_ms, d.audio_start_ms, done.origin
    );
    assert!((f - 440.0).abs() <= 5.0, "dominant frequency {f} Hz");
    let click = worst_click(mid, d.audio_rate, &[440.0]);
    assert!(click < 0.01, "the tone clicks: a break of {click:.3} of full scale");
}

#[test]
fn a_still_screen_costs_a_frame_a_second_and_still_plays_and_seeks_its_whole_length() {
    let x = Xvfb::start(640, 480);
    x.paint("#2050a0");
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, false).unwrap();
    let mut rec = Recorder::new(Box::new(screen), None, RecordOptions::new(dir.path().join("still.mp4")));
    rec.start().unwrap();
    while rec.elapsed() < Duration::from_secs(6) {
        sleep(Duration::from_millis(20));
    }
    let done = rec.stop().unwrap();
    assert!(done.duration_ms.abs_diff(6_000) <= 100, "it lasts as long as it was recorded: {} ms", done.duration_ms);
    let report = done.origin.report().expect("recorded");
    assert!(report.frames_captured <= 10, "grabbed only when due, not 180 times: {report:?}");
    // Seeking to any second shows the screen at once, from a keyframe no
    // more than 5 s (and 60 frames) before it.
    for second in 0..6 {
        let out = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-ss", &second.to_string(), "-i"])
            .arg(&done.path)
            .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
            .output()
            .unwrap();
        assert!(out.status.success() && out.stdout.len() == 640 * 480 * 3, "a picture at {second} s");
        assert!(close([out.stdout[0], out.stdout[1], out.stdout[2]], BLUE, 24), "the screen at {second} s");
    }
    let packets = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0"])
        .arg(&done.path)
        .output()
        .unwrap();
    let mut packets: Vec<(f64, bool)> = String::from_utf8_lossy(&packets.stdout)
        .lines()
        .filter_map(|l| Some((l.split(',').next()?.parse().ok()?, l.contains(",K"))))
        .collect();
    packets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let keys: Vec<f64> = packets.iter().filter(|p| p.1).map(|p| p.0).collect();
    assert!(keys.windows(2).all(|w| w[1] - w[0] <= 5.1), "a keyframe at least every 5 s: {keys:?}");
    let most = packets.split(|p| p.1).map(<[_]>::len).max().unwrap_or(0);
    assert!(most < 60, "a seek decodes fewer than 60 frames: {most} between two keyframes");
    assert!(keys.last().is_some_and(|k| *k >= 3.9), "keyframes all the way: {keys:?}");
}

#[test]
fn a_small_change_is_recorded_where_it_is_and_the_rest_stays_as_it_was() {
    // A window turns red in the middle of a blue screen: only its rows are
    // converted again (DAMAGE says which), and the picture must still be
    // right everywhere, inside it and beside it on the same rows.
    let x = Xvfb::start(640, 480);
    x.paint("#2050a0");
    let (conn, screen_num) = x11rb::connect(Some(&x.display)).unwrap();
    let root = conn.setup().roots[screen_num].root;
    let win = conn.generate_id().unwrap();
    let aux = CreateWindowAux::new().background_pixel(0x00c0_3020);
    conn.create_window(24, win, root, 200, 200, 100, 40, 0, WindowClass::INPUT_OUTPUT, 0, &aux).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, false).unwrap();
    let out = dir.path().join("small.mp4");
    let mut rec = Recorder::new(Box::new(screen), None, RecordOptions::new(out));
    rec.start().unwrap();
    sleep(Duration::from_millis(1_200));
    conn.map_window(win).unwrap();
    conn.flush().unwrap();
    sleep(Duration::from_millis(1_300));
    let done = rec.stop().unwrap();
    let report = done.origin.report().expect("recorded");
    assert!(report.frames_captured <= 12, "only a few grabs: {report:?}");
    assert!(report.frames_in_part >= 1, "the window converted as its part: {report:?}");
    let at = |px| decode(&done.path, px).frames.last().map(|f| f.1).unwrap();
    assert!(close(at((250, 220)), RED, 24), "the window, inside: {:?}", at((250, 220)));
    assert!(close(at((150, 220)), BLUE, 24), "beside it on its rows: {:?}", at((150, 220)));
    assert!(close(at((250, 100)), BLUE, 24), "above it: {:?}", at((250, 100)));
    let first_red = decode(&done.path, (250, 220)).frames.iter().find(|f| close(f.1, RED, 24)).map(|f| f.0);
    assert!(first_red.is_some_and(|ms| (1_100..=1_400).contains(&ms)), "red from {first_red:?} ms");
}

#[test]
fn the_cursor_is_drawn_where_the_pointer_is_and_nowhere_it_was() {
    // The X server keeps the cursor out of the screen's pixels; the capture
    // draws it. Moving the pointer draws nothing on screen (no damage), so
    // only the capture's own watch can move the cursor in the recording.
    let x = Xvfb::start(640, 480);
    x.paint("#2050a0");
    let (conn, screen_num) = x11rb::connect(Some(&x.display)).unwrap();
    let root = conn.setup().roots[screen_num].root;
    let warp = |px: i16, py: i16| {
        conn.warp_pointer(0u32, root, 0, 0, 0, 0, px, py).unwrap();
        conn.sync().unwrap();
    };
    warp(100, 100);
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, true).unwrap();
    let mut rec = Recorder::new(Box::new(screen), None, RecordOptions::new(dir.path().join("cursor.mp4")));
    rec.start().unwrap();
    while rec.elapsed() < Duration::from_millis(1_000) {
        sleep(Duration::from_millis(10));
    }
    warp(400, 300);
    let moved_at = rec.elapsed();
    while rec.elapsed() < moved_at + Duration::from_millis(1_500) {
        sleep(Duration::from_millis(10));
    }
    let done = rec.stop().unwrap();
    // The pixel under each hotspot, frame by frame (the X cursor's centre
    // is drawn), before the move and from a tick after it.
    let moved = i64::try_from(moved_at.as_millis()).unwrap();
    let shown = |px| {
        let frames = decode(&done.path, px).frames;
        let drawn = |f: &(i64, [u8; 3])| !close(f.1, BLUE, 40);
        let before: Vec<bool> = frames.iter().filter(|f| f.0 < moved - 100).map(drawn).collect();
        let after: Vec<bool> = frames.iter().filter(|f| f.0 > moved + 100).map(drawn).collect();
        assert!(!before.is_empty() && !after.is_empty(), "frames before and after the move: {frames:?}");
        (before, after)
    };
    let (was_there, still_there) = shown((100, 100));
    assert!(was_there.iter().all(|d| *d), "the cursor at the pointer before it moved: {was_there:?}");
    assert!(still_there.iter().all(|d| !*d), "nothing left where it was: {still_there:?}");
    let (early, arrived) = shown((400, 300));
    assert!(early.iter().all(|d| !*d), "nothing where it will go: {early:?}");
    assert!(arrived.iter().all(|d| *d), "the cursor where the pointer went: {arrived:?}");
}

#[test]
fn capture_requests_are_checked_before_anything_starts() {
    let x = Xvfb::start(320, 240);
    let d = Some(x.display.as_str());
    let err = |area, fps| X11Screen::open(d, area, fps, false).unwrap_err();
    assert!(matches!(err(CaptureArea::Screen, 0), DeviceError::ZeroFps));
    assert!(matches!(
        err(CaptureArea::Rect { x: 300, y: 0, width: 100, height: 100 }, 30),
        DeviceError::AreaOffScreen { screen_width: 320, .. }
    ));
    assert!(matches!(err(CaptureArea::Window(0x7fff_fff0), 30), DeviceError::UnknownWindow { .. }));
    assert!(matches!(err(CaptureArea::Monitor(7), 30), DeviceError::UnknownMonitor { index: 7, .. }));
    let msg = err(CaptureArea::Screen, 0).to_string();
    assert!(msg.contains("at least 1"), "message says what to do: {msg}");
    let _pulse = Pulse::shared();
    let mic = Microphone::open(&MicrophoneChoice::Named("no such mic".into())).unwrap_err();
    assert!(matches!(mic, DeviceError::UnknownMicrophone { .. }), "{mic}");
}

#[test]
fn area_and_window_capture_have_their_own_size() {
    let x = Xvfb::start(640, 480);
    let (conn, screen_num) = x11rb::connect(Some(&x.display)).unwrap();
    let screen = &conn.setup().roots[screen_num];
    let win = conn.generate_id().unwrap();
    let aux = CreateWindowAux::new().background_pixel(screen.white_pixel).event_mask(EventMask::EXPOSURE);
    conn.create_window(0, win, screen.root, 50, 60, 200, 100, 0, WindowClass::INPUT_OUTPUT, 0, &aux).unwrap();
    conn.change_property8(
        x11rb::protocol::xproto::PropMode::REPLACE,
        win,
        x11rb::protocol::xproto::AtomEnum::WM_NAME,
        x11rb::protocol::xproto::AtomEnum::STRING,
        b"afterword test window",
    )
    .unwrap();
    conn.map_window(win).unwrap();
    conn.flush().unwrap();
    sleep(Duration::from_millis(200));

    let listed = devices(Some(&x.display));
    assert_eq!((listed.displays[0].width, listed.displays[0].height), (640, 480));
    let w = listed.windows.iter().find(|w| w.id == win).expect("the test window is listed");
    assert_eq!((w.title.as_str(), w.width, w.height), ("afterword test window", 200, 100));

    let dir = tempfile::tempdir().unwrap();
    for (name, area, size) in [
        ("window", CaptureArea::Window(win), (200, 100)),
        ("area", CaptureArea::Rect { x: 10, y: 20, width: 300, height: 200 }, (300, 200)),
    ] {
        let src = X11Screen::open(Some(&x.display), area, 30, false).unwrap();
        let mut rec = Recorder::new(Box::new(src), None, RecordOptions::new(dir.path().join(format!("{name}.mp4"))));
        rec.start().unwrap();
        let t = Instant::now();
        while t.elapsed() < Duration::from_millis(800) {
            sleep(Duration::from_millis(50));
        }
        let done = rec.stop().unwrap();
        assert_eq!((done.width, done.height), size, "{name} capture size");
        let d = decode(&done.path, (5, 5));
        if name == "window" {
            assert!(close(d.frames[0].1, [255, 255, 255], 16), "window capture shows the window: {:?}", d.frames[0].1);
        }
    }
}

/// A recording of a test pattern and, mixed, the system audio (the default
/// sink's monitor: the rig's 440 Hz) and a "microphone" playing 660 Hz (the
/// monitor of `sink`, added to `pulse`). Distinct tones, because one tone
/// heard twice can cancel itself out: the two streams' latencies differ by an
/// arbitrary fraction of its period.
fn microphone_and_system_audio(pulse: &Pulse, sink: &str, path: std::path::PathBuf) -> Recorder {
    pulse.add_tone(sink, sink, 660);
    let mic = Microphone::open(&MicrophoneChoice::Named(format!("Monitor of {sink}"))).unwrap();
    let system = Microphone::open(&MicrophoneChoice::SystemAudio).unwrap();
    Recorder::new(
        Box::new(afterword_media::TestPattern::new(160, 120, 15)),
        Some(Box::new(Mix::new(vec![Box::new(mic), Box::new(system)]))),
        RecordOptions::new(path),
    )
}

/// The system audio and a microphone are both in the recording, unbroken.
#[test]
fn system_audio_is_recorded_mixed_with_the_microphone() {
    let pulse = Pulse::shared();
    let dir = tempfile::tempdir().unwrap();
    let mut rec = microphone_and_system_audio(&pulse, "OtherMic", dir.path().join("sys.mp4"));
    rec.start().unwrap();
    sleep(Duration::from_millis(2000));
    let done = rec.stop().unwrap();
    let device = done.origin.report().expect("recorded").audio_device.clone().unwrap_or_default();
    assert!(device.contains(" + "), "{device}");
    let d = decode(&done.path, (0, 0));
    assert_both_tones_unbroken(&d.audio[d.audio.len() / 4..d.audio.len() * 3 / 4], d.audio_rate, "in the middle");
}

/// Pausing a recording of the microphone and the system audio stops both
/// inputs' streams for a while; on resume the mix picks both up again at
/// once: the clip is as long as the time recorded, both tones run unbroken
/// on either side, and the one break is the seam where the pause was.
#[test]
fn a_paused_mix_resumes_both_inputs_with_one_seam() {
    let pulse = Pulse::shared();
    let dir = tempfile::tempdir().unwrap();
    let mut rec = microphone_and_system_audio(&pulse, "PauseMic", dir.path().join("paused.mp4"));
    rec.start().unwrap();
    sleep(Duration::from_millis(1500));
    let seam = rec.elapsed().as_millis() as usize;
    rec.pause().unwrap();
    sleep(Duration::from_millis(1000));
    rec.resume().unwrap();
    sleep(Duration::from_millis(1500));
    let done = rec.stop().unwrap();
    assert!(done.duration_ms.abs_diff(3000) <= 200, "the clip lasts what was recorded: {} ms", done.duration_ms);
    let d = decode(&done.path, (0, 0));
    let tenth = d.audio_rate as usize / 10;
    let whole = d.audio.len() / tenth - 1; // the last tenth may be cut short
    for (k, w) in d.audio.chunks(tenth).take(whole).enumerate() {
        let at = k * 100;
        if at + 200 >= seam && at <= seam + 100 {
            continue; // the seam, give or take when pause took effect
        }
        assert_both_tones_unbroken(w, d.audio_rate, &format!("at {at} ms"));
    }
}

/// Sound and picture keep time: the screen turns red and a tone starts at
/// the same moment, and the recording hears the tone where it shows the red
/// (the sound server's latency taken off what it delivers; a stamp taken
/// when sound arrives, or from a clock that smooths the server's first
/// reports, put it tens to hundreds of milliseconds off).
#[test]
fn a_sound_and_a_change_on_screen_made_together_are_together_in_the_recording() {
    let x = Xvfb::start(320, 240);
    x.paint("#2050a0");
    let pulse = Pulse::shared();
    pulse.add_silent("cue", "Cue");
    let dir = tempfile::tempdir().unwrap();
    let screen = X11Screen::open(Some(&x.display), CaptureArea::Screen, 30, true).unwrap();
    let mut rec = recording(Box::new(screen), "Cue", dir.path().join("cue.mp4"));
    // Recording time runs once the new source delivers (its silence).
    while rec.elapsed() < Duration::from_millis(1200) {
        sleep(Duration::from_millis(5));
    }
    let t0 = rec.elapsed();
    x.paint("#c03020");
    let t1 = rec.elapsed();
    pulse.play_tone("cue", 660);
    let t2 = rec.elapsed();
    sleep(Duration::from_millis(2500).saturating_sub(rec.elapsed()));
    let done = rec.stop().unwrap();

    let d = decode(&done.path, (20, 20));
    let red_at = d.frames.iter().find(|f| close(f.1, RED, 24)).map(|f| f.0).expect("the red screen is in the clip");
    let window = d.audio_rate as usize / 200; // 5 ms
    let rms = |w: &[f32]| (w.iter().map(|s| s * s).sum::<f32>() / w.len() as f32).sqrt();
    let onset = d.audio.chunks(window).position(|w| rms(w) > 0.05).map(|k| (k * 5) as i64 + d.audio_start_ms);
    let onset = onset.expect("the tone is in the clip");
    // The tone came this long after the red, give or take half of each
    // command's time. The red shows at the next frame, up to a frame period
    // (33 ms) late, so the tone may seem that much early; the sink mixes the
    // tone in at its next block (~20 ms), so it may seem that much late.
    let apart = ((t1 + t2).as_millis() as i64 - (t0 + t1).as_millis() as i64) / 2;
    let off = onset - red_at - apart;
    eprintln!("red at {red_at} ms, tone at {onset} ms, made {apart} ms apart: {off:+} ms");
    assert!(
        (-60..=30).contains(&off),
        "the tone started {apart} ms after the red; the clip shows red at {red_at} ms and the tone at {onset} ms"
    );
}

/// A microphone unplugged mid-recording: the sound server carries the
/// recording over to the default input, and the report says so (before,
/// the switch to another microphone went unremarked).
#[test]
fn a_microphone_unplugged_mid_recording_goes_on_from_the_default_input_and_says_so() {
    let pulse = Pulse::shared();
    pulse.add_tone("usb", "USB", 660);
    let dir = tempfile::tempdir().unwrap();
    let pattern = Box::new(afterword_media::TestPattern::new(160, 120, 15));
    let mut rec = recording(pattern, "USB", dir.path().join("usb.mp4"));
    while rec.elapsed() < Duration::from_millis(1200) {
        sleep(Duration::from_millis(5));
    }
    pulse.unplug("usb");
    let unplugged = rec.elapsed().as_millis() as usize;
    sleep(Duration::from_millis(2700).saturating_sub(rec.elapsed()));
    assert!(!rec.needs_stop(), "losing the microphone does not stop the recording");
    let done = rec.stop().unwrap();

    let warnings = done.origin.report().expect("recorded").warnings.join("; ");
    assert!(
        warnings.contains("microphone Monitor of USB went away; the recording went on from Monitor of Null Output"),
        "the report says where the sound came from after: {warnings}"
    );
    let d = decode(&done.path, (0, 0));
    let ms = |t: usize| t * d.audio_rate as usize / 1000;
    let before = dominant_frequency(&d.audio[ms(300)..ms(unplugged - 300)], d.audio_rate);
    let after = dominant_frequency(&d.audio[ms(unplugged + 300)..ms(unplugged + 1000)], d.audio_rate);
    assert!((before - 660.0).abs() <= 5.0, "the USB tone before: {before} Hz");
    assert!((after - 440.0).abs() <= 5.0, "the default input's tone after: {after} Hz");
}
