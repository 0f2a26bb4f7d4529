//! A real Garage node for tests: `garage server --single-node --default-bucket`
//! with its config, metadata and data in a temporary folder, every port on
//! 127.0.0.1, and a default key and bucket from the environment. Started per
//! test (it answers in well under a second) and killed on drop.

use std::{
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub const REGION: &str = "garage";
pub const BUCKET: &str = "afterword";
pub const KEY_ID: &str = "GK0123456789abcdef01234567";
pub const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[derive(Debug)]
pub struct Garage {
    child: Child,
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub s3_port: u16,
}

/// The garage binary: `$GARAGE_BIN`, else `~/.cargo/bin/garage`, else `garage` on PATH.
pub fn garage_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("GARAGE_BIN") {
        return PathBuf::from(p);
    }
    let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let cargo = home.join(".cargo/bin/garage");
    if cargo.is_file() {
        return cargo;
    }
    if let Some(found) = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("garage")).find(|p| p.is_file()))
    {
        return found;
    }
    panic!(
        "the garage binary is missing: run scripts/test, which installs it \
         (cargo install garage --version 2.5.0 --locked), or set GARAGE_BIN"
    );
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

impl Garage {
    pub fn start() -> Garage {
        let bin = garage_bin();
        let dir = tempfile::tempdir().expect("tempdir");
        let (rpc, s3, admin) = (free_port(), free_port(), free_port());
        let config = dir.path().join("garage.toml");
        let text = format!(
            "metadata_dir = \"{meta}\"\ndata_dir = \"{data}\"\ndb_engine = \"sqlite\"\nreplication_factor = 1\n\
             rpc_bind_addr = \"127.0.0.1:{rpc}\"\nrpc_public_addr = \"127.0.0.1:{rpc}\"\n\
             rpc_secret = \"{secret}\"\n\n[s3_api]\ns3_region = \"{REGION}\"\napi_bind_addr = \"127.0.0.1:{s3}\"\n\
             root_domain = \".s3.garage.localhost\"\n\n[admin]\napi_bind_addr = \"127.0.0.1:{admin}\"\n",
            meta = dir.path().join("meta").display(),
            data = dir.path().join("data").display(),
            secret = "4425f5c26c5e11581d3223904324dcb5b5d5dfb14e5e7f35e38c595424f5f1e6",
        );
        std::fs::write(&config, text).expect("write garage.toml");
        let log = std::fs::File::create(dir.path().join("garage.log")).expect("log file");
        let child = Command::new(&bin)
            .arg("-c")
            .arg(&config)
            .args(["server", "--single-node", "--default-bucket"])
            .env("GARAGE_DEFAULT_ACCESS_KEY", KEY_ID)
            .env("GARAGE_DEFAULT_SECRET_KEY", SECRET)
            .env("GARAGE_DEFAULT_BUCKET", BUCKET)
            .env("RUST_LOG", "garage=warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        let mut garage = Garage { child, dir, config, s3_port: s3 };
        garage.wait_ready();
        garage
    }

    /// The S3 port opens after the layout, key and bucket exist.
    fn wait_ready(&mut self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("garage exited ({status}):\n{}", self.log());
            }
            if TcpStream::connect(("127.0.0.1", self.s3_port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("garage did not open its S3 port in 30 s:\n{}", self.log());
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.s3_port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("garage.log")).unwrap_or_default()
    }

    /// Runs the garage CLI against this node (`bucket set-quotas …`).
    pub fn cli(&self, args: &[&str]) {
        let out = Command::new(garage_bin()).arg("-c").arg(&self.config).args(args).output().expect("garage cli");
        assert!(out.status.success(), "garage {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
