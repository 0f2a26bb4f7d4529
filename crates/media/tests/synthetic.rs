//! The real pipeline driven by synthetic sources: no X server or audio
//! server needed.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use afterword_media::{
    AudioFormat, AudioSink, AudioSource, FinalizeError, Mix, ProbeError, RecordOptions, Recorder, RecorderError,
    RecorderState, SourceError, TestPattern, Tone, encoders, import, partials, probe, recover,
};
use common::decode::{close, decode, dominant_frequency, onsets, power, worst_click};

const RED: [u8; 3] = [255, 0, 0];

fn recorder(dir: &tempfile::TempDir, name: &str, pattern: TestPattern, encoder: Option<&str>) -> Recorder {
    let mut options = RecordOptions::new(dir.path().join(format!("{name}.mp4")));
    options.encoder = encoder.map(str::to_owned);
    Recorder::new(Box::new(pattern), Some(Box::new(Tone::new(440.0))), options)
}

/// Record `length` of a small test pattern with `sound`; the finished file.
fn record_sound(dir: &tempfile::TempDir, sound: impl AudioSource + 'static, length: Duration) -> PathBuf {
    let options = RecordOptions::new(dir.path().join("sound.mp4"));
    let mut rec = Recorder::new(Box::new(TestPattern::new(160, 120, 15)), Some(Box::new(sound)), options);
    rec.start().unwrap();
    sleep(length);
    rec.stop().unwrap().path
}

/// A continuous tone at `hz`, `amplitude` of full scale.
fn tone(hz: f32, amplitude: f32) -> Tone {
    Tone { amplitude, ..Tone::new(hz) }
}

#[test]
fn synthetic_recording_has_size_duration_tone_and_flash_on_time() {
    let dir = tempfile::tempdir().unwrap();
    let pattern =
        TestPattern::new(320, 240, 30).with_flash(Duration::from_millis(1000), Duration::from_millis(500), RED);
    let mut rec = recorder(&dir, "a", pattern, None);
    rec.start().unwrap();
    sleep(Duration::from_millis(2500));
    let done = rec.stop().unwrap();
    assert_eq!(rec.state(), RecorderState::Done);
    assert_eq!((done.width, done.height), (320, 240));
    assert!(done.duration_ms.abs_diff(2500) <= 200, "duration {} ms", done.duration_ms);
    assert!(done.path.exists() && !rec.partial_path().exists());
    assert!(done.thumbnail.as_ref().is_some_and(|t| t.exists()), "thumbnail written");
    assert_eq!(done.origin.report().expect("recorded").encoder, "libx264");
    let d = decode(&done.path, (160, 200));
    let f = dominant_frequency(&d.audio[d.audio.len() / 4..d.audio.len() * 3 / 4], d.audio_rate);
    assert!((f - 440.0).abs() <= 5.0, "tone at {f} Hz");
    let red_at = d.frames.iter().find(|(_, c)| close(*c, RED, 40)).map(|f| f.0).expect("the red flash is in the clip");
    eprintln!("flash at {red_at} ms; first frame {:?}; audio starts {} ms", d.frames.first(), d.audio_start_ms);
    assert!((red_at - 1000).abs() <= 100, "flash at {red_at} ms, wanted 1000");
}

/// The finished file keeps each track in runs of about half a second (one
/// index entry per run, not per packet) and loses no packet doing it.
#[test]
fn a_finished_clip_holds_each_track_in_half_second_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = recorder(&dir, "runs", TestPattern::new(320, 240, 30), None);
    rec.start().unwrap();
    sleep(Duration::from_millis(4000));
    let done = rec.stop().unwrap();
    let file = std::fs::File::open(&done.path).unwrap();
    let size = file.metadata().unwrap().len();
    let mp4 = mp4::Mp4Reader::read_header(std::io::BufReader::new(file), size).unwrap();
    let seconds = done.duration_ms as f64 / 1000.0;
    let mut kinds = Vec::new();
    for track in mp4.tracks().values() {
        let stbl = &track.trak.mdia.minf.stbl;
        let chunks =
            stbl.stco.as_ref().map(|b| b.entries.len()).or(stbl.co64.as_ref().map(|b| b.entries.len())).unwrap();
        let kind = track.track_type().unwrap();
        let per_second = f64::from(track.sample_count()) / seconds;
        eprintln!("{kind}: {} samples in {chunks} chunks over {seconds} s", track.sample_count());
        // 30 pictures or ~47 AAC frames a second, all of them kept.
        assert!(per_second > 25.0, "{kind}: {per_second} samples a second");
        assert!(chunks as f64 <= seconds / 0.5 + 2.0, "{kind}: {chunks} chunks in {seconds} s");
        kinds.push(kind.to_string());
    }
    kinds.sort();
    assert_eq!(kinds, ["Audio", "Video"]);
    let d = decode(&done.path, (160, 200));
    assert!(d.frames.len() >= 110, "{} frames decode", d.frames.len());
}

