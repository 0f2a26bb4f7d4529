//! Editing benchmark (not a test): a 10-minute 1080p30 screen-like clip
//! (a still desktop with a moving clock, x264 veryfast CRF 23 with a
//! keyframe every 2 s, AAC 128 kb/s, as Afterword records) with someone
//! talking over it (espeak-ng: AAC costs ~2.4× more on speech than on a
//! tone), trimmed at both ends and cut once in the middle, in one run:
//! `render_edit_with` (audio cut to the sample, then AAC packets copied),
//! the `ffmpeg` CLI re-encoding the same edit (veryfast, CRF 23), and
//! `ffmpeg -ss/-to -c copy` per range joined with the concat demuxer (fast,
//! but cuts land on keyframes). Run: `cargo bench -p afterword-media --bench edit`.
//! Then shorter edits of the same source, both ways: 30 s kept (the longest
//! whose audio the clients cut to the sample,
//! `afterword_editing::EXACT_AUDIO_UP_TO_MS`) and 2 minutes kept.
//! The source is made once into `~/.cache/afterword/bench/edit-src-speech.mp4`.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use afterword_media::{AudioCut, KeptRange, probe, render_edit_with};

/// Trim 5 s at the start and at the end, cut 4:00–4:30.
const KEPT: [KeptRange; 2] =
    [KeptRange { start_ms: 5_000, end_ms: 240_000 }, KeptRange { start_ms: 270_000, end_ms: 595_000 }];

/// Shorter edits, each with one cut: 30 s kept (0:05–0:20, 0:50–1:05) and
/// two minutes kept (0:05–1:05, 1:35–2:35).
const SHORTER: [(&str, [KeptRange; 2]); 2] = [
    ("30 s", [KeptRange { start_ms: 5_000, end_ms: 20_000 }, KeptRange { start_ms: 50_000, end_ms: 65_000 }]),
    ("2 min", [KeptRange { start_ms: 5_000, end_ms: 65_000 }, KeptRange { start_ms: 95_000, end_ms: 155_000 }]),
];

/// What the voice over the source says, again and again.
const SPEECH: &str = "Here is the new onboarding flow. First we ask for the team's name, \
    then we show the three steps that matter most. The pricing page moved to the left, \
    and the search now finds words that were spoken in a clip. Let me know what you think \
    before Thursday, and leave a comment at the moment you mean.";

/// Encoded as Afterword records: x264 veryfast CRF 23, a keyframe every 2 s,
/// AAC 128 kb/s, the index up front. The source and the re-encoding peer
/// use the same settings.
const AS_RECORDED: &[&str] = &[
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "23",
    "-g",
    "60",
    "-c:a",
    "aac",
    "-b:a",
    "128k",
    "-movflags",
    "+faststart",
];

fn ffmpeg(args: &[&str]) {
    let status = Command::new("ffmpeg").args(["-hide_banner", "-loglevel", "error", "-y"]).args(args).status().unwrap();
    assert!(status.success(), "ffmpeg {args:?}");
}

fn source(dir: &Path) -> PathBuf {
    let path = dir.join("edit-src-speech.mp4");
    if path.exists() {
        return path;
    }
    println!("making the 10-minute source (once)…");
    let tmp = dir.join("edit-src.partial.mp4");
    let voice = dir.join("edit-voice.wav");
    let spoken = Command::new("espeak-ng").args(["-v", "en-us", "-s", "150", "-w"]).arg(&voice).arg(SPEECH).status();
    assert!(spoken.is_ok_and(|s| s.success()), "espeak-ng makes the voice");
    let video = "color=c=0xeef0f3:s=1920x1080:r=30:d=600,drawbox=x=80:y=60:w=1100:h=900:c=white:t=fill,\
        drawgrid=x=100:y=90:w=900:h=14:t=2:c=0x555555@0.6,drawbox=x=1240:y=60:w=600:h=500:c=0x2b303b:t=fill[bg];\
        testsrc2=s=320x120:r=30[clock];[bg][clock]overlay=x=1500:y=900:shortest=1,format=yuv420p";
    let _ = std::fs::remove_file(&tmp);
    ffmpeg(
        &[
            "-f",
            "lavfi",
            "-i",
            video,
            "-stream_loop",
            "-1",
            "-i",
            voice.to_str().unwrap(),
            "-shortest",
            "-ar",
            "48000",
            "-ac",
            "2",
            "-profile:v",
            "high",
        ]
        .into_iter()
        .chain(AS_RECORDED.iter().copied())
        .chain([tmp.to_str().unwrap()])
        .collect::<Vec<_>>(),
    );
    std::fs::rename(&tmp, &path).unwrap();
    path
}

