//! `afterword record` on a real Wayland desktop: the headless sway, PipeWire
//! and ScreenCast portal of `scripts/wayland.sh`, started here as an
//! unprivileged user (sway refuses root), with the real binary run as that
//! user. Checks what a person would: the compositor's colours in the clip,
//! a change mid-recording, the portal's token reused, and XWayland's
//! `DISPLAY` not recorded instead of the screen.
//!
//! Without the session's packages (scripts/test installs them) these tests
//! fail under `CI=true` and say why; elsewhere they say why and pass.
#![allow(clippy::unwrap_used)]

#[path = "../../media/tests/common/decode.rs"]
#[allow(dead_code)]
mod decode;

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

/// The background `scripts/wayland.sh` gives HEADLESS-1.
const BACKGROUND: [u8; 3] = [0x3a, 0x7b, 0xd5];

/// One Wayland session for one test, torn down when dropped.
struct Wayland {
    dir: PathBuf,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/wayland.sh")
}

impl Wayland {
    /// Starts the session; `None` (said on stderr) when it cannot start
    /// outside CI, a failure in CI.
    fn up(xwayland: bool) -> Option<Wayland> {
        Wayland::up_with(xwayland, &[])
    }

    /// The same, with `scripts/wayland.sh`'s settings in `env`: the output
    /// the portal shares (`WAYLAND_PORTAL_OUTPUT`; one that doesn't exist:
    /// the portal shares nothing, as when its dialog is cancelled), whether
    /// it sends every picture (`XDPW_PLAIN_SCREENCOPY`), its log level.
    fn up_with(xwayland: bool, env: &[(&str, &str)]) -> Option<Wayland> {
        let dir = std::env::temp_dir().join(format!("afterword-wayland-{}-{}", std::process::id(), unique()));
        let mut up = Command::new(script());
        up.arg("up").arg(&dir);
        if xwayland {
            up.arg("--xwayland");
        }
        let out = up.envs(env.iter().copied()).stdin(Stdio::null()).output().expect("run scripts/wayland.sh");
        if !out.status.success() {
            let _ = std::fs::remove_dir_all(&dir);
            let why = String::from_utf8_lossy(&out.stderr);
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("the headless Wayland session did not start (scripts/test installs what it needs): {why}");
            }
            eprintln!("skipped: the headless Wayland session did not start: {why}");
            return None;
        }
        // The session's user cannot read the build's target dir (root's home).
        let bin = dir.join("bin/afterword");
        std::fs::copy(env!("CARGO_BIN_EXE_afterword"), &bin).expect("copy the binary");
        Some(Wayland { dir })
    }

    fn library(&self) -> PathBuf {
        self.dir.join("home/library")
    }

    /// `afterword ARGS` as the session's user, in the session.
    fn afterword(&self, args: &[&str]) -> Command {
        let mut c = Command::new(script());
        c.arg("run").arg(&self.dir).arg("env");
        c.arg(format!("AFTERWORD_HOME={}", self.library().display())).arg("NO_COLOR=1");
        c.arg(self.dir.join("bin/afterword")).args(args);
        c.stdin(Stdio::null());
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.afterword(args).output().expect("run afterword");
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn swaymsg(&self, args: &[&str]) -> Output {
        let out = Command::new(script()).arg("run").arg(&self.dir).arg("swaymsg").args(args).output().expect("swaymsg");
        assert!(out.status.success(), "swaymsg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// Records `secs` seconds through the CLI and returns the clip's JSON.
    fn record(&self, secs: &str) -> Value {
        let clip = self.ok(&["record", "--duration", secs, "--no-mic", "--no-transcribe", "--json"]);
        serde_json::from_str(&clip).expect("clip json")
    }

    /// Starts `afterword record` (no microphone, JSON out) with `extra`
    /// arguments and returns once a fragment (about a second of media) has
    /// been written after the file was first seen: what was on screen at
    /// the start is recorded.
    fn recording_under_way(&self, extra: &[&str]) -> Child {
        let child = self
            .afterword(&[&["record", "--no-mic", "--no-transcribe", "--json"], extra].concat())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn afterword record");
        let mut seen = None;
        wait_for("a second of the recording on disk", Duration::from_secs(60), || {
            match (seen, partial_size(&self.library())) {
                (None, Some(n)) if n > 0 => seen = Some(n),
                (Some(first), Some(n)) => return n > first,
                _ => {}
            }
            false
        });
        child
    }

    fn media(&self, clip: &Value) -> PathBuf {
        self.library().join(clip["media_path"].as_str().expect("media_path"))
    }

    /// Ends the session's xdg-desktop-portal-wlr, by its PID.
    fn stop_portal_backend(&self) {
        let binary = self.dir.join("bin/xdg-desktop-portal-wlr");
        let pids = Command::new("pgrep").arg("-f").arg(&binary).output().expect("pgrep");
        let pids = String::from_utf8_lossy(&pids.stdout).split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert!(!pids.is_empty(), "no xdg-desktop-portal-wlr running from {}", binary.display());
        assert!(Command::new("kill").args(&pids).status().expect("kill").success());
    }

    fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join("log").join(name)).unwrap_or_default()
    }
}