#[test]
fn pause_then_resume_keeps_timeline_continuous() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = recorder(&dir, "p", TestPattern::new(320, 240, 30), None);
    rec.start().unwrap();
    sleep(Duration::from_millis(1000));
    rec.pause().unwrap();
    assert!(matches!(rec.state(), RecorderState::Paused { .. }));
    sleep(Duration::from_millis(1000));
    rec.resume().unwrap();
    sleep(Duration::from_millis(1000));
    let done = rec.stop().unwrap();
    assert!(done.duration_ms.abs_diff(2000) <= 200, "duration {} ms", done.duration_ms);
    let d = decode(&done.path, (0, 0));
    let gap = d.frames.windows(2).map(|w| w[1].0 - w[0].0).max().unwrap();
    assert!(gap <= 100, "largest gap between frames {gap} ms");
    let audio_ms = d.audio.len() as i64 * 1000 / i64::from(d.audio_rate);
    assert!((audio_ms - 2000).abs() <= 200, "audio lasts {audio_ms} ms");
    // Frame counters are consecutive across the pause: no frozen frame repeated.
    let times: Vec<i64> = d.frames.iter().map(|f| f.0).collect();
    assert!(times.windows(2).all(|w| w[1] > w[0]), "timestamps strictly increase");
}

#[test]
fn illegal_transitions_are_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = recorder(&dir, "t", TestPattern::new(160, 120, 15), None);
    assert!(matches!(rec.pause(), Err(RecorderError::NotRecording)));
    assert!(matches!(rec.stop(), Err(RecorderError::NotRecording)));
    rec.start().unwrap();
    assert!(matches!(rec.start(), Err(RecorderError::AlreadyRecording)));
    assert!(matches!(rec.resume(), Err(RecorderError::NotPaused)));
    sleep(Duration::from_millis(500));
    rec.stop().unwrap();
    assert!(matches!(rec.stop(), Err(RecorderError::Finished)));
    assert!(matches!(rec.start(), Err(RecorderError::Finished)));
}

#[test]
fn countdown_is_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = RecordOptions::new(dir.path().join("c2.mp4"));
    options.countdown = Duration::from_secs(1);
    let mut rec = Recorder::new(Box::new(TestPattern::new(160, 120, 15)), Some(Box::new(Tone::new(440.0))), options);
    rec.start().unwrap();
    assert_eq!(rec.state(), RecorderState::Countdown { secs_left: 1 });
    assert!(matches!(rec.pause(), Err(RecorderError::CountingDown)));
    sleep(Duration::from_millis(2000));
    let done = rec.stop().unwrap();
    assert!(done.duration_ms.abs_diff(1000) <= 200, "duration {} ms", done.duration_ms);
}

#[test]
fn every_encoder_profile_that_opens_produces_a_decodable_file() {
    let dir = tempfile::tempdir().unwrap();
    let opened: Vec<_> = encoders().into_iter().filter(|e| e.opens && e.name != "aac").collect();
    assert!(opened.iter().any(|e| e.name == "libx264"), "libx264 opens: {opened:?}");
    for e in opened {
        let mut rec = recorder(&dir, e.name, TestPattern::new(320, 240, 30), Some(e.name));
        rec.start().unwrap();
        sleep(Duration::from_millis(800));
        let done = rec.stop().unwrap();
        assert_eq!(done.origin.report().expect("recorded").encoder, e.name);
        let d = decode(&done.path, (0, 0));
        assert!(d.frames.len() >= 15, "{}: {} frames decoded", e.name, d.frames.len());
    }
}

