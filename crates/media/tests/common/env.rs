//! A private X server (Xvfb) and audio server (PulseAudio) for tests. Both
//! are started by the test itself and stopped on drop.
//!
//! The audio server's default source is the monitor of a null sink into
//! which `module-sine` plays 440 Hz; a `parec --latency-msec=20` client keeps
//! it rendering in small blocks (`module-sine-source` delivers 2 s bursts).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

const SETUP_HINT: &str = "run the project's set-up script (apt-get install xvfb x11-xserver-utils pulseaudio pulseaudio-utils libasound2-plugins)";

fn require(bin: &str) {
    let found = std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(bin).is_file()));
    assert!(found, "`{bin}` is not installed: {SETUP_HINT}");
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < timeout, "{what} did not come up within {timeout:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running Xvfb on a free display.
#[derive(Debug)]
pub struct Xvfb {
    pub display: String,
    pub width: u32,
    pub height: u32,
    child: Child,
}

static X_START: Mutex<()> = Mutex::new(());

impl Xvfb {
    /// Start Xvfb (`-noreset`, so the root window keeps its colour) on the
    /// first free display number at or above 140.
    pub fn start(width: u32, height: u32) -> Self {
        require("Xvfb");
        require("xsetroot");
        let _guard = X_START.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for n in 140..400 {
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
            if abandoned(&lock) {
                // A server killed outright (the fault tests do) leaves both behind.
                let _ = std::fs::remove_file(&lock);
                let _ = std::fs::remove_file(&socket);
            }
            if socket.exists() || lock.exists() {
                continue;
            }
            let mut child = Command::new("Xvfb")
                .args([
                    &format!(":{n}"),
                    "-screen",
                    "0",
                    &format!("{width}x{height}x24"),
                    "-noreset",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb starts");
            let start = Instant::now();
            while !socket.exists() && start.elapsed() < Duration::from_secs(10) {
                if child.try_wait().ok().flatten().is_some() {
                    break; // display taken by a concurrent run: try the next
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            if socket.exists() {
                let x = Self { display: format!(":{n}"), width, height, child };
                wait_for("X server", Duration::from_secs(10), || x.run("xsetroot", &["-solid", "black"]));
                return x;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("no free X display between :140 and :399");
    }

    /// Run an X client against this display; true when it succeeded.
    pub fn run(&self, program: &str, args: &[&str]) -> bool {
        Command::new(program)
            .args(args)
            .env("DISPLAY", &self.display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Paint the root window (`xsetroot -solid`).
    pub fn paint(&self, colour: &str) {
        assert!(self.run("xsetroot", &["-solid", colour]), "xsetroot -solid {colour} failed");
    }

    /// Kill the X server now (fault tests).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A private PulseAudio daemon playing 440 Hz into the default source.
#[derive(Debug)]
pub struct Pulse {
    pub server: String,
    daemon: Child,
    /// A `parec` draining each source: the tone's monitor, then any added by
    /// [`Pulse::add_tone`].
    keepers: Mutex<Vec<Child>>,
    _dir: tempfile::TempDir,
}

static PULSE: Mutex<Weak<Pulse>> = Mutex::new(Weak::new());

impl Pulse {
    /// The audio server shared by the tests of this process (cpal reaches it
    /// through `PULSE_SERVER`, a process-wide setting). Stopped when the last
    /// test holding it ends.
    pub fn shared() -> Arc<Pulse> {
        let mut slot = PULSE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(p) = slot.upgrade() {
            return p;
        }
        let p = Arc::new(Self::start());
        *slot = Arc::downgrade(&p);
        p
    }

    pub fn start() -> Self {
        Self::start_with(true)
    }

    /// A server started this moment, as a person's may be when they press
    /// Start: its `parec` keeper runs but nobody waited for sound yet.
    pub fn start_fresh() -> Self {
        Self::start_with(false)
    }

    fn start_with(warm: bool) -> Self {
        require("pulseaudio");
        require("pactl");
        require("parec");
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("native");
        let server = format!("unix:{}", socket.display());
        let daemon = Command::new("pulseaudio")
            .args([
                "--daemonize=no",
                "--system=false",
                "--exit-idle-time=-1",
                "-n",
                "--use-pid-file=no",
                "--disallow-exit",
                "-L",
                &format!("module-native-protocol-unix auth-anonymous=1 socket={}", socket.display()),
                "-L",
                "module-null-sink sink_name=vsink rate=48000",
                "-L",
                "module-sine sink=vsink frequency=440",
            ])
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("PULSE_RUNTIME_PATH", dir.path())
            .env("PULSE_STATE_PATH", dir.path())
            .env("HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pulseaudio starts");
        let pactl = |args: &[&str]| {
            Command::new("pactl")
                .args(args)
                .env("PULSE_SERVER", &server)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        wait_for("PulseAudio", Duration::from_secs(10), || socket.exists() && pactl(&["info"]));
        assert!(pactl(&["set-default-source", "vsink.monitor"]), "pactl set-default-source failed");
        let keepers = Mutex::new(vec![drain(&server, "vsink.monitor", warm)]);
        set_pulse_server(&server);
        Self { server, daemon, keepers, _dir: dir }
    }

    /// Run `pactl` against this server.
    pub fn pactl(&self, args: &[&str]) -> bool {
        Command::new("pactl")
            .args(args)
            .env("PULSE_SERVER", &self.server)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Run `pactl` against this server and return what it printed.
    pub fn pactl_output(&self, args: &[&str]) -> String {
        let out = Command::new("pactl").args(args).env("PULSE_SERVER", &self.server).output().expect("pactl runs");
        assert!(out.status.success(), "pactl {args:?} failed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The index of the 440 Hz tone's sink input (`module-sine`), for muting it.
    pub fn sine_input(&self) -> String {
        let list = self.pactl_output(&["list", "short", "sink-inputs"]);
        list.lines()
            .find(|l| l.contains("module-sine"))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| panic!("no module-sine sink input in {list:?}"))
            .to_owned()
    }

    /// Mute (or unmute) the tone: the default source then hears digital silence.
    pub fn mute_tone(&self, mute: bool) {
        let idx = self.sine_input();
        assert!(self.pactl(&["set-sink-input-mute", &idx, if mute { "1" } else { "0" }]), "pactl mute failed");
    }

    /// How many record streams the server has open (our keepers among them).
    pub fn record_streams(&self) -> usize {
        self.pactl_output(&["list", "short", "source-outputs"]).lines().count()
    }

    /// Add a second sound source: a null sink described as `description`
    /// playing `freq` Hz, whose monitor cpal lists as "Monitor of
    /// {description}". Returns once that monitor delivers sound.
    pub fn add_tone(&self, sink: &str, description: &str, freq: u32) {
        let loaded =
            self.pactl(&[
                "load-module",
                "module-null-sink",
                &format!("sink_name={sink}"),
                "rate=48000",
                &format!("sink_properties=device.description={description}"),
            ]) && self.pactl(&["load-module", "module-sine", &format!("sink={sink}"), &format!("frequency={freq}")]);
        assert!(loaded, "pactl load-module for {sink} failed");
        let keeper = drain(&self.server, &format!("{sink}.monitor"), true);
        self.keepers.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(keeper);
    }

    /// Add a silent sound source: a null sink described as `description`,
    /// whose monitor cpal lists as "Monitor of {description}";
    /// [`Pulse::play_tone`] makes it sound.
    pub fn add_silent(&self, sink: &str, description: &str) {
        let loaded = self.pactl(&[
            "load-module",
            "module-null-sink",
            &format!("sink_name={sink}"),
            "rate=48000",
            &format!("sink_properties=device.description={description}"),
        ]);
        assert!(loaded, "pactl load-module for {sink} failed");
        let keeper = drain(&self.server, &format!("{sink}.monitor"), false);
        self.keepers.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(keeper);
    }

    /// Start playing `freq` Hz into `sink`.
    pub fn play_tone(&self, sink: &str, freq: u32) {
        let loaded = self.pactl(&["load-module", "module-sine", &format!("sink={sink}"), &format!("frequency={freq}")]);
        assert!(loaded, "pactl load-module module-sine for {sink} failed");
    }

    /// Unplug a source added by [`Pulse::add_tone`] or [`Pulse::add_silent`]:
    /// its tones stop, then its sink (and so its monitor) goes away.
    pub fn unplug(&self, sink: &str) {
        let modules = self.pactl_output(&["list", "short", "modules"]);
        let index = |module: &str, arg: &str| {
            modules
                .lines()
                .filter(|l| l.contains(module) && l.split_whitespace().any(|a| a == arg))
                .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
                .collect::<Vec<_>>()
        };
        let tones = index("module-sine", &format!("sink={sink}"));
        let sinks = index("module-null-sink", &format!("sink_name={sink}"));
        assert!(!sinks.is_empty(), "no sink {sink} in {modules:?}");
        for module in tones.iter().chain(&sinks) {
            assert!(self.pactl(&["unload-module", module]), "pactl unload-module {module} failed");
        }
    }

    /// Kill the daemon now (fault tests).
    pub fn kill(&mut self) {
        for mut k in self.keepers.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).drain(..) {
            let _ = k.kill();
            let _ = k.wait();
        }
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// An X lock file whose server is gone: its pid (the file's text) runs nothing.
fn abandoned(lock: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(lock) else { return false };
    text.trim().parse::<u32>().is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists())
}

/// A `parec` draining `source`, returned once the source delivers sound (a
/// fresh daemon or sink takes a moment, and gives silence first); it keeps
/// draining on a thread.
fn drain(server: &str, source: &str, wait: bool) -> Child {
    let mut keeper = Command::new("parec")
        .args(["-d", source, "--latency-msec=20", "--raw"])
        .env("PULSE_SERVER", server)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("parec starts");
    let mut out = keeper.stdout.take().expect("parec stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = [0u8; 4096];
        let mut sound = 0usize;
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            sound += buf[..n].iter().filter(|b| **b != 0).count();
            if sound >= 48_000 {
                let _ = tx.send(());
            }
        }
    });
    if wait {
        rx.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("the test tone reaches {source}"));
    }
    keeper
}

impl Drop for Pulse {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Point this process's audio clients (cpal -> ALSA -> libpulse) at `server`.
#[allow(unsafe_code)]
fn set_pulse_server(server: &str) {
    // SAFETY: set once while the harness lock is held, before any audio
    // client of this test process connects; libpulse reads it at connect time.
    unsafe { std::env::set_var("PULSE_SERVER", server) };
}
