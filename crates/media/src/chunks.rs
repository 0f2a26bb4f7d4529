//! Writing a finished MP4's packets in half-second runs per track.
//!
//! An MP4's index has an entry for every *chunk*: a run of one track's
//! samples lying together in the file. Written packet by packet in time
//! order (`av_interleaved_write_frame`), audio and video alternate and almost
//! every packet is a chunk of its own: a 20 s recording of a still screen
//! carried 21.7 KB of index, 6 % of the file, most of it chunk tables.
//! Half a second of each track at a time is the interleave QuickTime has
//! always recommended (GStreamer's `mp4mux` uses a quarter second); players
//! reading the file front to back never wait more than that for the other
//! track, and the chunk tables shrink to a few hundred bytes.
//!
//! The muxer takes packets in any order (`av_write_frame`; the index records
//! where each sample is). The order only decides the layout, so when a source
//! delivers one track far ahead of the other (an imported file that is not
//! interleaved) the runs are cut short at [`MAX_BUFFERED`] rather than holding
//! the file in memory.

use std::collections::VecDeque;

use ffmpeg::{Packet, Rational, Rescale, format};
use ffmpeg_next as ffmpeg;

/// The length of a run of one track, in microseconds.
const RUN_US: i64 = 500_000;
/// Held packets beyond this many bytes are written at once, runs or not.
const MAX_BUFFERED: usize = 16 << 20;

/// Packets held until every track has passed the run they belong to.
pub(crate) struct Chunks {
    /// Per output stream: its time base and its held packets with their run.
    tracks: Vec<Track>,
    buffered: usize,
    /// Held bytes beyond this are written at once.
    limit: usize,
}

struct Track {
    time_base: Rational,
    held: VecDeque<(i64, Packet)>,
    /// The latest run a packet of this track belongs to (None: none yet).
    reached: Option<i64>,
}

impl Chunks {
    /// For an output whose header is written (the muxer has fixed its time bases).
    pub(crate) fn new(octx: &format::context::Output) -> Self {
        Self::with(octx.streams().map(|s| s.time_base()).collect(), MAX_BUFFERED)
    }

    fn with(time_bases: Vec<Rational>, limit: usize) -> Self {
        let tracks = time_bases.into_iter().map(|time_base| Track { time_base, held: VecDeque::new(), reached: None });
        Self { tracks: tracks.collect(), buffered: 0, limit }
    }

    /// Hold `packet` (stream index and timestamps already in the output's
    /// terms) and write every run that all tracks have now passed.
    pub(crate) fn write(&mut self, octx: &mut format::context::Output, packet: Packet) -> Result<(), ffmpeg::Error> {
        self.push(packet, &mut |p| p.write(octx).map(drop))
    }

    /// Write everything still held, run by run (before the trailer).
    pub(crate) fn finish(&mut self, octx: &mut format::context::Output) -> Result<(), ffmpeg::Error> {
        self.drain(&mut |p| p.write(octx).map(drop))
    }

    fn push(&mut self, packet: Packet, out: &mut Out<'_>) -> Result<(), ffmpeg::Error> {
        let Some(track) = self.tracks.get_mut(packet.stream()) else {
            return out(&packet);
        };
        let at = packet.dts().or(packet.pts()).unwrap_or(0);
        let run = at.rescale(track.time_base, Rational(1, 1_000_000)).div_euclid(RUN_US);
        track.reached = Some(track.reached.map_or(run, |r| r.max(run)));
        self.buffered += packet.size();
        track.held.push_back((run, packet));
        while let Some(run) = self.oldest_run() {
            let passed = self.tracks.iter().all(|t| t.reached.is_none_or(|r| r > run));
            if !passed && self.buffered <= self.limit {
                break;
            }
            self.write_run(run, out)?;
        }
        Ok(())
    }

    fn drain(&mut self, out: &mut Out<'_>) -> Result<(), ffmpeg::Error> {
        while let Some(run) = self.oldest_run() {
            self.write_run(run, out)?;
        }
        Ok(())
    }

    fn oldest_run(&self) -> Option<i64> {
        self.tracks.iter().filter_map(|t| t.held.front().map(|(run, _)| *run)).min()
    }