#[test]
fn recovering_a_partial_without_frames_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("x.mp4.partial");
    std::fs::write(&partial, b"not a video at all").unwrap();
    assert!(matches!(recover(&partial), Err(FinalizeError::Empty { .. })));
    assert!(matches!(recover(&dir.path().join("x.mp4")), Err(FinalizeError::NotPartial { .. })));
}

#[test]
fn probe_rejects_files_that_are_not_video() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert!(matches!(probe(&text), Err(ProbeError::NotVideo { .. })));
    assert!(matches!(probe(&dir.path().join("missing.mp4")), Err(ProbeError::Io { .. })));
}

#[test]
fn mixed_sources_are_both_audible_and_unbroken() {
    let dir = tempfile::tempdir().unwrap();
    // Buffers of another length, as a second device's: the mixer has one
    // input's samples in hand while it waits for the other's.
    let high = Tone { buffer: 1024, ..tone(1000.0, 0.3) };
    let mix = Mix::new(vec![Box::new(tone(440.0, 0.3)), Box::new(high)]);
    let d = decode(&record_sound(&dir, mix, Duration::from_millis(2000)), (0, 0));
    let mid = &d.audio[d.audio.len() / 4..d.audio.len() * 3 / 4];
    let p440 = power(mid, d.audio_rate, 440.0);
    let p1000 = power(mid, d.audio_rate, 1000.0);
    let p700 = power(mid, d.audio_rate, 700.0);
    assert!(p440 > 100.0 * p700 && p1000 > 100.0 * p700, "both tones present: {p440:e} {p1000:e} vs {p700:e}");
    let click = worst_click(mid, d.audio_rate, &[440.0, 1000.0]);
    assert!(click < 0.01, "the mix clicks: a break of {click:.3} of full scale in the tones");
    let audio_ms = d.audio.len() as i64 * 1000 / i64::from(d.audio_rate);
    assert!((audio_ms - 2000).abs() <= 200, "mixed audio lasts {audio_ms} ms");
}

/// Devices count samples by their own crystals. A 44.1 kHz device whose
/// clock runs 0.4 % fast (in 1024-frame buffers), mixed with a 48 kHz one:
/// the sound is resampled to follow the recording's clock, so it has no
/// break anywhere (sample-counted, it ran 50 ms ahead after 12.5 s and was
/// cut; resampled buffer by buffer, each buffer's end clicked).
#[test]
fn a_fast_44100_hz_device_mixed_with_another_comes_out_whole() {
    let dir = tempfile::tempdir().unwrap();
    let high = Tone { rate: 44_100, buffer: 1024, clock_skew: 0.004, ..tone(1000.0, 0.3) };
    let mix = Mix::new(vec![Box::new(tone(440.0, 0.3)), Box::new(high)]);
    let d = decode(&record_sound(&dir, mix, Duration::from_secs(14)), (0, 0));
    let rate = d.audio_rate as usize;
    let heard = &d.audio[rate..d.audio.len() - rate / 2];
    // The fast device's 1000 Hz is 1004 Hz by the system's clock.
    let click = worst_click(heard, d.audio_rate, &[440.0, 1004.0]);
    assert!(click < 0.01, "a break of {click:.3} of full scale in the tones");
    let p1004 = power(heard, d.audio_rate, 1004.0);
    let p700 = power(heard, d.audio_rate, 700.0);
    assert!(p1004 > 100.0 * p700, "the 44.1 kHz tone is there: {p1004:e} vs {p700:e}");
    let audio_ms = d.audio.len() as i64 * 1000 / i64::from(d.audio_rate);
    assert!((audio_ms - 14_000).abs() <= 200, "mixed audio lasts {audio_ms} ms");
}

