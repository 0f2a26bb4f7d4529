//! The audio side of an edit: decode only the packets near kept ranges, keep
//! the samples inside them (to the sample), and encode AAC again. Every kept
//! range yields exactly its length in samples (silence where the source had
//! none), so audio and video stay aligned across every join.

use ffmpeg::{ChannelLayout, Packet, Rational, Rescale, codec, decoder, encoder, format::Sample, frame};
use ffmpeg_next as ffmpeg;

use super::{AudioSide, KeptRange, RenderError};
use crate::encode::EncodeError;

/// Decoded before a range starts, so the AAC decoder's overlap is primed.
const PREROLL_MS: i64 = 100;

pub(super) struct Audio {
    dec: decoder::Audio,
    enc: encoder::Audio,
    tb: Rational,
    rate: i64,
    /// Kept ranges in samples, `[start, end)`.
    ranges: Vec<(i64, i64)>,
    /// The range being filled and the source sample it is filled up to.
    current: usize,
    filled: i64,
    fed_last: bool,
    last_seen: i64,
    fifo: Vec<Vec<f32>>,
    out_pos: i64,
    /// Encoded packets not yet taken by the writer.
    ready: Vec<Packet>,
}

impl Audio {
    pub(super) fn new(params: codec::Parameters, tb: Rational, kept: &[KeptRange]) -> Result<Self, RenderError> {
        let fail = |stage| move |source| EncodeError::Ffmpeg { stage, source };
        // With the packets' time base the decoder places the first frame
        // after the priming samples it drops; without it that frame keeps
        // its packet's pts and lands ~20 ms early on the timeline.
        let dec = codec::context::Context::from_parameters(params)
            .map(|c| {
                let mut dec = c.decoder();
                dec.set_packet_time_base(tb);
                dec
            })
            .and_then(|d| d.audio())
            .map_err(fail("opening the audio decoder"))?;
        let rate = dec.rate().max(1);
        let channels = dec.channels().max(1);
        let layout = match dec.channel_layout() {
            l if l.is_empty() => ChannelLayout::default(i32::from(channels)),
            l => l,
        };
        let codec = encoder::find(codec::Id::AAC).ok_or(EncodeError::Audio(ffmpeg::Error::EncoderNotFound))?;
        let mut enc = codec::context::Context::new_with_codec(codec).encoder().audio().map_err(EncodeError::Audio)?;
        enc.set_rate(rate as i32);
        enc.set_format(Sample::F32(ffmpeg::format::sample::Type::Planar));
        enc.set_channel_layout(layout);
        enc.set_channels(i32::from(channels));
        enc.set_bit_rate(128_000);
        enc.set_time_base(Rational(1, rate as i32));
        enc.set_flags(codec::Flags::GLOBAL_HEADER);
        let enc = enc.open_as(codec).map_err(EncodeError::Audio)?;
        let rate = i64::from(rate);
        let samples = |ms: u64| i64::try_from(ms).unwrap_or(i64::MAX / rate) * rate / 1000;
        let ranges: Vec<(i64, i64)> = kept.iter().map(|r| (samples(r.start_ms), samples(r.end_ms))).collect();
        Ok(Self {
            dec,
            enc,
            tb,
            rate,
            filled: ranges.first().map_or(0, |r| r.0),
            ranges,
            current: 0,
            fed_last: false,
            last_seen: i64::MIN,
            fifo: vec![Vec::new(); usize::from(channels)],
            out_pos: 0,
            ready: Vec::new(),
        })
    }

    pub(super) fn encoder(&self) -> &encoder::Audio {
        &self.enc
    }

    fn pull(&mut self) -> Result<(), RenderError> {
        let mut f = frame::Audio::empty();
        while self.dec.receive_frame(&mut f).is_ok() {
            if f.format() != Sample::F32(ffmpeg::format::sample::Type::Planar) {
                return Err(RenderError::Unsupported { path: String::new(), reason: "its audio is not AAC" });
            }
            let Some(pts) = f.timestamp().or(f.pts()) else { continue };
            let at = pts.rescale(self.tb, Rational(1, self.rate as i32));
            let n = f.samples() as i64;
            for r in self.current..self.ranges.len() {
                let (s, e) = self.ranges[r];
                let (lo, hi) = (at.max(s), (at + n).min(e));
                if lo >= hi {
                    continue;
                }
                self.move_to(r);
                let lo = lo.max(self.filled);
                if lo >= hi {
                    continue;
                }
                self.silence(lo - self.filled);
                let (a, b) = ((lo - at) as usize, (hi - at) as usize);
                for (c, q) in self.fifo.iter_mut().enumerate() {
                    q.extend_from_slice(&f.plane::<f32>(c)[a..b]);
                }
                self.filled = hi;
            }
            self.encode_full(false)?;
        }
        Ok(())
    }