impl Drop for Wayland {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("down").arg(&self.dir).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

fn near(c: [u8; 3], want: [u8; 3]) -> bool {
    c.iter().zip(want).all(|(a, b)| a.abs_diff(b) < 12)
}

/// Waits for `what` until `deadline` passes, then fails saying what.
fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "{what} did not happen within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The size of the recording being written, if one is.
fn partial_size(library: &Path) -> Option<u64> {
    let clips = std::fs::read_dir(library.join("clips")).ok()?;
    clips
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".mp4.partial"))
        .and_then(|e| e.metadata().ok())
        .map(|m| m.len())
}

#[test]
fn the_portal_records_the_compositors_screen_and_a_change_mid_recording() {
    let Some(session) = Wayland::up(false) else { return };
    let devices = session.ok(&["devices", "--json"]);
    let devices: Value = serde_json::from_str(&devices).expect("devices json");
    assert_eq!(devices["backend"]["backend"], "portal", "{devices}");

    // The first colour is recorded; now the screen changes.
    let child = session.recording_under_way(&["--duration", "6"]);
    session.swaymsg(&["output", "HEADLESS-1", "bg", "#d5a03a", "solid_color"]);
    let out = child.wait_with_output().expect("record");
    assert!(out.status.success(), "record failed: {}", String::from_utf8_lossy(&out.stderr));
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    assert_eq!(clip["status"], "ready", "{clip}");
    assert_eq!(clip["capture"]["warnings"], serde_json::json!([]), "{clip}");
    assert_eq!(clip["capture"]["backend"], "portal", "{clip}");
    assert_eq!((clip["width"].as_u64(), clip["height"].as_u64()), (Some(1280), Some(720)));

    let decoded = decode::decode(&session.media(&clip), (100, 100));
    let first = decoded.frames.first().expect("frames").1;
    let last = decoded.frames.last().expect("frames").1;
    assert!(near(first, BACKGROUND), "first frame {first:?}, want {BACKGROUND:?}");
    assert!(near(last, PAINTED), "last frame {last:?}, want the new background");
}

/// With upstream's portal behaviour, a picture comes when the screen changed
/// and lists where: sway 1.7 (wlroots 0.15, no GPU) names the whole screen
/// for a bar at its top. The recorder looks for the change in the listed
/// rows and converts the bar as the rows it covers.
#[test]
fn a_bar_listed_as_the_whole_screen_is_converted_as_its_rows() {
    let portal = [("XDPW_PLAIN_SCREENCOPY", "0"), ("XDPW_LOG", "TRACE")];
    let Some(session) = Wayland::up_with(false, &portal) else { return };
    a_bar_over_a_still_screen(&session, true);
    let log = session.log("xdpw.log");
    assert!(log.contains("pipewire: damage 0 0,0 (1280x720)"), "the portal listed no damage:\n{log}");
}