    /// Each track's packets of `run` (and any earlier), one track after the other.
    fn write_run(&mut self, run: i64, out: &mut Out<'_>) -> Result<(), ffmpeg::Error> {
        for track in &mut self.tracks {
            while track.held.front().is_some_and(|(r, _)| *r <= run) {
                let (_, packet) = track.held.pop_front().expect("front exists");
                self.buffered -= packet.size();
                out(&packet)?;
            }
        }
        Ok(())
    }
}

/// Where held packets go: the muxer, or a test's list.
type Out<'a> = dyn FnMut(&Packet) -> Result<(), ffmpeg::Error> + 'a;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const MS: Rational = Rational(1, 1000);

    fn packet(stream: usize, ms: i64, size: usize) -> Packet {
        let mut p = Packet::new(size);
        p.set_stream(stream);
        p.set_dts(Some(ms));
        p.set_pts(Some(ms));
        p
    }

    /// (stream, ms) in the order written; the most bytes ever held.
    fn written(chunks: &mut Chunks, input: &[(usize, i64, usize)]) -> (Vec<(usize, i64)>, usize) {
        let mut order = Vec::new();
        let mut note = |p: &Packet| {
            order.push((p.stream(), p.dts().unwrap()));
            Ok(())
        };
        let mut most = 0;
        for &(stream, ms, size) in input {
            chunks.push(packet(stream, ms, size), &mut note).unwrap();
            most = most.max(chunks.buffered);
        }
        chunks.drain(&mut note).unwrap();
        (order, most)
    }

    #[test]
    fn interleaved_packets_come_out_in_half_second_runs_per_track() {
        // Video every 100 ms, audio every 50 ms, in time order, for 1.2 s.
        let mut input: Vec<(usize, i64, usize)> = (0..12).map(|i| (0, i * 100, 10)).collect();
        input.extend((0..24).map(|i| (1, i * 50, 10)));
        input.sort_by_key(|&(stream, ms, _)| (ms, stream));
        let (order, _) = written(&mut Chunks::with(vec![MS, MS], MAX_BUFFERED), &input);
        assert_eq!(order.len(), input.len(), "every packet, once");
        // Runs: the stream changes only at a half second, video first.
        let switches: Vec<(usize, i64)> = order.windows(2).filter(|w| w[0].0 != w[1].0).map(|w| w[1]).collect();
        assert_eq!(switches, [(1, 0), (0, 500), (1, 500), (0, 1000), (1, 1000)]);
        for track in [0, 1] {
            let times: Vec<i64> = order.iter().filter(|p| p.0 == track).map(|p| p.1).collect();
            assert!(times.windows(2).all(|w| w[0] < w[1]), "track {track} in time order: {times:?}");
        }
    }

    #[test]
    fn a_file_not_interleaved_is_written_within_the_limit_and_whole() {
        // All of the video (20 s), then all of the audio: waiting for the
        // audio to pass a run would hold the whole video.
        let mut input: Vec<(usize, i64, usize)> = (0..200).map(|i| (0, i * 100, 1000)).collect();
        input.extend((0..400).map(|i| (1, i * 50, 100)));
        let (order, most) = written(&mut Chunks::with(vec![MS, MS], 10_000), &input);
        assert!(most <= 10_000 + 1000, "held {most} bytes");
        assert_eq!(order.len(), input.len(), "every packet, once");
        let mut sorted = order.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), input.len());
    }

    #[test]
    fn a_track_that_ends_early_holds_the_other_only_to_the_limit() {
        // Audio stops at 1 s; video goes on to 10 s.
        let mut input: Vec<(usize, i64, usize)> = (0..100).map(|i| (0, i * 100, 1000)).collect();
        input.extend((0..20).map(|i| (1, i * 50, 100)));
        input.sort_by_key(|&(stream, ms, _)| (ms, stream));
        let (order, most) = written(&mut Chunks::with(vec![MS, MS], 5_000), &input);
        assert!(most <= 5_000 + 1000, "held {most} bytes");
        assert_eq!(order.len(), input.len());
    }
}