/// A microphone whose clock runs 0.2 % fast keeps time with the recording:
/// beeps made a second apart by the system's clock are heard a second apart
/// (±6 ms) to the end; sample-counted, each came 2 ms later than the last.
#[test]
fn a_device_whose_clock_runs_fast_keeps_time_with_the_recording() {
    let dir = tempfile::tempdir().unwrap();
    let beeps =
        Tone { clock_skew: 0.002, ..Tone::new(1000.0) }.with_beeps(Duration::from_secs(1), Duration::from_millis(250));
    // The first beep may be cut by the start; time is counted from the second.
    let heard = onsets(&record_sound(&dir, beeps, Duration::from_millis(12_500)));
    assert!(heard.len() >= 12, "beeps heard at {heard:?} ms");
    for (k, at) in heard.iter().enumerate().skip(2) {
        let apart = at - heard[1];
        let want = (k as i64 - 1) * 1000;
        assert!(
            (apart - want).abs() <= 6,
            "beep {k} came {apart} ms after the second, made {want} ms after: {heard:?}"
        );
    }
}

#[test]
fn silent_input_warns_no_sound_and_level_updates_at_20_hz() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = Recorder::new(
        Box::new(TestPattern::new(160, 120, 15)),
        Some(Box::new(tone(440.0, 0.0))),
        RecordOptions::new(dir.path().join("quiet.mp4")),
    );
    let meter = rec.meter();
    rec.start().unwrap();
    sleep(Duration::from_millis(1000));
    assert!(!meter.level().silent, "no warning before 3 s");
    sleep(Duration::from_millis(2600));
    assert!(meter.level().silent, "silent after 3 s of digital silence");
    assert!(rec.warnings().iter().any(|w| w.contains("no sound")), "{:?}", rec.warnings());
    assert!(meter.updates() >= 10 * 3, "level published {} times in 3.6 s", meter.updates());
    let done = rec.stop().unwrap();
    assert!(done.origin.report().expect("recorded").warnings.join("; ").contains("no sound"));
}

/// A tone that starts delivering only after `delay`, like the first stream
/// of a PulseAudio daemon that has just started (nothing for ~1.5 s); with
/// no `delay`'s end (`None`) it never delivers at all.
struct LateTone {
    delay: Option<Duration>,
    tone: Tone,
}

impl AudioSource for LateTone {
    fn describe(&self) -> String {
        "late tone".into()
    }
    fn format(&self) -> AudioFormat {
        self.tone.format()
    }
    fn run(&mut self, sink: &AudioSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let start = Instant::now();
        while self.delay.is_none_or(|d| start.elapsed() < d) {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            sleep(Duration::from_millis(5));
        }
        self.tone.run(sink, stop)
    }
}

const STALLED: &str = "stopped delivering";

#[test]
fn a_recording_starts_with_the_first_sound_of_a_microphone_that_wakes_late() {
    let dir = tempfile::tempdir().unwrap();
    let late = LateTone { delay: Some(Duration::from_millis(1200)), tone: Tone::new(440.0) };
    let out = dir.path().join("late.mp4");
    let mut rec =
        Recorder::new(Box::new(TestPattern::new(160, 120, 15)), Some(Box::new(late)), RecordOptions::new(out));
    rec.start().unwrap();
    assert_eq!(rec.state(), RecorderState::Recording { elapsed_ms: 0 }, "at 0:00 until the first sound");
    sleep(Duration::from_millis(2700));
    let done = rec.stop().unwrap();
    let report = done.origin.report().expect("recorded");
    assert!(report.silence_inserted_ms <= 100, "nothing before the first sound is recorded: {report:?}");
    assert!(done.duration_ms.abs_diff(1500) <= 200, "it records from the first sound: {} ms", done.duration_ms);
    let d = decode(&done.path, (0, 0));
    let head = &d.audio[..d.audio.len() / 4];
    assert!((dominant_frequency(head, d.audio_rate) - 440.0).abs() <= 5.0, "the tone from the start");
}

