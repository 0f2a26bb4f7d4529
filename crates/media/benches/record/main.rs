//! Recording benchmark (not a test): the same scripted 1920x1080 Xvfb scenes
//! recorded by Afterword, the FFmpeg CLI and GStreamer, interleaved, at equal
//! settings (30 fps, x264 veryfast CRF/quantizer 23, AAC 128 kb/s 48 kHz,
//! cursor drawn). Run: `cargo bench -p afterword-media --bench record`
//! (`BENCH_SCENES` / `BENCH_RECORDERS` / `BENCH_SECONDS` / `BENCH_KEEP` /
//! `BENCH_WRAP`: see `chosen`, `main`, `spawn`).
//!
//! Each recorder runs as a child of GNU `time` (CPU seconds, peak RSS). At
//! 5 s the scene flashes white while the test tone is unmuted; the output's
//! first white frame and first loud audio give the A/V offset (positive =
//! audio late). The marker itself is imperfect by about ±20 ms: `pactl`
//! unmutes a few ms before the flash is painted, and the null sink adds its
//! own block latency; both are the same for every recorder. "start Δ" is the
//! first audio sample minus the first video frame in the file.
//!
//! SSIM: beside each recorder, `ffmpeg` (at nice 19) keeps a lossless
//! capture of the same screen (x11grab, 15 fps, libx264rgb -qp 0); the
//! output is compared with it from the flash on (both aligned on their first
//! white frame, both at 15 fps, in 4:2:0), so the score is what the encoder
//! and the capture lost, the same way for every recorder. The idle scene has
//! no flash (nothing may change), so it is compared from the start and has
//! no A/V figure.
//!
//! The camera bubble: `afterword+cam` and `ffmpeg+cam` record the static and
//! busy scenes with a fake PipeWire camera (`camera.rs`) drawn as Afterword's
//! default bubble (a 240 px circle 24 px from the bottom-right corner).
//! FFmpeg 5.1 has no PipeWire input, so its peer is fed the same camera by
//! `gst-launch-1.0 pipewiresrc ! fdsink` through a FIFO, and both processes
//! count (CPU: `time` over the shell that waits for both; peak: the sum of
//! each one's). Their SSIM leaves the bubble's square out (the reference has
//! no camera); "bubble" is the share of frames (from 1 s on) whose bubble
//! centre differs from the screen beside it, "yes" from half on (a control
//! on the other rows: 0 %; the camera's white bar passing the centre on the
//! flashed, white screen keeps it near 90 %).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod camera;
#[allow(dead_code)]
#[path = "../../tests/common/decode.rs"]
mod decode;
#[allow(dead_code)]
#[path = "../../tests/common/env.rs"]
mod env;
mod scene;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use afterword_media::{Bubble, CaptureArea, Microphone, MicrophoneChoice, RecordOptions, Recorder, X11Screen};

const SECONDS: u64 = 20;
const FPS: u32 = 30;
const MARKER_AT: Duration = Duration::from_secs(5);
const RECORDERS: [&str; 5] = ["afterword", "afterword+cam", "ffmpeg", "ffmpeg+cam", "gstreamer"];

/// The screen and the sound the recorders record.
#[derive(Debug)]
struct Rig {
    x: env::Xvfb,
    pulse: env::Pulse,
    /// The test tone's sink input.
    sine: String,
}