fn secs(r: &KeptRange) -> (String, String) {
    (format!("{:.3}", r.start_ms as f64 / 1000.0), format!("{:.3}", r.end_ms as f64 / 1000.0))
}

fn reencode(src: &Path, out: &Path) {
    let mut graph = String::new();
    for (i, r) in KEPT.iter().enumerate() {
        let (s, e) = secs(r);
        graph += &format!("[0:v]trim={s}:{e},setpts=PTS-STARTPTS[v{i}];[0:a]atrim={s}:{e},asetpts=PTS-STARTPTS[a{i}];");
    }
    graph += "[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]";
    ffmpeg(
        &["-i", src.to_str().unwrap(), "-filter_complex", &graph, "-map", "[v]", "-map", "[a]"]
            .into_iter()
            .chain(AS_RECORDED.iter().copied())
            .chain([out.to_str().unwrap()])
            .collect::<Vec<_>>(),
    );
}

fn stream_copy(src: &Path, out: &Path, dir: &Path) {
    let mut list = String::new();
    for (i, r) in KEPT.iter().enumerate() {
        let (s, e) = secs(r);
        let part = dir.join(format!("copy-{i}.mp4"));
        ffmpeg(&["-ss", &s, "-to", &e, "-i", src.to_str().unwrap(), "-c", "copy", part.to_str().unwrap()]);
        list += &format!("file '{}'\n", part.display());
    }
    let list_path = dir.join("copy.txt");
    std::fs::write(&list_path, list).unwrap();
    ffmpeg(&[
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        list_path.to_str().unwrap(),
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        out.to_str().unwrap(),
    ]);
}

fn main() {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
    let cache = home.join(".cache/afterword/bench");
    std::fs::create_dir_all(&cache).unwrap();
    let src = source(&cache);
    let work = tempfile::tempdir().unwrap();
    let original = probe(&src).unwrap();
    let rate = |bytes: u64, ms: u64| bytes as f64 / (ms as f64 / 1000.0);
    let base = rate(original.size_bytes, original.duration_ms);
    let kept_ms: u64 = KEPT.iter().map(KeptRange::len_ms).sum();
    println!(
        "source: {} s, {} MB ({:.0} kB/s); edit keeps {:.1} s",
        original.duration_ms / 1000,
        original.size_bytes / 1_000_000,
        base / 1000.0,
        kept_ms as f64 / 1000.0
    );
    println!("{:<48} {:>8} {:>10} {:>12} {:>9}", "", "seconds", "MB", "B/s vs src", "duration");

    let row = |name: &str, secs: f64, out: &Path, note: &str| {
        let p = probe(out).unwrap();
        println!(
            "{name:<48} {secs:>8.2} {:>10.1} {:>+11.1}% {:>8.2}s {note}",
            p.size_bytes as f64 / 1e6,
            (rate(p.size_bytes, p.duration_ms) / base - 1.0) * 100.0,
            p.duration_ms as f64 / 1000.0
        );
    };

    let afterword = |kept: &[KeptRange], what: &str| {
        for (how, cut) in [("audio to the sample", AudioCut::Exact), ("AAC packets copied", AudioCut::Packets)] {
            let out = work.path().join("afterword.mp4");
            let t = Instant::now();
            let done = render_edit_with(&src, kept, &out, cut, &mut |_| {}).unwrap();
            let note = format!("({} frames copied, {} re-encoded)", done.frames_copied, done.frames_reencoded);
            row(&format!("afterword{what} ({how})"), t.elapsed().as_secs_f64(), &out, &note);
        }
    };
    afterword(&KEPT, "");

    let out = work.path().join("copy.mp4");
    let t = Instant::now();
    stream_copy(&src, &out, work.path());
    row("ffmpeg -ss/-to -c copy + concat", t.elapsed().as_secs_f64(), &out, "(cuts on keyframes)");

    let out = work.path().join("reencode.mp4");
    let t = Instant::now();
    reencode(&src, &out);
    row("ffmpeg re-encode (veryfast CRF 23)", t.elapsed().as_secs_f64(), &out, "");

    for (name, kept) in SHORTER {
        afterword(&kept, &format!(", {name} kept"));
    }
}
