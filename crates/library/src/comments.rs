//! Comments pinned to a moment (or a range) of a clip, replies to them, and
//! timestamped emoji reactions.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    edits::Edit,
    error::{Error, Result},
    ids::{ClipId, CommentId, PersonId, ReactionId},
    limits::{self, Limits},
    stored,
    timecode::now_ms,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub clip_id: ClipId,
    pub author_id: PersonId,
    pub author_name: String,
    pub body: String,
    pub at_ms: u64,
    /// Set for a comment on a range of the clip.
    pub end_ms: Option<u64>,
    pub parent_id: Option<CommentId>,
    pub resolved_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    /// On a part of the clip an edit removed: kept (a reset brings it back),
    /// shown to the owner at the join, not to viewers.
    #[serde(default)]
    pub removed: bool,
}

/// A comment to add. `at_ms` may be left out for a reply (it takes the
/// parent's moment); `author` defaults to the local user.
#[derive(Debug, Clone, Default)]
pub struct NewComment {
    pub clip_id: Option<ClipId>,
    pub at_ms: Option<u64>,
    pub end_ms: Option<u64>,
    pub parent_id: Option<CommentId>,
    pub author: Option<PersonId>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    pub id: ReactionId,
    pub clip_id: ClipId,
    pub author_id: PersonId,
    pub author_name: String,
    pub at_ms: u64,
    pub emoji: String,
    pub created_at: Timestamp,
    /// On a part of the clip an edit removed (see [`Comment::removed`]).
    #[serde(default)]
    pub removed: bool,
}

const SELECT: &str = "SELECT c.*, p.display_name AS author_name FROM comments c JOIN people p ON p.id = c.author_id";

impl Comment {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Comment {
            id: row.get("id")?,
            clip_id: row.get("clip_id")?,
            author_id: row.get("author_id")?,
            author_name: row.get("author_name")?,
            body: row.get("body")?,
            at_ms: row.get("at_ms")?,
            end_ms: row.get("end_ms")?,
            parent_id: row.get("parent_id")?,
            resolved_at: stored::time_opt(row, "comments", "resolved_at")?,
            created_at: stored::time(row, "comments", "created_at")?,
            edited_at: stored::time_opt(row, "comments", "edited_at")?,
            removed: false,
        })
    }
}

impl Library {
    /// Adds a comment after checking the clip, the moment, the range, the parent
    /// and the text; nothing is written when any check fails.
    pub fn add_comment(&mut self, new: NewComment) -> Result<Comment> {
        let body = limits::text("comment", &new.body, Limits::COMMENT)?;
        let parent = new.parent_id.map(|p| self.stored_comment(p)).transpose()?;
        let clip_id = match (&parent, new.clip_id) {
            (Some(p), Some(c)) if p.clip_id != c => {
                return Err(Error::ReplyElsewhere { parent: p.id.to_string() });
            }
            (Some(p), _) => p.clip_id,
            (None, Some(c)) => c,
            (None, None) => return Err(Error::Empty { field: "clip" }),
        };
        let edit = self.edit(clip_id)?;
        // Typed on the edited timeline (what plays); stored on the original.
        let (at_ms, end_ms) = match (new.at_ms, &parent) {
            (Some(at_ms), _) => {
                check_moment(at_ms, new.end_ms, edit.duration_ms())?;
                (edit.to_original(at_ms), new.end_ms.map(|end| edit.to_original_end(end)))
            }
            (None, Some(p)) => (p.at_ms, None),
            (None, None) => (edit.to_original(0), None),
        };
        let new = NewComment { end_ms, ..new };

        let id = CommentId::new();
        self.conn.execute(
            "INSERT INTO comments (id, clip_id, author_id, body, at_ms, end_ms, parent_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, clip_id, new.author.unwrap_or(self.me), body, at_ms, new.end_ms, new.parent_id, now_ms()],
        )?;
        self.comment(id)
    }

    /// A comment, at its moment in the clip's edit.
    pub fn comment(&self, id: CommentId) -> Result<Comment> {
        let comment = self.stored_comment(id)?;
        Ok(placed(&self.edit(comment.clip_id)?, vec![comment]).remove(0))
    }

