//! The video encoder stage: colour-convert (and downscale) captured frames,
//! stamp them with media time and turn them into H.264 packets.

use std::time::Duration;

use ffmpeg::{Packet, encoder, frame};
use ffmpeg_next as ffmpeg;

use super::convert::{Converter, Patch};
use super::{EncodeError, EncoderProfile, open_video};
use crate::source::VideoFrame;

/// Media time at which the thumbnail frame is taken.
const THUMBNAIL_AT: Duration = Duration::from_secs(1);

/// A keyframe at least this often in media time, besides the encoder's own
/// interval of 2 s of frames at the nominal rate (which counts frames, and
/// a still screen sends one a second). A seek then decodes at most 2 s of
/// frames either way, and a still screen pays for a keyframe (the costliest
/// frame there is) every 5 s, not every 2.
const KEYFRAME_EVERY_MS: i64 = 5_000;

/// H.264 encoder and the state of its timeline.
pub(crate) struct VideoEncoder {
    enc: encoder::Video,
    pub(crate) profile: &'static EncoderProfile,
    pub(crate) width: u32,
    pub(crate) height: u32,
    last_pts: Option<i64>,
    last_keyframe: Option<i64>,
    /// One frame's time at the nominal rate.
    frame_ms: i64,
    /// A converted frame at ~1 s (or the latest before that), for the
    /// thumbnail; the first one after, when all before stood in for a
    /// screen not seen yet (see [`takes_thumbnail`]). With it, whether it
    /// is a stand-in.
    thumbnail: Option<(frame::Video, bool)>,
    pub(crate) frames: u64,
    /// Frames converted only where they changed (some of the picture, not
    /// all of it), into the picture before.
    pub(crate) frames_in_part: u64,
    spare: Option<frame::Video>,
}

impl std::fmt::Debug for VideoEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VideoEncoder")
            .field("profile", &self.profile.name)
            .field("width", &self.width)
            .field("height", &self.height)
            .finish_non_exhaustive()
    }
}

/// Output size: at most `max_width` wide, aspect kept, both sides even
/// (4:2:0 chroma needs even dimensions).
pub(crate) fn output_size(width: u32, height: u32, max_width: u32) -> (u32, u32) {
    let (w, h) = if max_width > 0 && width > max_width {
        (max_width, (u64::from(height) * u64::from(max_width) / u64::from(width.max(1))) as u32)
    } else {
        (width, height)
    };
    ((w & !1).max(2), (h & !1).max(2))
}

impl VideoEncoder {
    pub(crate) fn new(
        profile: &'static EncoderProfile,
        (width, height): (u32, u32),
        fps: u32,
        max_width: u32,
    ) -> Result<Self, EncodeError> {
        let (width, height) = output_size(width, height, max_width);
        // MP4 keeps codec headers in the sample description, not in-band.
        let enc = open_video(profile, width, height, fps, true)?;
        Ok(Self {
            enc,
            profile,
            width,
            height,
            last_pts: None,
            last_keyframe: None,
            frame_ms: 1000 / i64::from(fps.max(1)),
            thumbnail: None,
            frames: 0,
            frames_in_part: 0,
            spare: None,
        })
    }

    pub(crate) fn encoder(&self) -> &encoder::Video {
        &self.enc
    }

    /// Encode one frame captured at media time `at`; packets go to `out`.
    /// The converter lives with the encoding thread (FFmpeg's is not `Send`).
    pub(crate) fn encode(
        &mut self,
        at: Duration,
        input: &VideoFrame,
        converter: &mut Converter,
        out: &mut dyn FnMut(Packet),
    ) -> Result<(), EncodeError> {
        let pts = i64::try_from(at.as_millis()).unwrap_or(i64::MAX);
        if self.last_pts.is_some_and(|last| pts <= last) {
            // Two frames in the same millisecond: the first is encoded, the
            // second only kept in the picture, since the next frame's
            // changed rows are counted from it.
            if let Some(mut kept) = self.spare.take() {
                converter.convert(&input.frame, &mut kept, input.changed.as_deref(), true)?;
                self.spare = Some(kept);
            }
            return Ok(());
        }
        // libx264 copies the picture inside send_frame and we drain right
        // after, so one buffer can be reused: a fresh 3 MB frame per picture
        // costs page faults, and the kept picture needs only its changed rows
        // converted. Hardware encoders may hold input frames: fresh.
        let (mut yuv, reuse) = match self.spare.take() {
            Some(f) if !self.profile.hardware => (f, true),
            _ => (frame::Video::new(self.profile.pixel, self.width, self.height), false),
        };
        converter.convert(&input.frame, &mut yuv, input.changed.as_deref(), reuse)?;
        if reuse
            && input.changed.as_deref().is_some_and(|parts| in_part(parts, input.frame.width(), input.frame.height()))
        {
            self.frames_in_part += 1;
        }
        if takes_thumbnail(self.thumbnail.as_ref().map(|(_, stands_in)| *stands_in), at, input.stand_in) {
            self.thumbnail = Some((yuv.clone(), input.stand_in));
        }
        self.send(yuv, pts, out)
    }

    /// The thumbnail's picture, taken out (none if no frame was encoded).
    pub(crate) fn take_thumbnail(&mut self) -> Option<frame::Video> {
        self.thumbnail.take().map(|(picture, _)| picture)
    }

