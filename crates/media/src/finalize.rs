//! Turning a fragmented `.partial` into the final clip: remux (stream copy)
//! into a plain MP4 with the index at the front, then rename, thumbnail and
//! figures. The same path recovers partials left by a crash.
//!
//! Why remux instead of shipping the fragmented file: a fragmented MP4 with an
//! empty `moov` has no duration in its header, so players show "live"/unknown
//! length and seeking must walk fragments; Safari is the least forgiving. A
//! stream copy with `+faststart` moves the index to the front, so every browser
//! knows the duration and seeks with one range request. It copies packets
//! without decoding, which for a 1-minute clip (~10 MB) takes tens of ms, well
//! inside the 300 ms budget between stop and "ready".

use std::fs::File;
use std::path::{Path, PathBuf};

use ffmpeg::{Dictionary, Packet, Rescale, format, media};
use ffmpeg_next as ffmpeg;

use crate::chunks::Chunks;
use crate::probe::{ProbeError, probe};
use crate::report::Origin;

/// A clip that is ready to be added to the library.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finished {
    /// The final `<id>.mp4`.
    pub path: PathBuf,
    /// `<id>.jpg` next to it, if a frame could be written.
    pub thumbnail: Option<PathBuf>,
    pub duration_ms: u64,
    pub width: u32,
    pub height: u32,
    pub size_bytes: u64,
    /// How it was made: the recorder's figures, an import's source, or a recovery.
    pub origin: Origin,
}

/// What went wrong finalizing or recovering.
#[derive(Debug, thiserror::Error)]
pub enum FinalizeError {
    /// The partial file does not end in `.partial`.
    #[error("{path} is not a `.partial` recording; recovery only takes `<id>.mp4.partial` files")]
    NotPartial { path: String },
    /// Another process still writes this partial (it holds the lock).
    #[error("{path} is still being recorded by another process; leave it alone")]
    InUse { path: String },
    /// Nothing in the partial can be played; the caller may delete it.
    #[error(
        "{path} holds no playable frames (the recording crashed before the first second was written); it can be deleted"
    )]
    Empty { path: String },
    /// The file's codecs do not play from MP4 in browsers.
    #[error(
        "{path} uses {codecs}, which browsers cannot play from MP4; convert it to H.264/AAC first (e.g. `ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4`)"
    )]
    NeedsTranscode { path: String, codecs: String },
    /// The disk is full.
    #[error("the disk is full while writing {path}; free some space and try again")]
    DiskFull { path: String },
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("cannot remux {path}: {source}")]
    Remux { path: String, source: ffmpeg::Error },
    #[error(transparent)]
    Probe(#[from] ProbeError),
}

/// `<dir>/<id>.mp4.partial` -> `<dir>/<id>.mp4`.
pub fn final_path(partial: &Path) -> Option<PathBuf> {
    let name = partial.file_name()?.to_str()?;
    Some(partial.with_file_name(name.strip_suffix(".partial")?))
}

/// `<dir>/<id>.mp4` -> `<dir>/<id>.mp4.partial`.
pub fn partial_path(final_path: &Path) -> PathBuf {
    let mut s = final_path.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

/// `<dir>/<id>.mp4` -> `<dir>/<id>.jpg`.
pub fn thumbnail_path(final_path: &Path) -> PathBuf {
    final_path.with_extension("jpg")
}

/// The `.partial` files in `clips_dir` (left by crashes, or still being
/// written by another process: [`recover`] tells them apart).
pub fn partials(clips_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(clips_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with(".mp4.partial")))
        .collect();
    out.sort();
    Ok(out)
}

/// Make an existing video a clip: probe it, then stream-copy it into a
/// faststart MP4 at `dest` (`<home>/clips/<id>.mp4`) with a thumbnail.
/// Codecs that MP4 in browsers cannot carry are a typed error.
pub fn import(src: &Path, dest: &Path) -> Result<Finished, FinalizeError> {
    let info = probe(src)?;
    let playable_video = ["h264", "hevc", "av1", "vp9"];
    let playable_audio = ["aac", "mp3", "opus", "flac"];
    let audio_ok = info.audio_codec.as_deref().is_none_or(|a| playable_audio.contains(&a));
    if !playable_video.contains(&info.video_codec.as_str()) || !audio_ok {
        return Err(FinalizeError::NeedsTranscode {
            path: src.display().to_string(),
            codecs: format!("{} / {}", info.video_codec, info.audio_codec.as_deref().unwrap_or("no audio")),
        });
    }
    let tmp = dest.with_extension("mp4.tmp");
    remux(src, &tmp).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    std::fs::rename(&tmp, dest).map_err(|source| FinalizeError::Io { path: dest.display().to_string(), source })?;
    let out = probe(dest)?;
    let thumb = thumbnail_path(dest);
    let thumbnail = crate::thumbnail::thumbnail(dest, &thumb, std::time::Duration::from_secs(1)).ok().map(|()| thumb);
    Ok(Finished {
        path: dest.to_owned(),
        thumbnail,
        duration_ms: out.duration_ms,
        width: out.width,
        height: out.height,
        size_bytes: out.size_bytes,
        origin: Origin::Imported {
            from: src.to_owned(),
            video_codec: info.video_codec,
            audio_codec: info.audio_codec,
            container: info.container,
        },
    })
}

