//! Colour conversion for the video encoder, on its thread (FFmpeg's scaler
//! is not `Send`): the whole picture, or only the rows that changed since the
//! picture before, into that picture.
//!
//! Converting 1080p BGRA to 4:2:0 costs ~5 ms a frame here, as much as
//! encoding a still one. When the screen changed in a few places (a pointer
//! moving over a document, a clock ticking), the rows around them are
//! converted in bands of [`BAND`] rows into the previous picture, which the
//! encoder kept; the rest of it is already right. Bands start on even rows
//! (4:2:0 chroma covers two) and are converted with a few rows of context
//! around them, so they come out exactly as in a whole picture (tested).

use std::ops::Range;

use ffmpeg::software::scaling;
use ffmpeg::{format::Pixel, frame};
use ffmpeg_next as ffmpeg;

use super::EncodeError;

/// Rows per band.
const BAND: u32 = 8;
/// Rows converted above and below a band for the scaler's filter (even).
const CONTEXT: u32 = 4;

/// A scaler for one input format and size.
type Scaler = (Pixel, u32, u32, scaling::Context);

/// One band's scaler (for its height: the last band may be shorter) and
/// its two small pictures.
struct Band {
    height: u32,
    scaler: scaling::Context,
    packed: frame::Video,
    planar: frame::Video,
}

/// Converts captured pictures to the encoder's format.
#[derive(Default)]
pub(crate) struct Converter {
    full: Option<Scaler>,
    bands: Vec<Band>,
    band_key: Option<(Pixel, u32)>,
}

impl Converter {
    /// Converts `src` into `dst`. With `rows` (the source rows that changed
    /// since the picture `dst` holds; `reuse` says it holds one), only those
    /// are converted, when the sizes match and the format allows it.
    pub(crate) fn convert(
        &mut self,
        src: &frame::Video,
        dst: &mut frame::Video,
        rows: Option<&[Range<u32>]>,
        reuse: bool,
    ) -> Result<(), EncodeError> {
        let same_size = (src.width(), src.height()) == (dst.width(), dst.height());
        match rows {
            Some(rows) if reuse && same_size && dst.format() == Pixel::YUV420P => self.bands(src, dst, rows),
            _ => self.whole(src, dst),
        }
    }

    fn whole(&mut self, src: &frame::Video, dst: &mut frame::Video) -> Result<(), EncodeError> {
        let key = (src.format(), src.width(), src.height());
        if self.full.as_ref().is_none_or(|(f, w, h, _)| (*f, *w, *h) != key) {
            let ctx = scaling::Context::get(
                key.0,
                key.1,
                key.2,
                dst.format(),
                dst.width(),
                dst.height(),
                scaling::Flags::BILINEAR,
            )
            .map_err(|source| EncodeError::Ffmpeg { stage: "setting up the colour converter", source })?;
            self.full = Some((key.0, key.1, key.2, ctx));
        }
        if let Some((_, _, _, scaler)) = self.full.as_mut() {
            scaler.run(src, dst).map_err(|source| EncodeError::Ffmpeg { stage: "colour conversion", source })?;
        }
        Ok(())
    }

    fn bands(&mut self, src: &frame::Video, dst: &mut frame::Video, rows: &[Range<u32>]) -> Result<(), EncodeError> {
        let (width, height) = (src.width(), src.height());
        if self.band_key != Some((src.format(), width)) {
            self.bands.clear();
            self.band_key = Some((src.format(), width));
        }
        for band in touched(rows, height) {
            let top = band * BAND;
            let rows_here = BAND.min(height - top);
            // The scaler's chroma filter reaches past the two rows it covers:
            // a band is converted with its neighbours' rows around it, and
            // only its own are kept, so it comes out as in a whole picture.
            let (from, to) = read_by(band, height);
            let b = self.band(src.format(), width, to - from)?;
            copy_rows(src, 0, from, &mut b.packed, 0, 0, to - from, width as usize * 4);
            b.scaler
                .run(&b.packed, &mut b.planar)
                .map_err(|source| EncodeError::Ffmpeg { stage: "colour conversion", source })?;
            let w = width as usize;
            copy_rows(&b.planar, 0, top - from, dst, 0, top, rows_here, w);
            for plane in 1..3 {
                let (at, count) = ((top - from) / 2, rows_here.div_ceil(2));
                copy_rows(&b.planar, plane, at, dst, plane, top / 2, count, w.div_ceil(2));
            }
        }
        Ok(())
    }

    /// The band converter for `rows` rows, made on first use.
    fn band(&mut self, format: Pixel, width: u32, rows: u32) -> Result<&mut Band, EncodeError> {
        if let Some(i) = self.bands.iter().position(|b| b.height == rows) {
            return Ok(&mut self.bands[i]);
        }
        let scaler = scaling::Context::get(format, width, rows, Pixel::YUV420P, width, rows, scaling::Flags::BILINEAR)
            .map_err(|source| EncodeError::Ffmpeg { stage: "setting up the colour converter", source })?;
        self.bands.push(Band {
            height: rows,
            scaler,
            packed: frame::Video::new(format, width, rows),
            planar: frame::Video::new(Pixel::YUV420P, width, rows),
        });
        Ok(self.bands.last_mut().expect("just pushed"))
    }
}

