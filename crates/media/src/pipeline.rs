//! Wiring one recording's threads together, and taking them down in order.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use ffmpeg_next::{Packet, frame};

use crate::clock::Clock;
use crate::encode::{AudioEncoder, Converter, EncodeError, EncoderProfile, Placed, VideoEncoder};
use crate::level::LevelMeter;
use crate::mux::{MuxError, Muxer, Track};
use crate::source::{AudioSink, AudioSource, Counters, VideoFrame, VideoSink, VideoSource};

/// Raw frames waiting for the encoder. Small: a 1080p BGRA frame is 8 MB,
/// and a full queue means the encoder is behind, so dropping is right.
const VIDEO_QUEUE: usize = 8;
/// 10 ms chunks: a little over a second of audio.
const AUDIO_QUEUE: usize = 128;

/// Something that ended capture early; the recorder reports it and the
/// caller stops (the file up to that point is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fault {
    DiskFull,
    WriteFailed(String),
    VideoGone(String),
}

/// Shared notes from every thread.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    pub(crate) warnings: Mutex<Vec<String>>,
    pub(crate) fault: Mutex<Option<Fault>>,
}

impl Notes {
    pub(crate) fn warn(&self, w: String) {
        tracing::warn!("{w}");
        let mut g = self.warnings.lock().unwrap_or_else(PoisonError::into_inner);
        if !g.contains(&w) {
            g.push(w);
        }
    }
    fn fail(&self, f: Fault) {
        self.fault.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(f);
    }
    pub(crate) fn fault(&self) -> Option<Fault> {
        self.fault.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
    pub(crate) fn warnings(&self) -> Vec<String> {
        self.warnings.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// What the encoder threads hand back when they end.
pub(crate) struct Outcome {
    pub(crate) thumbnail: Option<frame::Video>,
    pub(crate) frames_encoded: u64,
    pub(crate) frames_in_part: u64,
    pub(crate) silence_inserted: Duration,
    pub(crate) mux: Result<(), MuxError>,
    pub(crate) encode: Vec<EncodeError>,
}

/// The running threads of one recording.
#[derive(Debug)]
pub(crate) struct Pipeline {
    pub(crate) clock: Clock,
    pub(crate) notes: Arc<Notes>,
    pub(crate) video_counters: Arc<Counters>,
    pub(crate) audio_counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    finishing: Arc<AtomicBool>,
    sources: Vec<SourceThread>,
    video_enc: JoinHandle<Result<VideoDone, EncodeError>>,
    audio_enc: Option<JoinHandle<Result<Duration, EncodeError>>>,
    mux: JoinHandle<Result<(), MuxError>>,
}

/// A capture thread and the signal it sends when it has returned.
#[derive(Debug)]
struct SourceThread {
    name: &'static str,
    done: Receiver<()>,
    handle: JoinHandle<()>,
}

/// How long a source may take to stop before it is left behind (a device
/// driver stuck after its server died must not hang the recording).
const SOURCE_STOP_LIMIT: Duration = Duration::from_millis(1500);

fn spawn_source(name: &'static str, f: impl FnOnce() + Send + 'static) -> std::io::Result<SourceThread> {
    let (tx, done) = mpsc::channel();
    let handle = spawn(name, move || {
        f();
        let _ = tx.send(());
    })?;
    Ok(SourceThread { name, done, handle })
}

fn spawn<T: Send + 'static>(name: &str, f: impl FnOnce() -> T + Send + 'static) -> std::io::Result<JoinHandle<T>> {
    std::thread::Builder::new().name(name.to_owned()).spawn(f)
}

impl Pipeline {
    /// Open encoders and the muxer, then start every thread.
    ///
    /// ```text
    ///  capture-video ─(bounded 8, drop+count)─▶ encode-video ─┐ H.264
    ///   VideoSource::run → VideoSink::push      scale + x264  │
    ///                                                         ├─▶ mux ─▶ <id>.mp4.partial
    ///  capture-audio ─(bounded 128, drop+count)▶ encode-audio ┘ AAC    (fMP4, 1 s fragments)
    ///   AudioSource::run → AudioSink::push       silence for gaps
    ///       │ placed on the timeline: 48k stereo, resampled to follow the clock
    ///       │ level meter (RMS/peak, 20 Hz)
    ///  all stamped by Clock (start = end of countdown, pauses subtracted)
    /// ```
    pub(crate) fn start(
        mut video: Box<dyn VideoSource>,
        audio: Option<Box<dyn AudioSource>>,
        profile: &'static EncoderProfile,
        max_width: u32,
        partial: &Path,
        clock: Clock,
        meter: LevelMeter,
    ) -> Result<Self, crate::RecorderError> {
        let venc = VideoEncoder::new(profile, video.size(), video.fps(), max_width)?;
        let aenc = audio.as_ref().map(|_| AudioEncoder::new()).transpose()?;
        let muxer = Muxer::create(partial, venc.encoder(), aenc.as_ref().map(AudioEncoder::encoder))?;
        let notes = Arc::new(Notes::default());
        let stop = Arc::new(AtomicBool::new(false));
        let finishing = Arc::new(AtomicBool::new(false));
        let (video_counters, audio_counters) = (Arc::new(Counters::default()), Arc::new(Counters::default()));
        let (mux_tx, mux_rx) = mpsc::channel::<(Track, Packet)>();
        let io = |e: std::io::Error| crate::RecorderError::Thread(e.to_string());

        let (vtx, vrx) = mpsc::sync_channel::<(Duration, VideoFrame)>(VIDEO_QUEUE);
        let sink = VideoSink {
            tx: vtx,
            clock: clock.clone(),
            counters: video_counters.clone(),
            lost: AtomicBool::new(false),
            notes: notes.clone(),
        };
        let (st, nt) = (stop.clone(), notes.clone());
        let mut sources = vec![
            spawn_source("capture-video", move || {
                let _span = tracing::info_span!("capture-video", source = %video.describe()).entered();
                if let Err(e) = video.run(&sink, &st) {
                    nt.warn(e.to_string());
                    nt.fail(Fault::VideoGone(e.to_string()));
                }
            })
            .map_err(io)?,
        ];

        let (tx, c, f) = (mux_tx.clone(), clock.clone(), finishing.clone());
        let video_enc = spawn("encode-video", move || encode_video(venc, vrx, tx, c, f)).map_err(io)?;

        let mut audio_enc = None;
        if let (Some(mut source), Some(aenc)) = (audio, aenc) {
            let (atx, arx) = mpsc::sync_channel::<Placed>(AUDIO_QUEUE);
            let sink =
                AudioSink::new(atx, clock.clone(), audio_counters.clone(), meter, source.format(), notes.clone())?;
            let (st, nt) = (stop.clone(), notes.clone());
            sources.push(
                spawn_source("capture-audio", move || {
                    let _span = tracing::info_span!("capture-audio", source = %source.describe()).entered();
                    if let Err(e) = source.run(&sink, &st) {
                        nt.warn(format!("{e}; recording continues with silence"));
                    }
                })
                .map_err(io)?,
            );
            let (c, f, tx, n) = (clock.clone(), finishing.clone(), mux_tx.clone(), notes.clone());
            let run = move || encode_audio(aenc, arx, tx, c, f, n);
            audio_enc = Some(spawn("encode-audio", run).map_err(io)?);
        }
        drop(mux_tx);
        let (st, nt) = (stop.clone(), notes.clone());
        let mux = spawn("mux", move || run_mux(muxer, mux_rx, st, nt)).map_err(io)?;
        Ok(Self { clock, notes, video_counters, audio_counters, stop, finishing, sources, video_enc, audio_enc, mux })
    }

    /// Stop capture, drain the encoders, close the file.
    pub(crate) fn finish(self) -> Outcome {
        self.clock.stop();
        self.stop.store(true, Ordering::SeqCst);
        for source in self.sources {
            match source.done.recv_timeout(SOURCE_STOP_LIMIT) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                    let _ = source.handle.join();
                }
                Err(RecvTimeoutError::Timeout) => self.notes.warn(format!(
                    "{} did not stop within {SOURCE_STOP_LIMIT:?} (its device is stuck); it was left behind",
                    source.name
                )),
            }
        }
        // Sources are stopped (or abandoned): encoders drain their queues and end.
        self.finishing.store(true, Ordering::SeqCst);
        let mut encode = Vec::new();
        let VideoDone { thumbnail, frames_encoded, frames_in_part } = match self.video_enc.join() {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                encode.push(e);
                VideoDone::default()
            }
            Err(_) => VideoDone::default(),
        };
        let silence_inserted = match self.audio_enc.map(JoinHandle::join) {
            Some(Ok(Ok(d))) => d,
            Some(Ok(Err(e))) => {
                encode.push(e);
                Duration::ZERO
            }
            _ => Duration::ZERO,
        };
        let mux = self
            .mux
            .join()
            .unwrap_or_else(|_| Err(MuxError::Write { path: String::new(), source: ffmpeg_next::Error::Bug }));
        Outcome { thumbnail, frames_encoded, frames_in_part, silence_inserted, mux, encode }
    }
}

