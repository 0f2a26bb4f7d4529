//! `afterword record`, `afterword devices`, `afterword import`, and the
//! recovery of crashed recordings that runs before every command.

use std::{
    io::{IsTerminal, Write},
    path::PathBuf,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use afterword_library::{Library, timecode::format_ms};
use afterword_media::{CaptureArea, RecorderError};
use afterword_recording::{Armed, Recovery, Request, Session, Then};
use clap::Args;

use crate::{Refused, cmd::id, output::emit};

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// One monitor, by its number in `afterword devices` (default: the whole screen).
    #[arg(long, conflicts_with_all = ["window", "area"])]
    display: Option<usize>,
    /// One window, by its id in `afterword devices` (decimal or 0x hex).
    #[arg(long, value_parser = window_id, conflicts_with = "area")]
    window: Option<u32>,
    /// An area of the screen: X,Y,W,H in pixels.
    #[arg(long, value_parser = area)]
    area: Option<CaptureArea>,
    /// The microphone, by name (default: the system's default input).
    #[arg(long, conflicts_with = "no_mic")]
    mic: Option<String>,
    /// Record no microphone.
    #[arg(long)]
    no_mic: bool,
    /// Also record what the computer plays (Linux: PulseAudio/PipeWire).
    #[arg(long)]
    system_audio: bool,
    #[arg(long, default_value_t = 30)]
    fps: u32,
    /// Scale down to at most this width (0 keeps the native size).
    #[arg(long, default_value_t = 1920)]
    max_width: u32,
    /// Seconds to count down before recording.
    #[arg(long, default_value_t = 0)]
    countdown: u32,
    /// Stop after this many seconds (else Ctrl-C or SIGTERM stops).
    #[arg(long)]
    duration: Option<f64>,
    #[arg(long)]
    title: Option<String>,
    /// Hide the mouse pointer.
    #[arg(long)]
    no_cursor: bool,
    /// Attach the clip to this document when done.
    #[arg(long, conflicts_with = "thread")]
    doc: Option<String>,
    /// Post the clip to this thread when done.
    #[arg(long)]
    thread: Option<String>,
    /// Don't transcribe the clip (transcription is automatic when a model is installed).
    #[arg(long)]
    no_transcribe: bool,
    /// How to capture the screen: x11 (MIT-SHM grabs) or portal (Wayland: the
    /// ScreenCast portal and PipeWire). Default: the portal in a Wayland
    /// session, x11 otherwise (`afterword doctor` says which and why).
    #[arg(long)]
    backend: Option<afterword_media::Backend>,
    /// A camera, by its name in `afterword devices`, drawn as a bubble over
    /// the screen (see --bubble).
    #[arg(long)]
    camera: Option<String>,
    /// The bubble: corner=tl|tr|bl|br (or x=PX,y=PX from the top left),
    /// size=PX, shape=circle|rounded, and mirror, comma-separated (default:
    /// corner=br,size=240,shape=circle).
    #[arg(long, requires = "camera", conflicts_with = "camera_only")]
    bubble: Option<afterword_media::Bubble>,
    /// Record the camera alone, at its own size, instead of the screen.
    #[arg(long, requires = "camera")]
    camera_only: bool,
}

fn window_id(s: &str) -> Result<u32, String> {
    let parsed = match s.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => s.parse(),
    };
    parsed.map_err(|_| format!("{s:?} is not a window id; `afterword devices` lists them"))
}

fn area(s: &str) -> Result<CaptureArea, String> {
    let bad = || format!("{s:?} is not an area; write X,Y,W,H such as 0,0,1280,720");
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let [x, y, w, h] = parts.as_slice() else { return Err(bad()) };
    let (width, height): (u32, u32) = (w.parse().map_err(|_| bad())?, h.parse().map_err(|_| bad())?);
    if width == 0 || height == 0 {
        return Err(bad());
    }
    Ok(CaptureArea::Rect { x: x.parse().map_err(|_| bad())?, y: y.parse().map_err(|_| bad())?, width, height })
}

