//! Thumbnails: a JPEG of the frame at about 1 s, at most 640 px wide, written
//! next to the clip (`<id>.jpg`).

use std::path::Path;
use std::time::Duration;

use ffmpeg::software::scaling;
use ffmpeg::{Packet, Rational, codec, decoder, encoder, format::Pixel, frame, media};
use ffmpeg_next as ffmpeg;

use crate::probe::ProbeError;

const MAX_WIDTH: u32 = 640;

/// Encode `picture` (any pixel format) as a JPEG file at `out`.
pub(crate) fn write_jpeg(picture: &frame::Video, out: &Path) -> Result<(), ProbeError> {
    let bytes =
        jpeg(picture, MAX_WIDTH).map_err(|source| ProbeError::Thumbnail { path: out.display().to_string(), source })?;
    std::fs::write(out, bytes).map_err(|e| ProbeError::Io { path: out.display().to_string(), source: e })
}

/// `picture` (any pixel format) as JPEG bytes, at most `max_width` wide.
pub(crate) fn jpeg(picture: &frame::Video, max_width: u32) -> Result<Vec<u8>, ffmpeg::Error> {
    let (w, h) = crate::encode::output_size(picture.width(), picture.height(), max_width);
    let mut scaler = scaling::Context::get(
        picture.format(),
        picture.width(),
        picture.height(),
        Pixel::YUVJ420P,
        w,
        h,
        scaling::Flags::BILINEAR,
    )?;
    let mut yuv = frame::Video::new(Pixel::YUVJ420P, w, h);
    scaler.run(picture, &mut yuv)?;
    yuv.set_pts(Some(0));
    let codec = encoder::find(codec::Id::MJPEG).ok_or(ffmpeg::Error::EncoderNotFound)?;
    let mut enc = codec::context::Context::new_with_codec(codec).encoder().video()?;
    enc.set_width(w);
    enc.set_height(h);
    enc.set_format(Pixel::YUVJ420P);
    enc.set_time_base(Rational(1, 25));
    enc.set_quality(4);
    let mut enc = enc.open_as(codec)?;
    enc.send_frame(&yuv)?;
    enc.send_eof()?;
    let mut pkt = Packet::empty();
    enc.receive_packet(&mut pkt)?;
    Ok(pkt.data().unwrap_or_default().to_vec())
}

/// Decode the frame at about `at` (or the last one before the end) from a
/// video file and write it as a JPEG.
pub fn thumbnail(video: &Path, out: &Path, at: Duration) -> Result<(), ProbeError> {
    crate::encode::init();
    let path = video.display().to_string();
    let fail = |source| ProbeError::Decode { path: path.clone(), source };
    let mut ictx = ffmpeg::format::input(video).map_err(|_| ProbeError::NotVideo { path: path.clone() })?;
    let stream = ictx.streams().best(media::Type::Video).ok_or_else(|| ProbeError::NotVideo { path: path.clone() })?;
    let index = stream.index();
    let tb = stream.time_base();
    let mut dec =
        codec::context::Context::from_parameters(stream.parameters()).map_err(fail)?.decoder().video().map_err(fail)?;
    let target = i64::try_from(at.as_millis()).unwrap_or(0);
    let mut best: Option<frame::Video> = None;
    let take = |dec: &mut decoder::Video, best: &mut Option<frame::Video>| -> bool {
        let mut f = frame::Video::empty();
        while dec.receive_frame(&mut f).is_ok() {
            let ms = f.timestamp().or(f.pts()).map_or(0, |t| t * 1000 * i64::from(tb.0) / i64::from(tb.1.max(1)));
            *best = Some(f.clone());
            if ms >= target {
                return true;
            }
        }
        false
    };
    let mut done = false;
    while !done {
        let mut pkt = Packet::empty();
        if pkt.read(&mut ictx).is_err() {
            break;
        }
        if pkt.stream() == index && dec.send_packet(&pkt).is_ok() {
            done = take(&mut dec, &mut best);
        }
    }
    if !done && dec.send_eof().is_ok() {
        take(&mut dec, &mut best);
    }
    let picture = best.ok_or(ProbeError::NoFrames { path })?;
    write_jpeg(&picture, out)
}