/// What the video encoding thread hands back.
#[derive(Default)]
struct VideoDone {
    thumbnail: Option<frame::Video>,
    frames_encoded: u64,
    frames_in_part: u64,
}

fn encode_video(
    mut enc: VideoEncoder,
    rx: Receiver<(Duration, VideoFrame)>,
    tx: Sender<(Track, Packet)>,
    clock: Clock,
    finishing: Arc<AtomicBool>,
) -> Result<VideoDone, EncodeError> {
    let _span = tracing::info_span!("encode-video", encoder = enc.profile.name).entered();
    let mut out = |p: Packet| {
        let _ = tx.send((Track::Video, p));
    };
    let mut converter = Converter::default();
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok((at, frame)) => enc.encode(at, &frame, &mut converter, &mut out)?,
            Err(RecvTimeoutError::Timeout) if !finishing.load(Ordering::SeqCst) => {}
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    // A screen that stood still at the end sent no frames: the last picture
    // lasts to the end of the recording.
    enc.hold_until(clock.elapsed(), &mut out)?;
    enc.finish(&mut out)?;
    Ok(VideoDone { thumbnail: enc.take_thumbnail(), frames_encoded: enc.frames, frames_in_part: enc.frames_in_part })
}

/// Gap after which the encoder fills silence itself (the source is stalled or gone).
const STALL: Duration = Duration::from_millis(500);
const MIC_STALLED: &str = "the microphone stopped delivering sound; the gap is filled with silence";