/// The test desktop's portal sends 30 pictures a second, changed or not, and
/// lists nothing: the recorder compares each with the last, sends the
/// encoder about one a second while nothing changes, and converts a bar at
/// the top as the rows it covers.
#[test]
fn a_still_wayland_screen_is_encoded_once_a_second_and_a_bar_as_its_rows() {
    let Some(session) = Wayland::up(false) else { return };
    a_bar_over_a_still_screen(&session, false);
}

/// Upstream's portal on wlroots sends a picture only when the screen changed
/// since it last copied it, so a second recording of a still screen gets
/// none at first. The recording still starts at Start, black until the
/// screen changes, and says why: it is not cut to begin at the change,
/// which would drop what was said before it.
#[test]
fn a_screen_with_no_first_picture_is_recorded_black_from_start_says_why_and_shows_the_screen_as_thumbnail() {
    let Some(session) = Wayland::up_with(false, &[("XDPW_PLAIN_SCREENCOPY", "0")]) else { return };
    assert_eq!(session.record("1")["status"], "ready", "the first recording");
    // Nothing changed since: the portal has no picture to send.
    let child = session.recording_under_way(&["--duration", "5"]);
    std::thread::sleep(Duration::from_millis(500));
    session.swaymsg(&["output", "HEADLESS-1", "bg", "#d5a03a", "solid_color"]);
    let out = child.wait_with_output().expect("record");
    assert!(out.status.success(), "record failed: {}", String::from_utf8_lossy(&out.stderr));
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    assert_eq!(clip["status"], "ready", "{clip}");
    assert!(clip["duration_ms"].as_u64().unwrap().abs_diff(5000) <= 300, "cut: {clip}");
    let warnings = clip["capture"]["warnings"].to_string();
    assert!(warnings.contains("sent no picture of the screen"), "no warning: {clip}");

    let decoded = decode::decode(&session.media(&clip), (100, 100));
    let first = decoded.frames.first().expect("frames").1;
    let last = decoded.frames.last().expect("frames").1;
    assert!(near(first, [0, 0, 0]), "first frame {first:?}, want black");
    assert!(near(last, PAINTED), "last frame {last:?}, want the new background");
    // The library shows the screen, not the black that stood in for it.
    let thumbnail = session.library().join(clip["thumbnail_path"].as_str().expect("thumbnail_path"));
    let shown = decode::decode(&thumbnail, (100, 100)).frames.first().expect("a thumbnail picture").1;
    assert!(near(shown, PAINTED), "thumbnail {shown:?}, want the screen's colour, not the stand-in's black");
}

/// The colour the tests paint the screen.
const PAINTED: [u8; 3] = [0xd5, 0xa0, 0x3a];

