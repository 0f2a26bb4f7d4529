//! A private PipeWire with a fake camera, for tests and the record bench:
//! `pipewire` and `wireplumber` in their own D-Bus session and runtime
//! directory, and a live 640x480 30 fps `videotestsrc` served as the
//! `Video/Source` node `fakecam` with the Camera role, as in
//! ../shared/recipes/wayland-headless.md but without a compositor. Clients
//! reach it with `XDG_RUNTIME_DIR` (or `PIPEWIRE_RUNTIME_DIR`) set to
//! [`FakeCamera::runtime`]. `pipewiresink mode=provide` serves its first
//! consumer only (a second one links but gets no picture): one camera per
//! reader. Stopped (by its PIDs) when dropped. (Included by `#[path]`,
//! each user with `#[allow(dead_code)]`.)

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NAME: &str = "fakecam";
/// What it sends: BGRx pictures of this size, at this rate.
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 480;

#[derive(Debug)]
pub struct FakeCamera {
    dir: tempfile::TempDir,
    session: Child,
}

impl FakeCamera {
    /// Why a fake camera cannot be made here: a missing program or GStreamer element.
    pub fn missing() -> Option<String> {
        for bin in ["pipewire", "wireplumber", "pw-cli", "dbus-run-session", "gst-launch-1.0", "gst-inspect-1.0"] {
            let found =
                std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(bin).is_file()));
            if !found {
                return Some(format!("`{bin}` is not installed"));
            }
        }
        for element in ["pipewiresrc", "pipewiresink", "videotestsrc"] {
            let ok = Command::new("gst-inspect-1.0")
                .arg(element)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Some(format!("GStreamer has no `{element}` (gstreamer1.0-pipewire)"));
            }
        }
        None
    }

    /// Showing `pattern` (`videotestsrc`'s, with any of its properties:
    /// `red`, `smpte horizontal-speed=3`), started and listed by PipeWire,
    /// or why not (a missing program, no node within 30 s).
    pub fn start(pattern: &str) -> Result<FakeCamera, String> {
        if let Some(missing) = FakeCamera::missing() {
            return Err(format!("{missing} (scripts/test installs the Wayland session's packages)"));
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let script = format!(
            "pipewire & echo $! >> pids; while [ ! -S pipewire-0 ]; do sleep 0.05; done; \
             wireplumber & echo $! >> pids; \
             gst-launch-1.0 -q videotestsrc is-live=true pattern={pattern} ! \
             video/x-raw,format=BGRx,width={WIDTH},height={HEIGHT},framerate=30/1 ! pipewiresink mode=provide \
             stream-properties=props,media.class=Video/Source,media.role=Camera,node.name={NAME} & echo $! >> pids; wait"
        );
        let session = Command::new("dbus-run-session")
            .args(["--", "sh", "-c", &script])
            .current_dir(dir.path())
            .env("XDG_RUNTIME_DIR", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("dbus-run-session: {e}"))?;
        let camera = FakeCamera { dir, session };
        let start = Instant::now();
        while !camera.listed() {
            if start.elapsed() > Duration::from_secs(30) {
                return Err(format!("PipeWire did not list `{NAME}` within 30 s"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(camera)
    }

    /// Its runtime directory: a client's `XDG_RUNTIME_DIR`.
    pub fn runtime(&self) -> &Path {
        self.dir.path()
    }

    fn listed(&self) -> bool {
        Command::new("pw-cli")
            .args(["ls", "Node"])
            .env("XDG_RUNTIME_DIR", self.dir.path())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(&format!("node.name = \"{NAME}\"")))
    }
}

impl Drop for FakeCamera {
    fn drop(&mut self) {
        let pids = std::fs::read_to_string(self.dir.path().join("pids")).unwrap_or_default();
        for pid in pids.split_whitespace() {
            let _ = Command::new("kill").arg(pid).status();
        }
        let _ = self.session.kill();
        let _ = self.session.wait();
    }
}