/// A fake camera and the FFmpeg peer's mask, for a `+cam` run.
#[derive(Debug)]
struct Cam<'a> {
    camera: camera::FakeCamera,
    mask: &'a Path,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--afterword-child") {
        let camera = args.iter().position(|a| a == "--camera").map(|c| args[c + 1].as_str());
        return afterword_child(Path::new(&args[i + 1]), camera);
    }
    let x = env::Xvfb::start(1920, 1080);
    let pulse = env::Pulse::start();
    // BENCH_KEEP=DIR keeps the recordings (and their logs) there.
    let kept = std::env::var_os("BENCH_KEEP").map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).unwrap();
    let sine = sine_input(&pulse);
    let rig = Rig { x, pulse, sine };
    // BENCH_SECONDS: another length per run (start-up then weighs less or more).
    let seconds = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(SECONDS);
    println!("1920x1080 Xvfb {} , {seconds} s per run, {FPS} fps; 2 cores\n", rig.x.display);
    // The `+cam` rows, when a camera can be made here.
    let wants_camera = RECORDERS.iter().any(|r| r.ends_with("+cam") && chosen("BENCH_RECORDERS", r))
        && ["static", "busy"].iter().any(|s| chosen("BENCH_SCENES", s));
    let mut cameras = wants_camera
        && match camera::FakeCamera::missing() {
            Some(why) => {
                println!("no camera here, so no +cam rows: {why}\n");
                false
            }
            None => true,
        };
    let mask = dir.join("bubble-mask.png");
    if cameras {
        camera::write_mask(&mask, Bubble::default().size);
    }
    println!(
        "{:<8} {:<13} {:>10} {:>9} {:>8} {:>8} {:>12} {:>10} {:>10} {:>8}",
        "scene", "recorder", "cpu s/s", "peak MB", "MB/min", "SSIM", "frames/drop", "A/V ms", "start Δ ms", "bubble"
    );
    for scene in [scene::Kind::Idle, scene::Kind::Static, scene::Kind::Busy] {
        if !chosen("BENCH_SCENES", &format!("{scene:?}")) {
            continue;
        }
        let mut cpu = std::collections::HashMap::new();
        for recorder in RECORDERS {
            if !chosen("BENCH_RECORDERS", recorder) {
                continue;
            }
            let with_camera = recorder.ends_with("+cam");
            if with_camera && (scene == scene::Kind::Idle || !cameras) {
                continue;
            }
            let cam = match with_camera.then(|| camera::FakeCamera::start(camera::PATTERN)).transpose() {
                Ok(camera) => camera.map(|camera| Cam { camera, mask: &mask }),
                Err(why) => {
                    println!("no camera, so no more +cam rows: {why}");
                    cameras = false;
                    continue;
                }
            };
            let out = dir.join(format!("{scene:?}-{recorder}.mp4"));
            let row = run(&rig, scene, recorder, &out, seconds, cam.as_ref());
            drop(cam);
            cpu.insert(recorder, row.cpu / row.seconds);
            println!(
                "{:<8} {:<13} {:>10.3} {:>9.1} {:>8.2} {:>8} {:>12} {:>10} {:>10} {:>8}",
                format!("{scene:?}"),
                recorder,
                row.cpu / row.seconds,
                row.peak_kb as f64 / 1024.0,
                row.bytes as f64 / 1e6 / row.seconds * 60.0,
                row.ssim.map_or("n/a".into(), |v| format!("{v:.4}")),
                match row.dropped {
                    Some(d) => format!("{}/{d}", row.frames),
                    None => row.frames.to_string(),
                },
                row.av_offset_ms.map_or("n/a".into(), |v| format!("{v:+}")),
                format!("{:+}", row.start_delta_ms),
                match row.bubble {
                    // Not 100 %: after the flash, the camera's white bar
                    // matches the white screen as it scrolls past.
                    Some(seen) => format!("{} {:.0}%", if seen >= 0.5 { "yes" } else { "no" }, seen * 100.0),
                    None => "n/a".into(),
                },
            );
            if let Some(feeder) = row.feeder_cpu {
                println!("{:<22} (of which gst-launch pipewiresrc feeding it: {:.3})", "", feeder / row.seconds);
            }
        }
        let pair = |a: &str, b: &str| cpu.get(a).zip(cpu.get(b)).map(|(a, b)| (a - b, a / b));
        if let Some((added, times)) = pair("afterword+cam", "afterword") {
            println!("{scene:?}: the bubble adds {added:.3} cpu s/s to afterword ({times:.2}x)");
        }
        if let Some((added, times)) = pair("ffmpeg+cam", "ffmpeg") {
            println!("{scene:?}: the bubble adds {added:.3} cpu s/s to ffmpeg ({times:.2}x)");
        }
        if let Some((_, times)) = pair("afterword+cam", "ffmpeg+cam") {
            println!("{scene:?}: afterword+cam vs ffmpeg+cam {times:.2}x");
        }
    }
    if !chosen("BENCH_SCENES", "minute") {
        return;
    }
    let out = dir.join("minute.mp4");
    let row = run(&rig, scene::Kind::Static, "afterword", &out, 60, None);
    println!("\nafterword 60 s clip: stop -> ready {} ms ({:.1} s recorded)", row.ready_ms.unwrap_or(0), row.seconds);
}

#[derive(Debug, Default)]
struct Row {
    cpu: f64,
    peak_kb: u64,
    bytes: u64,
    seconds: f64,
    frames: usize,
    av_offset_ms: Option<i64>,
    /// First audio sample minus first video frame, in the file.
    start_delta_ms: i64,
    ready_ms: Option<u64>,
    /// Against the lossless reference, from the flash on.
    ssim: Option<f64>,
    /// Frames the recorder could not keep up with (Afterword's report).
    dropped: Option<u64>,
    /// Share of frames (from 1 s on) whose bubble centre differs from the
    /// screen beside the bubble; only with a camera running.
    bubble: Option<f64>,
    /// CPU seconds of the `gst-launch-1.0` feeding FFmpeg the camera.
    feeder_cpu: Option<f64>,
}

