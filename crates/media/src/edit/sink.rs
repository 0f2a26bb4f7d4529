//! The rendered file: copied video parameters, the new AAC track, packets
//! in half-second runs per track, and the index moved to the front at the end.

use std::path::{Path, PathBuf};

use ffmpeg::{Dictionary, Packet, Rational, codec, encoder, format};
use ffmpeg_next as ffmpeg;

use super::RenderError;
use crate::chunks::Chunks;

pub(super) struct Sink {
    octx: format::context::Output,
    chunks: Chunks,
    path: PathBuf,
    video: (usize, Rational, Rational),
    audio: Option<(usize, Rational, Rational)>,
}

impl Sink {
    pub(super) fn create(
        path: &Path,
        video: &codec::Parameters,
        video_tb: Rational,
        audio: Option<(&codec::Parameters, Rational)>,
    ) -> Result<Self, RenderError> {
        let err = |e| write_error(path, e);
        let mut octx = format::output_as(path, "mp4").map_err(err)?;
        let mut ost = octx.add_stream(encoder::find(codec::Id::None)).map_err(err)?;
        ost.set_parameters(video.clone());
        ost.set_time_base(video_tb);
        let vi = ost.index();
        let ai = match audio {
            Some((params, tb)) => {
                let mut ost = octx.add_stream(encoder::find(codec::Id::None)).map_err(err)?;
                ost.set_parameters(params.clone());
                ost.set_time_base(tb);
                Some(ost.index())
            }
            None => None,
        };
        let mut opts = Dictionary::new();
        opts.set("movflags", "+faststart");
        octx.write_header_with(opts).map_err(err)?;
        let tb = |i: usize| octx.stream(i).map_or(Rational(1, 1000), |s| s.time_base());
        let audio = match (ai, audio) {
            (Some(i), Some((_, from))) => Some((i, from, tb(i))),
            _ => None,
        };
        let chunks = Chunks::new(&octx);
        Ok(Self { video: (vi, video_tb, tb(vi)), audio, path: path.to_owned(), chunks, octx })
    }

    /// A video packet with timestamps in the source's video time base.
    pub(super) fn video(&mut self, packet: Packet) -> Result<(), RenderError> {
        let v = self.video;
        self.write(v, packet)
    }

    /// An audio packet with timestamps in the time base given at creation.
    pub(super) fn audio(&mut self, packet: Packet) -> Result<(), RenderError> {
        match self.audio {
            Some(a) => self.write(a, packet),
            None => Ok(()),
        }
    }

    fn write(&mut self, (index, from, to): (usize, Rational, Rational), mut packet: Packet) -> Result<(), RenderError> {
        packet.set_stream(index);
        packet.set_position(-1);
        packet.rescale_ts(from, to);
        self.chunks.write(&mut self.octx, packet).map_err(|e| write_error(&self.path, e))
    }

    /// Write the packets still held and the index (moved to the front).
    pub(super) fn finish(mut self) -> Result<(), RenderError> {
        self.chunks.finish(&mut self.octx).map_err(|e| write_error(&self.path, e))?;
        self.octx.write_trailer().map_err(|e| write_error(&self.path, e))
    }
}

fn write_error(path: &Path, source: ffmpeg::Error) -> RenderError {
    use std::io::ErrorKind;
    let path = path.display().to_string();
    match source {
        ffmpeg::Error::Other { errno }
            if matches!(
                std::io::Error::from_raw_os_error(errno).kind(),
                ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
            ) =>
        {
            RenderError::DiskFull { path }
        }
        source => RenderError::Write { path, source },
    }
}
