//! An edit as pure data: the kept ranges of a clip's original media, and the
//! mapping between the original timeline (where comments, reactions and
//! transcript lines are stored) and the edited one (what plays).

use serde::{Deserialize, Serialize};

use crate::ids::ClipId;

/// The least an edit may leave of a clip.
pub const MIN_KEPT_MS: u64 = 500;

/// A part of the original media that plays, `[start_ms, end_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptRange {
    pub start_ms: u64,
    pub end_ms: u64,
}

impl KeptRange {
    pub fn len_ms(&self) -> u64 {
        self.end_ms - self.start_ms
    }
}

/// A clip's edit: what plays of its original media, in order. A clip never
/// edited (or reset) keeps all of its part: the whole media, or its side of
/// a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub clip_id: ClipId,
    /// Grows with every change, never reused (0: never edited); with the clip
    /// id it keys a rendered file.
    pub revision: u64,
    /// The length of the original media.
    pub media_duration_ms: u64,
    /// The span of the media this clip is made of: all of it, or its side of
    /// a split. A reset plays all of it again.
    pub part: KeptRange,
    /// Sorted, disjoint and non-touching, within the part.
    pub kept: Vec<KeptRange>,
}

impl Edit {
    /// All of a clip's part.
    pub(crate) fn whole(clip_id: ClipId, revision: u64, media_duration_ms: u64, part: KeptRange) -> Self {
        let kept = if part.start_ms < part.end_ms { vec![part] } else { vec![] };
        Edit { clip_id, revision, media_duration_ms, part, kept }
    }

    /// True when all of the clip's part plays.
    pub fn is_whole(&self) -> bool {
        self.kept.is_empty() || self.kept == [self.part]
    }

    /// How long the edited clip plays.
    pub fn duration_ms(&self) -> u64 {
        self.kept.iter().map(KeptRange::len_ms).sum()
    }

    /// Each kept range with the edited moment it starts at.
    fn offsets(&self) -> impl Iterator<Item = (u64, &KeptRange)> {
        self.kept.iter().scan(0, |offset, r| {
            let start = *offset;
            *offset += r.len_ms();
            Some((start, r))
        })
    }

    /// Where an original moment plays in the edit; `None` inside a removed
    /// part. The end of the last kept range is the edited clip's end.
    pub fn to_edited(&self, original_ms: u64) -> Option<u64> {
        let last = self.kept.last()?;
        if original_ms == last.end_ms {
            return Some(self.duration_ms());
        }
        self.offsets()
            .find(|(_, r)| (r.start_ms..r.end_ms).contains(&original_ms))
            .map(|(offset, r)| offset + (original_ms - r.start_ms))
    }

    /// The original moment that plays at an edited one; past the end, the end
    /// of the last kept range.
    pub fn to_original(&self, edited_ms: u64) -> u64 {
        for (offset, r) in self.offsets() {
            if edited_ms < offset + r.len_ms() {
                return r.start_ms + (edited_ms.saturating_sub(offset));
            }
        }
        self.kept.last().map_or(0, |r| r.end_ms)
    }

    /// The edited span of what still plays of the original range
    /// `[start_ms, end_ms)`; `None` when all of it was removed.
    pub fn range_to_edited(&self, start_ms: u64, end_ms: u64) -> Option<(u64, u64)> {
        let mut found: Option<(u64, u64)> = None;
        for (offset, r) in self.offsets() {
            let (from, to) = (start_ms.max(r.start_ms), end_ms.min(r.end_ms));
            if from < to {
                let span = (offset + (from - r.start_ms), offset + (to - r.start_ms));
                found = Some(found.map_or(span, |(first, _)| (first, span.1)));
            }
        }
        found
    }

    /// The original moment where an edited range ending at `edited_ms` ends:
    /// at a join, the end of the range before it (not the start of the next,
    /// which would take in the removed part).
    pub fn to_original_end(&self, edited_ms: u64) -> u64 {
        for (offset, r) in self.offsets() {
            if edited_ms <= offset + r.len_ms() {
                return r.start_ms + edited_ms.saturating_sub(offset);
            }
        }
        self.kept.last().map_or(0, |r| r.end_ms)
    }