/// Records 6 s of a still screen that is painted [`PAINTED`] (a picture of
/// it, whatever the portal sent at the start), then swaynag opens its bar
/// at the top: few frames encoded, the bar converted as a part, the screen
/// below it unchanged by that.
///
/// With `listed` (the portal's log at TRACE lists each picture's damage),
/// the bar waits until the painted screen was sent and nothing else for half
/// a second: under load swaybg can take longer than the fixed 700 ms, and a
/// bar in the same picture as the paint is no part.
fn a_bar_over_a_still_screen(session: &Wayland, listed: bool) {
    let child = session.recording_under_way(&["--duration", "6"]);
    let sent = || session.log("xdpw.log").matches("pipewire: damage 0 ").count();
    let before = sent();
    session.swaymsg(&["output", "HEADLESS-1", "bg", "#d5a03a", "solid_color"]);
    std::thread::sleep(Duration::from_millis(700));
    if listed {
        let mut last = (sent(), Instant::now());
        wait_for("the painted screen sent, then a still one", Duration::from_secs(10), || {
            let now = sent();
            if now != last.0 {
                last = (now, Instant::now());
            }
            now > before && last.1.elapsed() >= Duration::from_millis(500)
        });
    }
    let mut bar = Command::new(script())
        .arg("run")
        .arg(&session.dir)
        .args(["swaynag", "-m", "Afterword's test bar"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("swaynag");
    let out = child.wait_with_output().expect("record");
    let _ = bar.kill();
    let _ = bar.wait();
    assert!(out.status.success(), "record failed: {}", String::from_utf8_lossy(&out.stderr));
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    let capture = &clip["capture"];
    let (encoded, in_part) = (capture["frames_encoded"].as_u64().unwrap(), capture["frames_in_part"].as_u64().unwrap());
    assert!(encoded <= 20, "{encoded} frames encoded in 6 s of a still screen: {capture}");
    assert!(in_part >= 1, "the bar was not converted as a part: {capture}");
    assert!(clip["duration_ms"].as_u64().unwrap().abs_diff(6000) <= 300, "{clip}");

    let media = session.media(&clip);
    let (top, below) = (decode::decode(&media, (640, 4)), decode::decode(&media, (640, 360)));
    let last = top.frames.last().expect("frames").1;
    assert!(!near(last, PAINTED) && !near(last, [0, 0, 0]), "the bar is not in the last frame: {last:?}");
    // From the painted picture on, the screen below the bar stays painted.
    let painted = below.frames.iter().position(|(_, c)| near(*c, PAINTED)).expect("the painted screen");
    for (at, colour) in &below.frames[painted..] {
        assert!(near(*colour, PAINTED), "the screen below the bar at {at} ms: {colour:?}");
    }
}

#[test]
fn the_second_recording_reuses_the_portals_restore_token() {
    let Some(session) = Wayland::up(false) else { return };
    let first = session.record("2");
    assert_eq!(first["status"], "ready", "{first}");
    assert!(!session.log("xdpw.log").contains("restore data available"), "the first recording had nothing to restore");

    let second = session.record("2");
    assert_eq!(second["status"], "ready", "{second}");
    let log = session.log("xdpw.log");
    assert!(
        log.contains("restore_data.output_name: HEADLESS-1"),
        "the portal was not given the screen to restore:\n{log}"
    );
    let decoded = decode::decode(&session.media(&second), (640, 360));
    let middle = decoded.frames[decoded.frames.len() / 2].1;
    assert!(near(middle, BACKGROUND), "colour {middle:?}");
}

#[test]
fn with_xwaylands_display_set_the_screen_is_recorded_not_black() {
    let Some(session) = Wayland::up(true) else { return };
    let env = std::fs::read_to_string(session.dir.join("env")).expect("env");
    assert!(env.lines().any(|l| l.starts_with("DISPLAY=:")), "XWayland gave no DISPLAY: {env}");
    let doctor = session.ok(&["doctor"]);
    assert!(doctor.contains("screen    portal: a Wayland session"), "{doctor}");

    let clip = session.record("2");
    assert_eq!(clip["capture"]["backend"], "portal", "{clip}");
    let decoded = decode::decode(&session.media(&clip), (100, 100));
    let middle = decoded.frames[decoded.frames.len() / 2].1;
    assert!(near(middle, BACKGROUND), "colour {middle:?}: XWayland's root would be black");
}

#[test]
fn a_screen_that_stops_being_shared_ends_the_recording_with_what_was_captured() {
    let Some(session) = Wayland::up(false) else { return };
    let child = session.recording_under_way(&[]);
    // The portal backend quits: the screen's PipeWire node goes away.
    session.stop_portal_backend();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = rx.recv_timeout(Duration::from_secs(30)).expect("the recording ends by itself").expect("record");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "record failed: {stderr}");
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    assert_eq!(clip["status"], "ready", "{clip}");
    assert!(clip["duration_ms"].as_u64().is_some_and(|d| d >= 1000), "{clip}");
    assert!(stderr.contains("went away"), "no warning: {stderr}");
}

#[test]
fn a_cancelled_portal_is_a_clear_error_and_keeps_nothing() {
    let Some(session) = Wayland::up_with(false, &[("WAYLAND_PORTAL_OUTPUT", "NO-SUCH-OUTPUT")]) else { return };
    let out = session.afterword(&["record", "--duration", "2", "--no-mic", "--no-transcribe"]).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "recorded without a screen: {stderr}");
    assert!(stderr.contains("screen sharing was cancelled in the portal's dialog"), "{stderr}");
    assert!(stderr.contains("choose a screen to share"), "no hint: {stderr}");
    let clips = session.ok(&["clips", "list", "--json"]);
    assert_eq!(serde_json::from_str::<Value>(&clips).expect("json").as_array().map(Vec::len), Some(0), "{clips}");
}

