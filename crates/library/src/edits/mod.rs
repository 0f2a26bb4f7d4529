//! Editing a clip without touching its file: trim, cut, split and reset
//! change which ranges of the original media play (`clip_edits`,
//! `clip_edit_ranges`). Times given to an edit are on the *edited* timeline,
//! the one the person sees in the player now; they are mapped to the original
//! here. Stored feedback keeps its original times (see `feedback.rs`).

mod feedback;
mod renders;
mod split;
mod timeline;

/// SQL for how long the clip `c` plays: its kept ranges, else its part, else
/// all of its media.
macro_rules! edited_duration_sql {
    () => {
        "coalesce((SELECT sum(r.end_ms - r.start_ms) FROM clip_edit_ranges r WHERE r.clip_id = c.id),
                  (SELECT e.part_end_ms - e.part_start_ms FROM clip_edits e WHERE e.clip_id = c.id),
                  c.duration_ms)"
    };
}

/// SQL for the file that plays the clip `c` as edited: its media when it
/// plays all of it, else the render of its current revision (NULL while
/// there is none).
macro_rules! playback_path_sql {
    () => {
        concat!(
            "CASE WHEN NOT ",
            $crate::edits::needs_render_sql!(),
            " THEN c.media_path
                  ELSE (SELECT d.path FROM clip_renders d JOIN clip_edits e ON e.clip_id = d.clip_id
                         WHERE d.clip_id = c.id AND d.revision = e.revision) END"
        )
    };
}

/// SQL: true when the clip `c` plays other than all of its media (a trim,
/// a cut, a side of a split), so what plays is a rendered file.
macro_rules! needs_render_sql {
    () => {
        "EXISTS (SELECT 1 FROM clip_edits e WHERE e.clip_id = c.id
                    AND (e.part_start_ms > 0 OR e.part_end_ms < c.duration_ms
                         OR EXISTS (SELECT 1 FROM clip_edit_ranges r WHERE r.clip_id = c.id)))"
    };
}

pub(crate) use {edited_duration_sql, needs_render_sql, playback_path_sql};

use rusqlite::{Connection, OptionalExtension, params};

pub use feedback::{EditedFeedback, Mapped};
pub use renders::{Filed, RenderJob, RenderState};
pub use timeline::{Edit, KeptRange, MIN_KEPT_MS, Placed};

use crate::{
    db::Library,
    error::{Error, Result},
    ids::ClipId,
    timecode::now_ms,
};

impl Library {
    /// The clip's edit; the whole clip when it was never edited or was reset.
    pub fn edit(&self, clip: ClipId) -> Result<Edit> {
        let (media_duration_ms, _) = clip_facts(&self.conn, clip)?;
        load(&self.conn, clip, media_duration_ms)
    }

    /// Keeps what plays between `start_ms` and `end_ms` (edited time; `None`
    /// keeps that end as it is).
    pub fn trim(&mut self, clip: ClipId, start_ms: Option<u64>, end_ms: Option<u64>) -> Result<Edit> {
        self.change(clip, |edit| {
            let duration = edit.duration_ms();
            let (start, end) = (start_ms.unwrap_or(0), end_ms.unwrap_or(duration));
            check_range(start, end, duration)?;
            Ok(edit.slice(start, end))
        })
    }

    /// Removes what plays between `from_ms` and `to_ms` (edited time).
    pub fn cut(&mut self, clip: ClipId, from_ms: u64, to_ms: u64) -> Result<Edit> {
        self.change(clip, |edit| {
            let duration = edit.duration_ms();
            check_range(from_ms, to_ms, duration)?;
            let mut kept = edit.slice(0, from_ms);
            kept.extend(edit.slice(to_ms, duration));
            Ok(kept)
        })
    }

    /// Plays all of the clip's part again (the whole original, or its side of
    /// a split). Nothing else was ever changed, so every comment, reaction and
    /// transcript line on it is back where it was.
    pub fn reset_edit(&mut self, clip: ClipId) -> Result<Edit> {
        let edit = self.edit(clip)?;
        if edit.is_whole() {
            return Ok(edit);
        }
        self.change(clip, |edit| Ok(vec![edit.part]))
    }

    /// Makes the clip play `kept` (ranges of its original, as an earlier
    /// [`Edit`] held them): how a client undoes an edit. A new revision, like
    /// any change.
    pub fn restore_edit(&mut self, clip: ClipId, kept: &[KeptRange]) -> Result<Edit> {
        self.change(clip, |edit| {
            let kept = timeline::joined(kept.to_vec());
            if kept.is_empty() || !timeline::well_formed(&kept, edit.part) {
                return Err(Error::NotAnEdit);
            }
            Ok(kept)
        })
    }

