//! The parts of a PipeWire screen picture that changed, so a Wayland screen
//! feeds the same damage-aware encoding as X11's DAMAGE: a still screen
//! sends no new picture, and only the changed parts are converted into the
//! kept one.
//!
//! A screen-cast producer may list the rectangles that changed since its
//! last buffer in the buffer's damage meta (`SPA_META_VideoDamage`), ended
//! by an empty rectangle. The list says where to look, not what changed:
//! sway 1.7 (wlroots 0.15, without a GPU) lists the whole screen for a bar
//! that opens at its top. So the picture is compared with the one before
//! ([`compare`]) in the listed rows only, and in all rows where there is no
//! list. A full list is not trusted either: xdg-desktop-portal-wlr 0.7 folds
//! the rectangles that do not fit into the list's last one, and takes that
//! rectangle's x for its y doing so.

use std::collections::VecDeque;
use std::ops::Range;

use pipewire::spa;
use spa::sys;

use crate::devices::span;
use crate::encode::convert::{Patch, merged};

/// How many rectangles a buffer's damage list may hold.
const REGIONS: i32 = 16;
/// How many pictures back [`History`] can answer for.
const KEPT: usize = 16;
/// [`compare`] finds changed columns to this many pixels, and makes one part
/// of this many rows.
const COLUMNS: usize = 16;
const ROWS: u32 = 16;

/// The `ParamMeta` that asks the producer for damage lists of up to [`REGIONS`].
pub(crate) fn meta_param() -> Vec<u8> {
    use spa::pod::{ChoiceValue, Property, PropertyFlags, Value};
    use spa::utils::{Choice, ChoiceEnum, ChoiceFlags, Id};
    let region = i32::try_from(size_of::<sys::spa_meta_region>()).unwrap_or(i32::MAX);
    let property = |key, value| Property { key, flags: PropertyFlags::empty(), value };
    let object = spa::pod::Object {
        type_: sys::SPA_TYPE_OBJECT_ParamMeta,
        id: sys::SPA_PARAM_Meta,
        properties: vec![
            property(sys::SPA_PARAM_META_type, Value::Id(Id(sys::SPA_META_VideoDamage))),
            property(
                sys::SPA_PARAM_META_size,
                Value::Choice(ChoiceValue::Int(Choice(
                    ChoiceFlags::empty(),
                    ChoiceEnum::Range { default: region * REGIONS, min: region, max: region * REGIONS },
                ))),
            ),
        ],
    };
    spa::pod::serialize::PodSerializer::serialize(std::io::Cursor::new(Vec::new()), &Value::Object(object))
        .map(|(cursor, _)| cursor.into_inner())
        .unwrap_or_default()
}

/// The changed parts of a `width`×`height` picture as `buffer`'s damage
/// meta lists them; `None`: not listed (no list, an empty or a full one).
///
/// # Safety
/// `buffer` is a buffer the stream has dequeued and not yet queued back.
#[allow(unsafe_code)]
pub(crate) unsafe fn changed(buffer: *const sys::spa_buffer, width: u32, height: u32) -> Option<Vec<Patch>> {
    // SAFETY: the caller's buffer is valid while dequeued; PipeWire sizes
    // `metas` by `n_metas` and each meta's `data` by its `size`.
    let regions = unsafe {
        let buffer = buffer.as_ref()?;
        if buffer.metas.is_null() {
            return None;
        }
        let metas = std::slice::from_raw_parts(buffer.metas, buffer.n_metas as usize);
        let meta = metas.iter().find(|m| m.type_ == sys::SPA_META_VideoDamage && !m.data.is_null())?;
        let count = meta.size as usize / size_of::<sys::spa_meta_region>();
        std::slice::from_raw_parts(meta.data as *const sys::spa_meta_region, count)
    };
    let rects: Vec<(i32, i32, u32, u32)> = regions
        .iter()
        .map(|r| (r.region.position.x, r.region.position.y, r.region.size.width, r.region.size.height))
        .collect();
    patches(&rects, width, height)
}

/// [`changed`] for rectangles `(x, y, width, height)` as the list holds them.
fn patches(list: &[(i32, i32, u32, u32)], width: u32, height: u32) -> Option<Vec<Patch>> {
    let used = list.iter().take_while(|(_, _, w, h)| *w > 0 && *h > 0).count();
    if used == 0 || used == list.len() {
        return None;
    }
    let end = |from: i32, length: u32| from.saturating_add(i32::try_from(length).unwrap_or(i32::MAX));
    Some(
        list[..used]
            .iter()
            .filter_map(|&(x, y, w, h)| Some(Patch::new(span(0, height, y, end(y, h))?, span(0, width, x, end(x, w))?)))
            .collect(),
    )
}

