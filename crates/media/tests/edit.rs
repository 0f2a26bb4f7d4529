//! Rendering an edit (trim and cut) of a clip whose frames show their own
//! index and whose audio beeps at known times.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use afterword_media::{AudioCut, KeptRange, RenderError, render_edit, render_edit_with};
use common::decode::{decode, luma_at, onsets};

const FPS: f64 = 30.0;
const BEEPS_MS: [i64; 4] = [2000, 10_000, 13_500, 17_200];
/// Trim 0.7 s at the start and 0.7 s at the end, cut 9.3–11.1 s.
const KEPT: [KeptRange; 2] =
    [KeptRange { start_ms: 700, end_ms: 9300 }, KeptRange { start_ms: 11_100, end_ms: 19_300 }];

/// A 20 s 320×240 30 fps clip made as Afterword records (libx264 veryfast,
/// CRF 23, High, B-frames, a keyframe every 2 s at most; AAC 48 kHz): each
/// frame shows its index as a 4×4 barcode of 40 px squares; 1 kHz beeps of
/// 50 ms at `BEEPS_MS`, silence between.
fn source(dir: &Path) -> PathBuf {
    let path = dir.join("src.mp4");
    let beeps: Vec<String> =
        BEEPS_MS.iter().map(|&b| format!("between(t,{},{})", b as f64 / 1000.0, (b + 50) as f64 / 1000.0)).collect();
    let video = "nullsrc=s=320x240:r=30:d=20,format=gray,\
        geq=lum='if(lt(X,160)*lt(Y,160),255*mod(floor(N/pow(2,floor(X/40)+4*floor(Y/40))),2),60)',format=yuv420p";
    let audio = format!("aevalsrc='0.5*sin(2*PI*1000*t)*({})':s=48000:c=stereo:d=20", beeps.join("+"));
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", video, "-f", "lavfi", "-i"])
        .arg(&audio)
        .args(["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high", "-g", "60"])
        .args(["-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart"])
        .arg(&path)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg made the source clip");
    path
}

/// The centres of the 16 barcode squares, bit 0 first.
fn squares() -> Vec<(u32, u32)> {
    (0..16).map(|k| (20 + 40 * (k % 4), 20 + 40 * (k / 4))).collect()
}

fn index_of(luma: &[u8]) -> i64 {
    luma.iter().enumerate().map(|(k, &y)| i64::from(y > 128) << k).sum()
}

/// Where `t_ms` of the original lands in the edit, if it is kept.
fn mapping(t_ms: i64) -> Option<i64> {
    let mut offset = 0;
    for r in KEPT {
        let (s, e) = (r.start_ms as i64, r.end_ms as i64);
        if (s..e).contains(&t_ms) {
            return Some(t_ms - s + offset);
        }
        offset += e - s;
    }
    None
}

/// Original time of edited time `t_ms`.
fn inverse(t_ms: i64) -> i64 {
    let mut offset = 0;
    for r in KEPT {
        let len = (r.end_ms - r.start_ms) as i64;
        if t_ms < offset + len {
            return r.start_ms as i64 + t_ms - offset;
        }
        offset += len;
    }
    panic!("{t_ms} ms is past the edit");
}

#[test]
fn trim_and_cut_is_frame_accurate_in_sync_and_mostly_copied() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path());
    let src_bytes = std::fs::read(&src).unwrap();
    let dest = dir.path().join("edit.mp4");
    let mut fractions = Vec::new();
    let started = Instant::now();
    let done = render_edit(&src, &KEPT, &dest, &mut |f| fractions.push(f)).unwrap();
    eprintln!("rendered in {:?}: {done:?}", started.elapsed());

    let frames = luma_at(&dest, &squares());
    let frame_ms = 1000.0 / FPS;
    assert!((done.duration_ms as f64 - 16_800.0).abs() <= frame_ms, "duration {} ms", done.duration_ms);
    assert!((frames.len() as i64 - 504).abs() <= 1, "{} frames", frames.len());
    for (t, luma) in &frames {
        let want = (inverse(*t) as f64 * FPS / 1000.0).round() as i64;
        let got = index_of(luma);
        assert!((got - want).abs() <= 1, "frame at {t} ms shows {got}, wanted {want}");
    }
    let first_after = |at: i64| frames.iter().find(|(t, _)| *t >= at).map(|(_, l)| index_of(l)).unwrap();
    assert!((first_after(0) - 21).abs() <= 1, "first frame {}", first_after(0));
    assert!((first_after(8600) - 333).abs() <= 1, "first frame after the cut {}", first_after(8600));

    let before = onsets(&src);
    assert_eq!(before.len(), BEEPS_MS.len(), "beeps in the source: {before:?}");
    let after = onsets(&dest);
    let wanted: Vec<i64> = before.iter().filter_map(|&b| mapping(b)).collect();
    assert_eq!(after.len(), wanted.len(), "beeps {after:?}, wanted {wanted:?}");
    for (got, want) in after.iter().zip(&wanted) {
        assert!((got - want).abs() <= 10, "beep at {got} ms, wanted {want} ms");
    }

    let bytes = std::fs::read(&dest).unwrap();
    let at = |tag: &[u8]| bytes.windows(4).position(|w| w == tag).unwrap();
    assert!(at(b"moov") < at(b"mdat"), "index up front");
    assert_eq!(done.size_bytes, bytes.len() as u64);
    assert!(done.frames_copied > 2 * done.frames_reencoded, "{done:?}");
    assert_eq!(done.frames_copied + done.frames_reencoded, frames.len() as u64);
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]) && fractions.last() == Some(&1.0), "{fractions:?}");
    assert_eq!(std::fs::read(&src).unwrap(), src_bytes, "the original is untouched");
    assert!(!dir.path().join("edit.mp4.partial").exists());
}