    /// Reads the edit and writes what `f` makes of it, in one transaction, after
    /// checking what it leaves.
    fn change(&mut self, clip: ClipId, f: impl FnOnce(&Edit) -> Result<Vec<KeptRange>>) -> Result<Edit> {
        let tx = self.write()?;
        let (media_duration_ms, editable) = clip_facts(&tx, clip)?;
        if !editable {
            return Err(Error::NotEditable { clip: clip.to_string() });
        }
        let edit = load(&tx, clip, media_duration_ms)?;
        let kept = timeline::joined(f(&edit)?);
        check_kept(&kept)?;
        save(&tx, clip, &kept, edit.part)?;
        tx.commit()?;
        self.edit(clip)
    }
}

/// The clip's media length, and whether it can be edited (finished, with a
/// known length).
fn clip_facts(conn: &Connection, clip: ClipId) -> Result<(u64, bool)> {
    let (duration, status): (u64, String) = conn
        .query_row("SELECT duration_ms, status FROM clips WHERE id = ?1", [clip], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found(ClipId::KIND, clip))?;
    Ok((duration, duration > 0 && matches!(status.as_str(), "ready" | "recovered")))
}

pub(crate) fn load(conn: &Connection, clip: ClipId, media_duration_ms: u64) -> Result<Edit> {
    let row: Option<(u64, u64, u64)> = conn
        .prepare_cached("SELECT revision, part_start_ms, part_end_ms FROM clip_edits WHERE clip_id = ?1")?
        .query_row([clip], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((revision, start_ms, end_ms)) = row else {
        return Ok(Edit::whole(clip, 0, media_duration_ms, KeptRange { start_ms: 0, end_ms: media_duration_ms }));
    };
    let part = KeptRange { start_ms, end_ms };
    if end_ms > media_duration_ms {
        return Err(Error::CorruptValue { table: "clip_edits", column: "part_end_ms", value: end_ms.to_string() });
    }
    let kept: Vec<KeptRange> = conn
        .prepare_cached("SELECT start_ms, end_ms FROM clip_edit_ranges WHERE clip_id = ?1 ORDER BY start_ms")?
        .query_map([clip], |r| Ok(KeptRange { start_ms: r.get(0)?, end_ms: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    if kept.is_empty() {
        return Ok(Edit::whole(clip, revision, media_duration_ms, part));
    }
    if !timeline::well_formed(&kept, part) {
        let value = kept.iter().map(|r| format!("{}-{}", r.start_ms, r.end_ms)).collect::<Vec<_>>().join(",");
        return Err(Error::CorruptValue { table: "clip_edit_ranges", column: "start_ms", value });
    }
    Ok(Edit { clip_id: clip, revision, media_duration_ms, part, kept })
}

/// Writes the kept ranges and the clip's part, and moves the revision on.
/// All of the part is stored as no ranges, so one edit has one spelling.
pub(crate) fn save(conn: &Connection, clip: ClipId, kept: &[KeptRange], part: KeptRange) -> Result<()> {
    conn.execute(
        "INSERT INTO clip_edits (clip_id, revision, part_start_ms, part_end_ms, updated_at)
         VALUES (?1, 1, ?2, ?3, ?4)
         ON CONFLICT (clip_id) DO UPDATE SET revision = revision + 1, part_start_ms = excluded.part_start_ms,
                                             part_end_ms = excluded.part_end_ms, updated_at = excluded.updated_at",
        params![clip, part.start_ms, part.end_ms, now_ms()],
    )?;
    conn.execute("DELETE FROM clip_edit_ranges WHERE clip_id = ?1", [clip])?;
    if kept != [part] {
        let mut insert =
            conn.prepare_cached("INSERT INTO clip_edit_ranges (clip_id, start_ms, end_ms) VALUES (?1, ?2, ?3)")?;
        for r in kept {
            insert.execute(params![clip, r.start_ms, r.end_ms])?;
        }
    }
    Ok(())
}

/// A range of the edited clip: within it, and forwards. A start past the end
/// is named as such, not as a range ending before it starts.
fn check_range(start_ms: u64, end_ms: u64, duration_ms: u64) -> Result<()> {
    if let Some(at_ms) = [start_ms, end_ms].into_iter().find(|&ms| ms > duration_ms) {
        return Err(Error::PastEnd { at_ms, duration_ms });
    }
    if end_ms <= start_ms {
        return Err(Error::RangeBackwards { start_ms, end_ms });
    }
    Ok(())
}

/// An edit must leave at least [`MIN_KEPT_MS`] to play.
fn check_kept(kept: &[KeptRange]) -> Result<()> {
    let kept_ms = kept.iter().map(KeptRange::len_ms).sum();
    if kept_ms < MIN_KEPT_MS {
        return Err(Error::EditTooShort { kept_ms, min_ms: MIN_KEPT_MS });
    }
    Ok(())
}
