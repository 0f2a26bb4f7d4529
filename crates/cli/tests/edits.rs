//! `afterword clips trim|cut|split|edits|render` through the real binary:
//! edits are saved as data and rendered before the command returns, times are
//! typed as the clip plays now, feedback follows, the share link serves the
//! cut, a killed render loses nothing, and bad input is one line, exit 2,
//! with nothing changed.

mod common;

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use common::{Home, frame_index};

fn kept(edit: &serde_json::Value) -> Vec<(u64, u64)> {
    edit["kept"]
        .as_array()
        .expect("kept ranges")
        .iter()
        .map(|r| (r["start_ms"].as_u64().expect("start"), r["end_ms"].as_u64().expect("end")))
        .collect()
}

#[test]
fn trim_and_cut_in_the_times_the_player_shows() {
    let home = Home::new();
    let clip = home.video("Walkthrough", 60, "320x240", &[]);
    let edit = home.json(&["clips", "trim", &clip, "--start", "0:05", "--end", "55"]);
    assert_eq!((kept(&edit), edit["revision"].as_u64()), (vec![(5_000, 55_000)], Some(1)));
    let out = home.ok(&["clips", "cut", &clip, "--from", "0:10", "--to", "0:20"]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("Cut: plays 0:40 of 1:00 (kept 0:05–0:15, 0:25–0:55 of the original)"));
    assert!(lines.next().is_some_and(|l| l.starts_with("Ready to share: rendered 0:40 in ")), "{out}");
    let edit = home.json(&["clips", "trim", &clip, "--end", "0:30"]);
    assert_eq!(kept(&edit), [(5_000, 15_000), (25_000, 45_000)]);
    let shown = home.json(&["clips", "show", &clip]);
    assert_eq!((shown["media_duration_ms"].as_u64(), shown["duration_ms"].as_u64()), (Some(60_000), Some(30_000)));
    assert!(home.ok(&["clips", "list"]).contains("    0:30  Walkthrough"));
}

#[test]
fn edits_show_where_feedback_plays_and_reset_brings_it_back() {
    let home = Home::new();
    let clip = home.video("Walkthrough", 60, "320x240", &[]);
    home.ok(&["comment", "add", &clip, "--at", "0:02", "is this recording?"]);
    home.ok(&["comment", "add", &clip, "--at", "0:30", "nice"]);
    home.ok(&["react", &clip, "--at", "0:40", "👍"]);
    home.ok(&["clips", "trim", &clip, "--start", "0:10"]);

    let out = home.ok(&["clips", "edits", &clip]);
    assert!(out.starts_with("Plays 0:50 of 1:00 (kept 0:10–1:00 of the original) (revision 1)"), "{out}");
    assert!(out.contains("\n  [0:20] Me: nice  ("), "{out}");
    assert!(out.contains("[in a removed part, originally 0:02]"), "{out}");
    assert!(out.contains("Reactions\n  [0:30] 👍"), "{out}");
    let fb = home.json(&["clips", "edits", &clip]);
    let removed: Vec<_> = fb["comments"].as_array().expect("comments").iter().map(|m| m["removed"].as_bool()).collect();
    assert_eq!(removed, [Some(false), Some(true)]);

    let fb = home.json(&["clips", "edits", &clip, "--reset"]);
    assert_eq!((kept(&fb["edit"]), fb["edit"]["revision"].as_u64()), (vec![(0, 60_000)], Some(2)));
    assert!(fb["comments"].as_array().expect("comments").iter().all(|m| m["removed"] == false));
    assert_eq!(fb["comments"][0]["edited_at_ms"].as_u64(), Some(2_000));
}

