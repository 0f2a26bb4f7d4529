//! One audio input brought onto the recording's timeline: 48 kHz stereo,
//! each buffer following the last without a seam, the device's clock held to
//! the recording's.
//!
//! A device counts samples by its own crystal, which runs tens to hundreds of
//! ppm off the system clock that stamps the picture (and some devices only
//! run at 44.1 kHz). Counting samples alone lets the sound slide off the
//! picture; following every buffer's stamp cuts or pads the sound at each
//! correction, which is heard as a click or a gap every few minutes. So every
//! input runs through a resampler whose ratio a slow feedback loop steers to
//! keep the count on the stamps: drift is absorbed a fraction of a sample at
//! a time. Only a stamp more than [`RESYNC`] away (samples were lost, the
//! input stalled) starts the input again at its stamp; after a pause the
//! input goes on where it stopped, the step worked off like drift.
//!
//! A 48 kHz input goes through rubato's [`Slip`] (a plain copy until a whole
//! frame has to be slipped, then hidden by a 128-frame crossfade; nothing
//! filtered, no delay, next to no CPU); any other rate through its windowed
//! sinc resampler.

use std::time::Duration;

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Async, FixedAsync, Resampler, SincInterpolationParameters, SincInterpolationType, Slip, WindowFunction};

use super::{AUDIO_RATE, EncodeError};
use crate::source::AudioFormat;

/// How far a buffer's stamp may lie from where the count puts it before the
/// input starts again at the stamp (50 ms: a lost buffer, a stall).
const RESYNC: f64 = AUDIO_RATE as f64 / 20.0;
/// How long a difference between stamps and count takes to be worked off.
const CATCH_UP: f64 = 2.0;
/// The stamps' jitter is averaged over about this long (seconds) first.
const SMOOTHING: f64 = 0.5;
/// The largest speed change the loop applies (0.5 %, 9 cents: far beyond any
/// real clock's drift, and under what `Slip` can do with 10 ms chunks).
const MAX_CORRECTION: f64 = 0.005;

/// Samples on the timeline: 48 kHz stereo, interleaved, the first at
/// `start` (in samples of media time).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub(crate) start: i64,
    pub(crate) samples: Vec<f32>,
}

impl Placed {
    /// What every block on the timeline is.
    pub(crate) const FORMAT: AudioFormat = AudioFormat { rate: AUDIO_RATE, channels: 2 };

    pub(crate) fn frames(&self) -> usize {
        self.samples.len() / 2
    }

    /// Where the sample after the last one goes.
    pub(crate) fn end(&self) -> i64 {
        self.start + self.frames() as i64
    }
}

/// Media time in samples of the timeline.
pub(crate) fn timeline_samples(d: Duration) -> i64 {
    i64::try_from(d.as_nanos() * u128::from(AUDIO_RATE) / 1_000_000_000).unwrap_or(i64::MAX)
}

/// One input's way onto the timeline (see the module's documentation).
pub(crate) struct Conform {
    input: AudioFormat,
    resampler: Box<dyn Resampler<f32>>,
    /// Input frames per resampler call (10 ms).
    chunk: usize,
    /// Stereo input frames waiting for a whole chunk, interleaved.
    queue: Vec<f32>,
    scratch: Vec<f32>,
    /// Where the next output frame goes; `None` until the first buffer.
    next: Option<i64>,
    /// Output frames still to drop after a start: the filter's delay, which
    /// comes out before the first input sample does.
    skip: usize,
    /// Stamp minus count, in frames, averaged over [`SMOOTHING`].
    error: f64,
}