    /// Finish the ranges before `r` (silence for what the source lacked).
    fn move_to(&mut self, r: usize) {
        while self.current < r {
            let end = self.ranges[self.current].1;
            self.silence(end - self.filled);
            self.current += 1;
            self.filled = self.ranges[self.current].0;
        }
    }

    fn silence(&mut self, n: i64) {
        if n > 0 {
            for q in &mut self.fifo {
                q.resize(q.len() + n as usize, 0.0);
            }
        }
    }

    fn encode_full(&mut self, last: bool) -> Result<(), RenderError> {
        let size = (self.enc.frame_size() as usize).max(1);
        loop {
            let have = self.fifo.first().map_or(0, Vec::len);
            let take = if have >= size {
                size
            } else if last && have > 0 {
                have
            } else {
                return Ok(());
            };
            let mut f = frame::Audio::new(self.enc.format(), take, self.enc.channel_layout());
            f.set_rate(self.enc.rate());
            for (c, q) in self.fifo.iter_mut().enumerate() {
                f.plane_mut::<f32>(c)[..take].copy_from_slice(&q[..take]);
                q.drain(..take);
            }
            f.set_pts(Some(self.out_pos));
            self.out_pos += take as i64;
            self.enc.send_frame(&f).map_err(|source| EncodeError::Ffmpeg { stage: "audio encoding", source })?;
            self.drain()?;
        }
    }

    fn drain(&mut self) -> Result<(), RenderError> {
        loop {
            let mut pkt = Packet::empty();
            match self.enc.receive_packet(&mut pkt) {
                Ok(()) => self.ready.push(pkt),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::util::error::EAGAIN => return Ok(()),
                Err(source) => return Err(EncodeError::Ffmpeg { stage: "audio encoding", source }.into()),
            }
        }
    }
}

impl AudioSide for Audio {
    /// The AAC packets encoded so far (timestamps in the encoder's time base).
    fn take(&mut self) -> Vec<Packet> {
        std::mem::take(&mut self.ready)
    }

    /// True once the packets read are past the last kept range.
    fn past_end(&self) -> bool {
        let margin = PREROLL_MS * self.rate / 1000;
        self.ranges.last().is_none_or(|r| self.last_seen > r.1 + margin)
    }

    fn packet(&mut self, packet: &Packet) -> Result<(), RenderError> {
        let Some(pts) = packet.pts() else { return Ok(()) };
        let samples = Rational(1, self.rate as i32);
        let at = pts.rescale(self.tb, samples);
        let len = packet.duration().rescale(self.tb, samples).max(1);
        self.last_seen = at;
        let margin = PREROLL_MS * self.rate / 1000;
        let wanted = self.ranges.iter().any(|&(s, e)| at + len > s - margin && at < e + margin);
        if !wanted {
            self.fed_last = false;
            return Ok(());
        }
        if !self.fed_last {
            self.dec.flush();
            self.fed_last = true;
        }
        // A damaged packet loses its samples; the padding below keeps sync.
        if self.dec.send_packet(packet).is_ok() {
            self.pull()?;
        }
        Ok(())
    }

    /// Fill what the source lacked up to the last range's end, then flush.
    fn finish(&mut self) -> Result<(), RenderError> {
        if self.dec.send_eof().is_ok() {
            self.pull()?;
        }
        if !self.ranges.is_empty() {
            self.move_to(self.ranges.len() - 1);
            let end = self.ranges[self.current].1;
            self.silence(end - self.filled);
            self.filled = end;
        }
        self.encode_full(true)?;
        self.enc.send_eof().map_err(|source| EncodeError::Ffmpeg { stage: "flushing the audio encoder", source })?;
        self.drain()
    }
}
