//! The real binary on a private X server and audio server (the media
//! crate's test harness), for the tests that record.
#![allow(dead_code)]

#[path = "../../../media/tests/common/mod.rs"]
pub mod media_env;

use std::{
    path::PathBuf,
    process::{Command, Output, Stdio},
    sync::Arc,
};

use media_env::env::{Pulse, Xvfb};
use serde_json::Value;

pub struct Rig {
    pub home: tempfile::TempDir,
    pub x: Xvfb,
    pub pulse: Arc<Pulse>,
}

impl Rig {
    /// A 1280×720 blue screen and the audio server shared by this test file.
    pub fn new() -> Self {
        Rig::with(1280, 720, Pulse::shared())
    }

    pub fn with(width: u32, height: u32, pulse: Arc<Pulse>) -> Self {
        let x = Xvfb::start(width, height);
        x.paint("#2e6bd1");
        Rig { home: tempfile::tempdir().expect("tempdir"), x, pulse }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_afterword"));
        c.args(args)
            .env("AFTERWORD_HOME", self.home.path())
            .env("DISPLAY", &self.x.display)
            .env("PULSE_SERVER", &self.pulse.server)
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run afterword")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("json")
    }

    /// Exit 2 and one line saying what was wrong (`says`) and what to do.
    pub fn refused(&self, args: &[&str], says: &str) {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }

    /// A path in the library's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// The files in the clips folder, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.home.path().join("clips"))
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        names
    }
}