    /// True when the edit plays all of the media, as recorded: nothing to
    /// map, nothing to render.
    pub fn is_identity(&self) -> bool {
        self.is_whole() && self.part.start_ms == 0 && self.part.end_ms == self.media_duration_ms
    }

    /// Where something stored at the original `at_ms` (to `end_ms`, for a
    /// range) shows on the edited timeline. Inside a removed part it shows
    /// at the join that replaced it, marked removed.
    pub fn place(&self, at_ms: u64, end_ms: Option<u64>) -> Placed {
        let kept = match end_ms {
            Some(end_ms) if end_ms > at_ms => self.range_to_edited(at_ms, end_ms).map(|(a, e)| (a, Some(e))),
            _ => self.to_edited(at_ms).map(|a| (a, None)),
        };
        match kept {
            Some((at_ms, end_ms)) => Placed { at_ms, end_ms, removed: false },
            None => Placed { at_ms: self.join_after(at_ms), end_ms: None, removed: true },
        }
    }

    /// The edited moment where the first kept range after `original_ms`
    /// starts (the clip's end when none does).
    fn join_after(&self, original_ms: u64) -> u64 {
        self.offsets().find(|(_, r)| r.start_ms >= original_ms).map_or(self.duration_ms(), |(offset, _)| offset)
    }

    /// The original pieces that play between the edited moments `from` and
    /// `to` (clamped to the edit), in order.
    pub(crate) fn slice(&self, from: u64, to: u64) -> Vec<KeptRange> {
        self.offsets()
            .filter_map(|(offset, r)| {
                let start = from.clamp(offset, offset + r.len_ms()) - offset;
                let end = to.clamp(offset, offset + r.len_ms()) - offset;
                (start < end).then(|| KeptRange { start_ms: r.start_ms + start, end_ms: r.start_ms + end })
            })
            .collect()
    }
}

/// Where a comment, reaction or transcript line shows in an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub at_ms: u64,
    pub end_ms: Option<u64>,
    /// Inside a removed part: `at_ms` is the join that replaced it.
    pub removed: bool,
}

/// Joins ranges that touch, so one edit has one spelling.
pub(crate) fn joined(ranges: Vec<KeptRange>) -> Vec<KeptRange> {
    let mut out: Vec<KeptRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if last.end_ms == r.start_ms => last.end_ms = r.end_ms,
            _ => out.push(r),
        }
    }
    out
}