/// The parts where a new picture, packed rows `stride` bytes apart in
/// `new` (as a PipeWire buffer holds it), differs from `old`, a picture of
/// the same size (`bytes_per_pixel` a pixel), looking only at the rows of
/// `listed` (all rows if `None`): per [`ROWS`] rows, the rows that differ and
/// the columns from the first to the last difference in them, to [`COLUMNS`]
/// pixels. Empty: the same picture. `None` if a row is missing. Compared
/// before copying, so an unchanged picture costs one `memcmp` a row and no copy.
pub(crate) fn compare(
    old: &ffmpeg_next::frame::Video,
    new: &[u8],
    stride: usize,
    bytes_per_pixel: usize,
    listed: Option<&[Patch]>,
) -> Option<Vec<Patch>> {
    let (width, height) = (old.width(), old.height());
    let row_bytes = width as usize * bytes_per_pixel;
    let chunk = COLUMNS * bytes_per_pixel;
    let (a, sa) = (old.data(0), old.stride(0));
    let mut parts: Vec<Patch> = Vec::new();
    for y in looked_at(listed, height).into_iter().flatten() {
        let (ya, yb) = (y as usize * sa, y as usize * stride);
        let (Some(was), Some(now)) = (a.get(ya..ya + row_bytes), new.get(yb..yb + row_bytes)) else { return None };
        if was == now {
            continue;
        }
        let differ = |(x, y): (&[u8], &[u8])| x != y;
        let first = was.chunks(chunk).zip(now.chunks(chunk)).position(differ).unwrap_or(0);
        let last = was.chunks(chunk).zip(now.chunks(chunk)).rposition(differ).unwrap_or(first);
        let cols = (first * COLUMNS) as u32..(((last + 1) * COLUMNS) as u32).min(width);
        match parts.last_mut() {
            Some(p) if p.rows.end == y && p.rows.start / ROWS == y / ROWS => {
                p.rows.end = y + 1;
                p.cols = p.cols.start.min(cols.start)..p.cols.end.max(cols.end);
            }
            _ => parts.push(Patch::new(y..y + 1, cols)),
        }
    }
    Some(parts)
}

/// The rows of `listed` (all `height` if `None`), in order, each once.
#[allow(clippy::single_range_in_vec_init)] // one span of rows, not the rows
fn looked_at(listed: Option<&[Patch]>, height: u32) -> Vec<Range<u32>> {
    let Some(listed) = listed else { return vec![0..height] };
    merged(listed.iter().map(|p| p.rows.start..p.rows.end.min(height)).collect())
}

/// The damage of the last [`KEPT`] pictures, by their number, to answer
/// what changed since any one of them: a stream's pictures are shared (a
/// camera's by the preview and the recording), so each reader asks for its own.
#[derive(Debug, Default)]
pub(crate) struct History {
    pictures: VecDeque<(u64, Option<Vec<Patch>>)>,
}

impl History {
    /// Picture `number` (one more than the last) changed `changed` (`None`: all).
    pub(crate) fn record(&mut self, number: u64, changed: Option<Vec<Patch>>) {
        if self.pictures.len() == KEPT {
            self.pictures.pop_front();
        }
        self.pictures.push_back((number, changed));
    }

