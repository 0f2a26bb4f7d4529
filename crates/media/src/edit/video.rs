//! The video side of an edit, one GOP at a time: a GOP wholly inside a kept
//! range is copied; so is a GOP's head when the cut leaves exactly a
//! decode-order prefix (no B-frame after the cut is needed); anything else is
//! decoded from its keyframe and the kept frames re-encoded as a closed piece
//! that starts with an IDR.
//!
//! Copied and re-encoded pieces carry different parameter sets: the copied
//! ones use the source's (id 0, in the MP4 sample description), and the
//! re-encoded ones carry their own in-band with another id (`sps-id`), so
//! neither overwrites the other in a decoder.

use std::collections::HashMap;

use ffmpeg::{Dictionary, Packet, Rational, Rescale, codec, decoder, encoder, frame, picture};
use ffmpeg_next as ffmpeg;

use super::{KeptRange, RenderError};
use crate::encode::EncodeError;

/// Decode-order delay given to the output's timestamps: room for up to this
/// many frames of B-frame reordering (x264 `veryfast` needs 2).
const DTS_DELAY: usize = 4;

/// Parameter-set id of re-encoded pieces (the source's are 0).
const PIECE_SPS_ID: &str = "sps-id=7";

pub(super) struct Video {
    params: codec::Parameters,
    tb: Rational,
    rate: Rational,
    /// Kept ranges in the video time base: (start, end, output offset).
    ranges: Vec<(i64, i64, i64)>,
    frame_ticks: i64,
    /// Output pts of every frame written so far, ascending.
    sorted: Vec<i64>,
    written: usize,
    checked_layout: bool,
    path: String,
    pub(super) copied: u64,
    pub(super) reencoded: u64,
}

impl Video {
    pub(super) fn new(params: codec::Parameters, tb: Rational, rate: Rational, kept: &[KeptRange], path: &str) -> Self {
        let ms = Rational(1, 1000);
        let mut offset = 0u64;
        let ranges = kept
            .iter()
            .map(|r| {
                let t = |v: u64| i64::try_from(v).unwrap_or(i64::MAX).rescale(ms, tb);
                let out = (t(r.start_ms), t(r.end_ms), t(offset));
                offset += r.len_ms();
                out
            })
            .collect();
        let rate = if rate.numerator() > 0 && rate.denominator() > 0 { rate } else { Rational(30, 1) };
        let frame_ticks = 1i64.rescale(rate.invert(), tb).max(1);
        Self {
            params,
            tb,
            rate,
            ranges,
            frame_ticks,
            sorted: Vec::new(),
            written: 0,
            checked_layout: false,
            path: path.to_owned(),
            copied: 0,
            reencoded: 0,
        }
    }

    /// Write what the kept ranges take from one GOP (packets in decode order,
    /// the first a keyframe).
    pub(super) fn gop(&mut self, gop: &[Packet], sink: &mut super::sink::Sink) -> Result<(), RenderError> {
        if gop.is_empty() {
            return Ok(());
        }
        if !self.checked_layout {
            self.check_layout(&gop[0])?;
        }
        let pts: Vec<i64> = gop.iter().map(|p| p.pts().or(p.dts()).unwrap_or(0)).collect();
        for &(start, end, offset) in &self.ranges.clone() {
            let inside: Vec<bool> = pts.iter().map(|&p| p >= start && p < end).collect();
            let n = inside.iter().filter(|&&i| i).count();
            if n == 0 {
                continue;
            }
            let prefix = inside[..n].iter().all(|&i| i) && gop[0].is_key();
            if prefix {
                let piece = gop[..n]
                    .iter()
                    .map(|p| {
                        let mut p = p.clone();
                        p.set_pts(p.pts().map(|t| t - start + offset));
                        p.set_duration(p.duration().min(end - p.pts().unwrap_or(0) - offset + start).max(1));
                        p
                    })
                    .collect();
                self.copied += n as u64;
                self.emit(piece, sink)?;
            } else {
                let piece = self.reencode(gop, (start, end, offset))?;
                self.emit(piece, sink)?;
            }
        }
        Ok(())
    }