/// True for ranges an edit may hold: each non-empty, in order, apart, within
/// the part. Stored ranges that are not are refused as corrupt.
pub(crate) fn well_formed(kept: &[KeptRange], part: KeptRange) -> bool {
    kept.iter().all(|r| part.start_ms <= r.start_ms && r.start_ms < r.end_ms && r.end_ms <= part.end_ms)
        && kept.windows(2).all(|w| w[0].end_ms < w[1].start_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start_ms: u64, end_ms: u64) -> KeptRange {
        KeptRange { start_ms, end_ms }
    }

    /// 0–10 s of media with 2–4 s and 7–8 s removed: plays 7 s.
    fn cut_twice() -> Edit {
        Edit {
            clip_id: ClipId::new(),
            revision: 2,
            media_duration_ms: 10_000,
            part: r(0, 10_000),
            kept: vec![r(0, 2_000), r(4_000, 7_000), r(8_000, 10_000)],
        }
    }

    #[test]
    fn an_unedited_clip_maps_every_moment_to_itself() {
        let edit = Edit::whole(ClipId::new(), 0, 10_000, r(0, 10_000));
        assert!(edit.is_whole());
        for ms in [0, 1, 5_000, 9_999, 10_000] {
            assert_eq!(edit.to_edited(ms), Some(ms));
            assert_eq!(edit.to_original(ms), ms);
        }
    }

    #[test]
    fn moments_after_a_cut_move_earlier_and_those_inside_it_are_removed() {
        let edit = cut_twice();
        assert_eq!(edit.duration_ms(), 7_000);
        assert_eq!(edit.to_edited(1_000), Some(1_000));
        assert_eq!(edit.to_edited(3_000), None);
        assert_eq!(edit.to_edited(4_000), Some(2_000));
        assert_eq!(edit.to_edited(7_500), None);
        assert_eq!(edit.to_edited(9_000), Some(6_000));
        assert_eq!(edit.to_edited(10_000), Some(7_000), "the end of the clip");
        assert_eq!(edit.to_original(2_000), 4_000, "a join plays the later part");
        assert_eq!(edit.to_original(5_500), 8_500);
        assert_eq!(edit.to_original(99_000), 10_000);
    }

    #[test]
    fn the_mappings_agree_on_every_kept_moment() {
        let edit = cut_twice();
        for edited in (0..7_000).step_by(250) {
            assert_eq!(edit.to_edited(edit.to_original(edited)), Some(edited));
        }
    }

    #[test]
    fn a_range_typed_on_the_edit_ends_before_a_join_not_after_it() {
        let edit = cut_twice();
        assert_eq!(edit.to_original_end(2_000), 2_000, "the end of the first part");
        assert_eq!(edit.to_original(2_000), 4_000, "the start of the second");
        assert_eq!(edit.to_original_end(3_000), 5_000);
        assert_eq!(edit.to_original_end(7_000), 10_000);
    }

    #[test]
    fn removed_feedback_shows_at_the_join_that_replaced_it() {
        let edit = cut_twice();
        assert_eq!(edit.place(3_000, None), Placed { at_ms: 2_000, end_ms: None, removed: true });
        assert_eq!(edit.place(7_500, Some(7_900)), Placed { at_ms: 5_000, end_ms: None, removed: true });
        assert_eq!(edit.place(1_000, Some(5_000)), Placed { at_ms: 1_000, end_ms: Some(3_000), removed: false });
        assert_eq!(edit.place(9_000, None), Placed { at_ms: 6_000, end_ms: None, removed: false });
    }

    #[test]
    fn a_range_maps_to_what_still_plays_of_it() {
        let edit = cut_twice();
        assert_eq!(edit.range_to_edited(1_000, 5_000), Some((1_000, 3_000)));
        assert_eq!(edit.range_to_edited(2_500, 3_500), None);
        assert_eq!(edit.range_to_edited(7_100, 7_900), None);
        assert_eq!(edit.range_to_edited(6_000, 9_000), Some((4_000, 6_000)));
    }

    #[test]
    fn slicing_in_edited_time_gives_original_pieces() {
        let edit = cut_twice();
        assert_eq!(edit.slice(1_000, 3_000), [r(1_000, 2_000), r(4_000, 5_000)]);
        assert_eq!(edit.slice(0, 7_000), edit.kept);
        assert_eq!(edit.slice(5_000, 99_000), [r(8_000, 10_000)]);
        assert!(edit.slice(3_000, 3_000).is_empty());
    }

    #[test]
    fn touching_ranges_join_and_bad_ones_are_not_well_formed() {
        assert_eq!(joined(vec![r(0, 1_000), r(1_000, 2_000), r(3_000, 4_000)]), [r(0, 2_000), r(3_000, 4_000)]);
        assert!(well_formed(&cut_twice().kept, r(0, 10_000)));
        assert!(!well_formed(&cut_twice().kept, r(0, 9_000)), "past the part");
        assert!(!well_formed(&cut_twice().kept, r(1_000, 10_000)), "before the part");
        assert!(!well_formed(&[r(4_000, 5_000), r(0, 1_000)], r(0, 10_000)), "out of order");
        assert!(!well_formed(&[r(0, 1_000), r(1_000, 2_000)], r(0, 10_000)), "touching");
    }
}