    /// What changed after picture `seen` up to the newest: `None` (the whole
    /// picture) when `seen` is none or older than the history, or when any
    /// picture since changed whole.
    pub(crate) fn since(&self, seen: u64) -> Option<Vec<Patch>> {
        let first = self.pictures.front()?.0;
        if seen == 0 || seen + 1 < first {
            return None;
        }
        let mut all = Vec::new();
        for (_, changed) in self.pictures.iter().filter(|(n, _)| *n > seen) {
            all.extend(changed.as_ref()?.iter().cloned());
        }
        Some(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_ends_at_its_first_empty_rectangle_and_is_clipped_to_the_picture() {
        let list = [(10, 20, 30, 40), (-5, 700, 20, 100), (0, 0, 0, 0), (1, 1, 1, 1)];
        let got = patches(&list, 1280, 720).expect("parts");
        assert_eq!(got, vec![Patch::new(20..60, 10..40), Patch::new(700..720, 0..15)]);
    }

    #[test]
    fn no_list_an_empty_one_or_a_full_one_is_the_whole_picture() {
        assert_eq!(patches(&[], 1280, 720), None);
        assert_eq!(patches(&[(0, 0, 0, 0), (0, 0, 0, 0)], 1280, 720), None);
        assert_eq!(patches(&[(0, 0, 8, 8), (10, 10, 8, 8)], 1280, 720), None, "full: may be folded");
    }

    #[test]
    fn a_rectangle_off_the_picture_changes_nothing() {
        assert_eq!(patches(&[(2000, 0, 10, 10), (0, 0, 0, 0)], 1280, 720), Some(vec![]));
    }

    const WIDTH: usize = 320;

    /// A 320×64 BGRx picture as a buffer packs it, some pixels painted.
    fn packed(paint: &[(usize, usize)]) -> Vec<u8> {
        let mut bytes = vec![0x40; WIDTH * 4 * 64];
        for &(x, y) in paint {
            bytes[(y * WIDTH + x) * 4] = 0xff;
        }
        bytes
    }

    fn picture(bytes: &[u8]) -> ffmpeg_next::frame::Video {
        crate::source::packed_frame(ffmpeg_next::format::Pixel::BGRZ, 4, WIDTH as u32, 64, WIDTH * 4, bytes)
    }

    #[test]
    fn the_same_picture_changed_nothing_and_a_changed_pixel_its_row_and_columns() {
        let before = picture(&packed(&[]));
        assert_eq!(compare(&before, &packed(&[]), WIDTH * 4, 4, None), Some(vec![]));
        // One pixel: its row, its 16 columns. Two rows in one band of 16:
        // one part over both, as wide as both; across bands: two parts.
        assert_eq!(compare(&before, &packed(&[(20, 3)]), WIDTH * 4, 4, None), Some(vec![Patch::new(3..4, 16..32)]));
        let got = compare(&before, &packed(&[(20, 3), (300, 4), (5, 15), (5, 16)]), WIDTH * 4, 4, None);
        assert_eq!(got, Some(vec![Patch::new(3..5, 16..304), Patch::new(15..16, 0..16), Patch::new(16..17, 0..16)]));
    }

    #[test]
    fn rows_apart_by_a_wider_stride_compare_and_a_short_buffer_is_unknown() {
        let before = picture(&packed(&[]));
        let mut wide = vec![0u8; (WIDTH * 4 + 64) * 64];
        for (y, row) in packed(&[(100, 40)]).chunks(WIDTH * 4).enumerate() {
            wide[y * (WIDTH * 4 + 64)..][..WIDTH * 4].copy_from_slice(row);
        }
        assert_eq!(compare(&before, &wide, WIDTH * 4 + 64, 4, None), Some(vec![Patch::new(40..41, 96..112)]));
        assert_eq!(compare(&before, &packed(&[])[..WIDTH * 4 * 10], WIDTH * 4, 4, None), None);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn a_list_bounds_the_rows_compared() {
        let before = picture(&packed(&[]));
        let after = packed(&[(20, 3), (200, 40)]);
        // The whole picture listed (as sway lists a bar): only its changed rows.
        let all = [Patch::new(0..64, 0..WIDTH as u32)];
        let both = Some(vec![Patch::new(3..4, 16..32), Patch::new(40..41, 192..208)]);
        assert_eq!(compare(&before, &after, WIDTH * 4, 4, Some(&all)), both);
        // Rows outside the list are not looked at: the list says none changed.
        let top = [Patch::new(0..10, 0..64)];
        assert_eq!(compare(&before, &after, WIDTH * 4, 4, Some(&top)), Some(vec![Patch::new(3..4, 16..32)]));
        assert_eq!(compare(&before, &after, WIDTH * 4, 4, Some(&[])), Some(vec![]), "nothing listed");
        // Overlapping, unordered and overhanging lists look at each row once.
        let messy = [Patch::new(38..80, 0..8), Patch::new(2..5, 0..8), Patch::new(3..41, 0..8)];
        assert_eq!(looked_at(Some(&messy), 64), vec![2..64]);
        assert_eq!(compare(&before, &after, WIDTH * 4, 4, Some(&messy)), both);
        assert_eq!(looked_at(None, 64), vec![0..64]);
    }

    #[test]
    fn history_unites_the_pictures_since_the_one_a_reader_has() {
        let mut history = History::default();
        let part = |row: u32| Some(vec![Patch::new(row..row + 1, 0..8)]);
        history.record(1, None);
        history.record(2, part(10));
        history.record(3, part(20));
        assert_eq!(history.since(0), None, "a reader with no picture gets a whole one");
        assert_eq!(history.since(1), Some(vec![Patch::new(10..11, 0..8), Patch::new(20..21, 0..8)]));
        assert_eq!(history.since(2), part(20));
        assert_eq!(history.since(3), Some(vec![]));
        history.record(4, None);
        assert_eq!(history.since(3), None, "a whole picture since");
        for n in 5..=(4 + KEPT as u64) {
            history.record(n, part(1));
        }
        assert_eq!(history.since(3), None, "older than the history");
        assert_eq!(history.since(5), Some(vec![Patch::new(1..2, 0..8); KEPT - 1]));
    }
}
