//! Splitting a clip in two over the same original media. The first clip keeps
//! what plays before the split point, a new clip what plays after it, each as
//! its own edit of the one file (its part: a reset brings back its side of
//! the split, not the other's); the file belongs to every clip that names it,
//! and `delete_clip` removes it only with the last (see `clips.rs`).
//! Feedback at or after the split point moves to the new clip.

use rusqlite::params;

use super::{KeptRange, check_kept, clip_facts, load, save};
use crate::{
    clips::Clip,
    db::Library,
    error::{Error, Result},
    ids::ClipId,
    limits::Limits,
};

impl Library {
    /// Splits the clip at `at_ms` (edited time): it keeps `[start, at)` and a
    /// new clip, filed beside it with its tags, plays `[at, end)`. Comments
    /// (with their replies), reactions and transcript lines whose original
    /// time is at or after the split point go to the new clip. One
    /// transaction: either both clips are there, or nothing changed.
    pub fn split(&mut self, clip: ClipId, at_ms: u64) -> Result<(Clip, Clip)> {
        let second = ClipId::new();
        let tx = self.write()?;
        let (media_duration_ms, editable) = clip_facts(&tx, clip)?;
        if !editable {
            return Err(Error::NotEditable { clip: clip.to_string() });
        }
        let edit = load(&tx, clip, media_duration_ms)?;
        let duration_ms = edit.duration_ms();
        if at_ms > duration_ms {
            return Err(Error::PastEnd { at_ms, duration_ms });
        }
        let (before, after) = (edit.slice(0, at_ms), edit.slice(at_ms, duration_ms));
        check_kept(&before)?;
        check_kept(&after)?;
        // Where the second part starts in the original.
        let split_ms = edit.to_original(at_ms);

        let title: String = tx.query_row("SELECT title FROM clips WHERE id = ?1", [clip], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO clips (id, title, created_at, duration_ms, width, height, size_bytes, media_path,
                                thumbnail_path, status, capture, owner_id, folder)
             SELECT ?2, ?3, created_at, duration_ms, width, height, size_bytes, media_path,
                    thumbnail_path, status, capture, owner_id, folder FROM clips WHERE id = ?1",
            params![clip, second, second_title(&title)],
        )?;
        tx.execute(
            "INSERT INTO taggings (tag_id, kind, target_id)
             SELECT tag_id, kind, ?2 FROM taggings WHERE kind = 'clip' AND target_id = ?1",
            params![clip, second],
        )?;
        save(&tx, clip, &before, KeptRange { start_ms: edit.part.start_ms, end_ms: split_ms })?;
        save(&tx, second, &after, KeptRange { start_ms: split_ms, end_ms: edit.part.end_ms })?;

        // A thread moves whole, by where its first comment is.
        tx.execute(
            "WITH RECURSIVE moving (id) AS (
                 SELECT id FROM comments WHERE clip_id = ?1 AND parent_id IS NULL AND at_ms >= ?3
                 UNION ALL SELECT c.id FROM comments c JOIN moving m ON c.parent_id = m.id)
             UPDATE comments SET clip_id = ?2 WHERE id IN (SELECT id FROM moving)",
            params![clip, second, split_ms],
        )?;
        tx.execute(
            "UPDATE reactions SET clip_id = ?2 WHERE clip_id = ?1 AND at_ms >= ?3",
            params![clip, second, split_ms],
        )?;
        // A finished transcript is shared out by line; one still to run is
        // left to the first clip (it will transcribe the whole file).
        let copied = tx.execute(
            "INSERT INTO transcripts (clip_id, status, language, model, detected, used_model, progress, error,
                                      retitle_from, queued_at, updated_at, finished_at)
             SELECT ?2, status, language, model, detected, used_model, progress, error,
                    NULL, queued_at, updated_at, finished_at
               FROM transcripts WHERE clip_id = ?1 AND status IN ('done', 'no_speech')",
            params![clip, second],
        )?;
        if copied > 0 {
            tx.execute(
                "UPDATE transcript_segments SET clip_id = ?2 WHERE clip_id = ?1 AND start_ms >= ?3",
                params![clip, second, split_ms],
            )?;
        }
        tx.commit()?;
        Ok((self.clip(clip)?, self.clip(second)?))
    }
}

/// "Title (2)", cut to fit the title limit.
fn second_title(title: &str) -> String {
    const SUFFIX: &str = " (2)";
    let keep = Limits::TITLE - SUFFIX.chars().count();
    let mut title: String = title.chars().take(keep).collect();
    title.push_str(SUFFIX);
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_title_fits_the_limit() {
        assert_eq!(second_title("Walkthrough"), "Walkthrough (2)");
        assert_eq!(second_title(&"x".repeat(Limits::TITLE)).chars().count(), Limits::TITLE);
    }
}