impl std::fmt::Debug for Conform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conform")
            .field("input", &self.input)
            .field("next", &self.next)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Conform {
    pub(crate) fn new(input: AudioFormat) -> Result<Self, EncodeError> {
        let rate = input.rate.max(1);
        let chunk = (rate as usize / 100).max(16);
        let made = if rate == AUDIO_RATE {
            Slip::new(chunk, 2, FixedAsync::Input).map(|r| Box::new(r) as Box<dyn Resampler<f32>>)
        } else {
            let sinc = SincInterpolationParameters {
                sinc_len: 128,
                f_cutoff: None,
                oversampling_factor: 128,
                interpolation: SincInterpolationType::Linear,
                window: WindowFunction::BlackmanHarris2,
            };
            let ratio = f64::from(AUDIO_RATE) / f64::from(rate);
            Async::new_sinc(ratio, 1.0 + 2.0 * MAX_CORRECTION, &sinc, chunk, 2, FixedAsync::Input)
                .map(|r| Box::new(r) as Box<dyn Resampler<f32>>)
        };
        let resampler = made.map_err(|e| EncodeError::Resample { rate, reason: e.to_string() })?;
        let scratch = vec![0.0; resampler.output_frames_max() * 2];
        Ok(Self { input, resampler, chunk, queue: Vec::new(), scratch, next: None, skip: 0, error: 0.0 })
    }

    /// Take a buffer of the input's interleaved samples whose first one
    /// belongs at media time `at`; give back what is ready for the timeline.
    /// Consecutive results follow each other exactly (one's `end` is the
    /// next one's `start`) unless the input started again.
    pub(crate) fn place(&mut self, at: Duration, interleaved: &[f32]) -> Option<Placed> {
        let channels = usize::from(self.input.channels.max(1));
        let frames = interleaved.len() / channels;
        if frames == 0 {
            return None;
        }
        let stamp = timeline_samples(at);
        match self.next {
            Some(next) => {
                let pending = self.resampler.output_delay().saturating_sub(self.skip) as f64;
                let queued = (self.queue.len() / 2) as f64 * self.resampler.resample_ratio();
                let error = stamp as f64 - (next as f64 + pending + queued);
                if error.abs() > RESYNC {
                    self.restart(stamp);
                } else {
                    self.steer(error, frames);
                }
            }
            None => self.restart(stamp),
        }
        for frame in interleaved.chunks_exact(channels) {
            self.queue.extend_from_slice(&[frame[0], frame[1.min(channels - 1)]]);
        }
        self.run()
    }

    fn restart(&mut self, stamp: i64) {
        self.resampler.reset();
        self.queue.clear();
        self.next = Some(stamp);
        self.skip = self.resampler.output_delay();
        self.error = 0.0;
    }

    /// Nudge the speed so the count closes on the stamps in about [`CATCH_UP`].
    fn steer(&mut self, error: f64, frames: usize) {
        let weight = (frames as f64 / f64::from(self.input.rate.max(1)) / SMOOTHING).min(1.0);
        self.error += (error - self.error) * weight;
        let correction = (self.error / (CATCH_UP * f64::from(AUDIO_RATE))).clamp(-MAX_CORRECTION, MAX_CORRECTION);
        if let Some(adjustable) = self.resampler.as_adjustable() {
            // Out of bounds cannot happen (clamped above); Slip applies the nearest limit anyway.
            let _ = adjustable.set_resample_ratio_relative(1.0 + correction, true);
        }
    }

    /// Resample every whole chunk queued.
    fn run(&mut self) -> Option<Placed> {
        let start = self.next?;
        let mut samples = Vec::new();
        while self.queue.len() >= self.chunk * 2 {
            let out_frames = self.scratch.len() / 2;
            let processed =
                InterleavedSlice::new(&self.queue[..self.chunk * 2], 2, self.chunk).ok().and_then(|input| {
                    let mut output = InterleavedSlice::new_mut(&mut self.scratch, 2, out_frames).ok()?;
                    self.resampler.process_into_buffer(&input, &mut output, None).ok()
                });
            let Some((used, made)) = processed else {
                // Cannot happen with these sizes; if it does, start over at the next stamp.
                tracing::warn!(input = ?self.input, "the resampler refused a chunk; the input starts again");
                self.queue.clear();
                self.next = None;
                break;
            };
            self.queue.drain(..used * 2);
            let dropped = self.skip.min(made);
            self.skip -= dropped;
            samples.extend_from_slice(&self.scratch[dropped * 2..made * 2]);
        }
        if samples.is_empty() {
            return None;
        }
        let placed = Placed { start, samples };
        if self.next.is_some() {
            self.next = Some(placed.end());
        }
        Some(placed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    /// `seconds` of a sine at `hz`, produced by a device whose clock runs
    /// `skew` fast, handed over in `buffer`-frame buffers stamped by the
    /// system clock; returns everything placed.
    fn conform(format: AudioFormat, hz: f64, skew: f64, buffer: usize, seconds: f64) -> Vec<Placed> {
        let mut conform = Conform::new(format).unwrap();
        let real_rate = f64::from(format.rate) * (1.0 + skew);
        let mut placed = Vec::new();
        let mut n = 0usize;
        while (n as f64) < real_rate * seconds {
            let samples: Vec<f32> = (n..n + buffer)
                .flat_map(|i| {
                    let s = (0.5 * (std::f64::consts::TAU * hz * i as f64 / f64::from(format.rate)).sin()) as f32;
                    std::iter::repeat_n(s, usize::from(format.channels))
                })
                .collect();
            let at = Duration::from_secs_f64(n as f64 / real_rate);
            placed.extend(conform.place(at, &samples));
            n += buffer;
        }
        placed
    }

    fn joined(placed: &[Placed]) -> Vec<f32> {
        for w in placed.windows(2) {
            assert_eq!(w[0].end(), w[1].start, "the input started again at {}", w[1].start);
        }
        placed.iter().flat_map(|p| p.samples.iter().step_by(2).copied()).collect()
    }

    /// The largest sample-to-sample step in `x` once a steady tone at `hz`
    /// is taken out (a second-order difference tuned to it).
    fn worst_break(x: &[f32], hz: f64) -> f32 {
        let c = 2.0 * (std::f64::consts::TAU * hz / f64::from(AUDIO_RATE)).cos() as f32;
        x.windows(3).skip(1_000).map(|w| (w[2] - c * w[1] + w[0]).abs()).fold(0.0, f32::max)
    }

    #[test]
    fn a_device_a_fifth_of_a_percent_fast_stays_on_the_clock_without_a_break() {
        let format = AudioFormat { rate: 48_000, channels: 1 };
        let placed = conform(format, 440.0, 0.002, 480, 60.0);
        let x = joined(&placed);
        // Sample-counted, the sound would have run 120 ms ahead by now; it
        // ends where the clock says (the loop's lag: 0.2 % × 2 s ≈ 4 ms).
        let end = placed.last().unwrap().end();
        assert!((end - 60 * 48_000).abs() < 48 * 8, "ends at {end}");
        assert!(worst_break(&x, 440.0 * 1.002) < 0.01, "break {}", worst_break(&x, 440.0 * 1.002));
    }

    #[test]
    fn a_slow_device_at_44100_hz_in_odd_buffers_comes_out_whole_at_48000() {
        let format = AudioFormat { rate: 44_100, channels: 2 };
        let placed = conform(format, 1_000.0, -0.001, 1_024, 30.0);
        let x = joined(&placed);
        let end = placed.last().unwrap().end();
        assert!((end - 30 * 48_000).abs() < 48 * 8, "ends at {end}");
        let hz = 1_000.0 * 0.999;
        assert!(worst_break(&x, hz) < 0.01, "break {}", worst_break(&x, hz));
    }

    #[test]
    fn a_gap_in_the_stamps_starts_the_input_again_at_the_stamp() {
        let mut conform = Conform::new(AudioFormat { rate: 48_000, channels: 2 }).unwrap();
        let buffer = vec![0.25f32; 960];
        let first = conform.place(Duration::ZERO, &buffer).unwrap();
        assert_eq!((first.start, first.frames()), (0, 480));
        let next = conform.place(10 * MS, &buffer).unwrap();
        assert_eq!(next.start, 480, "a buffer where the count expects it follows on");
        let after_gap = conform.place(500 * MS, &buffer).unwrap();
        assert_eq!(after_gap.start, 24_000, "half a second lost: the stamp wins");
        assert!(after_gap.samples.iter().all(|&s| s == 0.25), "a 48 kHz input is copied, not filtered");
    }

    #[test]
    fn stamps_jittering_by_milliseconds_move_nothing() {
        let mut conform = Conform::new(AudioFormat { rate: 48_000, channels: 1 }).unwrap();
        let jitter = [0i64, 4, -3, 2, 5, -5, 0, 1, -2, 3];
        let mut end = None;
        for i in 0..3_000 {
            let at = Duration::from_millis((10 * i + jitter[i as usize % jitter.len()]).max(0) as u64);
            let placed = conform.place(at, &[0.1; 480]).unwrap();
            assert_eq!(end.unwrap_or(placed.start), placed.start, "buffer {i} started again");
            end = Some(placed.end());
        }
        assert!((end.unwrap() - 30 * 48_000).abs() < 48 * 2, "ends at {end:?}");
    }
}
