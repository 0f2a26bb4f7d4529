//! The audio side of an edit by copying AAC packets ([`AudioCut::Packets`]):
//! no decoding or encoding, so it costs what reading costs, but a range can
//! only start and end on the source's 1,024-sample packets. Each range takes
//! the packets nearest to where its audio belongs, so it sits at most half a
//! packet (10.7 ms at 48 kHz) off its video, and the offset never adds up
//! across joins. A join may glitch for one packet (the decoder's overlap
//! comes from the packet before the cut).
//!
//! [`AudioCut::Packets`]: super::AudioCut::Packets

use ffmpeg::{Packet, Rational, Rescale};
use ffmpeg_next as ffmpeg;

use super::{AudioSide, KeptRange, RenderError};

pub(super) struct Packets {
    tb: Rational,
    rate: i64,
    /// Kept ranges in samples: (start, end, output offset).
    ranges: Vec<(i64, i64, i64)>,
    current: usize,
    out_pos: i64,
    last_seen: i64,
    ready: Vec<Packet>,
}

impl Packets {
    pub(super) fn new(tb: Rational, rate: u32, kept: &[KeptRange]) -> Self {
        let rate = i64::from(rate.max(1));
        let samples = |ms: u64| i64::try_from(ms).unwrap_or(i64::MAX / rate) * rate / 1000;
        let mut offset = 0;
        let ranges = kept
            .iter()
            .map(|r| {
                let (s, e) = (samples(r.start_ms), samples(r.end_ms));
                let out = (s, e, offset);
                offset += e - s;
                out
            })
            .collect();
        Self { tb, rate, ranges, current: 0, out_pos: 0, last_seen: i64::MIN, ready: Vec::new() }
    }

    /// Time base of the packets handed out (samples).
    pub(super) fn time_base(&self) -> Rational {
        Rational(1, i32::try_from(self.rate).unwrap_or(48_000))
    }
}

impl AudioSide for Packets {
    fn packet(&mut self, packet: &Packet) -> Result<(), RenderError> {
        let Some(pts) = packet.pts() else { return Ok(()) };
        let samples = self.time_base();
        let at = pts.rescale(self.tb, samples);
        let len = packet.duration().rescale(self.tb, samples).max(1);
        self.last_seen = at;
        while let Some(&(s, e, o)) = self.ranges.get(self.current) {
            // Full once the next packet's middle would fall past the range.
            if self.out_pos + len / 2 > o + (e - s) {
                self.current += 1;
                continue;
            }
            // Where the next output sample comes from in the source.
            let wanted = self.out_pos - o + s;
            if at + len / 2 <= wanted {
                return Ok(());
            }
            let mut p = packet.clone();
            p.set_pts(Some(self.out_pos));
            p.set_dts(Some(self.out_pos));
            p.set_duration(len);
            self.out_pos += len;
            self.ready.push(p);
            return Ok(());
        }
        Ok(())
    }

    fn take(&mut self) -> Vec<Packet> {
        std::mem::take(&mut self.ready)
    }

    fn past_end(&self) -> bool {
        self.current >= self.ranges.len() || self.ranges.last().is_some_and(|r| self.last_seen > r.1 + self.rate)
    }

    fn finish(&mut self) -> Result<(), RenderError> {
        Ok(())
    }
}
