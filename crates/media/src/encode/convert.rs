//! Colour conversion for the video encoder, on its thread (FFmpeg's scaler
//! is not `Send`): the whole picture, or only the parts that changed since
//! the picture before, into that picture.
//!
//! Converting 1080p BGRA to 4:2:0 costs ~5 ms a frame here, as much as
//! encoding a still one. When the screen changed in a few places (a pointer
//! moving over a document, a clock ticking, a camera bubble), the rows
//! around them are converted in bands of [`BAND`] rows into the previous
//! picture, which the encoder kept; the rest of it is already right. Within
//! a band only the columns that changed are converted (a window around
//! them, its width rounded up to [`WINDOW_STEP`] so a few scalers serve
//! every size). Bands start on even rows and windows on even columns (4:2:0
//! chroma covers two of each), and both are converted with context around
//! them, so they come out exactly as in a whole picture (tested).

use std::ops::Range;

use ffmpeg::software::scaling;
use ffmpeg::{format::Pixel, frame};
use ffmpeg_next as ffmpeg;

use super::EncodeError;

/// Rows per band.
const BAND: u32 = 8;
/// Rows converted above and below a band for the scaler's filter (even).
const CONTEXT: u32 = 4;
/// Columns converted left and right of what changed, for the same reason (even).
const COLUMN_CONTEXT: u32 = 16;
/// Windows are a multiple of this many columns wide (even).
const WINDOW_STEP: u32 = 64;

/// A changed part of a picture: rows, and the columns changed in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Patch {
    pub(crate) rows: Range<u32>,
    pub(crate) cols: Range<u32>,
}

impl Patch {
    pub(crate) fn new(rows: Range<u32>, cols: Range<u32>) -> Patch {
        Patch { rows, cols }
    }
}

/// A scaler for one input format and size.
type Scaler = (Pixel, u32, u32, scaling::Context);

