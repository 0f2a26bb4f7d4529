//! Start-up benchmark (not a test): fills a fresh library with 10,000 clips,
//! starts the real app against it and reports the time from spawn to the
//! page's first paint, then the resident memory once it has settled, of the
//! app alone and with its WebKit helper processes. Each run is paired with a
//! peer, a bare WebKitGTK window (`tests/app/peer_webkit.py`), measured the
//! same way in the same moment, so the ratio holds on a busy machine and the
//! engine's own floor is visible. Needs a display (run it through
//! `tests/app/bench.sh`, which provides Xvfb and D-Bus).
//!
//! Usage: `afterword-desktop-bench [--clips N] [--runs N] [--peer FILE.py]`

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use afterword_library::{ClipId, ClipMedia, ClipStatus, Library, NewClip};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (clips, runs) = (arg("--clips", 10_000), arg("--runs", 3));
    let peer = args.iter().position(|a| a == "--peer").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let dir = std::env::temp_dir().join(format!("afterword-bench-{}", std::process::id()));
    let home = dir.join("library");
    let filled = Instant::now();
    fill(&home, clips)?;
    println!("library: {clips} clips in {:.1} s", filled.elapsed().as_secs_f64());
    let app = std::env::current_exe()?.with_file_name("afterword-desktop");
    for run in 1..=runs {
        let mut app = Command::new(&app);
        app.env("AFTERWORD_HOME", &home)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("RUST_LOG", "warn");
        let ours = measure(app, "afterword: first paint")?;
        report(&format!("run {run}: afterword"), &ours);
        if let Some(peer) = &peer {
            let spawned = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs_f64();
            let mut bare = Command::new("/usr/bin/python3");
            bare.arg(peer).arg(format!("{spawned:.3}"));
            let theirs = measure(bare, "peer: first paint")?;
            report(&format!("run {run}: bare WebKitGTK"), &theirs);
            breakdown(&ours.mapped, &theirs.mapped);
        }
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// `clips` ready clips sharing one thumbnail, in one transaction.
fn fill(home: &Path, clips: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut library = Library::open(home)?;
    std::fs::create_dir_all(library.clips_dir())?;
    let icon = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons/128x128@2x.png");
    std::fs::copy(icon, library.clips_dir().join("thumb.png"))?;
    library.in_transaction(|lib| {
        for i in 0..clips {
            let media = ClipMedia {
                duration_ms: 30_000 + (i as u64 % 600) * 1000,
                width: Some(1920),
                height: Some(1080),
                size_bytes: 5_000_000,
                media_path: format!("clips/bench-{i}.mp4"),
                thumbnail_path: Some("clips/thumb.png".into()),
                capture: Default::default(),
            };
            let new = NewClip { id: ClipId::new(), title: format!("Bench clip {i}"), status: ClipStatus::Ready, media };
            lib.add_clip(new)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// One start: its first paint, then after 5 s idle its main process's RSS,
/// with its descendants', and the main process's RSS per mapped file (kB).
struct Measured {
    paint: Duration,
    rss: u64,
    rss_all: u64,
    mapped: BTreeMap<String, u64>,
}

fn report(what: &str, m: &Measured) {
    println!(
        "{what}: first paint {} ms; idle RSS main process {} MB, with WebKit's processes {} MB",
        m.paint.as_millis(),
        m.rss / 1024,
        m.rss_all / 1024
    );
}

/// Where Afterword's main process differs from the bare window's: its own
/// executable, the shared libraries only it loads (FFmpeg and what it links,
/// mostly), those only the bare window loads (Mesa's OpenGL and libLLVM,
/// which Afterword keeps out of its window without a GPU: painting.rs), and
/// the rest (files both map, heap).
fn breakdown(ours: &BTreeMap<String, u64>, theirs: &BTreeMap<String, u64>) {
    let mb = |kb: u64| kb as f64 / 1024.0;
    let exe = ours.iter().filter(|(path, _)| path.ends_with("/afterword-desktop")).map(|(_, kb)| kb).sum::<u64>();
    let (ours_only, ours_kb, ours_largest) = libraries_only_in(ours, theirs);
    let (theirs_only, theirs_kb, theirs_largest) = libraries_only_in(theirs, ours);
    let shared = |m: &BTreeMap<String, u64>| -> u64 {
        m.iter()
            .filter(|(path, _)| path.starts_with('/') && ours.contains_key(*path) && theirs.contains_key(*path))
            .map(|(_, kb)| kb)
            .sum()
    };
    let anon = |m: &BTreeMap<String, u64>| -> u64 {
        m.iter().filter(|(path, _)| path.starts_with('[') || path.is_empty()).map(|(_, kb)| kb).sum()
    };
    println!(
        "  afterword against the bare window: executable {:.1} MB; {ours_only} libraries only it loads {:.1} MB \
         (largest: {ours_largest}); {theirs_only} libraries only the bare window loads {:.1} MB (largest: {theirs_largest}); \
         files both map {:.1} MB against {:.1}; heap and anonymous {:.1} MB against {:.1}",
        mb(exe),
        mb(ours_kb),
        mb(theirs_kb),
        mb(shared(ours)),
        mb(shared(theirs)),
        mb(anon(ours)),
        mb(anon(theirs)),
    );
}

/// The shared libraries `one` maps and `other` does not: how many, their
/// resident kB, and the four largest ("name MB, …").
fn libraries_only_in(one: &BTreeMap<String, u64>, other: &BTreeMap<String, u64>) -> (usize, u64, String) {
    let mut only: Vec<(&String, u64)> = one
        .iter()
        .filter(|(path, _)| path.contains(".so") && !other.contains_key(*path))
        .map(|(path, kb)| (path, *kb))
        .collect();
    only.sort_by_key(|(_, kb)| std::cmp::Reverse(*kb));
    let kb = only.iter().map(|(_, kb)| kb).sum();
    let largest: Vec<String> = only
        .iter()
        .take(4)
        .map(|(path, kb)| format!("{} {:.1}", path.rsplit('/').next().unwrap_or(path), *kb as f64 / 1024.0))
        .collect();
    (only.len(), kb, largest.join(", "))
}

/// Spawn to the line starting with `painted`, then RSS after 5 s idle (kB).
fn measure(mut command: Command, painted: &str) -> Result<Measured, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut paint = None;
    for line in BufReader::new(stdout).lines() {
        if line?.starts_with(painted) {
            paint = Some(started.elapsed());
            break;
        }
    }
    // The app opens on the Library page: its grid is what costs memory.
    std::thread::sleep(Duration::from_secs(5));
    let pid = child.id();
    let (rss, rss_all) = (rss_kb(pid), tree(pid).iter().map(|p| rss_kb(*p)).sum());
    let mapped = smaps(pid);
    let _ = child.kill();
    let _ = child.wait();
    Ok(Measured { paint: paint.ok_or("it exited before painting")?, rss, rss_all, mapped })
}

/// Resident kB per mapping name (a file's path, `[heap]`, `` for anonymous).
fn smaps(pid: u32) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut name = String::new();
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        match fields.next() {
            Some("Rss:") => {
                let kb: u64 = fields.next().and_then(|v| v.parse().ok()).unwrap_or(0);
                *out.entry(name.clone()).or_insert(0) += kb;
            }
            // A mapping's header: "start-end perms offset dev inode [name]".
            Some(range) if range.contains('-') && !range.ends_with(':') => {
                name = fields.nth(4).unwrap_or("").to_owned();
            }
            _ => {}
        }
    }
    out
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// `pid` and all its descendants.
fn tree(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        let children = PathBuf::from(format!("/proc/{parent}/task/{parent}/children"));
        if let Ok(text) = std::fs::read_to_string(children) {
            all.extend(text.split_whitespace().filter_map(|c| c.parse::<u32>().ok()));
        }
        i += 1;
    }
    all
}
