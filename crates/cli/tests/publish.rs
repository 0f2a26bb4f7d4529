//! `afterword storage …` and `afterword publish` end to end: the real binary
//! against a real Garage node on loopback — publish, publish again (nothing
//! sent), refusals with exit status 2 and one line, and an upload whose process
//! is killed half-way, then finished by running the same command again.
#![allow(clippy::unwrap_used)]

#[path = "../../storage/tests/common/mod.rs"]
mod storage_common;

use std::{
    path::Path,
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

use afterword_library::Library;
use storage_common::{
    garage::{self, Garage},
    proxy::Proxy,
};

fn afterword(home: &Path, args: &[&str], keys: (&str, &str)) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_afterword"));
    cmd.args(args)
        .env("AFTERWORD_HOME", home)
        .env("AWS_ACCESS_KEY_ID", keys.0)
        .env("AWS_SECRET_ACCESS_KEY", keys.1)
        .env_remove("AWS_PROFILE")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null());
    cmd
}

const KEYS: (&str, &str) = (garage::KEY_ID, garage::SECRET);

fn run(home: &Path, args: &[&str]) -> Output {
    afterword(home, args, KEYS).output().unwrap()
}

fn ok_json(home: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(home, &all);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn add_target(home: &Path, endpoint: &str) {
    let out =
        run(home, &["storage", "add", "team", "s3://afterword/team", "--endpoint", endpoint, "--region", "garage"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn storage_verbs_and_publishing_twice() {
    let garage = Garage::start();
    let home = tempfile::tempdir().unwrap();
    let clip = {
        let mut lib = Library::open(home.path()).unwrap();
        storage_common::add_clip(&mut lib, &storage_common::small_clip(), Some(b"jpeg"))
    }
    .to_string();
    add_target(home.path(), &garage.endpoint());
    let listed = ok_json(home.path(), &["storage", "list"]);
    assert_eq!(listed[0]["name"], "team");
    assert!(
        !std::fs::read(home.path().join("library.db"))
            .unwrap()
            .windows(garage::SECRET.len())
            .any(|w| w == garage::SECRET.as_bytes())
    );
    assert_eq!(ok_json(home.path(), &["storage", "test", "team"])["ok"], true);

    let first = ok_json(home.path(), &["publish", &clip, "--to", "team", "--static"]);
    assert_eq!(first["uploaded"].as_array().map(Vec::len), Some(4), "{first}");
    let again = run(home.path(), &["publish", &clip, "--to", "team", "--static"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to send"));
    assert!(home.path().join(format!("clips/{clip}.mp4")).is_file(), "the clip stays playable locally");

    let bad = afterword(home.path(), &["publish", &clip, "--to", "team"], (garage::KEY_ID, "wrong-secret-0123456789"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("refused the credentials"), "{err}");

    for (args, says) in [
        (vec!["storage", "add", "x", "http://bucket"], "s3://bucket"),
        (vec!["storage", "add", "x", "s3://bucket", "--endpoint", "localhost:3900"], "endpoint"),
        (vec!["publish", &clip, "--to", "nowhere"], "storage list"),
    ] {
        let out = run(home.path(), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(ok_json(home.path(), &["storage", "remove", "team"])["publications_forgotten"], 1);
}

#[test]
fn a_killed_publish_is_finished_by_running_it_again() {
    let garage = Garage::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let proxy = runtime.block_on(Proxy::start(garage.s3_port));
    proxy.throttle(6 * 1024 * 1024);
    let home = tempfile::tempdir().unwrap();
    let clip = {
        let mut lib = Library::open(home.path()).unwrap();
        storage_common::add_clip(&mut lib, &storage_common::large_clip(), None)
    };
    add_target(home.path(), &proxy.endpoint());

    let mut child = afterword(home.path(), &["publish", &clip.to_string(), "--to", "team"], KEYS)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let key = format!("team/clips/{clip}/media.mp4");
    let lib = Library::open(home.path()).unwrap();
    let started = Instant::now();
    loop {
        let parts = lib.pending_upload("team", &key).unwrap().map_or(0, |j| j.parts.len());
        if parts >= 2 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "publish ended before it could be killed");
        assert!(started.elapsed() < Duration::from_secs(60), "no parts acknowledged in 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let journal = lib.pending_upload("team", &key).unwrap().unwrap();
    assert!(lib.publications(clip).unwrap().is_empty(), "nothing recorded as published");

    proxy.throttle(0);
    let done = ok_json(home.path(), &["publish", &clip.to_string(), "--to", "team"]);
    let resumed = done["parts_resumed"].as_u64().unwrap();
    assert!(resumed as usize >= journal.parts.len(), "{done}");
    let total = std::fs::metadata(storage_common::large_clip()).unwrap().len().div_ceil(afterword_storage::PART_SIZE);
    assert_eq!(done["parts_sent"].as_u64().unwrap(), total - resumed + 1, "the rest, and the metadata: {done}");
    assert!(lib.publication(clip, "team").unwrap().is_some());
}