/// A fake PipeWire camera inside the session, as its user: a solid colour
/// from `videotestsrc` through `pipewiresink` (the recipe's), named
/// `fakecam`. It serves one recording. Stopped when dropped.
struct FakeCamera {
    child: Child,
}

impl FakeCamera {
    fn start(session: &Wayland, pattern: &str) -> FakeCamera {
        FakeCamera::start_in(session, pattern, "BGRx")
    }

    /// The same, in the pixel `format` (BGRx, RGBx, YUY2).
    fn start_in(session: &Wayland, pattern: &str, format: &str) -> FakeCamera {
        let child = Command::new(script())
            .arg("run")
            .arg(&session.dir)
            .args(["gst-launch-1.0", "-q", "videotestsrc", "is-live=true", &format!("pattern={pattern}"), "!"])
            .arg(format!("video/x-raw,format={format},width=640,height=480,framerate=30/1"))
            .args(["!", "pipewiresink", "mode=provide"])
            .arg("stream-properties=props,media.class=Video/Source,media.role=Camera,node.name=fakecam")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gst-launch-1.0");
        let camera = FakeCamera { child };
        wait_for("the fake camera in `afterword devices`", Duration::from_secs(30), || {
            let out = session.afterword(&["devices", "--json"]).output().expect("devices");
            serde_json::from_slice::<Value>(&out.stdout)
                .is_ok_and(|d| d["cameras"].as_array().is_some_and(|c| c.iter().any(|c| c["name"] == "fakecam")))
        });
        camera
    }
}

