//! Share-server benchmark (not a test): 64 wrk clients read a 50 MB clip by
//! byte ranges through a share link while comments are posted at 200/s, and
//! nginx serves the same file from the same disk as the yardstick.
//!
//! ```text
//! cargo bench -p afterword-share --bench share            # needs wrk and nginx (apt: wrk nginx-light)
//! BENCH_SECS=20 BENCH_RANGE_KIB=1024 BENCH_WRK_THREADS=1 BENCH_LINK_CACHE_MS=0 cargo bench -p afterword-share --bench share
//! ```
//!
//! Prints requests/s and MB/s for both servers, the ratio, wrk's errors, the
//! comments' p50/p99/max latency, their errors, and comments lost (answered
//! 201 but not in the library afterwards). Everything runs on loopback.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use afterword_library::{ClipId, ClipMedia, ClipStatus, Library, NewClip};
use afterword_share::{OwnerKey, ShareConfig, ShareState, Viewer};
use rand::RngCore;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::Mutex,
};

const CLIP_BYTES: usize = 50 * 1024 * 1024;
const CLIENTS: u32 = 64;
const COMMENTS_PER_SEC: u64 = 200;
const COMMENT_CONNECTIONS: u64 = 8;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let secs: u64 = env_or("BENCH_SECS", 10);
    let range_kib: u64 = env_or("BENCH_RANGE_KIB", 512);
    for tool in ["wrk", "nginx"] {
        if which(tool).is_none() {
            return Err(format!("{tool} is not installed; `apt-get install wrk nginx-light`").into());
        }
    }
    let dir = tempfile::tempdir()?;
    let (token, clip) = make_library(dir.path())?;
    let media = dir.path().join("clips/bench.mp4");

    let nginx = Nginx::start(dir.path(), &media)?;
    let server_runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let addr = server_runtime.block_on(start_server(dir.path()))?;
    let script = dir.path().join("ranges.lua");
    std::fs::write(&script, wrk_script(CLIP_BYTES as u64, range_kib * 1024))?;

    println!(
        "afterword share server benchmark: {CLIENTS} clients, {range_kib} KiB ranges of a 50 MB clip, {secs} s each, loopback"
    );
    // Comments alone first: what a comment costs when nothing else is going on.
    let idle = run_poster(addr, &token, Duration::from_secs(3))?;
    let mut idle_lat = idle.latencies;
    idle_lat.sort_unstable();
    println!(
        "  comments alone: p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&idle_lat, 0.50)),
        ms(percentile(&idle_lat, 0.99))
    );
    let yard = wrk(&format!("http://{}/bench.mp4", nginx.addr), &script, secs)?;
    println!("  nginx      {:>9.0} req/s {:>8.1} MB/s  errors {}", yard.rps, yard.mbps, yard.errors);

    let client_runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let stop = Arc::new(AtomicBool::new(false));
    let poster = {
        let (stop, token) = (Arc::clone(&stop), token.clone());
        std::thread::spawn(move || client_runtime.block_on(post_comments(addr, token, stop)))
    };
    let ours = wrk(&format!("http://{addr}/s/{token}/video"), &script, secs)?;
    stop.store(true, Ordering::SeqCst);
    let posted = poster.join().map_err(|_| "the comment poster panicked")??;
    println!(
        "  afterword  {:>9.0} req/s {:>8.1} MB/s  errors {}  ({:.2}× nginx; target ≥ 0.90×)",
        ours.rps,
        ours.mbps,
        ours.errors,
        ours.mbps / yard.mbps
    );

    let stored = Library::open(dir.path())?.comments(clip)?.len() as u64;
    let mut lat = posted.latencies;
    lat.sort_unstable();
    let pct = |p: f64| percentile(&lat, p);
    println!(
        "  comments   {} posted at {COMMENTS_PER_SEC}/s: p50 {:.1} ms, p99 {:.1} ms (target ≤ 20), max {:.1} ms; errors {}; lost {}",
        posted.ok,
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(lat.last().copied().unwrap_or_default()),
        posted.errors,
        (idle.ok + posted.ok).saturating_sub(stored)
    );
    drop(nginx);
    Ok(())
}