    /// Shows the last picture until media time `end` (a still screen sends
    /// no frames, and the clip must last as long as the recording): it is
    /// encoded once more at `end`, when the last frame is older than a frame.
    /// (The last frame of an MP4 has no duration: it marks where the clip
    /// ends, and players show the one before it until then.)
    pub(crate) fn hold_until(&mut self, end: Duration, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        let end = i64::try_from(end.as_millis()).unwrap_or(i64::MAX);
        match (self.spare.take(), self.last_pts) {
            (Some(last), Some(pts)) if end > pts + self.frame_ms => self.send(last, end, out),
            (spare, _) => {
                self.spare = spare;
                Ok(())
            }
        }
    }

    /// Encodes a converted picture at `pts` (ms), a keyframe when the last
    /// one is [`KEYFRAME_EVERY_MS`] old.
    fn send(&mut self, mut yuv: frame::Video, pts: i64, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        yuv.set_pts(Some(pts));
        let key = self.last_keyframe.is_none_or(|k| pts - k >= KEYFRAME_EVERY_MS);
        yuv.set_kind(if key { ffmpeg::picture::Type::I } else { ffmpeg::picture::Type::None });
        if key {
            self.last_keyframe = Some(pts);
        }
        self.enc.send_frame(&yuv).map_err(|source| EncodeError::Ffmpeg { stage: "video encoding", source })?;
        self.spare = Some(yuv);
        self.last_pts = Some(pts);
        self.frames += 1;
        self.drain(out)
    }

    /// Flush delayed frames at the end of the recording.
    pub(crate) fn finish(&mut self, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        self.enc.send_eof().map_err(|source| EncodeError::Ffmpeg { stage: "flushing the video encoder", source })?;
        self.drain(out)
    }

    fn drain(&mut self, out: &mut dyn FnMut(Packet)) -> Result<(), EncodeError> {
        loop {
            let mut pkt = Packet::empty();
            match self.enc.receive_packet(&mut pkt) {
                Ok(()) => {
                    // The encoder's own keyframes count too: one it made at
                    // its interval restarts ours, or they come twice as often.
                    if pkt.is_key() {
                        self.last_keyframe = pkt.pts().or(self.last_keyframe);
                    }
                    out(pkt);
                }
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::util::error::EAGAIN => {
                    return Ok(());
                }
                Err(source) => {
                    return Err(EncodeError::Ffmpeg { stage: "video encoding", source });
                }
            }
        }
    }
}

/// Whether the picture at `at` becomes the thumbnail, when the one kept so
/// far is `kept` (`Some(true)`: a stand-in; `None`: none yet): the latest up
/// to [`THUMBNAIL_AT`], the first at all, and the first real one after
/// stand-ins, however late (a black thumbnail shows nothing of the clip).
fn takes_thumbnail(kept: Option<bool>, at: Duration, stand_in: bool) -> bool {
    match (kept, stand_in) {
        (None, _) => true,
        (Some(kept_stands_in), true) => kept_stands_in && at <= THUMBNAIL_AT,
        (Some(kept_stands_in), false) => at <= THUMBNAIL_AT || kept_stands_in,
    }
}

/// Whether `parts` are some of a `width`×`height` picture, neither none nor
/// (by their summed areas) all of it.
fn in_part(parts: &[Patch], width: u32, height: u32) -> bool {
    let area: u64 = parts.iter().map(|p| u64::from(p.rows.len() as u32) * u64::from(p.cols.len() as u32)).sum();
    area > 0 && area < u64::from(width) * u64::from(height)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{Patch, in_part, output_size, takes_thumbnail};

    #[test]
    fn the_thumbnail_is_the_picture_at_a_second_unless_it_stood_in_for_the_screen() {
        let ms = Duration::from_millis;
        // A screen seen from the start: the latest picture up to 1 s.
        assert!(takes_thumbnail(None, ms(0), false), "the first picture");
        assert!(takes_thumbnail(Some(false), ms(1000), false), "the one at a second");
        assert!(!takes_thumbnail(Some(false), ms(1040), false), "past a second");
        // Black stand-ins until the portal's first picture at 2.5 s.
        assert!(takes_thumbnail(None, ms(0), true), "a stand-in, while there is nothing else");
        assert!(!takes_thumbnail(Some(true), ms(1500), true), "stand-ins past a second");
        assert!(takes_thumbnail(Some(true), ms(2500), false), "the first real picture, however late");
        assert!(!takes_thumbnail(Some(false), ms(2540), false), "and then no other");
        assert!(!takes_thumbnail(Some(false), ms(500), true), "never a stand-in over a real picture");
    }

    #[test]
    fn a_frame_is_in_part_when_its_parts_cover_some_of_it_not_all() {
        let band = |rows: std::ops::Range<u32>, cols| Patch::new(rows, cols);
        assert!(in_part(&[band(0..16, 0..64)], 640, 480));
        assert!(!in_part(&[], 640, 480), "nothing changed");
        assert!(!in_part(&[band(0..240, 0..640), band(240..480, 0..640)], 640, 480), "all of it, in bands");
    }

    #[test]
    fn output_is_capped_and_even() {
        assert_eq!(output_size(3840, 2160, 1920), (1920, 1080));
        assert_eq!(output_size(1001, 501, 1920), (1000, 500));
        assert_eq!(output_size(640, 480, 0), (640, 480));
    }
}