#[test]
fn copied_audio_packets_stay_in_sync_across_joins() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path());
    let dest = dir.path().join("edit.mp4");
    let done = render_edit_with(&src, &KEPT, &dest, AudioCut::Packets, &mut |_| {}).unwrap();
    assert!((done.duration_ms as f64 - 16_800.0).abs() <= 1000.0 / FPS, "duration {} ms", done.duration_ms);
    let before = onsets(&src);
    let after = onsets(&dest);
    let wanted: Vec<i64> = before.iter().filter_map(|&b| mapping(b)).collect();
    assert_eq!(after.len(), wanted.len(), "beeps {after:?}, wanted {wanted:?}");
    // Half a packet (10.7 ms at 48 kHz) at most, and never added up.
    for (got, want) in after.iter().zip(&wanted) {
        assert!((got - want).abs() <= 12, "beep at {got} ms, wanted {want} ms");
    }
    let d = decode(&dest, (0, 0));
    let audio_ms = d.audio.len() as i64 * 1000 / i64::from(d.audio_rate);
    assert!((audio_ms - 16_800).abs() <= 22, "{audio_ms} ms of audio");
}

#[test]
fn clip_without_audio_renders_video_only() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path());
    let silent = dir.path().join("silent.mp4");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(&src)
        .args(["-an", "-c", "copy"])
        .arg(&silent)
        .status()
        .unwrap();
    assert!(status.success());
    let dest = dir.path().join("edit.mp4");
    let done = render_edit(&silent, &KEPT, &dest, &mut |_| {}).unwrap();
    assert!((done.duration_ms as f64 - 16_800.0).abs() <= 1000.0 / FPS, "duration {} ms", done.duration_ms);
    assert!(decode(&dest, (0, 0)).audio.is_empty());
}

#[test]
fn bad_ranges_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path());
    let dest = dir.path().join("edit.mp4");
    let r = KeptRange::new;
    type Expected = fn(&RenderError) -> bool;
    let cases: [(&[KeptRange], Expected); 5] = [
        (&[], |e| matches!(e, RenderError::NoRanges)),
        (&[r(1000, 1000)], |e| matches!(e, RenderError::EmptyRange { .. })),
        (&[r(0, 5000), r(4000, 6000)], |e| matches!(e, RenderError::Overlapping { .. })),
        (&[r(15_000, 25_000)], |e| matches!(e, RenderError::OutsideClip { .. })),
        (&[r(1000, 1200), r(3000, 3200)], |e| matches!(e, RenderError::TooShort { total_ms: 400 })),
    ];
    for (kept, expected) in cases {
        let err = render_edit(&src, kept, &dest, &mut |_| {}).unwrap_err();
        assert!(expected(&err), "{kept:?}: {err}");
        assert!(!dest.exists() && !dir.path().join("edit.mp4.partial").exists());
    }
}

/// Run by `killed_render_leaves_original_and_previous_render` in a child
/// process: renders slowly (the progress callback sleeps) until killed.
#[test]
fn render_child() {
    let Ok(paths) = std::env::var("AFTERWORD_EDIT_CHILD") else { return };
    let (src, dest) = paths.split_once('|').unwrap();
    render_edit(Path::new(src), &[KeptRange::new(0, 19_000)], Path::new(dest), &mut |f| {
        eprintln!("progress {f}");
        std::thread::sleep(Duration::from_millis(200));
    })
    .unwrap();
}

/// Start a slow render of `src` to `dest` in a child process and `kill -9`
/// it a third of the way through, while it writes the partial.
fn kill_midway(src: &Path, dest: &Path) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["render_child", "--exact", "--nocapture", "--test-threads=1"])
        .env("AFTERWORD_EDIT_CHILD", format!("{}|{}", src.display(), dest.display()))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let midway =
        lines.map_while(Result::ok).filter_map(|l| l.strip_prefix("progress ")?.parse::<f32>().ok()).any(|f| f >= 0.3);
    assert!(midway, "the child render reported progress");
    let partial = dest.with_file_name("edit.mp4.partial");
    assert!(partial.exists(), "the child render is writing {}", partial.display());
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

#[test]
fn killed_render_leaves_original_and_previous_render() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path());
    let src_bytes = std::fs::read(&src).unwrap();
    let dest = dir.path().join("edit.mp4");

    kill_midway(&src, &dest);
    assert!(!dest.exists(), "no half file under the final name");
    assert_eq!(std::fs::read(&src).unwrap(), src_bytes, "the original is untouched");

    render_edit(&src, &KEPT, &dest, &mut |_| {}).unwrap();
    let previous = std::fs::read(&dest).unwrap();
    kill_midway(&src, &dest);
    assert_eq!(std::fs::read(&dest).unwrap(), previous, "the previous render is intact");
    assert_eq!(std::fs::read(&src).unwrap(), src_bytes, "the original is untouched");
    luma_at(&dest, &squares()); // still decodes
}
