//! Object storage benchmark (not a test), against a real Garage node on loopback:
//!
//! 1. upload throughput of a ~50 MB clip: `afterword_storage::publish` (hashing,
//!    8 MiB parts, 4 in flight) next to `aws s3 cp` of the same file, same run;
//! 2. latency of 256 KiB range reads of the published clip: straight from the
//!    store (object_store), through the share server playing it from the store,
//!    and through the share server reading the local file (for reference).
//!
//! ```text
//! cargo bench -p afterword-storage --bench storage     # needs garage, ffmpeg and the aws CLI (pip install awscli)
//! BENCH_RUNS=5 BENCH_READS=500 cargo bench -p afterword-storage --bench storage
//! ```
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::{
    net::SocketAddr,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use afterword_library::{ClipId, Library, NewShareLink, ObjectRole};
use afterword_share::{OwnerKey, ShareConfig, ShareState, Viewer};
use afterword_storage::{Keys, NoProgress, PublishOptions, Store, import, publish};
use common::garage::{self, Garage};
use futures::TryStreamExt;
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const RANGE: u64 = 256 * 1024;

fn main() -> Result<(), BoxError> {
    let runs: usize = env_or("BENCH_RUNS", 3);
    let reads: usize = env_or("BENCH_READS", 200);
    let garage = Garage::start();
    let file = common::large_clip();
    let len = std::fs::metadata(&file)?.len();
    let mb = len as f64 / 1e6;
    println!("afterword storage benchmark: {mb:.1} MB clip, Garage 2.5.0 on loopback, {runs} uploads each");

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let (_dir, mut lib) = common::library();
    common::add_target(&mut lib, "team", &garage.endpoint());
    let store = Store::open_with(&lib.storage_target("team")?, keys())?;

    let mut ours = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let clip = common::add_clip(&mut lib, &file, None);
        let started = Instant::now();
        runtime.block_on(publish(&mut lib, &store, clip, PublishOptions::default(), &NoProgress))?;
        ours.push(started.elapsed());
        last = Some(clip);
    }
    let aws = aws_uploads(&garage, &file, runs)?;
    let startup = aws_startup()?;
    report_upload("afterword publish", mb, &ours);
    report_upload("aws s3 cp", mb, &aws);
    println!("  (aws CLI start-up alone, `aws --version`: {:.0} ms)", startup.as_secs_f64() * 1e3);

    let clip = last.ok_or("no runs")?;
    let key =
        lib.publication(clip, "team")?.and_then(|p| p.object(ObjectRole::Media).cloned()).ok_or("unpublished")?.key;
    let offsets = offsets(len, reads);
    runtime.block_on(async {
        let direct = timed(&offsets, |start| {
            let (store, key) = (store.clone(), key.clone());
            async move {
                let got = store.get_range(&key, start..start + RANGE).await?;
                let chunks: Vec<bytes::Bytes> = got.stream.try_collect().await?;
                Ok::<_, BoxError>(chunks.iter().map(|c| c.len()).sum::<usize>())
            }
        })
        .await?;

        let (other_dir, token) = imported_library(&garage, clip).await?;
        let from_store = share_reads(other_dir.path(), &token, &offsets).await?;
        let token = lib
            .create_share(NewShareLink { clip_id: clip, expires_at: None, password_hash: None, allow_download: true })?
            .1;
        let local = share_reads(lib.home(), token.as_str(), &offsets).await?;
        println!("256 KiB range reads, {reads} at random offsets, one connection each way (ms):");
        report_latency("object_store straight from Garage", &direct);
        report_latency("share server, clip in the store", &from_store);
        report_latency("share server, local file", &local);
        Ok::<_, BoxError>(())
    })
}

