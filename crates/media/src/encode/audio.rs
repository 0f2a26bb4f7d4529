//! The audio encoder stage: bring any source to 48 kHz stereo, keep it on the
//! recording timeline (silence for gaps, trimming overlaps), and make AAC.

use std::time::Duration;

use ffmpeg::{ChannelLayout, Packet, encoder, format::Sample, format::sample::Type, frame};
use ffmpeg_next as ffmpeg;

use super::{AUDIO_RATE, EncodeError, open_audio};
use crate::source::{AudioChunk, AudioFormat};

/// Timeline error tolerated before inserting silence or trimming input.
const SLACK: i64 = AUDIO_RATE as i64 / 20;

/// AAC encoder with a small planar FIFO in front of it.
pub(crate) struct AudioEncoder {
    enc: encoder::Audio,
    input: AudioFormat,
    frame_size: usize,
    fifo: [Vec<f32>; 2],
    /// Timeline position (in samples) of the first sample in the FIFO.
    fifo_pts: Option<i64>,
    pub(crate) inserted_silence: Duration,
}

impl std::fmt::Debug for AudioEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudioEncoder").field("input", &self.input).finish_non_exhaustive()
    }
}

fn samples(d: Duration) -> i64 {
    i64::try_from(d.as_nanos() * u128::from(AUDIO_RATE) / 1_000_000_000).unwrap_or(i64::MAX)
}

impl AudioEncoder {
    pub(crate) fn new(input: AudioFormat) -> Result<Self, EncodeError> {
        let enc = open_audio(true)?;
        let frame_size = (enc.frame_size() as usize).max(1);
        Ok(Self {
            enc,
            input,
            frame_size,
            fifo: [Vec::new(), Vec::new()],
            fifo_pts: None,
            inserted_silence: Duration::ZERO,
        })
    }

    pub(crate) fn encoder(&self) -> &encoder::Audio {
        &self.enc
    }

    /// Timeline position just after the last sample accepted so far.
    pub(crate) fn position(&self) -> Option<Duration> {
        let end = self.fifo_pts? + self.fifo[0].len() as i64;
        Some(Duration::from_nanos(u64::try_from(end.max(0)).unwrap_or(0) * 1_000_000_000 / u64::from(AUDIO_RATE)))
    }

    /// Accept a chunk whose first sample is at media time `at`.
    pub(crate) fn push(
        &mut self,
        at: Duration,
        chunk: &AudioChunk,
        out: &mut dyn FnMut(Packet),
    ) -> Result<(), EncodeError> {
        let (mut left, mut right) = to_stereo_48k(&chunk.samples, self.input);
        let start = samples(at);
        let end = *self.fifo_pts.get_or_insert(start) + self.fifo[0].len() as i64;
        let drift = start - end;
        if drift > SLACK {
            self.silence(drift as usize);
        } else if drift < -SLACK {
            let cut = usize::try_from(-drift).unwrap_or(0).min(left.len());
            left.drain(..cut);
            right.drain(..cut);
        }
        self.fifo[0].extend_from_slice(&left);
        self.fifo[1].extend_from_slice(&right);
        self.encode_full_frames(out)
    }

    /// Fill the timeline with silence up to media time `to` (a source went
    /// quiet or away). Does nothing before the first chunk fixed the start.
    pub(crate) fn fill_to(&mut self, to: Duration, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        let pts = *self.fifo_pts.get_or_insert(0);
        let missing = samples(to) - (pts + self.fifo[0].len() as i64);
        if missing > 0 {
            self.silence(missing as usize);
        }
        self.encode_full_frames(out)
    }

    fn silence(&mut self, n: usize) {
        self.inserted_silence += Duration::from_nanos(n as u64 * 1_000_000_000 / u64::from(AUDIO_RATE));
        for ch in &mut self.fifo {
            ch.resize(ch.len() + n, 0.0);
        }
    }

    fn encode_full_frames(&mut self, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        while self.fifo[0].len() >= self.frame_size {
            self.send(self.frame_size, out)?;
        }
        Ok(())
    }

    fn send(&mut self, n: usize, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        let mut f = frame::Audio::new(Sample::F32(Type::Planar), n, ChannelLayout::STEREO);
        f.set_rate(AUDIO_RATE);
        for (i, ch) in self.fifo.iter_mut().enumerate() {
            f.plane_mut::<f32>(i)[..n].copy_from_slice(&ch[..n]);
            ch.drain(..n);
        }
        let pts = self.fifo_pts.unwrap_or(0);
        f.set_pts(Some(pts));
        self.fifo_pts = Some(pts + n as i64);
        self.enc.send_frame(&f).map_err(|source| EncodeError::Ffmpeg { stage: "audio encoding", source })?;
        self.drain(out)
    }

    /// Encode what is left and flush the encoder.
    pub(crate) fn finish(&mut self, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        self.encode_full_frames(out)?;
        let rest = self.fifo[0].len();
        if rest > 0 {
            self.send(rest, out)?;
        }
        self.enc.send_eof().map_err(|source| EncodeError::Ffmpeg { stage: "flushing the audio encoder", source })?;
        self.drain(out)
    }

    fn drain(&mut self, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        loop {
            let mut pkt = Packet::empty();
            match self.enc.receive_packet(&mut pkt) {
                Ok(()) => out(pkt),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::util::error::EAGAIN => {
                    return Ok(());
                }
                Err(source) => {
                    return Err(EncodeError::Ffmpeg { stage: "audio encoding", source });
                }
            }
        }
    }
}

/// Split interleaved samples into left/right at 48 kHz. Mono is duplicated,
/// extra channels beyond two are dropped; other rates are resampled linearly
/// (good enough for speech; the capture side asks devices for 48 kHz first).
pub(crate) fn to_stereo_48k(interleaved: &[f32], fmt: AudioFormat) -> (Vec<f32>, Vec<f32>) {
    let ch = usize::from(fmt.channels.max(1));
    let frames = interleaved.len() / ch;
    let pick = |i: usize, c: usize| interleaved.get(i * ch + c.min(ch - 1)).copied().unwrap_or(0.0);
    if fmt.rate == AUDIO_RATE {
        return ((0..frames).map(|i| pick(i, 0)).collect(), (0..frames).map(|i| pick(i, 1)).collect());
    }
    let out_len = frames * AUDIO_RATE as usize / fmt.rate.max(1) as usize;
    let ratio = f64::from(fmt.rate) / f64::from(AUDIO_RATE);
    let lerp = |c: usize| -> Vec<f32> {
        (0..out_len)
            .map(|j| {
                let x = j as f64 * ratio;
                let i = x as usize;
                let t = (x - i as f64) as f32;
                let (a, b) = (pick(i, c), if i + 1 < frames { pick(i + 1, c) } else { pick(i, c) });
                a + (b - a) * t
            })
            .collect()
    };
    (lerp(0), lerp(1))
}