    /// Copied packets must hold 4-byte length-prefixed NAL units (what MP4
    /// writers use), since re-encoded pieces are written that way.
    fn check_layout(&mut self, packet: &Packet) -> Result<(), RenderError> {
        let data = packet.data().unwrap_or_default();
        let mut at = 0usize;
        while at + 4 <= data.len() {
            let len = u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]) as usize;
            at += 4 + len;
        }
        if at != data.len() {
            return Err(RenderError::Unsupported {
                path: self.path.clone(),
                reason: "its H.264 is not stored with 4-byte NAL lengths",
            });
        }
        self.checked_layout = true;
        Ok(())
    }

    /// Decode the GOP and encode its frames inside `[start, end)` as a closed piece.
    fn reencode(&mut self, gop: &[Packet], (start, end, offset): (i64, i64, i64)) -> Result<Vec<Packet>, RenderError> {
        let fail = |stage| move |source| EncodeError::Ffmpeg { stage, source };
        let durations: HashMap<i64, i64> = gop.iter().filter_map(|p| Some((p.pts()?, p.duration()))).collect();
        let mut dec = codec::context::Context::from_parameters(self.params.clone())
            .and_then(|c| c.decoder().video())
            .map_err(fail("opening the video decoder"))?;
        let mut enc: Option<encoder::Video> = None;
        let mut out = Vec::new();
        for (i, p) in gop.iter().enumerate() {
            dec.send_packet(p).map_err(fail("video decoding"))?;
            self.pull(&mut dec, &mut enc, (start, end, offset), &mut out)?;
            if i + 1 == gop.len() {
                dec.send_eof().map_err(fail("video decoding"))?;
                self.pull(&mut dec, &mut enc, (start, end, offset), &mut out)?;
            }
        }
        let Some(mut enc) = enc else { return Ok(Vec::new()) };
        enc.send_eof().map_err(fail("flushing the video encoder"))?;
        drain(&mut enc, &mut out)?;
        Ok(out
            .into_iter()
            .map(|p| {
                let mut q = Packet::copy(&annexb_to_lengths(p.data().unwrap_or_default()));
                q.set_pts(p.pts());
                q.set_dts(p.dts());
                let src = p.pts().unwrap_or(0) - offset + start;
                let d = durations.get(&src).copied().unwrap_or(self.frame_ticks);
                q.set_duration(d.min(end - src).max(1));
                if p.is_key() {
                    q.set_flags(codec::packet::Flags::KEY);
                }
                q
            })
            .collect())
    }

    fn pull(
        &mut self,
        dec: &mut decoder::Video,
        enc: &mut Option<encoder::Video>,
        (start, end, offset): (i64, i64, i64),
        out: &mut Vec<Packet>,
    ) -> Result<(), RenderError> {
        let mut f = frame::Video::empty();
        while dec.receive_frame(&mut f).is_ok() {
            let Some(pts) = f.timestamp().or(f.pts()) else { continue };
            if pts < start || pts >= end {
                continue;
            }
            if enc.is_none() {
                *enc = Some(self.open_encoder(dec, &f)?);
            }
            let Some(e) = enc.as_mut() else { continue };
            f.set_pts(Some(pts - start + offset));
            f.set_kind(picture::Type::None);
            e.send_frame(&f).map_err(|source| EncodeError::Ffmpeg { stage: "video encoding", source })?;
            self.reencoded += 1;
            drain(e, out)?;
        }
        Ok(())
    }

    fn open_encoder(&self, dec: &decoder::Video, f: &frame::Video) -> Result<encoder::Video, RenderError> {
        let fail = |source| EncodeError::Ffmpeg { stage: "opening the video encoder", source };
        let codec =
            encoder::find_by_name("libx264").ok_or_else(|| EncodeError::Unavailable { name: "libx264".into() })?;
        let mut enc = codec::context::Context::new_with_codec(codec).encoder().video().map_err(fail)?;
        enc.set_width(f.width());
        enc.set_height(f.height());
        enc.set_format(f.format());
        enc.set_time_base(self.tb);
        enc.set_frame_rate(Some(self.rate));
        enc.set_colorspace(dec.color_space());
        enc.set_color_range(dec.color_range());
        enc.set_gop(600);
        // No global header: the piece's parameter sets travel in-band.
        let mut opts = Dictionary::new();
        opts.set("preset", "veryfast");
        opts.set("crf", "20");
        opts.set("threads", "auto");
        opts.set("x264-params", PIECE_SPS_ID);
        enc.open_as_with(codec, opts).map_err(fail).map_err(RenderError::from)
    }

    /// Give a piece (decode order, output pts) its dts and write it. The dts
    /// of the n-th frame is the pts of the (n − DTS_DELAY)-th frame in
    /// presentation order, continuous across every join.
    fn emit(&mut self, piece: Vec<Packet>, sink: &mut super::sink::Sink) -> Result<(), RenderError> {
        let mut pts: Vec<i64> = piece.iter().map(|p| p.pts().unwrap_or(0)).collect();
        pts.sort_unstable();
        if let (Some(last), Some(first)) = (self.sorted.last(), pts.first())
            && first <= last
        {
            return Err(RenderError::Unsupported { path: self.path.clone(), reason: "its video timestamps go back" });
        }
        self.sorted.extend(pts);
        for mut p in piece {
            let g = self.written;
            let dts = match g.checked_sub(DTS_DELAY) {
                Some(i) => self.sorted[i],
                None => self.sorted[0] - (DTS_DELAY - g) as i64 * self.frame_ticks,
            };
            if p.pts().is_some_and(|pts| pts < dts) {
                return Err(RenderError::Unsupported {
                    path: self.path.clone(),
                    reason: "its B-frames reorder more than 4 frames",
                });
            }
            p.set_dts(Some(dts));
            sink.video(p)?;
            self.written += 1;
        }
        Ok(())
    }
}