fn sine_input(pulse: &env::Pulse) -> String {
    let out = Command::new("pactl")
        .args(["list", "short", "sink-inputs"])
        .env("PULSE_SERVER", &pulse.server)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().expect("module-sine's sink input").to_owned()
}

/// `BENCH_SCENES=static,busy` / `BENCH_RECORDERS=afterword` run a part of
/// the table (names as printed, any case; `minute` is the 60 s clip);
/// unset runs all.
fn chosen(var: &str, name: &str) -> bool {
    std::env::var(var).map_or(true, |list| list.split(',').any(|n| n.trim().eq_ignore_ascii_case(name)))
}

fn mute(pulse: &env::Pulse, sine: &str, on: bool) {
    assert!(pulse.pactl(&["set-sink-input-mute", sine, if on { "1" } else { "0" }]));
}

/// `(U+S seconds, peak KB)` from a GNU `time -f "%U %S %M"` file.
fn time_stats(path: &Path) -> (f64, u64) {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let f: Vec<f64> = stat.lines().last().unwrap_or("").split_whitespace().filter_map(|v| v.parse().ok()).collect();
    (f.first().unwrap_or(&0.0) + f.get(1).unwrap_or(&0.0), f.get(2).copied().unwrap_or(0.0) as u64)
}

/// FFmpeg with the bubble: the camera (a FIFO fed by `gst-launch-1.0
/// pipewiresrc`, stamped as it arrives) scaled to cover 240x240 (bilinear,
/// as Afterword), masked to a circle, laid 24 px from the bottom-right
/// corner; then the same encoding as the `ffmpeg` row. Each process runs
/// under its own `time` (for its peak); the outer `time` counts the shell
/// that waits for both. FFmpeg stopping closes the FIFO, and the feeder
/// ends on its next write.
fn ffmpeg_with_camera(display: &str, out: &Path, cam: &Cam) -> Vec<String> {
    let fifo = out.with_extension("fifo");
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success(), "mkfifo {}", fifo.display());
    let q = |p: &Path| format!("'{}'", p.display());
    let side = Bubble::default().size;
    let (w, h) = (camera::WIDTH, camera::HEIGHT);
    let graph = format!(
        "[2:v]scale=-2:{side}:flags=bilinear,crop={side}:{side},format=yuva420p[c];\
         [3:v]format=gray,loop=loop=-1:size=1[m];[c][m]alphamerge[b];[0:v]format=yuv420p[s];\
         [s][b]overlay=x=W-w-{m}:y=H-h-{m}:format=yuv420[v]",
        m = afterword_media::BUBBLE_MARGIN
    );
    let script = format!(
        "/usr/bin/time -f '%U %S %M' -o {gst_time} gst-launch-1.0 -q pipewiresrc target-object={name} \
         ! video/x-raw,format=BGRx,width={w},height={h} ! fdsink fd=1 > {fifo} & g=$!; \
         /usr/bin/time -f '%U %S %M' -o {ffmpeg_time} ffmpeg -loglevel error -y \
         -f x11grab -framerate {FPS} -video_size 1920x1080 -draw_mouse 1 -i {display} -f pulse -i default \
         -f rawvideo -pix_fmt bgr0 -video_size {w}x{h} -framerate 30 -use_wallclock_as_timestamps 1 -i {fifo} \
         -i {mask} -filter_complex '{graph}' -map '[v]' -map 1:a \
         -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -g 60 -fps_mode passthrough \
         -c:a aac -b:a 128k -ar 48000 {o}; s=$?; wait $g; exit $s",
        gst_time = q(&out.with_extension("gst.time")),
        ffmpeg_time = q(&out.with_extension("ffmpeg.time")),
        name = camera::NAME,
        fifo = q(&fifo),
        mask = q(cam.mask),
        o = q(out),
    );
    vec!["sh".into(), "-c".into(), script]
}