/// Recover a `.partial` left by a crash into a playable clip, losing at most
/// the fragment that was being written (~1 s). Skips partials whose recorder
/// still runs (they are locked). [`FinalizeError::Empty`] means nothing
/// decodable was written: the caller can delete the partial.
pub fn recover(partial: &Path) -> Result<Finished, FinalizeError> {
    crate::encode::init();
    let shown = partial.display().to_string();
    let dest = final_path(partial).ok_or_else(|| FinalizeError::NotPartial { path: shown.clone() })?;
    let lock = File::open(partial).map_err(|source| FinalizeError::Io { path: shown.clone(), source })?;
    if lock.try_lock().is_err() {
        return Err(FinalizeError::InUse { path: shown });
    }
    let finished = finalize(partial, &dest, None, Origin::Recovered)?;
    drop(lock);
    Ok(finished)
}

/// Remux `partial` into `dest`, remove the partial, write the thumbnail
/// (from `picture` if given, else decoded from the file) and gather figures.
pub(crate) fn finalize(
    partial: &Path,
    dest: &Path,
    picture: Option<&ffmpeg::frame::Video>,
    origin: Origin,
) -> Result<Finished, FinalizeError> {
    let tmp = dest.with_extension("mp4.tmp");
    let packets = remux(partial, &tmp).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    if packets.video == 0 {
        let _ = std::fs::remove_file(&tmp);
        return Err(FinalizeError::Empty { path: partial.display().to_string() });
    }
    std::fs::rename(&tmp, dest).map_err(|source| FinalizeError::Io { path: dest.display().to_string(), source })?;
    std::fs::remove_file(partial)
        .map_err(|source| FinalizeError::Io { path: partial.display().to_string(), source })?;
    let info = probe(dest)?;
    let thumb = thumbnail_path(dest);
    let thumb_result = match picture {
        Some(p) => crate::thumbnail::write_jpeg(p, &thumb),
        None => crate::thumbnail::thumbnail(dest, &thumb, std::time::Duration::from_secs(1)),
    };
    if let Err(e) = &thumb_result {
        tracing::warn!(error = %e, "no thumbnail");
    }
    Ok(Finished {
        path: dest.to_owned(),
        thumbnail: thumb_result.ok().map(|()| thumb),
        duration_ms: info.duration_ms,
        width: info.width,
        height: info.height,
        size_bytes: info.size_bytes,
        origin,
    })
}

#[derive(Debug, Default)]
struct Copied {
    video: u64,
}

/// Stream-copy every audio/video packet that reads cleanly into a faststart
/// MP4, in half-second runs per track ([`Chunks`]).
fn remux(src: &Path, dst: &Path) -> Result<Copied, FinalizeError> {
    let shown = src.display().to_string();
    let mut ictx = format::input(src).map_err(|_| FinalizeError::Empty { path: shown.clone() })?;
    let out_err = |source: ffmpeg::Error| match source {
        ffmpeg::Error::Other { errno } if errno == ffmpeg::util::error::ENOSPC => {
            FinalizeError::DiskFull { path: dst.display().to_string() }
        }
        source => FinalizeError::Remux { path: dst.display().to_string(), source },
    };
    let mut octx = format::output_as(dst, "mp4").map_err(out_err)?;
    let mut map: Vec<Option<(usize, ffmpeg::Rational)>> = Vec::new();
    let mut video_index = None;
    // The clip starts with its first picture: everything shifts by the video
    // start (the first frame lands a frame period after the clock starts), and
    // audio from before it is dropped, so no player shows a blank lead-in.
    let mut video_start: Option<(i64, ffmpeg::Rational)> = None;
    for ist in ictx.streams() {
        let kind = ist.parameters().medium();
        if !matches!(kind, media::Type::Video | media::Type::Audio) {
            map.push(None);
            continue;
        }
        let mut ost = octx.add_stream(ffmpeg::encoder::find(ffmpeg::codec::Id::None)).map_err(out_err)?;
        ost.set_parameters(ist.parameters());
        ost.set_time_base(ist.time_base());
        if kind == media::Type::Video && video_index.is_none() {
            video_index = Some(ist.index());
            if ist.start_time() > 0 {
                video_start = Some((ist.start_time(), ist.time_base()));
            }
        }
        map.push(Some((ost.index(), ist.time_base())));
    }
    let mut opts = Dictionary::new();
    opts.set("movflags", "+faststart");
    octx.write_header_with(opts).map_err(out_err)?;
    let mut chunks = Chunks::new(&octx);
    let mut copied = Copied::default();
    // A crash leaves a torn last fragment: stop at the first read error.
    // (A fresh packet per read: av_read_frame does not unreference.)
    loop {
        let mut pkt = Packet::empty();
        if pkt.read(&mut ictx).is_err() {
            break;
        }
        let Some(Some((out_index, in_tb))) = map.get(pkt.stream()).copied() else {
            continue;
        };
        if pkt.is_corrupt() || pkt.size() == 0 {
            continue;
        }
        if Some(pkt.stream()) == video_index {
            copied.video += 1;
        }
        if let Some((start, tb)) = video_start {
            let shift = start.rescale(tb, in_tb);
            pkt.set_pts(pkt.pts().map(|t| t - shift));
            pkt.set_dts(pkt.dts().map(|t| t - shift));
            if Some(pkt.stream()) != video_index && pkt.pts().is_some_and(|t| t + pkt.duration() <= 0) {
                continue;
            }
        }
        let out_tb = octx.stream(out_index).map_or(in_tb, |s| s.time_base());
        pkt.rescale_ts(in_tb, out_tb);
        pkt.set_position(-1);
        pkt.set_stream(out_index);
        chunks.write(&mut octx, pkt).map_err(out_err)?;
    }
    chunks.finish(&mut octx).map_err(out_err)?;
    octx.write_trailer().map_err(out_err)?;
    Ok(copied)
}
