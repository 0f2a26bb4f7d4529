//! Mixing several audio sources (microphone + system audio) into one 48 kHz
//! stereo stream. Each input runs on its own thread with its own sink; the
//! mixer lines their samples up by media time and sums them.
//!
//! The first input leads (the microphone, in [`super::audio`]): a recording
//! starts with the microphone's first sound, as without a mix. A source the
//! sound server has just made (a microphone plugged in a moment ago) wakes
//! ~1 s after the system audio; had the system audio's first sound started
//! the recording, the first second of speech would be lost and the voice
//! would come in with a click.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::{AudioFormat, AudioSink, AudioSource, Counters, SourceError};
use crate::encode::Placed;
use crate::level::LevelMeter;

/// An input that has delivered nothing for this long is treated as silent,
/// so one stalled device does not hold the others back.
const STALLED: Duration = Duration::from_millis(300);

/// Several audio sources summed into one (clipped to full scale).
pub struct Mix {
    inputs: Vec<Box<dyn AudioSource>>,
}

impl std::fmt::Debug for Mix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mix").field("inputs", &self.describe()).finish()
    }
}

impl Mix {
    /// Mix `inputs` (e.g. the microphone and [`crate::MicrophoneChoice::SystemAudio`]).
    pub fn new(inputs: Vec<Box<dyn AudioSource>>) -> Self {
        Self { inputs }
    }
}

/// One input's samples not yet mixed: stereo frames starting at `start`
/// (in 48 kHz samples of media time), `None` until the input is first heard.
/// Each input's sink has already put its samples on the timeline (its clock
/// held to the recording's), so a lane's blocks follow each other exactly
/// unless the input started again (a gap, a stall); then the lane jumps.
struct Lane {
    rx: Receiver<Placed>,
    start: Option<i64>,
    frames: VecDeque<[f32; 2]>,
    last_seen: Instant,
}

impl Lane {
    /// Where the lane's next sample goes on the timeline (drained or not).
    fn end(&self) -> Option<i64> {
        self.start.map(|s| s + self.frames.len() as i64)
    }

    /// Heard from lately: the mix waits for its samples. An input quiet for
    /// [`STALLED`] is left out (silent) so it does not hold the others back.
    fn live(&self) -> bool {
        self.start.is_some() && self.last_seen.elapsed() < STALLED
    }

    fn take(&mut self) {
        while let Ok(placed) = self.rx.try_recv() {
            self.last_seen = Instant::now();
            if self.end() != Some(placed.start) {
                self.frames.clear();
                self.start = Some(placed.start);
            }
            self.frames.extend(placed.samples.chunks_exact(2).map(|f| [f[0], f[1]]));
        }
    }

    /// Add this lane's samples in `from..until` to `out` (which starts at
    /// `from`) and let go of them and of any before `from`.
    fn mix_into(&mut self, out: &mut [f32], from: i64, until: i64) {
        let Some(start) = self.start.as_mut() else { return };
        while *start < from && self.frames.pop_front().is_some() {
            *start += 1;
        }
        let n = (until - *start).clamp(0, self.frames.len() as i64) as usize;
        let offset = (*start - from).max(0) as usize;
        for (k, f) in self.frames.drain(..n).enumerate() {
            if let Some(o) = out.get_mut((offset + k) * 2..(offset + k) * 2 + 2) {
                o[0] += f[0];
                o[1] += f[1];
            }
        }
        *start += n as i64;
    }
}

impl AudioSource for Mix {
    fn describe(&self) -> String {
        self.inputs.iter().map(|i| i.describe()).collect::<Vec<_>>().join(" + ")
    }

    fn format(&self) -> AudioFormat {
        Placed::FORMAT
    }

    fn run(&mut self, sink: &AudioSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let stop_inner = Arc::new(AtomicBool::new(false));
        let mut lanes = Vec::new();
        let mut inputs = Vec::new();
        for (i, input) in std::mem::take(&mut self.inputs).into_iter().enumerate() {
            let (tx, rx) = mpsc::sync_channel(128);
            let (counters, meter) = (Arc::new(Counters::default()), LevelMeter::default());
            let inner = AudioSink::new(tx, sink.clock.clone(), counters, meter, input.format(), sink.notes.clone())
                .map_err(|e| SourceError::Unsupported { what: input.describe(), hint: e.to_string() })?;
            // The first input leads: the recording starts with its first
            // sound (the microphone's), not with another input's.
            let inner = if i == 0 { inner } else { inner.following() };
            inputs.push((input, inner));
            lanes.push(Lane { rx, start: None, frames: VecDeque::new(), last_seen: Instant::now() });
        }
        let mut threads = Vec::new();
        for (i, (mut input, inner)) in inputs.into_iter().enumerate() {
            let st = stop_inner.clone();
            let name = format!("capture-audio-{i}");
            let spawned = std::thread::Builder::new().name(name).spawn(move || {
                let result = input.run(&inner, &st);
                (input, result)
            });
            if let Ok(handle) = spawned {
                threads.push(handle);
            }
        }
        let mut pos: Option<i64> = None;
        let mut first_heard: Option<Instant> = None;
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(10));
            for lane in &mut lanes {
                lane.take();
            }
            // The mix begins once every input is heard (or one has kept
            // quiet for STALLED after the first was): an input whose first
            // buffer comes tens of ms after another's would otherwise find
            // the mix past its first samples and join with a step.
            if pos.is_none() && lanes.iter().any(|l| l.start.is_none()) {
                if lanes.iter().any(|l| l.start.is_some()) {
                    first_heard.get_or_insert_with(Instant::now);
                }
                if first_heard.is_none_or(|t| t.elapsed() < STALLED) {
                    continue;
                }
            }
            // A live lane with nothing queued is waiting for its next
            // buffer, not silent: the mix goes only as far as every live
            // lane has samples, so no input's buffers are cut into.
            let live: Vec<&Lane> = lanes.iter().filter(|l| l.live()).collect();
            let Some(until) = live.iter().filter_map(|l| l.end()).min() else { continue };
            let from = *pos.get_or_insert_with(|| live.iter().filter_map(|l| l.start).min().unwrap_or(until));
            if until <= from {
                continue;
            }
            let mut out = vec![0.0f32; (until - from) as usize * 2];
            for lane in &mut lanes {
                lane.mix_into(&mut out, from, until);
            }
            for s in &mut out {
                *s = s.clamp(-1.0, 1.0);
            }
            sink.push_placed(Placed { start: from, samples: out });
            pos = Some(until);
        }
        stop_inner.store(true, Ordering::SeqCst);
        let mut first_error = None;
        for handle in threads {
            if let Ok((input, Err(e))) = handle.join() {
                tracing::warn!(input = %input.describe(), error = %e, "mixed input failed");
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}