pub fn record(lib: &mut Library, a: RecordArgs, json: bool) -> anyhow::Result<()> {
    if let Some(d) = a.duration
        && !(d > 0.0 && d.is_finite())
    {
        return Err(Refused(format!("--duration {d} is not a length; give seconds above 0")).into());
    }
    let then = match (&a.doc, &a.thread) {
        (Some(d), _) => Then::AttachTo(id(d)?),
        (_, Some(t)) => Then::PostIn(id(t)?),
        _ => Then::Keep,
    };
    let area = match (a.display, a.window, a.area) {
        (Some(m), _, _) => CaptureArea::Monitor(m),
        (_, Some(w), _) => CaptureArea::Window(w),
        (_, _, Some(r)) => r,
        _ => CaptureArea::Screen,
    };
    let request = Request {
        area,
        microphone: afterword_recording::choose_microphone(!a.no_mic, a.mic.as_deref()),
        system_audio: a.system_audio,
        fps: a.fps,
        max_width: a.max_width,
        cursor: !a.no_cursor,
        countdown: Duration::from_secs(a.countdown.into()),
        title: a.title,
        then,
        transcribe: !a.no_transcribe,
        camera: a.camera.map(|name| afterword_media::CameraChoice {
            name,
            use_: match (a.camera_only, a.bubble) {
                (true, _) => afterword_media::CameraUse::Only,
                (false, b) => afterword_media::CameraUse::Bubble(b.unwrap_or_default().into()),
            },
        }),
    };
    // Bad input (a missing document, thread or device) is refused before anything is written.
    let screen = afterword_recording::ScreenChoice::from_library(lib, a.backend)?;
    let armed = Armed::open_on(request, screen)?;

    // Caught from here on, so a Ctrl-C while the recorder starts still ends in a
    // finished (if short) clip rather than a row left in `recording`.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, stop.clone())?;
    }
    let session = armed.start(lib)?;
    watch(&session, &stop, a.duration.map(Duration::from_secs_f64));
    let kept = match session.stop().file(lib) {
        // Stopped before the countdown ended: nothing was recorded, and its row is gone.
        Err(afterword_recording::Error::Recorder(RecorderError::CountingDown)) => {
            eprintln!("Cancelled during the countdown; nothing was recorded.");
            return Ok(());
        }
        other => other?,
    };
    let path = lib.resolve(&kept.clip.media_path);
    emit(json, &kept.clip, |c| {
        println!("{}", c.id);
        println!("{}", path.display());
        eprintln!("Recorded “{}” ({}).", c.title, format_ms(c.duration_ms));
        for w in &kept.warnings {
            eprintln!("warning: {w}");
        }
    })?;
    crate::cmd::transcribe::after_capture(lib, kept.transcript.as_ref(), json)
}

/// Waits for a stop: the duration, a signal, or capture ending by itself;
/// shows elapsed time and the microphone level on a terminal.
fn watch(recorder: &Session, stop: &AtomicBool, duration: Option<Duration>) {
    let tty = std::io::stderr().is_terminal();
    let mut warned: Vec<String> = Vec::new();
    while !stop.load(Ordering::Relaxed) && !recorder.needs_stop() && duration.is_none_or(|d| recorder.elapsed() < d) {
        std::thread::sleep(Duration::from_millis(50));
        for w in recorder.warnings() {
            if !warned.contains(&w) {
                eprintln!("\rwarning: {w}");
                warned.push(w);
            }
        }
        if tty {
            let level = recorder.level();
            let bars = ((level.rms * 40.0).clamp(0.0, 20.0)) as usize;
            let elapsed = u64::try_from(recorder.elapsed().as_millis()).unwrap_or(0);
            eprint!("\r● {}  mic {:<20}  Ctrl-C stops ", format_ms(elapsed / 1000 * 1000), "▮".repeat(bars));
            let _ = std::io::stderr().flush();
        }
    }
    if tty {
        eprintln!();
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    #[arg(long)]
    title: Option<String>,
    /// Don't transcribe the clip (transcription is automatic when a model is installed).
    #[arg(long)]
    no_transcribe: bool,
}

pub fn import(lib: &mut Library, a: ImportArgs, json: bool) -> anyhow::Result<()> {
    if !a.file.is_file() {
        return Err(Refused(format!("{} is not a file; give the path of a video", a.file.display())).into());
    }
    let imported = afterword_recording::import(lib, &a.file, a.title.as_deref(), !a.no_transcribe)?;
    emit(json, &imported.clip, |c| {
        println!("{}  {} ({})", c.id, c.title, format_ms(c.duration_ms));
        for w in &imported.warnings {
            eprintln!("warning: {w}");
        }
    })?;
    crate::cmd::transcribe::after_capture(lib, imported.transcript.as_ref(), json)
}

pub fn devices(json: bool) -> anyhow::Result<()> {
    let d = afterword_media::devices(None);
    emit(json, &d, |d| {
        println!("Screen backend: {}", d.backend);
        for display in &d.displays {
            println!("Display {} ({}×{})", display.name, display.width, display.height);
            for m in &display.monitors {
                let primary = if m.primary { ", primary" } else { "" };
                println!("  --display {}  {} {}×{} at {},{}{primary}", m.index, m.name, m.width, m.height, m.x, m.y);
            }
        }
        if !d.windows.is_empty() {
            println!("Windows");
            for w in &d.windows {
                println!("  --window 0x{:x}  {} ({}×{})", w.id, w.title, w.width, w.height);
            }
        }
        println!("Microphones");
        for m in &d.microphones {
            println!("  --mic {:?}{}", m.name, if m.default { "  (default)" } else { "" });
        }
        println!("Cameras");
        for c in &d.cameras {
            let listed = if c.kind == "v4l2" { "  (V4L2: listed only)" } else { "" };
            println!("  --camera {:?}  {}{listed}", c.name, c.description);
        }
        for p in &d.problems {
            println!("note: {p}");
        }
    })
}

/// Turns recordings left by a crash into clips, and says so.
pub fn recover_crashed(lib: &mut Library) -> anyhow::Result<()> {
    for r in afterword_recording::recover(lib)? {
        match r {
            Recovery::Recovered(c) => eprintln!(
                "Recovered “{}” ({}) from a recording that stopped unexpectedly; the last second may be missing. {}",
                c.title,
                format_ms(c.duration_ms),
                c.id
            ),
            Recovery::Discarded { .. } => {
                eprintln!("Removed a crashed recording that had nothing playable in it.")
            }
        }
    }
    Ok(())
}
