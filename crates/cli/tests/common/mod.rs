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

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_afterword"))
            .args(args)
            .env("AFTERWORD_HOME", self.0.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("run afterword")
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

    pub fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.0.path().join("library.db")).expect("db");
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
    }
}