fn encode_audio(
    mut enc: AudioEncoder,
    rx: Receiver<Placed>,
    tx: Sender<(Track, Packet)>,
    clock: Clock,
    finishing: Arc<AtomicBool>,
    notes: Arc<Notes>,
) -> Result<Duration, EncodeError> {
    let _span = tracing::info_span!("encode-audio").entered();
    let mut out = |p: Packet| {
        let _ = tx.send((Track::Audio, p));
    };
    // "Stopped" needs a start: a device that has not delivered yet (the
    // first stream of a PulseAudio server that has just started stays empty
    // for ~1.5 s) gets silence but no stall warning; the level meter warns
    // if it never delivers at all. Checking `enc.position()` instead was
    // wrong: the first fill sets it, so the next check warned.
    let mut delivered = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(placed) => {
                delivered = true;
                enc.push(&placed, &mut out)?;
            }
            Err(_) if finishing.load(Ordering::SeqCst) => break,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let now = clock.elapsed();
        if clock.started() && !clock.is_paused() && now > enc.position().unwrap_or_default() + STALL {
            if delivered {
                notes.warn(MIC_STALLED.to_owned());
            }
            enc.fill_to(now.saturating_sub(STALL / 2), &mut out)?;
        }
    }
    // Audio ends with the video: pad a silent tail if the source went away.
    let end = clock.elapsed();
    if end > enc.position().unwrap_or_default() + Duration::from_millis(100) {
        enc.fill_to(end, &mut out)?;
    }
    enc.finish(&mut out)?;
    Ok(enc.inserted_silence)
}

fn run_mux(
    mut muxer: Muxer,
    rx: Receiver<(Track, Packet)>,
    stop: Arc<AtomicBool>,
    notes: Arc<Notes>,
) -> Result<(), MuxError> {
    let _span = tracing::info_span!("mux").entered();
    for (track, packet) in &rx {
        if let Err(e) = muxer.write(track, packet) {
            notes.warn(e.to_string());
            notes.fail(match &e {
                MuxError::DiskFull { .. } => Fault::DiskFull,
                other => Fault::WriteFailed(other.to_string()),
            });
            // Stop capture; keep draining so the encoders never block.
            stop.store(true, Ordering::SeqCst);
            for _ in rx {}
            return Err(e);
        }
    }
    muxer.finish()
}