/// Posts comments for `secs` with nothing else going on.
fn run_poster(addr: SocketAddr, token: &str, secs: Duration) -> Result<Posted, BoxError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let stop = Arc::new(AtomicBool::new(false));
    let timer = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            std::thread::sleep(secs);
            stop.store(true, Ordering::SeqCst);
        })
    };
    let posted = runtime.block_on(post_comments(addr, token.to_owned(), stop))?;
    timer.join().map_err(|_| "timer panicked")?;
    Ok(posted)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted.get(((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or_default()
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn which(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

/// A library with one 50 MB clip of random bytes and an open link to it.
fn make_library(home: &Path) -> Result<(String, ClipId), BoxError> {
    let mut lib = Library::open(home)?;
    let mut bytes = vec![0u8; CLIP_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    std::fs::write(home.join("clips/bench.mp4"), &bytes)?;
    let media = ClipMedia {
        duration_ms: 600_000,
        size_bytes: CLIP_BYTES as u64,
        media_path: "clips/bench.mp4".into(),
        ..ClipMedia::default()
    };
    let clip = lib.add_clip(NewClip { id: ClipId::new(), title: "bench".into(), status: ClipStatus::Ready, media })?;
    let made = afterword_share::links::create(&mut lib, clip.id, &afterword_share::LinkOptions::default())?;
    Ok((made.token.as_str().to_owned(), clip.id))
}

async fn start_server(home: &Path) -> Result<SocketAddr, BoxError> {
    let viewer = home.join("viewer");
    std::fs::create_dir_all(&viewer)?;
    std::fs::write(viewer.join("viewer.html"), "<html><head></head></html>")?;
    let mut config = ShareConfig::new("http://127.0.0.1");
    // One client posts every comment here: lift the per-client limit out of the way.
    config.limits.post_burst = 100_000;
    config.limits.post_refill = Duration::from_micros(1);
    config.limits.link_cache = Duration::from_millis(env_or("BENCH_LINK_CACHE_MS", 1000));
    let state = ShareState::with_parts(Library::open(home)?, config, Viewer::from_dir(&viewer)?, OwnerKey::random());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(afterword_share::serve(listener, state, std::future::pending()));
    Ok(addr)
}

struct Nginx {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Nginx {
    fn start(dir: &Path, media: &Path) -> Result<Self, BoxError> {
        let prefix = dir.join("nginx");
        let www = prefix.join("www");
        std::fs::create_dir_all(&www)?;
        std::fs::hard_link(media, www.join("bench.mp4"))
            .or_else(|_| std::fs::copy(media, www.join("bench.mp4")).map(|_| ()))?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let conf = format!(
            "worker_processes 2;\npid {p}/nginx.pid;\nerror_log {p}/error.log;\ndaemon off;\n\
             events {{ worker_connections 1024; }}\n\
             http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;\n\
               client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fcgi;\n\
               uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n\
               types {{ video/mp4 mp4; }}\n\
               server {{ listen 127.0.0.1:{port}; root {w}; }} }}\n",
            p = prefix.display(),
            w = www.display()
        );
        std::fs::write(prefix.join("nginx.conf"), conf)?;
        let child = Command::new(which("nginx").ok_or("no nginx")?)
            .args(["-p", &prefix.display().to_string(), "-c", &prefix.join("nginx.conf").display().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while std::net::TcpStream::connect(addr).is_err() {
            if started.elapsed() > Duration::from_secs(5) {
                return Err("nginx did not start; see its error.log".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Nginx { child, addr })
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: a killed master leaves its workers running.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Random single ranges of `range` bytes within a file of `size` bytes.
fn wrk_script(size: u64, range: u64) -> String {
    format!(
        "math.randomseed(42)\n\
         request = function()\n\
           local first = math.random(0, {max}) \n\
           return wrk.format('GET', nil, {{ Range = 'bytes=' .. first .. '-' .. (first + {last}) }})\n\
         end\n",
        max = size - range,
        last = range - 1
    )
}

struct WrkResult {
    rps: f64,
    mbps: f64,
    errors: u64,
}

fn wrk(url: &str, script: &Path, secs: u64) -> Result<WrkResult, BoxError> {
    let out = Command::new("wrk")
        .args([&format!("-t{}", env_or("BENCH_WRK_THREADS", 2)), &format!("-c{CLIENTS}"), &format!("-d{secs}s"), "-s"])
        .arg(script)
        .arg(url)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("wrk failed: {text}{}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let field = |name: &str| text.lines().find_map(|l| l.trim().strip_prefix(name)).map(str::trim);
    let rps = field("Requests/sec:").and_then(|v| v.parse().ok()).ok_or("no Requests/sec in wrk's output")?;
    let mbps = field("Transfer/sec:").and_then(parse_rate).ok_or("no Transfer/sec in wrk's output")?;
    let non_2xx = field("Non-2xx or 3xx responses:").and_then(|v| v.parse().ok()).unwrap_or(0);
    let socket: u64 = field("Socket errors:")
        .map(|v| v.split(',').filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    Ok(WrkResult { rps, mbps, errors: non_2xx + socket })
}

/// wrk's `123.45MB` as megabytes (10^6 bytes).
fn parse_rate(v: &str) -> Option<f64> {
    let unit_at = v.find(|c: char| c.is_ascii_alphabetic())?;
    let n: f64 = v[..unit_at].parse().ok()?;
    let scale = match &v[unit_at..] {
        "B" => 1.0,
        "KB" => 1024.0,
        "MB" => 1024.0 * 1024.0,
        "GB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some(n * scale / 1e6)
}

#[derive(Default)]
struct Posted {
    ok: u64,
    errors: u64,
    latencies: Vec<Duration>,
}

/// Posts comments at COMMENTS_PER_SEC over a few keep-alive connections
/// until `stop`, timing each from the first byte sent to the last received.
async fn post_comments(addr: SocketAddr, token: String, stop: Arc<AtomicBool>) -> Result<Posted, BoxError> {
    let posted = Arc::new(Mutex::new(Posted::default()));
    let seq = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for lane in 0..COMMENT_CONNECTIONS {
        let (posted, seq, stop, token) = (Arc::clone(&posted), Arc::clone(&seq), Arc::clone(&stop), token.clone());
        tasks.push(tokio::spawn(async move {
            let period = Duration::from_micros(1_000_000 * COMMENT_CONNECTIONS / COMMENTS_PER_SEC);
            tokio::time::sleep(period / COMMENT_CONNECTIONS as u32 * lane as u32).await;
            let mut tick = tokio::time::interval(period);
            let mut conn: Option<TcpStream> = None;
            while !stop.load(Ordering::SeqCst) {
                tick.tick().await;
                let n = seq.fetch_add(1, Ordering::SeqCst);
                let body = format!(r#"{{"name":"bench {lane}","body":"bench comment {n}","at_ms":{}}}"#, n % 600_000);
                let request = format!(
                    "POST /s/{token}/api/comments HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                let started = Instant::now();
                let result = exchange(&mut conn, addr, request.as_bytes()).await;
                let mut p = posted.lock().await;
                match result {
                    Ok(201) => {
                        p.ok += 1;
                        p.latencies.push(started.elapsed());
                    }
                    _ => {
                        p.errors += 1;
                        conn = None;
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let mut p = posted.lock().await;
    Ok(std::mem::take(&mut *p))
}

/// Sends one request on a kept-alive connection and reads the whole response; returns its status.
async fn exchange(conn: &mut Option<TcpStream>, addr: SocketAddr, request: &[u8]) -> Result<u16, BoxError> {
    if conn.is_none() {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        *conn = Some(stream);
    }
    let stream = conn.as_mut().ok_or("no connection")?;
    stream.write_all(request).await?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err("connection closed".into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("bad status line")?;
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        .and_then(|v| v.parse().ok())
        .ok_or("no content-length")?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err("connection closed".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}
