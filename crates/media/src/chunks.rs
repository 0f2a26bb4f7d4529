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
        let tracks =
            octx.streams().map(|s| Track { time_base: s.time_base(), held: VecDeque::new(), reached: None }).collect();
        Self { tracks, buffered: 0 }
    }

    /// Hold `packet` (stream index and timestamps already in the output's
    /// terms) and write every run that all tracks have now passed.
    pub(crate) fn write(&mut self, octx: &mut format::context::Output, packet: Packet) -> Result<(), ffmpeg::Error> {
        let Some(track) = self.tracks.get_mut(packet.stream()) else {
            return packet.write(octx).map(drop);
        };
        let at = packet.dts().or(packet.pts()).unwrap_or(0);
        let run = at.rescale(track.time_base, Rational(1, 1_000_000)).div_euclid(RUN_US);
        track.reached = Some(track.reached.map_or(run, |r| r.max(run)));
        self.buffered += packet.size();
        track.held.push_back((run, packet));
        while let Some(run) = self.oldest_run() {
            let passed = self.tracks.iter().all(|t| t.reached.is_none_or(|r| r > run));
            if !passed && self.buffered <= MAX_BUFFERED {
                break;
            }
            self.write_run(octx, run)?;
        }
        Ok(())
    }

    /// Write everything still held, run by run (before the trailer).
    pub(crate) fn finish(&mut self, octx: &mut format::context::Output) -> Result<(), ffmpeg::Error> {
        while let Some(run) = self.oldest_run() {
            self.write_run(octx, run)?;
        }
        Ok(())
    }

    fn oldest_run(&self) -> Option<i64> {
        self.tracks.iter().filter_map(|t| t.held.front().map(|(run, _)| *run)).min()
    }

    /// Each track's packets of `run` (and any earlier), one track after the other.
    fn write_run(&mut self, octx: &mut format::context::Output, run: i64) -> Result<(), ffmpeg::Error> {
        for track in &mut self.tracks {
            while track.held.front().is_some_and(|(r, _)| *r <= run) {
                let (_, packet) = track.held.pop_front().expect("front exists");
                self.buffered -= packet.size();
                packet.write(octx)?;
            }
        }
        Ok(())
    }
}