impl Drop for FakeCamera {
    fn drop(&mut self) {
        // gst-launch-1.0 is the script's child (setpriv and env exec it).
        let _ = Command::new("pkill").args(["-P", &self.child.id().to_string()]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const RED: [u8; 3] = [0xff, 0, 0];

#[test]
fn the_camera_is_listed_and_recorded_as_a_bubble_in_its_corner_and_nowhere_else() {
    let Some(session) = Wayland::up(false) else { return };
    let _camera = FakeCamera::start(&session, "red");
    let devices: Value = serde_json::from_str(&session.ok(&["devices", "--json"])).expect("devices json");
    let fakecam = devices["cameras"].as_array().and_then(|c| c.iter().find(|c| c["name"] == "fakecam")).cloned();
    assert_eq!(fakecam.as_ref().map(|c| c["kind"].clone()), Some("pipewire".into()), "{devices}");
    assert!(session.ok(&["devices"]).contains("--camera \"fakecam\""));

    let clip =
        session.ok(&["record", "--duration", "4", "--camera", "fakecam", "--no-mic", "--no-transcribe", "--json"]);
    let clip: Value = serde_json::from_str(&clip).expect("clip json");
    assert_eq!(clip["status"], "ready", "{clip}");
    assert_eq!((clip["width"].as_u64(), clip["height"].as_u64()), (Some(1280), Some(720)));
    let media = session.media(&clip);
    // The default bubble: a 240 px circle, 24 px from the bottom-right corner.
    let (side, margin) = (240, 24);
    let (x, y) = (1280 - margin - side, 720 - margin - side);
    let inside = [(x + side / 2, y + side / 2), (x + side / 2, y + 10), (x + 10, y + side / 2)];
    // The other corners' bubbles, the middle, and the corners of the
    // bubble's square (outside the circle).
    let outside = [
        (margin + side / 2, margin + side / 2),
        (x + side / 2, margin + side / 2),
        (margin + side / 2, y + side / 2),
        (640, 360),
        (x + 4, y + 4),
        (x + side - 4, y + side - 4),
        (x - 8, y + side / 2),
    ];
    for (probe, want) in inside.iter().map(|p| (p, RED)).chain(outside.iter().map(|p| (p, BACKGROUND))) {
        let decoded = decode::decode(&media, *probe);
        let middle = decoded.frames[decoded.frames.len() / 2].1;
        assert!(near(middle, want), "at {probe:?}: colour {middle:?}, want {want:?}");
    }
}

#[test]
fn an_unknown_camera_or_bubble_is_refused_with_exit_2_and_records_nothing() {
    let Some(session) = Wayland::up(false) else { return };
    let out =
        session.afterword(&["record", "--duration", "2", "--camera", "nosuch", "--no-mic"]).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no camera named \"nosuch\""), "{stderr}");
    assert!(stderr.contains("`afterword devices` lists the cameras"), "no hint: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "not one line: {stderr}");

    let out = session
        .afterword(&["record", "--duration", "2", "--camera", "x", "--bubble", "corner=middle", "--no-mic"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("\"corner=middle\" is not a bubble setting"), "{stderr}");
    let clips = session.ok(&["clips", "list", "--json"]);
    assert_eq!(serde_json::from_str::<Value>(&clips).expect("json").as_array().map(Vec::len), Some(0), "{clips}");
}

#[test]
fn a_camera_that_goes_away_leaves_the_screen_recording_with_a_warning() {
    let Some(session) = Wayland::up(false) else { return };
    let camera = FakeCamera::start(&session, "red");
    let child = session.recording_under_way(&["--duration", "6", "--camera", "fakecam"]);
    drop(camera);
    let out = child.wait_with_output().expect("record");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "record failed: {stderr}");
    assert!(stderr.contains("camera \"fakecam\" went away during recording"), "no warning: {stderr}");
    let clip: Value = serde_json::from_slice(&out.stdout).expect("clip json");
    assert_eq!(clip["status"], "ready", "{clip}");
    assert!(clip["duration_ms"].as_u64().is_some_and(|d| d >= 5000), "the screen stopped too: {clip}");
    // The bubble's centre: red while the camera was there, then the screen.
    let decoded = decode::decode(&session.media(&clip), (1280 - 24 - 120, 720 - 24 - 120));
    let (first, last) = (decoded.frames.first().expect("frames").1, decoded.frames.last().expect("frames").1);
    assert!(near(first, RED), "first frame {first:?}, want the camera");
    assert!(near(last, BACKGROUND), "last frame {last:?}, want the screen without the bubble");
}

#[test]
fn doctor_says_this_desktop_offers_no_global_shortcuts_and_the_tray_records() {
    let Some(session) = Wayland::up(false) else { return };
    // The session's real xdg-desktop-portal is asked: Debian 12's has no
    // GlobalShortcuts interface, nor has any backend here.
    let doctor = session.ok(&["doctor"]);
    assert!(doctor.contains(&format!("shortcuts none: {}", afterword_media::SHORTCUTS_NOT_OFFERED)), "{doctor}");
    let json: Value = serde_json::from_str(&session.ok(&["doctor", "--json"])).expect("doctor json");
    assert_eq!(json["shortcuts"]["via"], "tray_only", "{json}");
}

#[test]
fn camera_only_records_a_yuy2_camera_alone_at_its_own_size() {
    let Some(session) = Wayland::up(false) else { return };
    let _camera = FakeCamera::start_in(&session, "red", "YUY2");
    let args = ["record", "--duration", "2", "--camera", "fakecam", "--camera-only", "--no-mic", "--no-transcribe"];
    let clip: Value = serde_json::from_str(&session.ok(&[&args[..], &["--json"]].concat())).expect("clip json");
    assert_eq!(clip["status"], "ready", "{clip}");
    assert_eq!((clip["width"].as_u64(), clip["height"].as_u64()), (Some(640), Some(480)), "{clip}");
    assert_eq!(clip["capture"]["backend"], "pipewire-camera", "{clip}");
    assert!(clip["title"].as_str().is_some_and(|t| t.starts_with("Camera recording")), "{clip}");
    for probe in [(320, 240), (10, 10), (630, 470)] {
        let decoded = decode::decode(&session.media(&clip), probe);
        let middle = decoded.frames[decoded.frames.len() / 2].1;
        assert!(near(middle, RED), "at {probe:?}: colour {middle:?}");
    }
}
