//! When each buffer of a sound stream was captured, by counting samples.

use std::time::{Duration, Instant};

/// When each buffer's first sample was captured, by counting samples.
///
/// A host's latency figure jitters by tens of milliseconds from buffer to
/// buffer (a fresh PulseAudio's by 50 ms at a time), and the encoder, which
/// keeps audio on the recording's timeline, took each jump for a gap and
/// filled it with silence, then trimmed the overlap after it: the first
/// seconds came out choppy. A stream's samples are contiguous, so each
/// buffer follows the last; the measured time only pulls the count along
/// slowly (the device's clock and the system's drift apart) and takes over
/// when the two disagree by more than [`Stamps::RESYNC`] (samples were lost,
/// or the stream stalled).
#[derive(Debug)]
pub(crate) struct Stamps {
    rate: u32,
    channels: u16,
    /// When the next buffer's first sample was captured, by the count.
    next: Option<Instant>,
}

impl Stamps {
    const RESYNC: Duration = Duration::from_millis(150);
    /// The share of the difference between count and measurement corrected per buffer.
    const PULL: u32 = 32;

    pub(crate) fn new(rate: u32, channels: u16) -> Self {
        Self { rate: rate.max(1), channels: channels.max(1), next: None }
    }

    /// How long `len` interleaved samples last.
    fn duration_of(&self, len: usize) -> Duration {
        let frames = (len / usize::from(self.channels)) as u64;
        Duration::from_nanos(frames * 1_000_000_000 / u64::from(self.rate))
    }

    /// The capture time of a buffer of `len` interleaved samples whose
    /// first one the host says was captured at `measured`.
    pub(crate) fn stamp(&mut self, measured: Instant, len: usize) -> Instant {
        let at = match self.next {
            Some(counted) if counted.max(measured) - counted.min(measured) <= Self::RESYNC => {
                if measured > counted {
                    counted + (measured - counted) / Self::PULL
                } else {
                    counted - (counted - measured) / Self::PULL
                }
            }
            _ => measured,
        };
        self.next = Some(at + self.duration_of(len));
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn buffers_follow_each_other_whatever_the_host_says_within_reason() {
        let t0 = Instant::now();
        let mut stamps = Stamps::new(48_000, 2);
        // 50 ms buffers whose measured times jump by up to 50 ms either way.
        let jitter = [0, 50, -10, 40, 0, -30, 50, 0];
        let mut at = Vec::new();
        for (i, j) in jitter.into_iter().enumerate() {
            let measured = t0 + MS * (50 * i as u32) + MS * j.max(0) as u32 - MS * (-j).max(0) as u32;
            at.push(stamps.stamp(measured, 4_800));
        }
        for (i, w) in at.windows(2).enumerate() {
            let step = w[1] - w[0];
            assert!(step.abs_diff(50 * MS) <= 3 * MS, "buffer {i}: step {step:?}");
        }
    }

    #[test]
    fn a_real_gap_is_taken_from_the_host() {
        let t0 = Instant::now();
        let mut stamps = Stamps::new(48_000, 2);
        stamps.stamp(t0, 4_800);
        let after_gap = t0 + MS * 550;
        assert_eq!(stamps.stamp(after_gap, 4_800), after_gap, "half a second lost: the host's time wins");
    }
}