fn spawn(recorder: &str, display: &str, out: &Path, stats: &Path, cam: Option<&Cam>) -> Child {
    let size = "1920x1080";
    let o = out.to_str().unwrap();
    let cmd: Vec<String> = match recorder {
        "afterword" | "afterword+cam" => {
            let mut cmd =
                vec![std::env::current_exe().unwrap().display().to_string(), "--afterword-child".into(), o.into()];
            if cam.is_some() {
                cmd.extend(["--camera".into(), camera::NAME.into()]);
            }
            cmd
        }
        "ffmpeg+cam" => ffmpeg_with_camera(display, out, cam.unwrap()),
        "ffmpeg" => format!(
            "ffmpeg -loglevel error -y -f x11grab -framerate {FPS} -video_size {size} -draw_mouse 1 -i {display} \
             -f pulse -i default -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -g 60 -fps_mode passthrough \
             -c:a aac -b:a 128k -ar 48000 {o}"
        )
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect(),
        _ => format!(
            "gst-launch-1.0 -q -e ximagesrc display-name={display} show-pointer=true use-damage=false \
             ! video/x-raw,framerate={FPS}/1 ! queue ! videoconvert ! video/x-raw,format=I420 \
             ! x264enc speed-preset=veryfast pass=qual quantizer=23 key-int-max=60 ! h264parse ! queue ! mp4mux name=m \
             ! filesink location={o} pulsesrc ! audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=2 \
             ! avenc_aac bitrate=128000 ! queue ! m."
        )
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect(),
    };
    use std::os::unix::process::CommandExt;
    let log = std::fs::File::create(out.with_extension("log")).unwrap();
    // BENCH_WRAP (e.g. `perf record -g -o /tmp/afterword.perf --`) goes
    // between `time` and Afterword, for a profile of the recorder alone.
    let wrap = std::env::var("BENCH_WRAP").ok().filter(|_| recorder.starts_with("afterword")).unwrap_or_default();
    let mut command = Command::new("/usr/bin/time");
    if let Some(cam) = cam {
        command.env("XDG_RUNTIME_DIR", cam.camera.runtime());
    }
    command
        .args(["-f", "%U %S %M", "-o", stats.to_str().unwrap()])
        .args(wrap.split_whitespace())
        .args(&cmd)
        .env("DISPLAY", display)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(log)
        .process_group(0)
        .spawn()
        .unwrap()
}

fn stop(child: &mut Child, recorder: &str) {
    match recorder {
        "gstreamer" => {
            Command::new("kill").args(["-INT", "--", &format!("-{}", child.id())]).status().unwrap();
        }
        _ => {
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(b"q\n");
        }
    }
}

fn run(rig: &Rig, kind: scene::Kind, recorder: &str, out: &Path, seconds: u64, cam: Option<&Cam>) -> Row {
    let Rig { x, pulse, sine } = rig;
    mute(pulse, sine, true);
    let scene = scene::Scene::start(&x.display, kind);
    let stats: PathBuf = out.with_extension("time");
    let reference_path = out.with_extension("ref.mkv");
    let mut reference = spawn_reference(&x.display, &reference_path);
    let mut child = spawn(recorder, &x.display, out, &stats, cam);
    let t0 = Instant::now();
    std::thread::sleep(MARKER_AT);
    if kind != scene::Kind::Idle {
        // The marker: tone on, screen white, as close together as we can.
        mute(pulse, sine, false);
        scene::flash(&x.display);
    }
    std::thread::sleep(Duration::from_secs(seconds).saturating_sub(t0.elapsed()));
    stop(&mut child, recorder);
    stop(&mut reference, "ffmpeg");
    let (mut ready_ms, mut dropped) = (None, None);
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok) {
        if let Some(v) = line.strip_prefix("stop_to_ready_ms ") {
            ready_ms = v.trim().parse().ok();
        }
        if let Some(v) = line.strip_prefix("frames_dropped ") {
            dropped = v.trim().parse().ok();
        }
    }
    child.wait().unwrap();
    reference.wait().unwrap();
    drop(scene);
    let (cpu, mut peak_kb) = time_stats(&stats);
    let mut feeder_cpu = None;
    if recorder == "ffmpeg+cam" {
        // Both run all along: the sum of their peaks is the pair's.
        let (gst, ffmpeg) =
            (time_stats(&out.with_extension("gst.time")), time_stats(&out.with_extension("ffmpeg.time")));
        peak_kb = gst.1 + ffmpeg.1;
        feeder_cpu = Some(gst.0);
        let _ = std::fs::remove_file(out.with_extension("fifo"));
    }
    if !out.exists() {
        let log = std::fs::read_to_string(out.with_extension("log")).unwrap_or_default();
        panic!("{recorder} made no file; it said: {log}");
    }
    let d = decode::decode(out, (1900, 1070));
    let seconds = d.duration_ms as f64 / 1000.0;
    let white = d.frames.iter().find(|(_, c)| c.iter().all(|&v| v > 200)).map(|f| f.0);
    let loud = d
        .audio
        .chunks(240)
        .position(|w| decode::rms(w) > 0.05)
        .map(|i| (i * 240 * 1000 / d.audio_rate as usize) as i64 + d.audio_start_ms);
    let reference_white = first_white(&reference_path);
    // The bubble's square, left out of the SSIM when there is a camera.
    let (bx, by, side) = Bubble::default().place(x.width, x.height);
    let square = cam.map(|_| (bx, by, side));
    let ssim = match (white, reference_white) {
        (Some(a), Some(b)) => ssim(out, &reference_path, a, b, square),
        _ if kind == scene::Kind::Idle => ssim(out, &reference_path, 0, 0, square),
        _ => None,
    };
    // The camera in the file: its bubble's centre against the screen beside
    // the bubble (the probe above), frame by frame, from 1 s on.
    let bubble = (kind != scene::Kind::Idle).then(|| {
        let inside = decode::decode(out, (bx + side / 2, by + side / 2));
        let pairs: Vec<_> = inside.frames.iter().zip(&d.frames).filter(|(f, _)| f.0 >= 1000).collect();
        let differ = pairs.iter().filter(|(a, b)| !decode::close(a.1, b.1, 40)).count();
        differ as f64 / pairs.len().max(1) as f64
    });
    Row {
        ssim,
        dropped,
        bubble,
        feeder_cpu,
        cpu,
        peak_kb,
        bytes: std::fs::metadata(out).map(|m| m.len()).unwrap_or(0),
        seconds,
        frames: d.frames.len(),
        start_delta_ms: d.audio_start_ms - d.frames.first().map_or(0, |f| f.0),
        av_offset_ms: white.zip(loud).map(|(v, a)| a - v),
        ready_ms,
    }
}

