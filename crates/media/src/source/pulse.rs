//! Reading a PulseAudio source (PipeWire's Pulse server too) through
//! libpulse, the server's own client library, as FFmpeg's `-f pulse` and
//! GStreamer's `pulsesrc` do.
//!
//! cpal still lists the devices and picks the format; only the stream is
//! read here. cpal's native Pulse host (the `pulseaudio` crate) zero-fills a
//! 1 MB buffer at least twice on every wakeup of its reader, and asks the
//! server for the stream's latency after every buffer: in an idle recording
//! its thread was ~40 % of the recorder's CPU (`perf`: `memset` alone 22 %).
//!
//! Each stretch of sound is stamped from the server's raw timing (not
//! libpulse's interpolated clock, which favours smoothness: on a server that
//! has just started it reported sound captured 0.7 s before it was).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use libpulse_binding::callbacks::ListResult;
use libpulse_binding::context::{self, Context};
use libpulse_binding::def::{BufferAttr, TimingInfo};
use libpulse_binding::error::PAErr;
use libpulse_binding::mainloop::standard::Mainloop;
use libpulse_binding::sample::{Format, Spec};
use libpulse_binding::stream::{self, PeekResult, Stream};
use libpulse_binding::time::MicroSeconds;

use super::AudioChunk;
use super::mic::StreamEvents;
use super::stamps::Stamps;

/// How much sound the server sends at a time, when no other reader of the
/// source asks for less, and how much is handed on at a time.
const FRAGMENT: Duration = Duration::from_millis(50);
/// Connecting to the server and opening the stream.
const OPEN_LIMIT: Duration = Duration::from_secs(5);
/// The longest the reader sleeps before it looks at its stop flag.
const WAKE: Duration = Duration::from_millis(100);
/// How often the server is asked where the stream stands.
const TIMING_EVERY: Duration = Duration::from_millis(250);

/// A source being read on its own thread; dropping it stops and closes it.
pub(crate) struct Reader {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").finish_non_exhaustive()
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            // The reader looks at the flag at least every WAKE.
            let _ = thread.join();
        }
    }
}

