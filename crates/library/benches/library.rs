//! Library benchmark: builds a library of 100,000 clips, 20,000 documents and
//! 1,000,000 comments, then times what a person waits for: search, the
//! library grid's clip search and `--kind clip`, the newest clips, and one
//! clip with its 200 comments. Prints figures; asserts nothing.
//!
//!     cargo bench -p afterword-library --bench library [-- --scale 0.1]
//!
//! The library is kept under the target dir and reused when it already has the
//! requested size (delete it, or pass `--rebuild`, to time the build again).

use std::time::{Duration, Instant};

use afterword_library::{
    ClipId, ClipMedia, ClipQuery, ClipStatus, Library, NewClip, NewComment, SearchFilter, SearchKind,
};
use rand::{Rng, SeedableRng, rngs::StdRng};

const CLIPS: usize = 100_000;
const DOCUMENTS: usize = 20_000;
const COMMENTS: usize = 1_000_000;
const BATCH: usize = 20_000;

/// Words with Zipf-like frequencies, as in real notes: a few are everywhere,
/// most are rare.
struct Words(Vec<String>);

impl Words {
    fn new() -> Self {
        let base = [
            "the",
            "we",
            "release",
            "design",
            "review",
            "bug",
            "login",
            "page",
            "button",
            "header",
            "api",
            "deploy",
            "staging",
            "customer",
            "pricing",
            "roadmap",
            "onboarding",
            "latency",
            "cache",
            "migration",
            "database",
            "invoice",
            "mobile",
            "android",
            "safari",
            "checkout",
            "search",
            "export",
            "import",
            "sync",
            "budget",
            "hiring",
            "retro",
            "sprint",
            "okr",
            "incident",
            "postmortem",
            "feedback",
            "typo",
            "colour",
            "font",
        ];
        let mut words: Vec<String> = base.iter().map(|w| w.to_string()).collect();
        // A long tail of rarer words (project names, ticket-like terms).
        words.extend((0..20_000).map(|i| format!("{}{}", ["kilo", "nova", "orbit", "quartz", "zephyr"][i % 5], i)));
        Words(words)
    }

    fn pick(&self, rng: &mut StdRng) -> &str {
        // Inverse-power sampling gives a Zipf-like rank distribution.
        let u: f64 = rng.random_range(0.0..1.0);
        let rank = ((self.0.len() as f64).powf(u) - 1.0) as usize;
        &self.0[rank.min(self.0.len() - 1)]
    }

    fn sentence(&self, rng: &mut StdRng, n: usize) -> String {
        (0..n).map(|_| self.pick(rng)).collect::<Vec<_>>().join(" ")
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let scale = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0);
    let (clips, docs, comments) =
        ((CLIPS as f64 * scale) as usize, (DOCUMENTS as f64 * scale) as usize, (COMMENTS as f64 * scale) as usize);
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let home = std::path::PathBuf::from(target).join(format!("bench-library-{clips}"));
    if args.iter().any(|a| a == "--rebuild") {
        let _ = std::fs::remove_dir_all(&home);
    }

    let mut lib = Library::open(&home)?;
    let words = Words::new();
    let mut rng = StdRng::seed_from_u64(7);
    let busy_clip = if lib.clip_count()? as usize >= clips {
        println!("reusing the library at {} (--rebuild to time the build)", home.display());
        lib.clips(&ClipQuery { limit: 1, ..Default::default() })?[0].id
    } else {
        let started = Instant::now();
        let busy = build(&mut lib, &words, &mut rng, clips, docs, comments)?;
        let took = started.elapsed();
        println!(
            "build: {clips} clips, {docs} documents, {comments} comments in {:.1} s ({:.0} rows/s)",
            took.as_secs_f64(),
            (clips + docs + comments) as f64 / took.as_secs_f64()
        );
        busy
    };
    let db_bytes = std::fs::metadata(lib.db_path())?.len();
    println!("database: {:.0} MB", db_bytes as f64 / 1e6);

    let queries = [
        "pricing",
        "safari checkout",
        "latency cache",
        "orbit12",
        "quartz2008",
        "roadmap review",
        "zephyr19",
        "onboard*",
        "the release",
    ];
    let mut all = Vec::new();
    println!("\n{:<18} {:>8} {:>9} {:>9}", "search", "hits", "p50 ms", "p95 ms");
    for q in queries {
        let hits = lib.search(q, 20)?.len();
        let times = time(30, || {
            lib.search(q, 20).map(drop).ok();
        });
        println!("{:<18} {:>8} {:>9.2} {:>9.2}", q, hits, pct(&times, 50), pct(&times, 95));
        all.extend(times);
    }
    println!("{:<18} {:>8} {:>9.2} {:>9.2}", "all queries", "", pct(&all, 50), pct(&all, 95));

