//! Feedback on the edited timeline. Comments, reactions and transcript lines
//! keep their original times in the library; an edit only changes where they
//! show. Those inside a removed part are listed as `removed` (the owner sees
//! them as "in a removed part", viewers not at all) and come back on reset.

use serde::Serialize;

use super::timeline::Edit;
use crate::{
    comments::{Comment, Reaction},
    db::Library,
    error::Result,
    ids::ClipId,
    transcripts::Segment,
};

/// A comment, reaction or transcript line and where it plays in the edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mapped<T> {
    pub item: T,
    /// Where it starts in the edited clip; `None` when removed.
    pub edited_at_ms: Option<u64>,
    /// Where a range ends in the edited clip.
    pub edited_end_ms: Option<u64>,
    /// Inside a removed part (all of it, for a range): kept, not shown to viewers.
    pub removed: bool,
}

impl<T> Mapped<T> {
    /// Something at a moment of the original (`end_ms: None`), or over a range
    /// of it: then what still plays of the range.
    fn new(edit: &Edit, item: T, at_ms: u64, end_ms: Option<u64>) -> Self {
        let placed = edit.place(at_ms, end_ms);
        let edited_at_ms = (!placed.removed).then_some(placed.at_ms);
        Mapped { item, edited_at_ms, edited_end_ms: placed.end_ms, removed: placed.removed }
    }
}

/// Maps every item by its original span, in edited order with the removed
/// ones last; a stable sort, so equal moments keep the library's order
/// (a reply after its comment).
fn map_all<T>(edit: &Edit, items: Vec<T>, span: impl Fn(&T) -> (u64, Option<u64>)) -> Vec<Mapped<T>> {
    let mut mapped: Vec<_> = items
        .into_iter()
        .map(|item| {
            let (at_ms, end_ms) = span(&item);
            Mapped::new(edit, item, at_ms, end_ms)
        })
        .collect();
    mapped.sort_by_key(|m| (m.removed, m.edited_at_ms));
    mapped
}

/// A clip's feedback on its edited timeline, in edited order (removed last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditedFeedback {
    pub edit: Edit,
    pub comments: Vec<Mapped<Comment>>,
    pub reactions: Vec<Mapped<Reaction>>,
    /// Empty when the clip has no transcript.
    pub transcript: Vec<Mapped<Segment>>,
}

impl EditedFeedback {
    fn new(edit: Edit, comments: Vec<Comment>, reactions: Vec<Reaction>, segments: Vec<Segment>) -> Self {
        EditedFeedback {
            comments: map_all(&edit, comments, |c| (c.at_ms, c.end_ms)),
            reactions: map_all(&edit, reactions, |r| (r.at_ms, None)),
            transcript: map_all(&edit, segments, |s| (s.start_ms, Some(s.end_ms))),
            edit,
        }
    }
}

impl Library {
    /// The clip's comments, reactions and transcript lines mapped to its edit.
    pub fn edited_feedback(&self, clip: ClipId) -> Result<EditedFeedback> {
        let edit = self.edit(clip)?;
        let segments = self.stored_segments(clip)?;
        Ok(EditedFeedback::new(edit, self.stored_comments(clip)?, self.stored_reactions(clip)?, segments))
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::{KeptRange, PersonId, ReactionId};

    fn reaction(at_ms: u64) -> Reaction {
        Reaction {
            id: ReactionId::new(),
            clip_id: ClipId::new(),
            author_id: PersonId::new(),
            author_name: "Ana".into(),
            at_ms,
            emoji: "👍".into(),
            created_at: Timestamp::UNIX_EPOCH,
            removed: false,
        }
    }

    fn segment(start_ms: u64, end_ms: u64) -> Segment {
        Segment { start_ms, end_ms, text: "words".into(), heard: None }
    }

    /// 10 s with 2–4 s cut.
    fn edit() -> Edit {
        let kept = vec![KeptRange { start_ms: 0, end_ms: 2_000 }, KeptRange { start_ms: 4_000, end_ms: 10_000 }];
        let part = KeptRange { start_ms: 0, end_ms: 10_000 };
        Edit { clip_id: ClipId::new(), revision: 1, media_duration_ms: 10_000, part, kept }
    }

    #[test]
    fn feedback_in_a_removed_part_is_kept_and_marked_and_the_rest_moves() {
        let reactions = vec![reaction(1_000), reaction(3_000), reaction(5_000)];
        let segments = vec![segment(1_500, 2_500), segment(2_500, 3_500), segment(6_000, 6_000)];
        let fb = EditedFeedback::new(edit(), vec![], reactions, segments);
        let spots: Vec<_> = fb.reactions.iter().map(|m| (m.item.at_ms, m.edited_at_ms, m.removed)).collect();
        assert_eq!(spots, [(1_000, Some(1_000), false), (5_000, Some(3_000), false), (3_000, None, true)]);
        let lines: Vec<_> = fb.transcript.iter().map(|m| (m.edited_at_ms, m.edited_end_ms, m.removed)).collect();
        assert_eq!(lines, [(Some(1_500), Some(2_000), false), (Some(4_000), None, false), (None, None, true)]);
    }
}