/// A lossless capture of the screen at 15 fps, at the lowest priority.
fn spawn_reference(display: &str, out: &Path) -> Child {
    Command::new("nice")
        .args(["-n", "19", "ffmpeg", "-loglevel", "error", "-y", "-f", "x11grab", "-framerate", "15"])
        .args(["-video_size", "1920x1080", "-draw_mouse", "1", "-i", display])
        .args(["-c:v", "libx264rgb", "-preset", "ultrafast", "-qp", "0"])
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The time (ms) of the first white frame of a file, by its top-right corner.
fn first_white(path: &Path) -> Option<i64> {
    let d = decode::decode(path, (1900, 1070));
    d.frames.iter().find(|(_, c)| c.iter().all(|&v| v > 200)).map(|f| f.0)
}

/// SSIM of `out` against `reference`, from their marks (ms) on, both at 15
/// fps in 4:2:0; a `square` (x, y, side) painted black in both first.
fn ssim(
    out: &Path,
    reference: &Path,
    out_mark: i64,
    reference_mark: i64,
    square: Option<(u32, u32, u32)>,
) -> Option<f64> {
    let hide = square.map_or(String::new(), |(x, y, s)| format!(",drawbox=x={x}:y={y}:w={s}:h={s}:color=black:t=fill"));
    let graph = format!(
        "[0:v]fps=15,setpts=PTS-STARTPTS,format=yuv420p{hide}[a];\
         [1:v]fps=15,setpts=PTS-STARTPTS,format=yuv420p{hide}[b];[a][b]ssim=shortest=1"
    );
    let result = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-ss", &format!("{:.3}", out_mark as f64 / 1000.0), "-i"])
        .arg(out)
        .args(["-ss", &format!("{:.3}", reference_mark as f64 / 1000.0), "-i"])
        .arg(reference)
        .args(["-lavfi", &graph, "-f", "null", "-"])
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&result.stderr);
    let all = log.lines().rev().find_map(|l| l.split("All:").nth(1))?;
    all.split_whitespace().next()?.parse().ok()
}

/// The Afterword side: record the screen (with `camera` in the default
/// bubble) and default mic until stdin says stop.
fn afterword_child(out: &Path, camera: Option<&str>) {
    let mut screen = X11Screen::open(None, CaptureArea::Screen, FPS, true).unwrap();
    if let Some(name) = camera {
        screen = screen.with_bubble(afterword_media::Camera::open(name).unwrap(), Bubble::default());
    }
    let mic = Microphone::open(&MicrophoneChoice::Default).unwrap();
    let mut rec = Recorder::new(Box::new(screen), Some(Box::new(mic)), RecordOptions::new(out));
    rec.start().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    let t = Instant::now();
    let done = rec.stop().unwrap();
    println!("stop_to_ready_ms {}", t.elapsed().as_millis());
    if let Some(report) = done.origin.report() {
        println!("frames_dropped {}", report.frames_dropped);
    }
    eprintln!("{:?}", done.origin);
}