    /// A comment at its stored (original) moment.
    fn stored_comment(&self, id: CommentId) -> Result<Comment> {
        self.conn
            .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], Comment::from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(CommentId::KIND, id))
    }

    /// A clip's comments and replies in the order they play, at their moments
    /// in its edit; those on removed parts are marked (see [`Comment::removed`]).
    pub fn comments(&self, clip: ClipId) -> Result<Vec<Comment>> {
        Ok(placed(&self.edit(clip)?, self.stored_comments(clip)?))
    }

    /// A clip's comments at their stored (original) moments.
    pub(crate) fn stored_comments(&self, clip: ClipId) -> Result<Vec<Comment>> {
        self.clip(clip)?;
        let mut stmt =
            self.conn.prepare_cached(&format!("{SELECT} WHERE c.clip_id = ?1 ORDER BY c.at_ms, c.created_at, c.id"))?;
        let rows = stmt.query_map([clip], Comment::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks a comment resolved (or open again); resolving twice keeps the first time.
    pub fn resolve_comment(&mut self, id: CommentId, resolved: bool) -> Result<Comment> {
        let sql = if resolved {
            "UPDATE comments SET resolved_at = coalesce(resolved_at, ?2) WHERE id = ?1"
        } else {
            "UPDATE comments SET resolved_at = NULL WHERE id = ?1 AND ?2 IS NOT NULL"
        };
        if self.conn.execute(sql, params![id, now_ms()])? == 0 {
            return Err(Error::not_found(CommentId::KIND, id));
        }
        self.comment(id)
    }

    pub fn edit_comment(&mut self, id: CommentId, body: &str) -> Result<Comment> {
        let body = limits::text("comment", body, Limits::COMMENT)?;
        let changed = self
            .conn
            .execute("UPDATE comments SET body = ?2, edited_at = ?3 WHERE id = ?1", params![id, body, now_ms()])?;
        if changed == 0 {
            return Err(Error::not_found(CommentId::KIND, id));
        }
        self.comment(id)
    }

    /// Deletes a comment and its replies.
    pub fn delete_comment(&mut self, id: CommentId) -> Result<Comment> {
        let comment = self.comment(id)?;
        self.conn.execute("DELETE FROM comments WHERE id = ?1", [id])?;
        Ok(comment)
    }

    pub fn add_reaction(
        &mut self,
        clip: ClipId,
        at_ms: u64,
        emoji: &str,
        author: Option<PersonId>,
    ) -> Result<Reaction> {
        let emoji = limits::emoji(emoji)?;
        let edit = self.edit(clip)?;
        check_moment(at_ms, None, edit.duration_ms())?;
        let id = ReactionId::new();
        self.conn.execute(
            "INSERT INTO reactions (id, clip_id, author_id, at_ms, emoji, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, clip, author.unwrap_or(self.me), edit.to_original(at_ms), emoji, now_ms()],
        )?;
        self.reactions(clip)?.into_iter().find(|r| r.id == id).ok_or_else(|| Error::not_found(ReactionId::KIND, id))
    }

    /// A clip's reactions at their moments in its edit (see [`Library::comments`]).
    pub fn reactions(&self, clip: ClipId) -> Result<Vec<Reaction>> {
        let edit = self.edit(clip)?;
        let mut reactions = self.stored_reactions(clip)?;
        if !edit.is_identity() {
            for r in &mut reactions {
                let placed = edit.place(r.at_ms, None);
                (r.at_ms, r.removed) = (placed.at_ms, placed.removed);
            }
            reactions.sort_by_key(|r| r.at_ms);
        }
        Ok(reactions)
    }

    /// A clip's reactions at their stored (original) moments.
    pub(crate) fn stored_reactions(&self, clip: ClipId) -> Result<Vec<Reaction>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.*, p.display_name AS author_name FROM reactions r JOIN people p ON p.id = r.author_id
             WHERE r.clip_id = ?1 ORDER BY r.at_ms, r.created_at",
        )?;
        let rows = stmt.query_map([clip], |row| {
            Ok(Reaction {
                id: row.get("id")?,
                clip_id: row.get("clip_id")?,
                author_id: row.get("author_id")?,
                author_name: row.get("author_name")?,
                at_ms: row.get("at_ms")?,
                emoji: row.get("emoji")?,
                created_at: stored::time(row, "reactions", "created_at")?,
                removed: false,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Comments moved to where they play in `edit`, in that order (a stable
/// sort: a reply stays after its comment).
fn placed(edit: &Edit, mut comments: Vec<Comment>) -> Vec<Comment> {
    if edit.is_identity() {
        return comments;
    }
    for c in &mut comments {
        let placed = edit.place(c.at_ms, c.end_ms);
        (c.at_ms, c.end_ms, c.removed) = (placed.at_ms, placed.end_ms, placed.removed);
    }
    comments.sort_by_key(|c| c.at_ms);
    comments
}

/// A moment must lie within the clip, and a range must run forwards. A clip of
/// unknown length (0, still recording) accepts any moment.
fn check_moment(at_ms: u64, end_ms: Option<u64>, duration_ms: u64) -> Result<()> {
    if let Some(end_ms) = end_ms
        && end_ms <= at_ms
    {
        return Err(Error::RangeBackwards { start_ms: at_ms, end_ms });
    }
    let last = end_ms.unwrap_or(at_ms);
    if duration_ms > 0 && last > duration_ms {
        return Err(Error::PastEnd { at_ms: last, duration_ms });
    }
    Ok(())
}