/// One band's scaler (for its height — the last band may be shorter — and
/// its window's width) and its two small pictures.
struct Band {
    height: u32,
    width: u32,
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
    /// Converts `src` into `dst`. With `changed` (the parts of the source
    /// that changed since the picture `dst` holds; `reuse` says it holds
    /// one), only those are converted, when the sizes match and the format
    /// allows it.
    pub(crate) fn convert(
        &mut self,
        src: &frame::Video,
        dst: &mut frame::Video,
        changed: Option<&[Patch]>,
        reuse: bool,
    ) -> Result<(), EncodeError> {
        let same_size = (src.width(), src.height()) == (dst.width(), dst.height());
        match changed {
            Some(changed) if reuse && same_size && dst.format() == Pixel::YUV420P => self.bands(src, dst, changed),
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

    fn bands(&mut self, src: &frame::Video, dst: &mut frame::Video, changed: &[Patch]) -> Result<(), EncodeError> {
        let (width, height) = (src.width(), src.height());
        if self.band_key != Some((src.format(), width)) {
            self.bands.clear();
            self.band_key = Some((src.format(), width));
        }
        let rows: Vec<Range<u32>> = changed.iter().map(|p| p.rows.clone()).collect();
        for band in touched(&rows, height) {
            let top = band * BAND;
            let rows_here = BAND.min(height - top);
            // The columns that changed in the band's rows, on even columns.
            let Some((c0, c1)) = columns(changed, top..top + rows_here, width) else { continue };
            // The scaler's chroma filter reaches past the two rows (and
            // columns) it covers: a band is converted with its neighbours'
            // rows and columns around it, and only its own are kept, so it
            // comes out as in a whole picture.
            let (from, to) = read_by(band, height);
            let (x, w) = window(c0, c1, width);
            let b = self.band(src.format(), w, to - from)?;
            copy_block(src, 0, from, x as usize * 4, &mut b.packed, 0, 0, 0, to - from, w as usize * 4);
            b.scaler
                .run(&b.packed, &mut b.planar)
                .map_err(|source| EncodeError::Ffmpeg { stage: "colour conversion", source })?;
            let (inside, len) = ((c0 - x) as usize, (c1 - c0) as usize);
            copy_block(&b.planar, 0, top - from, inside, dst, 0, top, c0 as usize, rows_here, len);
            for plane in 1..3 {
                let (at, count) = ((top - from) / 2, rows_here.div_ceil(2));
                let (x_dst, len) = (c0 as usize / 2, (c1.div_ceil(2) - c0 / 2) as usize);
                copy_block(&b.planar, plane, at, inside / 2, dst, plane, top / 2, x_dst, count, len);
            }
        }
        Ok(())
    }

    /// The band converter for `rows` rows of a window `width` wide, made on first use.
    fn band(&mut self, format: Pixel, width: u32, rows: u32) -> Result<&mut Band, EncodeError> {
        if let Some(i) = self.bands.iter().position(|b| (b.height, b.width) == (rows, width)) {
            return Ok(&mut self.bands[i]);
        }
        let scaler = scaling::Context::get(format, width, rows, Pixel::YUV420P, width, rows, scaling::Flags::BILINEAR)
            .map_err(|source| EncodeError::Ffmpeg { stage: "setting up the colour converter", source })?;
        self.bands.push(Band {
            height: rows,
            width,
            scaler,
            packed: frame::Video::new(format, width, rows),
            planar: frame::Video::new(Pixel::YUV420P, width, rows),
        });
        Ok(self.bands.last_mut().expect("just pushed"))
    }
}

/// The columns that changed in `rows` (the union of the patches there),
/// widened to even columns within `width`; `None` when none did.
fn columns(changed: &[Patch], rows: Range<u32>, width: u32) -> Option<(u32, u32)> {
    let (c0, c1) = changed
        .iter()
        .filter(|p| p.rows.start < rows.end && rows.start < p.rows.end)
        .fold((u32::MAX, 0), |(a, b), p| (a.min(p.cols.start), b.max(p.cols.end.min(width))));
    let (c0, c1) = (c0 & !1, (c1 + (c1 & 1)).min(width));
    (c0 < c1).then_some((c0, c1))
}

/// The window converted for columns `c0..c1`: its first column (even) and
/// its width, a multiple of [`WINDOW_STEP`] with [`COLUMN_CONTEXT`] around
/// them where the picture has it; the whole width when that is no wider
/// (or the width is odd).
fn window(c0: u32, c1: u32, width: u32) -> (u32, u32) {
    let wanted = (c1 - c0 + 2 * COLUMN_CONTEXT).div_ceil(WINDOW_STEP) * WINDOW_STEP;
    if wanted >= width || width % 2 == 1 {
        return (0, width);
    }
    let x = c0.saturating_sub(COLUMN_CONTEXT).min(width - wanted) & !1;
    (x, wanted)
}

/// The source rows converting `changed` reads (each band with its
/// context), merged and in order: a source that sends only changed parts
/// must have these rows, and only these need be right, in its frame.
pub(crate) fn rows_read(changed: &[Patch], height: u32) -> Vec<Range<u32>> {
    let rows: Vec<Range<u32>> = changed.iter().map(|p| p.rows.clone()).collect();
    merged(touched(&rows, height).into_iter().map(|band| read_by(band, height)).map(|(from, to)| from..to).collect())
}

/// `ranges` in order, those that overlap or touch made one, empty ones dropped.
pub(crate) fn merged(mut ranges: Vec<Range<u32>>) -> Vec<Range<u32>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<u32>> = Vec::with_capacity(ranges.len());
    for r in ranges.into_iter().filter(|r| !r.is_empty()) {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
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
/// `sy`, byte `sx` in it) to plane `dp` of `dst` (from row `dy`, byte `dx`).
#[allow(clippy::too_many_arguments)]
fn copy_block(
    src: &frame::Video,
    sp: usize,
    sy: u32,
    sx: usize,
    dst: &mut frame::Video,
    dp: usize,
    dy: u32,
    dx: usize,
    count: u32,
    len: usize,
) {
    let (ss, ds) = (src.stride(sp), dst.stride(dp));
    let from = src.data(sp);
    let to = dst.data_mut(dp);
    for i in 0..count as usize {
        let (s, d) = ((sy as usize + i) * ss + sx, (dy as usize + i) * ds + dx);
        if let (Some(a), Some(b)) = (from.get(s..s + len), to.get_mut(d..d + len)) {
            b.copy_from_slice(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[Range<u32>]) -> Vec<Patch> {
        rows.iter().map(|r| Patch::new(r.clone(), 0..100)).collect()
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn the_rows_read_are_the_touched_bands_with_their_context_merged() {
        assert_eq!(rows_read(&[], 100), Vec::<Range<u32>>::new());
        assert_eq!(rows_read(&rows(&[0..1]), 100), vec![0..12]);
        assert_eq!(rows_read(&rows(&[10..11, 40..41]), 100), vec![4..20, 36..52]);
        assert_eq!(rows_read(&rows(&[10..11, 20..21]), 100), vec![4..28], "overlapping context merges");
        assert_eq!(rows_read(&rows(&[97..99]), 100), vec![92..100], "the last band stops at the bottom");
    }

    #[test]
    fn changed_rows_touch_the_bands_around_them_once() {
        assert_eq!(touched(&[3..5, 6..9, 100..101], 1080), [0, 1, 12]);
        let past_the_end: Vec<Range<u32>> = std::iter::once(1075..2000).collect();
        assert_eq!(touched(&past_the_end, 1080), [134], "clipped to the picture");
        assert!(touched(&[5..5, 2000..2100], 1080).is_empty(), "nothing, or nothing inside");
    }

    #[test]
    fn a_window_covers_the_changed_columns_with_context_in_few_sizes() {
        assert_eq!(columns(&[Patch::new(0..4, 11..13)], 0..8, 1920), Some((10, 14)), "even both ends");
        assert_eq!(columns(&[Patch::new(0..4, 11..13), Patch::new(2..3, 600..700)], 0..8, 1920), Some((10, 700)));
        assert_eq!(columns(&[Patch::new(20..24, 11..13)], 0..8, 1920), None, "not in these rows");
        assert_eq!(window(100, 340, 1920), (84, 320), "240 columns and 16 each side, in 64s");
        assert_eq!(window(0, 10, 1920), (0, 64));
        assert_eq!(window(1900, 1920, 1920), (1856, 64), "kept inside at the right");
        assert_eq!(window(10, 1900, 1920), (0, 1920), "as wide as the picture: the picture");
        assert_eq!(window(10, 20, 1921), (0, 1921), "an odd width: the whole width");
    }

    /// A BGRA test picture: a gradient, and `shade` in the box `rows` × `cols`.
    fn picture(w: u32, h: u32, shade: u8, rows: Range<u32>, cols: Range<u32>) -> frame::Video {
        let mut f = frame::Video::new(Pixel::BGRA, w, h);
        let stride = f.stride(0);
        let data = f.data_mut(0);
        for y in 0..h as usize {
            for x in 0..w as usize {
                let inside = rows.contains(&(y as u32)) && cols.contains(&(x as u32));
                let v = if inside { shade } else { (x * 3 + y * 5) as u8 };
                data[y * stride + x * 4..y * stride + x * 4 + 4].copy_from_slice(&[v, v / 2, 255 - v, 255]);
            }
        }
        f
    }

    /// Converts `before` whole, then only `changed` of `after` into it, and
    /// checks every plane against `after` converted whole.
    fn converts_like_the_whole(before: &frame::Video, after: &frame::Video, changed: &[Patch]) {
        crate::encode::init();
        let (w, h) = (after.width(), after.height());
        let mut c = Converter::default();
        let mut kept = frame::Video::new(Pixel::YUV420P, w, h);
        c.convert(before, &mut kept, None, false).expect("converts");
        c.convert(after, &mut kept, Some(changed), true).expect("converts");
        let mut whole = frame::Video::new(Pixel::YUV420P, w, h);
        Converter::default().convert(after, &mut whole, None, false).expect("converts");
        for plane in 0..3 {
            let (rows, len) = if plane == 0 { (h, w) } else { (h / 2, w / 2) };
            for y in 0..rows as usize {
                let a = &kept.data(plane)[y * kept.stride(plane)..][..len as usize];
                let b = &whole.data(plane)[y * whole.stride(plane)..][..len as usize];
                assert_eq!(a, b, "plane {plane} row {y}");
            }
        }
    }

    #[test]
    fn converting_only_the_changed_rows_matches_converting_it_all() {
        let (w, h) = (64u32, 44u32);
        let (before, after) = (picture(w, h, 20, 5..9, 10..30), picture(w, h, 220, 17..43, 10..30));
        converts_like_the_whole(&before, &after, &[Patch::new(5..9, 0..w), Patch::new(17..43, 0..w)]);
    }

    #[test]
    fn converting_only_the_changed_columns_matches_converting_it_all() {
        // Boxes at odd columns, at both edges and in the middle of a picture
        // wide enough for windows narrower than it.
        let (w, h) = (400u32, 60u32);
        for (rows, cols) in [(5..9, 11..31), (17..43, 0..7), (30..60, 371..400), (0..60, 150..290), (3..4, 199..200)] {
            let before = picture(w, h, 20, 0..0, 0..0);
            let after = picture(w, h, 230, rows.clone(), cols.clone());
            converts_like_the_whole(&before, &after, &[Patch::new(rows, cols)]);
        }
        // Two parts in the same rows, far apart: one window spans both.
        let before = picture(w, h, 20, 0..0, 0..0);
        let mut after = picture(w, h, 230, 10..20, 20..40);
        let other = picture(w, h, 90, 12..18, 330..350);
        let (stride, data) = (after.stride(0), other.data(0).to_vec());
        for y in 12..18usize {
            after.data_mut(0)[y * stride + 330 * 4..y * stride + 350 * 4]
                .copy_from_slice(&data[y * stride + 330 * 4..y * stride + 350 * 4]);
        }
        converts_like_the_whole(&before, &after, &[Patch::new(10..20, 20..40), Patch::new(12..18, 330..350)]);
    }
}