/// The source rows converting `rows` reads (each band with its context),
/// merged and in order: a source that sends only changed rows must have
/// these, and only these need be right, in its frame.
pub(crate) fn rows_read(rows: &[Range<u32>], height: u32) -> Vec<Range<u32>> {
    let mut out: Vec<Range<u32>> = Vec::new();
    for (from, to) in touched(rows, height).into_iter().map(|band| read_by(band, height)) {
        match out.last_mut() {
            Some(last) if from <= last.end => last.end = last.end.max(to),
            _ => out.push(from..to),
        }
    }
    out
}

/// The rows band `band` is converted from: its own and [`CONTEXT`] around.
fn read_by(band: u32, height: u32) -> (u32, u32) {
    let top = band * BAND;
    (top.saturating_sub(CONTEXT), (top + BAND + CONTEXT).min(height))
}

/// The bands (indexes) that any of `rows` touch, in order, once each.
fn touched(rows: &[Range<u32>], height: u32) -> Vec<u32> {
    let mut bands: Vec<u32> = rows
        .iter()
        .filter(|r| r.start < r.end.min(height))
        .flat_map(|r| r.start / BAND..=(r.end.min(height) - 1) / BAND)
        .collect();
    bands.sort_unstable();
    bands.dedup();
    bands
}

/// Copies `count` rows of `len` bytes from plane `sp` of `src` (from row
/// `sy`) to plane `dp` of `dst` (from row `dy`).
#[allow(clippy::too_many_arguments)]
fn copy_rows(
    src: &frame::Video,
    sp: usize,
    sy: u32,
    dst: &mut frame::Video,
    dp: usize,
    dy: u32,
    count: u32,
    len: usize,
) {
    let (ss, ds) = (src.stride(sp), dst.stride(dp));
    let from = src.data(sp);
    let to = dst.data_mut(dp);
    for i in 0..count as usize {
        let (s, d) = ((sy as usize + i) * ss, (dy as usize + i) * ds);
        if let (Some(a), Some(b)) = (from.get(s..s + len), to.get_mut(d..d + len)) {
            b.copy_from_slice(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn the_rows_read_are_the_touched_bands_with_their_context_merged() {
        assert_eq!(rows_read(&[], 100), Vec::<Range<u32>>::new());
        assert_eq!(rows_read(&[0..1], 100), vec![0..12]);
        assert_eq!(rows_read(&[10..11, 40..41], 100), vec![4..20, 36..52]);
        assert_eq!(rows_read(&[10..11, 20..21], 100), vec![4..28], "overlapping context merges");
        assert_eq!(rows_read(&[97..99], 100), vec![92..100], "the last band stops at the bottom");
    }

    #[test]
    fn changed_rows_touch_the_bands_around_them_once() {
        assert_eq!(touched(&[3..5, 6..9, 100..101], 1080), [0, 1, 12]);
        let past_the_end: Vec<Range<u32>> = std::iter::once(1075..2000).collect();
        assert_eq!(touched(&past_the_end, 1080), [134], "clipped to the picture");
        assert!(touched(&[5..5, 2000..2100], 1080).is_empty(), "nothing, or nothing inside");
    }

    #[test]
    fn converting_only_the_changed_rows_matches_converting_it_all() {
        crate::encode::init();
        let (w, h) = (64u32, 44u32);
        let picture = |shade: u8, box_rows: Range<u32>| {
            let mut f = frame::Video::new(Pixel::BGRA, w, h);
            let stride = f.stride(0);
            let data = f.data_mut(0);
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let inside = box_rows.contains(&(y as u32)) && (10..30).contains(&x);
                    let v = if inside { shade } else { (x * 3 + y) as u8 };
                    data[y * stride + x * 4..y * stride + x * 4 + 4].copy_from_slice(&[v, v / 2, 255 - v, 255]);
                }
            }
            f
        };
        let (before, after) = (picture(20, 5..9), picture(220, 17..43));
        let mut c = Converter::default();
        let mut kept = frame::Video::new(Pixel::YUV420P, w, h);
        c.convert(&before, &mut kept, None, false).expect("converts");
        c.convert(&after, &mut kept, Some(&[5..9, 17..43]), true).expect("converts");
        let mut whole = frame::Video::new(Pixel::YUV420P, w, h);
        Converter::default().convert(&after, &mut whole, None, false).expect("converts");
        for plane in 0..3 {
            let (rows, len) = if plane == 0 { (h, w) } else { (h / 2, w / 2) };
            for y in 0..rows as usize {
                let a = &kept.data(plane)[y * kept.stride(plane)..][..len as usize];
                let b = &whole.data(plane)[y * whole.stride(plane)..][..len as usize];
                assert_eq!(a, b, "plane {plane} row {y}");
            }
        }
    }
}
