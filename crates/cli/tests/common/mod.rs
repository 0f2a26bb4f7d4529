#![allow(dead_code)]
//! A temporary library and the real `afterword` binary, for the CLI tests.

use std::process::{Command, Output, Stdio};

use afterword_library::{ClipId, ClipMedia, ClipStatus, Library, NewClip};
use serde_json::Value;

pub struct Home(pub tempfile::TempDir);

impl Home {
    pub fn new() -> Self {
        Home(tempfile::tempdir().expect("tempdir"))
    }

    /// The real binary on this library, `args` given, no input.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_afterword"));
        c.args(args).env("AFTERWORD_HOME", self.0.path()).env("NO_COLOR", "1").stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run afterword")
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("json output")
    }

    /// Runs a command that must be refused as bad input: exit 2, one line on stderr.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2; stderr: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("error: "), "{err}");
        err
    }

    pub fn lib(&self) -> Library {
        Library::open(self.0.path()).expect("open")
    }

    /// A clip as the recorder would leave it (the CLI can't record yet here).
    pub fn clip(&self, title: &str, duration_ms: u64) -> String {
        let mut lib = self.lib();
        let id = ClipId::new();
        let media_path = format!("clips/{id}.mp4");
        std::fs::write(lib.resolve(&media_path), vec![0u8; 4096]).expect("media");
        let media = ClipMedia {
            duration_ms,
            width: Some(1920),
            height: Some(1080),
            size_bytes: 4096,
            media_path,
            ..Default::default()
        };
        lib.add_clip(NewClip { id, title: title.into(), status: ClipStatus::Ready, media }).expect("add").id.to_string()
    }

    /// A real clip, imported: `secs` seconds of `size` video at 30 fps made as
    /// Afterword records (libx264 veryfast, B-frames, a keyframe every 2 s),
    /// whose every frame shows its index as a 4×4 barcode of 40 px squares in
    /// the top-left corner (see [`frame_index`]), with 50 ms 1 kHz beeps at
    /// `beeps_ms` and silence between.
    pub fn video(&self, title: &str, secs: u32, size: &str, beeps_ms: &[u64]) -> String {
        let beeps: Vec<String> = beeps_ms
            .iter()
            .map(|&b| format!("between(t,{},{})", b as f64 / 1000.0, (b + 50) as f64 / 1000.0))
            .collect();
        let beeps = if beeps.is_empty() { "0".to_owned() } else { beeps.join("+") };
        let video = format!(
            "nullsrc=s={size}:r=30:d={secs},format=gray,\
             geq=lum='if(lt(X,160)*lt(Y,160),255*mod(floor(N/pow(2,floor(X/40)+4*floor(Y/40))),2),60+X/8)',format=yuv420p"
        );
        let audio = format!("aevalsrc='0.5*sin(2*PI*1000*t)*({beeps})':s=48000:c=stereo:d={secs}");
        self.import_lavfi(title, &video, &audio)
    }

    /// A real clip, imported, made by FFmpeg's lavfi `video` and `audio`
    /// sources as Afterword records.
    pub fn import_lavfi(&self, title: &str, video: &str, audio: &str) -> String {
        let source = self.0.path().join(format!("{title}.mp4"));
        let status = Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio])
            .args(["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "60", "-c:a", "aac", "-b:a", "128k"])
            .args(["-movflags", "+faststart"])
            .arg(&source)
            .status()
            .expect("ffmpeg runs");
        assert!(status.success(), "ffmpeg made the test video");
        let source = source.to_str().expect("utf-8 path");
        let clip = self.json(&["import", source, "--title", title, "--no-transcribe"]);
        std::fs::remove_file(source).expect("remove the source");
        clip["id"].as_str().expect("clip id").to_owned()
    }

    pub fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.0.path().join("library.db")).expect("db");
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
    }
}

/// The index a frame of [`Home::video`] shows (its 4×4 barcode), read from a
/// grey picture `width` pixels wide.
pub fn frame_index(gray: &[u8], width: usize) -> u64 {
    (0..16).map(|k| u64::from(gray[(20 + 40 * (k / 4)) * width + 20 + 40 * (k % 4)] > 128) << k).sum()
}