#[test]
fn split_gives_the_second_clip_the_later_feedback() {
    let home = Home::new();
    let clip = home.video("Walkthrough", 60, "320x240", &[]);
    home.ok(&["comment", "add", &clip, "--at", "0:10", "first half"]);
    home.ok(&["comment", "add", &clip, "--at", "0:45", "second half"]);
    let split = home.json(&["clips", "split", &clip, "--at", "0:40"]);
    let second = split["second"]["id"].as_str().expect("second id").to_owned();
    assert_eq!(split["first"]["duration_ms"].as_u64(), Some(40_000));
    assert_eq!(split["second"]["duration_ms"].as_u64(), Some(20_000));
    assert_eq!(split["second"]["media_path"], split["first"]["media_path"]);
    let bodies = |id: &str| {
        home.json(&["comment", "list", id])
            .as_array()
            .expect("list")
            .iter()
            .map(|c| c["body"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(&clip), ["first half"]);
    assert_eq!(bodies(&second), ["second half"]);
    let fb = home.json(&["clips", "edits", &second]);
    assert_eq!(fb["comments"][0]["edited_at_ms"].as_u64(), Some(5_000));

    let out = home.ok(&["clips", "edits", &second, "--reset"]);
    assert!(out.contains("Plays 0:20, all of its side of a split (0:40–1:00 of the original)"), "{out}");
    home.ok(&["clips", "delete", &clip, "--yes"]);
    let file = home.0.path().join(split["second"]["media_path"].as_str().expect("media path"));
    assert!(file.exists(), "the second clip still plays the file");
    home.ok(&["clips", "delete", &second, "--yes"]);
    assert!(!file.exists(), "the last clip takes the file with it");
}

#[test]
fn bad_edits_get_one_line_exit_2_and_change_nothing() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 10_000);
    let missing = "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f";
    let cases: [(&[&str], &str); 9] = [
        (&["clips", "trim", &clip, "--start", "0:12"], "0:12 is past the end of the clip (0:10)"),
        (&["clips", "trim", &clip, "--start", "0:02", "--end", "0:11"], "0:11 is past the end of the clip (0:10)"),
        (&["clips", "trim", &clip, "--start", "0:05", "--end", "0:02"], "the end must be the later time"),
        (&["clips", "cut", &clip, "--from", "0:00.2", "--to", "0:09.9"], "at least 0:00.500 must remain"),
        (&["clips", "split", &clip, "--at", "0:09.8"], "the edit would leave 0:00.200"),
        (&["clips", "cut", missing, "--from", "1", "--to", "2"], "no clip with id"),
        (&["clips", "trim", &clip, "--start", "soon"], "soon"),
        (&["clips", "trim", &clip], "give --start, --end or both"),
        (&["clips", "split", &clip], "required arguments were not provided"),
    ];
    for (args, expected) in cases {
        let err = home.refused(args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(home.count("clip_edits"), 0, "nothing was saved");
    assert_eq!(home.count("clips"), 1);
}

/// Beeps of the 20 s clip, on its original timeline.
const BEEPS_MS: [u64; 4] = [2_000, 10_000, 13_500, 17_200];

/// The first frame of `path` as grey pixels, and its width.
fn first_frame(path: &Path) -> (Vec<u8>, usize) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        .output()
        .expect("ffmpeg decodes");
    assert!(out.status.success());
    (out.stdout, 320)
}

/// The file's duration (ms) by ffprobe, as a browser's player would read it.
fn probed_ms(path: &Path) -> u64 {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    let secs: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().expect("a duration");
    (secs * 1000.0).round() as u64
}

/// Where beeps start (ms): loud after at least 0.3 s of quiet, in the audio
/// decoded from `path` as a browser would.
fn beeps(path: &Path) -> Vec<u64> {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(path)
        .args(["-ac", "1", "-ar", "48000", "-f", "f32le", "-"])
        .output()
        .expect("ffmpeg decodes");
    let samples: Vec<f32> = out.stdout.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    let (mut found, mut quiet) = (Vec::new(), 48_000);
    for (i, s) in samples.iter().enumerate() {
        if s.abs() > 0.1 {
            if quiet >= 14_400 {
                found.push(i as u64 * 1000 / 48_000);
            }
            quiet = 0;
        } else {
            quiet += 1;
        }
    }
    found
}

/// `afterword serve` on a free port of this machine; stopped when dropped.
struct Server(Child, String);

impl Server {
    fn start(home: &Home) -> Server {
        let mut child = home
            .command(&["serve", "--bind", "127.0.0.1:0", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        // The first JSON document it prints says where it listens.
        let (mut out, mut text) = (BufReader::new(child.stdout.take().expect("stdout")), String::new());
        let started: serde_json::Value = loop {
            assert!(out.read_line(&mut text).expect("the address") > 0, "serve stopped: {text}");
            if let Ok(started) = serde_json::from_str(&text) {
                break started;
            }
        };
        let addr = started["listening"].as_str().expect("listening").trim_start_matches("http://").to_owned();
        Server(child, addr)
    }

    /// A GET with a byte range: the status line, the headers and the body.
    fn get_range(&self, path: &str, range: &str) -> (String, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.1).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nRange: {range}\r\nConnection: close\r\n\r\n", self.1)
            .expect("send");
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).expect("read");
        let split = reply.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
        let head = String::from_utf8_lossy(&reply[..split]).into_owned();
        let (status, headers) = head.split_once("\r\n").expect("a status line");
        (status.to_owned(), headers.to_lowercase(), reply[split + 4..].to_vec())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn comments(home: &Home, clip: &str) -> Vec<(String, u64, bool)> {
    let list = home.json(&["comment", "list", clip]);
    list.as_array()
        .expect("comments")
        .iter()
        .map(|c| (c["body"].as_str().expect("body").to_owned(), c["at_ms"].as_u64().expect("at"), c["removed"] == true))
        .collect()
}

#[test]
fn a_trim_and_a_cut_make_a_frame_accurate_cut_in_sync_that_the_link_serves() {
    let home = Home::new();
    let clip = home.video("Beeps", 20, "320x240", &BEEPS_MS);
    let original = home.0.path().join(home.json(&["clips", "show", &clip])["media_path"].as_str().expect("media"));
    let original_bytes = std::fs::read(&original).expect("original");
    home.ok(&["comment", "add", &clip, "--at", "0:03", "before the cut"]);
    home.ok(&["comment", "add", &clip, "--at", "0:10", "in the cut"]);
    home.ok(&["comment", "add", &clip, "--at", "0:15", "after the cut"]);
    let link = home.json(&["share", &clip]);
    let token = link["url"].as_str().expect("url").rsplit('/').next().expect("token").to_owned();

    // Trim 0.7 s off each end; then cut 9.3–11.1 s of the original, typed as
    // it plays after the trim (8.6–10.4).
    home.json(&["clips", "trim", &clip, "--start", "0:00.7", "--end", "0:19.3"]);
    let cut = home.json(&["clips", "cut", &clip, "--from", "8.6", "--to", "10.4"]);
    assert_eq!(kept(&cut), [(700, 9_300), (11_100, 19_300)]);
    let rendered = PathBuf::from(cut["playback"]["path"].as_str().expect("the file that plays it"));
    assert!(cut["playback"]["rendered"]["took_ms"].is_u64(), "rendered before the command returned: {cut}");
    // Short enough (16.8 s kept) for its audio to be cut to the sample.
    assert_eq!(cut["playback"]["rendered"]["audio"], "exact", "{cut}");
    assert!(rendered.starts_with(home.0.path().join("renders")), "{}", rendered.display());

    // The first frame is the 21st of the original (0.7 s at 30 fps), ±1.
    let (gray, width) = first_frame(&rendered);
    let first = frame_index(&gray, width);
    assert!((20..=22).contains(&first), "the edit starts at frame {first}");
    // 16.8 s kept, ±1 frame (and an AAC packet of rounding at the end).
    let duration = probed_ms(&rendered);
    assert!(duration.abs_diff(16_800) <= 34, "the cut plays {duration} ms");
    // The beep at 13.5 s plays at 13.5 − 0.7 − 1.8 = 11.0 s; 2.0 s at 1.3 s;
    // 17.2 s at 14.7 s; the one at 10.0 s was cut.
    let heard = beeps(&rendered);
    assert_eq!(heard.len(), 3, "{heard:?}");
    for (heard, expected) in heard.iter().zip([1_300, 11_000, 14_700]) {
        assert!(heard.abs_diff(expected) <= 20, "a beep at {heard} ms, expected at {expected} ms");
    }
    assert_eq!(std::fs::read(&original).expect("original"), original_bytes, "the original is never changed");

    // Comments moved with the edit; the one in the cut is kept, marked.
    let expected = [
        ("before the cut".to_owned(), 2_300, false),
        ("in the cut".to_owned(), 8_600, true),
        ("after the cut".to_owned(), 12_500, false),
    ];
    assert_eq!(comments(&home, &clip), expected);
    let listed = home.ok(&["comment", "list", &clip]);
    assert!(listed.contains("[in a removed part, at the cut at 0:08.600] Me: in the cut"), "{listed}");

    // The link made before the edit serves the cut, with byte ranges.
    let server = Server::start(&home);
    let (status, headers, body) = server.get_range(&format!("/s/{token}/video"), "bytes=0-1023");
    assert!(status.contains("206"), "{status}");
    let render_bytes = std::fs::read(&rendered).expect("render");
    assert_eq!(body, render_bytes[..1024]);
    assert!(headers.contains(&format!("content-range: bytes 0-1023/{}", render_bytes.len())), "{headers}");

    // A reset brings back the whole original and the comment in the cut.
    home.json(&["clips", "edits", &clip, "--reset"]);
    assert!(comments(&home, &clip).iter().all(|(_, _, removed)| !removed));
    assert_eq!(comments(&home, &clip)[1].1, 10_000);
    assert!(!rendered.exists(), "the render of the old edit is removed");
    assert!(
        std::fs::read_dir(home.0.path().join("renders"))
            .expect("renders")
            .flatten()
            .all(|e| { e.file_name() == ".lock" })
    );
}

#[test]
fn a_render_killed_midway_leaves_the_original_and_the_last_cut_playable() {
    let home = Home::new();
    let clip = home.import_lavfi("Long", "testsrc2=s=1280x720:r=30:d=60", "sine=f=440:r=48000:d=60");
    let first = home.json(&["clips", "trim", &clip, "--start", "0:01"]);
    let first_cut = PathBuf::from(first["playback"]["path"].as_str().expect("render"));
    let first_bytes = std::fs::read(&first_cut).expect("render");
    let renders = home.0.path().join("renders");
    let partial = || {
        let mut files = std::fs::read_dir(&renders).expect("renders").flatten();
        files.any(|e| e.path().extension() == Some("partial".as_ref()))
    };

    // Kill -9 a cut while its render is being written.
    let mut child = home
        .command(&["clips", "cut", &clip, "--from", "0:20", "--to", "0:30"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cut starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !partial() && Instant::now() < deadline && child.try_wait().expect("wait").is_none() {
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(partial(), "the render was caught midway");
    child.kill().expect("kill -9");
    child.wait().expect("reaped");

    // The edit was saved; its cut is not made yet, and nothing half-made plays.
    let shown = home.json(&["clips", "show", &clip]);
    assert_eq!(shown["duration_ms"].as_u64(), Some(49_000));
    assert!(shown["playback_path"].is_null(), "nothing plays until the cut is made: {shown}");
    assert_eq!(std::fs::read(&first_cut).expect("the last cut"), first_bytes, "the last cut is as it was");
    assert_eq!(probed_ms(&home.0.path().join(shown["media_path"].as_str().expect("media"))), 60_000);

    // `clips render` makes it, and sweeps what the killed render left.
    let made = home.json(&["clips", "render"]);
    let path = PathBuf::from(made[0]["path"].as_str().expect("made"));
    assert!(probed_ms(&path).abs_diff(49_000) <= 34);
    // 49 s kept: past the 30 s whose audio is cut to the sample, so AAC
    // packets are copied and the render takes about what its video takes.
    assert_eq!(made[0]["rendered"]["audio"], "packets", "{made}");
    assert!(!partial() && !first_cut.exists(), "the partial and the replaced cut are gone");
}
