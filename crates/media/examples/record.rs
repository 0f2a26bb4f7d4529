//! Record from the command line, for manual checks and the benchmark:
//! `cargo run -p afterword-media --example record -- OUT.mp4 SECONDS [--synthetic] [--no-mic] [--fps N]`
//! Uses `$DISPLAY` and the default microphone unless `--synthetic`.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use afterword_media::{
    CaptureArea, Microphone, MicrophoneChoice, RecordOptions, Recorder, TestPattern, Tone, X11Screen,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let value = |f: &str| args.iter().position(|a| a == f).and_then(|i| args.get(i + 1)).cloned();
    let out = args.first().expect("usage: record OUT.mp4 SECONDS [--synthetic] [--no-mic] [--fps N]");
    let secs: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let fps: u32 = value("--fps").and_then(|s| s.parse().ok()).unwrap_or(30);
    let (video, audio): (Box<dyn afterword_media::VideoSource>, Option<Box<dyn afterword_media::AudioSource>>) =
        if flag("--synthetic") {
            (Box::new(TestPattern::new(320, 240, fps)), Some(Box::new(Tone::new(440.0))))
        } else {
            let mic: Option<Box<dyn afterword_media::AudioSource>> = if flag("--no-mic") {
                None
            } else {
                Some(Box::new(Microphone::open(&MicrophoneChoice::Default).unwrap()))
            };
            (Box::new(X11Screen::open(None, CaptureArea::Screen, fps, true).unwrap()), mic)
        };
    let mut rec = Recorder::new(video, audio, RecordOptions::new(out));
    rec.start().unwrap();
    println!("recording {}", rec.partial_path().display());
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs_f64(secs) && !rec.needs_stop() {
        std::thread::sleep(Duration::from_millis(20));
    }
    if let Some(copy) = value("--copy-partial") {
        std::fs::copy(rec.partial_path(), copy).unwrap();
    }
    let stop = Instant::now();
    let done = rec.stop().unwrap();
    println!("{}", serde_json::to_string(&done).unwrap());
    println!("stop_to_ready_ms {}", stop.elapsed().as_millis());
}