impl Reader {
    /// Open Pulse source `source` (its name, e.g. `alsa_input.usb-…` or
    /// `sink.monitor`) as `f32` at `rate` × `channels` and hand the sound to
    /// `deliver` in stretches of about [`FRAGMENT`], each stamped with when
    /// its first sample was captured. Returns once the stream is open. When
    /// the server or the device goes away the reading ends and the reason is
    /// left in `events`; when the server moves the stream to another input
    /// (the device went away, the server carried on), that input's name.
    pub(crate) fn start(
        source: &str,
        rate: u32,
        channels: u16,
        deliver: impl FnMut(AudioChunk) + Send + 'static,
        events: Arc<Mutex<StreamEvents>>,
    ) -> Result<Self, String> {
        let spec = Spec {
            format: Format::FLOAT32NE,
            rate,
            channels: u8::try_from(channels).map_err(|_| format!("{channels} channels are more than Pulse takes"))?,
        };
        if !spec.is_valid() {
            return Err(format!("Pulse cannot record {rate} Hz × {channels} channels"));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let (opened_tx, opened_rx) = mpsc::sync_channel(1);
        let (source, st) = (source.to_owned(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("capture-pulse".into())
            .spawn(move || match Session::open(&source, &spec) {
                Ok(mut session) => {
                    let _ = opened_tx.send(Ok(()));
                    if let Err(reason) = session.read(&st, Stamps::new(rate, channels), deliver, &events) {
                        tracing::warn!(%reason, "reading the Pulse source ended");
                        events.lock().unwrap_or_else(PoisonError::into_inner).gone.get_or_insert(reason);
                    }
                }
                Err(reason) => {
                    let _ = opened_tx.send(Err(reason));
                }
            })
            .map_err(|e| e.to_string())?;
        let reader = Self { stop, thread: Some(thread) };
        match opened_rx.recv_timeout(OPEN_LIMIT + WAKE) {
            Ok(Ok(())) => Ok(reader),
            Ok(Err(reason)) => Err(reason),
            Err(RecvTimeoutError::Timeout) => Err(format!("the sound server did not open it within {OPEN_LIMIT:?}")),
            Err(RecvTimeoutError::Disconnected) => Err("its reader stopped while opening it".to_owned()),
        }
    }
}

/// A connection and a record stream, driven by one main loop on the
/// reader's thread (so nothing is shared and nothing locks).
struct Session {
    // Fields drop in order: the stream before its context before the loop.
    stream: Stream,
    context: Context,
    mainloop: Mainloop,
    /// Bytes per second of the stream.
    bytes_per_s: u64,
    /// Bytes per frame (all channels of one sample).
    frame: usize,
    /// The source the stream reads (the server may move it).
    source: String,
}

impl Session {
    fn open(source: &str, spec: &Spec) -> Result<Self, String> {
        let deadline = Instant::now() + OPEN_LIMIT;
        let mut mainloop = Mainloop::new().ok_or("libpulse could not make a main loop")?;
        let mut context = Context::new(&mainloop, "Afterword").ok_or("libpulse could not make a context")?;
        context.connect(None, context::FlagSet::NOFLAGS, None).map_err(|e| format!("no sound server: {}", text(e)))?;
        while context.get_state() != context::State::Ready {
            if matches!(context.get_state(), context::State::Failed | context::State::Terminated) {
                return Err(format!("no sound server: {}", text(context.errno())));
            }
            turn(&mut mainloop, deadline)?;
        }
        let mut stream =
            Stream::new(&mut context, "Recording", spec, None).ok_or("libpulse could not make a record stream")?;
        let bytes_per_s = spec.bytes_per_second() as u64;
        let fragment = u32::try_from(bytes_per_s * FRAGMENT.as_millis() as u64 / 1000).unwrap_or(u32::MAX);
        // Room for two fragments on the server: a reader that falls
        // further behind loses the oldest sound, not the newest. Fields a
        // recording does not use are the server's to choose (`u32::MAX`).
        let attr = BufferAttr {
            maxlength: fragment.saturating_mul(2),
            tlength: u32::MAX,
            prebuf: u32::MAX,
            minreq: u32::MAX,
            fragsize: fragment,
        };
        stream.connect_record(Some(source), Some(&attr), stream::FlagSet::ADJUST_LATENCY).map_err(text)?;
        loop {
            match stream.get_state() {
                stream::State::Ready => break,
                stream::State::Failed | stream::State::Terminated => return Err(text(context.errno())),
                _ => turn(&mut mainloop, deadline)?,
            }
        }
        Ok(Self { stream, context, mainloop, bytes_per_s, frame: spec.frame_size(), source: source.to_owned() })
    }

    /// Read until `stop` (`Ok`) or until the server or the stream fails
    /// (`Err`); a move to another source is told to `events`.
    fn read(
        &mut self,
        stop: &AtomicBool,
        mut stamps: Stamps,
        mut deliver: impl FnMut(AudioChunk),
        events: &Arc<Mutex<StreamEvents>>,
    ) -> Result<(), String> {
        let fragment = usize::try_from(self.bytes_per_s * FRAGMENT.as_millis() as u64 / 1000).unwrap_or(usize::MAX);
        let mut pending: Vec<u8> = Vec::with_capacity(fragment * 2);
        // The capture time of `pending`'s first sample.
        let mut pending_at = None;
        let mut asked = None::<Instant>;
        while !stop.load(Ordering::Relaxed) {
            self.mainloop.prepare(Some(micros(WAKE))).map_err(text)?;
            self.mainloop.poll().map_err(text)?;
            self.mainloop.dispatch().map_err(text)?;
            if !self.context.get_state().is_good() || !self.stream.get_state().is_good() {
                return Err(format!("the sound server closed the stream: {}", text(self.context.errno())));
            }
            self.follow_moves(events);
            loop {
                // Where the next byte stands, before it is taken.
                let at = self.captured_next();
                match self.stream.peek().map_err(text)? {
                    PeekResult::Empty => break,
                    PeekResult::Hole(_) => {
                        // Sound the server lost: what came before goes on
                        // its own, what follows gets its own time.
                        self.stream.discard().map_err(text)?;
                        hand_on(&mut pending, &mut pending_at, &mut stamps, &mut deliver);
                    }
                    PeekResult::Data(bytes) => {
                        if pending.is_empty() {
                            pending_at = at.or_else(|| {
                                let held = Duration::from_micros(bytes.len() as u64 * 1_000_000 / self.bytes_per_s);
                                Instant::now().checked_sub(held)
                            });
                        }
                        pending.extend_from_slice(bytes);
                        self.stream.discard().map_err(text)?;
                    }
                }
            }
            if pending.len() >= fragment {
                // Whole frames go on; a torn one waits for its rest.
                let whole = pending.len() - pending.len() % self.frame;
                let rest = pending.split_off(whole);
                let rest_at = pending_at.map(|t| t + self.duration_of(whole));
                hand_on(&mut pending, &mut pending_at, &mut stamps, &mut deliver);
                if !rest.is_empty() {
                    (pending, pending_at) = (rest, rest_at);
                }
            }
            if asked.is_none_or(|t| t.elapsed() >= TIMING_EVERY) {
                // Dropping the operation leaves it running.
                drop(self.stream.update_timing_info(None));
                asked = Some(Instant::now());
            }
        }
        Ok(())
    }

    /// When the server has moved the stream to another source (its device
    /// went away, and the server carries its streams over to the default
    /// input), ask for the new source's description and tell `events`.
    fn follow_moves(&mut self, events: &Arc<Mutex<StreamEvents>>) {
        let Some(now_on) = self.stream.get_device_name() else { return };
        if now_on == self.source {
            return;
        }
        self.source = now_on.into_owned();
        let (name, events) = (self.source.clone(), events.clone());
        // Dropping the operation leaves it running; its answer comes in a
        // later turn of the loop.
        drop(self.context.introspect().get_source_info_by_name(&self.source, move |result| {
            let described = match result {
                ListResult::Item(info) => info.description.as_deref().map(str::to_owned),
                ListResult::End | ListResult::Error => None,
            };
            let mut events = events.lock().unwrap_or_else(PoisonError::into_inner);
            if described.is_some() || events.moved_to.is_none() {
                events.moved_to = Some(described.unwrap_or_else(|| name.clone()));
            }
        }));
    }

    fn duration_of(&self, bytes: usize) -> Duration {
        Duration::from_nanos(bytes as u64 * 1_000_000_000 / self.bytes_per_s.max(1))
    }

    /// When the next byte to be read was captured, by the server's last
    /// report: the last byte it had written into the stream when it made the
    /// report was captured the source's latency before (a monitor's sound is
    /// stamped when its sink plays it, the sink's latency later); every byte
    /// after it a byte's duration later. `None` until a report came that was
    /// made while sound flowed.
    fn captured_next(&mut self) -> Option<Instant> {
        let info: TimingInfo = *self.stream.get_timing_info()?;
        if info.write_index <= 0 || info.write_index_corrupt != 0 || info.read_index_corrupt != 0 {
            return None;
        }
        let reported = Instant::now().checked_sub(Duration::from_micros(info.timestamp.age().0))?;
        let written =
            reported.checked_sub(Duration::from_micros(info.source_usec.0))? + Duration::from_micros(info.sink_usec.0);
        let ahead = info.read_index - info.write_index;
        let by = self.duration_of(ahead.unsigned_abs() as usize);
        if ahead >= 0 { written.checked_add(by) } else { written.checked_sub(by) }
    }
}

/// Hand what was read on as one chunk of `f32` samples.
fn hand_on(pending: &mut Vec<u8>, at: &mut Option<Instant>, stamps: &mut Stamps, deliver: &mut impl FnMut(AudioChunk)) {
    let (Some(measured), false) = (at.take(), pending.is_empty()) else {
        pending.clear();
        return;
    };
    let samples: Vec<f32> = pending.chunks_exact(4).map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]])).collect();
    pending.clear();
    let captured = stamps.stamp(measured, samples.len());
    deliver(AudioChunk { samples, captured });
}

/// One turn of the main loop, waiting at most until `deadline`.
fn turn(mainloop: &mut Mainloop, deadline: Instant) -> Result<(), String> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(format!("the sound server did not answer within {OPEN_LIMIT:?}"));
    }
    mainloop.prepare(Some(micros(left.min(WAKE)))).map_err(text)?;
    mainloop.poll().map_err(text)?;
    mainloop.dispatch().map_err(text)?;
    Ok(())
}

/// libpulse's description of an error.
fn text(e: PAErr) -> String {
    format!("{e}")
}

fn micros(d: Duration) -> MicroSeconds {
    MicroSeconds(u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}
