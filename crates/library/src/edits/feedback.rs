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
    /// Something at a moment of the original.
    fn at(edit: &Edit, item: T, at_ms: u64) -> Self {
        let edited_at_ms = edit.to_edited(at_ms);
        Mapped { item, edited_at_ms, edited_end_ms: None, removed: edited_at_ms.is_none() }
    }

    /// Something over a range of the original: what still plays of it. A
    /// range that is all removed but starts at the clip's end is a moment.
    fn over(edit: &Edit, item: T, start_ms: u64, end_ms: u64) -> Self {
        match edit.range_to_edited(start_ms, end_ms) {
            Some((from, to)) => Mapped { item, edited_at_ms: Some(from), edited_end_ms: Some(to), removed: false },
            None => Mapped { item, edited_at_ms: None, edited_end_ms: None, removed: true },
        }
    }
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
        let mut comments: Vec<_> = comments
            .into_iter()
            .map(|c| match c.end_ms {
                Some(end) => {
                    let at = c.at_ms;
                    Mapped::over(&edit, c, at, end)
                }
                None => {
                    let at = c.at_ms;
                    Mapped::at(&edit, c, at)
                }
            })
            .collect();
        let mut reactions: Vec<_> = reactions
            .into_iter()
            .map(|r| {
                let at = r.at_ms;
                Mapped::at(&edit, r, at)
            })
            .collect();
        let mut transcript: Vec<_> = segments
            .into_iter()
            .map(|s| {
                let (start, end) = (s.start_ms, s.end_ms);
                if end > start { Mapped::over(&edit, s, start, end) } else { Mapped::at(&edit, s, start) }
            })
            .collect();
        // Stable sorts: equal moments keep the library's order.
        comments.sort_by_key(|m| (m.removed, m.edited_at_ms));
        reactions.sort_by_key(|m| (m.removed, m.edited_at_ms));
        transcript.sort_by_key(|m| (m.removed, m.edited_at_ms));
        EditedFeedback { edit, comments, reactions, transcript }
    }
}

impl Library {
    /// The clip's comments, reactions and transcript lines mapped to its edit.
    pub fn edited_feedback(&self, clip: ClipId) -> Result<EditedFeedback> {
        let edit = self.edit(clip)?;
        let segments = self.transcript(clip)?.map(|t| t.segments).unwrap_or_default();
        Ok(EditedFeedback::new(edit, self.comments(clip)?, self.reactions(clip)?, segments))
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
