//! Live input level (RMS and peak, published 20 times a second) and the
//! "no sound" detector: digital silence for 3 s raises a warning.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::source::AudioFormat;

/// How long the input must stay digitally silent before we warn.
pub(crate) const SILENCE_WARNING_AFTER: Duration = Duration::from_secs(3);
/// A level older than this is shown as zero: the device stopped delivering
/// (unplugged, server gone), and a frozen bar would claim it still hears sound.
const STALE_AFTER: Duration = Duration::from_millis(500);

/// A snapshot of the input level, both in linear full scale (0.0 ..= 1.0).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Level {
    pub rms: f32,
    pub peak: f32,
    /// True when the input has been digitally silent for 3 s or more.
    pub silent: bool,
}

/// Shared, lock-free level meter. Clone it to read the level from a UI thread.
#[derive(Debug, Clone, Default)]
pub struct LevelMeter {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    rms: AtomicU32,
    peak: AtomicU32,
    /// Number of windows published so far (lets callers see it is alive).
    updates: AtomicU64,
    window: Mutex<Window>,
}

#[derive(Debug, Default)]
struct Window {
    sum_sq: f64,
    peak: f32,
    frames: usize,
    last_sound: Option<Instant>,
    first_seen: Option<Instant>,
    last_fed: Option<Instant>,
}

impl LevelMeter {
    /// The latest published level.
    pub fn level(&self) -> Level {
        let w = self.inner.window.lock().unwrap_or_else(PoisonError::into_inner);
        let since = w.last_sound.or(w.first_seen);
        let fresh = w.last_fed.is_some_and(|t| t.elapsed() < STALE_AFTER);
        let read = |a: &AtomicU32| if fresh { f32::from_bits(a.load(Ordering::Relaxed)) } else { 0.0 };
        Level {
            rms: read(&self.inner.rms),
            peak: read(&self.inner.peak),
            silent: since.is_some_and(|t| t.elapsed() >= SILENCE_WARNING_AFTER),
        }
    }

    /// Count silence from `at` even if no sample ever arrives, so a device
    /// that delivers nothing at all still raises the warning.
    pub(crate) fn expect_sound_from(&self, at: Instant) {
        self.inner.window.lock().unwrap_or_else(PoisonError::into_inner).first_seen.get_or_insert(at);
    }

    /// How many level windows have been published (20 per second of input).
    pub fn updates(&self) -> u64 {
        self.inner.updates.load(Ordering::Relaxed)
    }

    /// Account for interleaved samples; publishes every 50 ms of input.
    pub(crate) fn feed(&self, samples: &[f32], format: AudioFormat) {
        let mut w = self.inner.window.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        w.first_seen.get_or_insert(now);
        w.last_fed = Some(now);
        let channels = usize::from(format.channels.max(1));
        let per_window = (format.rate as usize / 20).max(1);
        for frame in samples.chunks(channels) {
            for &s in frame {
                w.sum_sq += f64::from(s) * f64::from(s);
                w.peak = w.peak.max(s.abs());
                if s != 0.0 {
                    w.last_sound = Some(now);
                }
            }
            w.frames += 1;
            if w.frames >= per_window {
                let rms = (w.sum_sq / (w.frames * channels) as f64).sqrt() as f32;
                self.inner.rms.store(rms.to_bits(), Ordering::Relaxed);
                self.inner.peak.store(w.peak.to_bits(), Ordering::Relaxed);
                self.inner.updates.fetch_add(1, Ordering::Relaxed);
                w.sum_sq = 0.0;
                w.peak = 0.0;
                w.frames = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_scale_square_wave_reads_as_one() {
        let meter = LevelMeter::default();
        let fmt = AudioFormat { rate: 48_000, channels: 1 };
        let samples: Vec<f32> = (0..4800).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        meter.feed(&samples, fmt);
        let level = meter.level();
        assert!((level.rms - 1.0).abs() < 1e-3 && (level.peak - 1.0).abs() < 1e-6);
        assert_eq!(meter.updates(), 2);
        assert!(!level.silent);
    }

    #[test]
    fn a_device_that_never_delivers_reads_as_silent_after_three_seconds() {
        let meter = LevelMeter::default();
        meter.expect_sound_from(Instant::now() - SILENCE_WARNING_AFTER);
        assert!(meter.level().silent);
        assert!(!LevelMeter::default().level().silent, "a recorder's meter waits for its first samples");
    }

    #[test]
    fn a_level_nobody_refreshed_falls_to_zero() {
        let meter = LevelMeter::default();
        let fmt = AudioFormat { rate: 48_000, channels: 1 };
        meter.feed(&[0.5; 2400], fmt);
        assert!(meter.level().rms > 0.4);
        meter.inner.window.lock().unwrap_or_else(PoisonError::into_inner).last_fed = Some(Instant::now() - STALE_AFTER);
        assert_eq!(meter.level().rms, 0.0);
    }
}
