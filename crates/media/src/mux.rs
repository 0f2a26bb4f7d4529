//! The muxer stage: fragmented MP4 written to `<clip>.mp4.partial`, a fragment
//! about every second and flushed to disk as it is cut, so a crash loses at
//! most the last fragment.

use std::path::Path;

use ffmpeg::{Dictionary, Packet, Rational, encoder, format};
use ffmpeg_next as ffmpeg;

use crate::encode::VIDEO_TIME_BASE;

/// What went wrong writing the file.
#[derive(Debug, thiserror::Error)]
pub enum MuxError {
    /// The disk (or the file size limit) is full.
    #[error("the disk is full while writing {path}; free some space, then run recovery to keep what was written")]
    DiskFull { path: String },
    /// Any other write or container error.
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: ffmpeg::Error },
}

impl MuxError {
    fn from_ffmpeg(path: &Path, source: ffmpeg::Error) -> Self {
        let path = path.display().to_string();
        match source {
            ffmpeg::Error::Other { errno } if is_disk_full(errno) => MuxError::DiskFull { path },
            source => MuxError::Write { path, source },
        }
    }
}

/// ENOSPC, EDQUOT and EFBIG (file size limit) all mean "no room".
fn is_disk_full(errno: i32) -> bool {
    use std::io::ErrorKind;
    matches!(
        std::io::Error::from_raw_os_error(errno).kind(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
    )
}

/// Which stream a packet belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Track {
    Video,
    Audio,
}

/// Fragmented-MP4 writer.
pub(crate) struct Muxer {
    octx: format::context::Output,
    path: std::path::PathBuf,
    video: (usize, Rational, Rational),
    audio: Option<(usize, Rational, Rational)>,
}

impl std::fmt::Debug for Muxer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Muxer").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Muxer {
    /// Create `path` (any name; the container is always MP4) and write the
    /// header. Stream parameters come from the opened encoders.
    pub(crate) fn create(
        path: &Path,
        video: &encoder::Video,
        audio: Option<&encoder::Audio>,
    ) -> Result<Self, MuxError> {
        let err = |e| MuxError::from_ffmpeg(path, e);
        let mut octx = format::output_as(path, "mp4").map_err(err)?;
        let mut ost = octx.add_stream_with(video.as_ref()).map_err(err)?;
        ost.set_time_base(VIDEO_TIME_BASE);
        let v_index = ost.index();
        let a_index = match audio {
            Some(a) => {
                let mut ost = octx.add_stream_with(a.as_ref()).map_err(err)?;
                ost.set_time_base(a.time_base());
                Some(ost.index())
            }
            None => None,
        };
        let mut opts = Dictionary::new();
        // empty_moov + default_base_moof: every fragment stands alone (what
        // browsers' MSE and crash recovery want); 1 s fragments bound the loss.
        opts.set("movflags", "+empty_moov+default_base_moof+delay_moov");
        opts.set("frag_duration", "1000000");
        opts.set("flush_packets", "1");
        octx.write_header_with(opts).map_err(err)?;
        let tb = |i: usize| octx.stream(i).map_or(Rational(1, 1000), |s| s.time_base());
        let video_tb = tb(v_index);
        let audio = match (a_index, audio) {
            (Some(i), Some(a)) => Some((i, a.time_base(), tb(i))),
            _ => None,
        };
        Ok(Self { video: (v_index, VIDEO_TIME_BASE, video_tb), audio, path: path.to_owned(), octx })
    }

    /// Write one encoded packet (interleaved by timestamp).
    pub(crate) fn write(&mut self, track: Track, mut packet: Packet) -> Result<(), MuxError> {
        let (index, from, to) = match (track, self.audio) {
            (Track::Video, _) => self.video,
            (Track::Audio, Some(a)) => a,
            (Track::Audio, None) => return Ok(()),
        };
        packet.set_stream(index);
        packet.rescale_ts(from, to);
        packet.write_interleaved(&mut self.octx).map_err(|e| MuxError::from_ffmpeg(&self.path, e))
    }

    /// Flush the interleaving queue, the last fragment and the index.
    pub(crate) fn finish(mut self) -> Result<(), MuxError> {
        self.octx.write_trailer().map_err(|e| MuxError::from_ffmpeg(&self.path, e))
    }
}