fn drain(enc: &mut encoder::Video, out: &mut Vec<Packet>) -> Result<(), RenderError> {
    loop {
        let mut pkt = Packet::empty();
        match enc.receive_packet(&mut pkt) {
            Ok(()) => out.push(pkt),
            Err(ffmpeg::Error::Eof) => return Ok(()),
            Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::util::error::EAGAIN => return Ok(()),
            Err(source) => return Err(EncodeError::Ffmpeg { stage: "video encoding", source }.into()),
        }
    }
}

/// Annex B (start codes, what libx264 writes without a global header) to
/// 4-byte length-prefixed NAL units (what MP4 stores).
fn annexb_to_lengths(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 16);
    let mut push = |nal: &[u8]| {
        let mut end = nal.len();
        while end > 0 && nal[end - 1] == 0 {
            end -= 1;
        }
        if end > 0 {
            out.extend_from_slice(&(end as u32).to_be_bytes());
            out.extend_from_slice(&nal[..end]);
        }
    };
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i + 3 <= data.len() {
        if data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 {
            if let Some(s) = start {
                push(&data[s..i]);
            }
            i += 3;
            start = Some(i);
        } else {
            i += 1;
        }
    }
    if let Some(s) = start {
        push(&data[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::annexb_to_lengths;

    #[test]
    fn start_codes_become_lengths() {
        let annexb = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 6];
        let avcc = annexb_to_lengths(&annexb);
        assert_eq!(avcc, [0, 0, 0, 3, 0x67, 1, 2, 0, 0, 0, 2, 0x68, 3, 0, 0, 0, 4, 0x65, 4, 5, 6]);
    }
}