/// Recording the microphone and the system audio, with a microphone that
/// wakes ~1 s after the system audio (a source the sound server has just
/// made): the recording starts with the microphone's first sound, so the
/// voice is there from the clip's first moment, with the system audio, and
/// comes in with no break.
#[test]
fn a_mix_starts_with_the_microphones_first_sound() {
    let dir = tempfile::tempdir().unwrap();
    let mic = LateTone { delay: Some(Duration::from_millis(900)), tone: tone(440.0, 0.3) };
    let system = Tone { buffer: 1024, ..tone(1000.0, 0.3) };
    let mix = Mix::new(vec![Box::new(mic), Box::new(system)]);
    let d = decode(&record_sound(&dir, mix, Duration::from_millis(2500)), (0, 0));
    let rate = d.audio_rate as usize;
    let first = &d.audio[rate / 20..rate / 5];
    let (p440, p1000, p700) =
        (power(first, d.audio_rate, 440.0), power(first, d.audio_rate, 1000.0), power(first, d.audio_rate, 700.0));
    assert!(p440 > 100.0 * p700, "the voice in the clip's first 200 ms: {p440:e} vs {p700:e}");
    assert!(p1000 > 100.0 * p700, "the system audio with it: {p1000:e} vs {p700:e}");
    let click = worst_click(&d.audio[rate / 20..d.audio.len() - rate / 10], d.audio_rate, &[440.0, 1000.0]);
    assert!(click < 0.01, "the mix clicks: a break of {click:.3} of full scale in the tones");
}

#[test]
fn a_microphone_later_than_the_wait_is_silence_then_sound_not_a_stall() {
    let dir = tempfile::tempdir().unwrap();
    let late = LateTone { delay: Some(Duration::from_millis(3_800)), tone: Tone::new(440.0) };
    let out = dir.path().join("later.mp4");
    let mut rec =
        Recorder::new(Box::new(TestPattern::new(160, 120, 15)), Some(Box::new(late)), RecordOptions::new(out));
    rec.start().unwrap();
    sleep(Duration::from_millis(5_000));
    let done = rec.stop().unwrap();
    let report = done.origin.report().expect("recorded");
    assert!(!report.warnings.join("; ").contains(STALLED), "it never stopped, it started late: {report:?}");
    assert!(report.silence_inserted_ms >= 600, "the wait ran out: silence until the tone: {report:?}");
    let d = decode(&done.path, (0, 0));
    let tail = &d.audio[d.audio.len() * 3 / 5..];
    assert!((dominant_frequency(tail, d.audio_rate) - 440.0).abs() <= 5.0, "the tone follows");
}

#[test]
fn a_microphone_that_never_delivers_warns_no_sound() {
    let dir = tempfile::tempdir().unwrap();
    let never = LateTone { delay: None, tone: Tone::new(440.0) };
    let out = dir.path().join("never.mp4");
    let mut rec =
        Recorder::new(Box::new(TestPattern::new(160, 120, 15)), Some(Box::new(never)), RecordOptions::new(out));
    rec.start().unwrap();
    sleep(Duration::from_millis(3300));
    assert!(rec.level().silent, "3 s without a sample counts as silence");
    let done = rec.stop().unwrap();
    let warnings = done.origin.report().expect("recorded").warnings.join("; ");
    assert!(warnings.contains("no sound") && !warnings.contains(STALLED), "{warnings}");
}

#[test]
fn importing_a_video_makes_a_clip_and_partials_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = recorder(&dir, "src", TestPattern::new(320, 240, 30), None);
    rec.start().unwrap();
    sleep(Duration::from_millis(1500));
    let src = rec.stop().unwrap();
    let dest = dir.path().join("imported.mp4");
    let clip = import(&src.path, &dest).unwrap();
    assert_eq!((clip.width, clip.height), (320, 240));
    assert!(clip.duration_ms.abs_diff(src.duration_ms) <= 50, "{} vs {}", clip.duration_ms, src.duration_ms);
    assert!(clip.thumbnail.as_ref().is_some_and(|t| t.exists()));
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert!(import(&text, &dir.path().join("x.mp4")).is_err());
    std::fs::write(dir.path().join("a.mp4.partial"), b"").unwrap();
    assert_eq!(partials(dir.path()).unwrap(), vec![dir.path().join("a.mp4.partial")]);
}
