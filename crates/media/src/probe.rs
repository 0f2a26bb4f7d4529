//! Reading finished files: `probe` (duration, size, codecs) for imports and
//! for the figures of a finished recording.

use std::path::Path;

use ffmpeg::media;
use ffmpeg_next as ffmpeg;

/// What went wrong reading a video file.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The file is missing or unreadable.
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// FFmpeg does not recognise a video stream in it.
    #[error("{path} is not a video file FFmpeg can read (no video stream); import MP4, MOV, MKV or WebM files")]
    NotVideo { path: String },
    /// A video stream exists but no frame decodes.
    #[error("{path} has no decodable video frames; the file is empty or damaged and can be deleted")]
    NoFrames { path: String },
    /// Decoding failed.
    #[error("cannot decode {path}: {source}")]
    Decode { path: String, source: ffmpeg::Error },
    /// The thumbnail could not be made.
    #[error("cannot write the thumbnail {path}: {source}")]
    Thumbnail { path: String, source: ffmpeg::Error },
}

/// Facts about a video file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Probe {
    pub duration_ms: u64,
    pub width: u32,
    pub height: u32,
    pub size_bytes: u64,
    /// FFmpeg's codec name, e.g. `h264`.
    pub video_codec: String,
    pub audio_codec: Option<String>,
    /// FFmpeg's container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    pub container: String,
}

/// Read the container header of `path` (fast: no decoding).
pub fn probe(path: &Path) -> Result<Probe, ProbeError> {
    crate::encode::init();
    let shown = path.display().to_string();
    let size_bytes = std::fs::metadata(path).map_err(|source| ProbeError::Io { path: shown.clone(), source })?.len();
    let ictx = ffmpeg::format::input(path).map_err(|_| ProbeError::NotVideo { path: shown.clone() })?;
    let video = ictx.streams().best(media::Type::Video).ok_or_else(|| ProbeError::NotVideo { path: shown.clone() })?;
    let params = video.parameters();
    let dec = ffmpeg::codec::context::Context::from_parameters(params)
        .and_then(|c| c.decoder().video())
        .map_err(|source| ProbeError::Decode { path: shown.clone(), source })?;
    let codec_name = |s: &ffmpeg::format::stream::Stream<'_>| {
        ffmpeg::decoder::find(s.parameters().id())
            .map_or_else(|| format!("{:?}", s.parameters().id()), |c| c.name().to_owned())
    };
    let audio_codec = ictx.streams().best(media::Type::Audio).map(|s| codec_name(&s));
    let duration = ictx.duration();
    let duration_ms = if duration > 0 {
        u64::try_from(duration / 1000).unwrap_or(0)
    } else {
        let tb = video.time_base();
        u64::try_from(video.duration().max(0) * 1000 * i64::from(tb.0) / i64::from(tb.1.max(1))).unwrap_or(0)
    };
    let container = ictx.format().name().to_owned();
    // Still images (PNG, JPEG, ...) demux as one-frame "video": not a clip.
    if dec.width() == 0 || dec.height() == 0 || container.starts_with("image2") || container.ends_with("_pipe") {
        return Err(ProbeError::NotVideo { path: shown });
    }
    Ok(Probe {
        duration_ms,
        width: dec.width(),
        height: dec.height(),
        size_bytes,
        video_codec: codec_name(&video),
        audio_codec,
        container,
    })
}
