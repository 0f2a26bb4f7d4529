//! The audio encoder stage: lay the placed samples (48 kHz stereo, see
//! [`super::Conform`]) end to end on the recording's timeline, silence where
//! an input was missing and the overlap trimmed where it started again
//! early, and make AAC.

use std::time::Duration;

use ffmpeg::{ChannelLayout, Packet, encoder, format::Sample, format::sample::Type, frame};
use ffmpeg_next as ffmpeg;

use super::conform::timeline_samples;
use super::{AUDIO_RATE, EncodeError, Placed, open_audio};

/// AAC encoder with a small planar FIFO in front of it.
pub(crate) struct AudioEncoder {
    enc: encoder::Audio,
    frame_size: usize,
    fifo: [Vec<f32>; 2],
    /// Timeline position (in samples) of the first sample in the FIFO.
    fifo_pts: Option<i64>,
    pub(crate) inserted_silence: Duration,
}

impl std::fmt::Debug for AudioEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudioEncoder").field("fifo_pts", &self.fifo_pts).finish_non_exhaustive()
    }
}

impl AudioEncoder {
    pub(crate) fn new() -> Result<Self, EncodeError> {
        let enc = open_audio(true)?;
        let frame_size = (enc.frame_size() as usize).max(1);
        Ok(Self { enc, frame_size, fifo: [Vec::new(), Vec::new()], fifo_pts: None, inserted_silence: Duration::ZERO })
    }

    pub(crate) fn encoder(&self) -> &encoder::Audio {
        &self.enc
    }

    /// Timeline position just after the last sample accepted so far.
    pub(crate) fn position(&self) -> Option<Duration> {
        let end = self.fifo_pts? + self.fifo[0].len() as i64;
        Some(Duration::from_nanos(u64::try_from(end.max(0)).unwrap_or(0) * 1_000_000_000 / u64::from(AUDIO_RATE)))
    }

    /// Accept samples placed on the timeline: silence before them if they
    /// start after the last, the overlap dropped if they start before it.
    pub(crate) fn push(&mut self, placed: &Placed, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        let end = *self.fifo_pts.get_or_insert(placed.start) + self.fifo[0].len() as i64;
        let gap = placed.start - end;
        if gap > 0 {
            self.silence(gap as usize);
        }
        let skip = usize::try_from(-gap).unwrap_or(0);
        for frame in placed.samples.chunks_exact(2).skip(skip) {
            self.fifo[0].push(frame[0]);
            self.fifo[1].push(frame[1]);
        }
        self.encode_full_frames(out)
    }

    /// Fill the timeline with silence up to media time `to` (a source went
    /// quiet or away). Does nothing before the first chunk fixed the start.
    pub(crate) fn fill_to(&mut self, to: Duration, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        let pts = *self.fifo_pts.get_or_insert(0);
        let missing = timeline_samples(to) - (pts + self.fifo[0].len() as i64);
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