fn keys() -> Keys {
    Keys::new(garage::KEY_ID, garage::SECRET)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn aws(garage: &Garage) -> Command {
    let mut cmd = Command::new("aws");
    cmd.env("AWS_ACCESS_KEY_ID", garage::KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", garage::SECRET)
        .env("AWS_DEFAULT_REGION", garage::REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["--endpoint-url", &garage.endpoint()]);
    cmd
}

fn aws_uploads(garage: &Garage, file: &Path, runs: usize) -> Result<Vec<Duration>, BoxError> {
    let mut times = Vec::new();
    for i in 0..runs {
        let started = Instant::now();
        let dest = format!("s3://{}/bench/aws-{i}.mp4", garage::BUCKET);
        let out = aws(garage).args(["s3", "cp", "--only-show-errors"]).arg(file).arg(dest).output()?;
        if !out.status.success() {
            return Err(format!("aws s3 cp: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        times.push(started.elapsed());
    }
    Ok(times)
}

fn aws_startup() -> Result<Duration, BoxError> {
    let started = Instant::now();
    Command::new("aws").arg("--version").output()?;
    Ok(started.elapsed())
}

fn report_upload(what: &str, mb: f64, times: &[Duration]) {
    let secs: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    let best = secs.iter().cloned().fold(f64::MAX, f64::min);
    let mean = secs.iter().sum::<f64>() / secs.len() as f64;
    println!("  {what:<20} best {best:.2} s ({:.0} MB/s), mean {mean:.2} s ({:.0} MB/s)", mb / best, mb / mean);
}

/// Evenly spread, shuffled offsets (a fixed pattern: runs compare).
fn offsets(len: u64, n: usize) -> Vec<u64> {
    let span = len - RANGE;
    (0..n as u64).map(|i| (i * 7919 % n as u64) * span / n as u64).collect()
}

async fn timed<F, Fut>(offsets: &[u64], mut read: F) -> Result<Vec<Duration>, BoxError>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<usize, BoxError>>,
{
    let mut out = Vec::with_capacity(offsets.len());
    for &start in offsets {
        let t = Instant::now();
        let got = read(start).await?;
        out.push(t.elapsed());
        if got as u64 != RANGE {
            return Err(format!("read {got} bytes, wanted {RANGE}").into());
        }
    }
    Ok(out)
}

/// A second library that has the clip only as published, with a link to it.
async fn imported_library(garage: &Garage, clip: ClipId) -> Result<(tempfile::TempDir, String), BoxError> {
    let (dir, mut other) = common::library();
    common::add_target(&mut other, "team", &garage.endpoint());
    let store = Store::open_with(&other.storage_target("team")?, keys())?;
    import(&mut other, &store, clip).await?;
    let link = NewShareLink { clip_id: clip, expires_at: None, password_hash: None, allow_download: true };
    let token = other.create_share(link)?.1.as_str().to_owned();
    Ok((dir, token))
}

/// Serves the library at `home` on loopback and reads `offsets` by link over one kept-alive connection.
async fn share_reads(home: &Path, token: &str, offsets: &[u64]) -> Result<Vec<Duration>, BoxError> {
    let bundle = home.join("viewer");
    std::fs::create_dir_all(&bundle)?;
    std::fs::write(bundle.join("viewer.html"), "<html><head></head></html>")?;
    let state = ShareState::with_parts(
        Library::open(home)?,
        ShareConfig::new("http://127.0.0.1"),
        Viewer::from_dir(&bundle)?,
        OwnerKey::random(),
    )
    .with_store_keys(keys());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = afterword_share::router(state).into_make_service_with_connect_info::<SocketAddr>();
    // As `afterword serve` runs it (TCP_NODELAY on its sockets made no difference).
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut conn = BufReader::new(stream);
    let path = format!("/s/{token}/video");
    let mut times = Vec::with_capacity(offsets.len());
    for &start in offsets {
        let t = Instant::now();
        let got = http_range(&mut conn, &path, start, start + RANGE - 1).await?;
        times.push(t.elapsed());
        if got as u64 != RANGE {
            return Err(format!("share server sent {got} bytes, wanted {RANGE}").into());
        }
    }
    server.abort();
    Ok(times)
}

/// One ranged GET on a kept-alive HTTP/1.1 connection; returns the body's length.
async fn http_range(conn: &mut BufReader<TcpStream>, path: &str, start: u64, end: u64) -> Result<usize, BoxError> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nRange: bytes={start}-{end}\r\n\r\n");
    conn.get_mut().write_all(req.as_bytes()).await?;
    let mut line = String::new();
    let mut length = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).await?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse()?;
        }
    }
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).await?;
    Ok(length)
}

fn report_latency(what: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!("  {what:<36} p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}", at(0.5), at(0.9), at(0.99), at(1.0));
}