    // The library grid's search and `--kind clip`: clips are a tenth of the
    // items, so these are the searches that other kinds' matches can crowd.
    let only_clips = SearchFilter { kinds: vec![SearchKind::Clip], ..Default::default() };
    let (mut grid, mut kind) = (Vec::new(), Vec::new());
    println!(
        "\n{:<18} {:>8} {:>9} {:>9} {:>8} {:>9} {:>9}",
        "clip search", "clips", "p50 ms", "p95 ms", "--kind", "p50 ms", "p95 ms"
    );
    for q in queries {
        let clips = lib.search_clips(q, 50)?.len();
        let g = time(30, || {
            lib.search_clips(q, 50).map(drop).ok();
        });
        let hits = lib.search_filtered(q, &only_clips, 20)?.len();
        let k = time(30, || {
            lib.search_filtered(q, &only_clips, 20).map(drop).ok();
        });
        println!(
            "{:<18} {:>8} {:>9.2} {:>9.2} {:>8} {:>9.2} {:>9.2}",
            q,
            clips,
            pct(&g, 50),
            pct(&g, 95),
            hits,
            pct(&k, 50),
            pct(&k, 95)
        );
        grid.extend(g);
        kind.extend(k);
    }
    println!(
        "{:<18} {:>8} {:>9.2} {:>9.2} {:>8} {:>9.2} {:>9.2}",
        "all queries",
        "",
        pct(&grid, 50),
        pct(&grid, 95),
        "",
        pct(&kind, 50),
        pct(&kind, 95)
    );

    let list = time(100, || {
        lib.clips(&ClipQuery { limit: 50, ..Default::default() }).map(drop).ok();
    });
    let one = time(100, || {
        lib.clip(busy_clip).and_then(|_| lib.comments(busy_clip)).map(drop).ok();
    });
    println!("\n{:<32} {:>9} {:>9}", "read", "p50 ms", "p95 ms");
    println!("{:<32} {:>9.2} {:>9.2}", "newest 50 clips", pct(&list, 50), pct(&list, 95));
    println!(
        "{:<32} {:>9.2} {:>9.2}",
        format!("one clip + its {} comments", lib.comments(busy_clip)?.len()),
        pct(&one, 50),
        pct(&one, 95)
    );
    Ok(())
}

/// Fills the library in batches of one transaction each; returns the clip
/// that gets exactly 200 comments (the newest).
fn build(
    lib: &mut Library,
    words: &Words,
    rng: &mut StdRng,
    clips: usize,
    docs: usize,
    comments: usize,
) -> Result<ClipId, afterword_library::Error> {
    let mut ids = Vec::with_capacity(clips);
    for chunk in (0..clips).collect::<Vec<_>>().chunks(BATCH) {
        lib.in_transaction(|lib| {
            for _ in chunk {
                let id = ClipId::new();
                let media = ClipMedia {
                    duration_ms: rng.random_range(10_000..600_000),
                    width: Some(1920),
                    height: Some(1080),
                    size_bytes: 5_000_000,
                    media_path: format!("clips/{id}.mp4"),
                    ..Default::default()
                };
                let n = rng.random_range(3..8);
                lib.add_clip(NewClip { id, title: words.sentence(rng, n), status: ClipStatus::Ready, media })?;
                ids.push(id);
            }
            Ok(())
        })?;
    }
    for chunk in (0..docs).collect::<Vec<_>>().chunks(BATCH) {
        lib.in_transaction(|lib| {
            for _ in chunk {
                let n = rng.random_range(3..8);
                let body = (0..rng.random_range(3..12))
                    .map(|_| {
                        let n = rng.random_range(8..20);
                        words.sentence(rng, n)
                    })
                    .collect::<Vec<_>>()
                    .join(".\n");
                lib.new_document(&words.sentence(rng, n), &body)?;
            }
            Ok(())
        })?;
    }
    let busy = *ids.last().expect("at least one clip");
    for (start, chunk) in (0..comments).collect::<Vec<_>>().chunks(BATCH).enumerate().map(|(i, c)| (i * BATCH, c)) {
        lib.in_transaction(|lib| {
            for i in chunk {
                // The newest clip gets the first 200 comments; the rest spread out.
                let clip = if *i < 200 { busy } else { ids[rng.random_range(0..ids.len() - 1)] };
                let n = rng.random_range(4..25);
                lib.add_comment(NewComment {
                    clip_id: Some(clip),
                    at_ms: Some(rng.random_range(0..10_000)),
                    body: words.sentence(rng, n),
                    ..Default::default()
                })?;
            }
            let _ = start;
            Ok(())
        })?;
    }
    Ok(busy)
}

fn time(n: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm the page cache and the statement cache
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn pct(times: &[Duration], p: usize) -> f64 {
    let mut v: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) * p / 100).min(v.len() - 1)]
}
