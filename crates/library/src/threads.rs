//! Threads: async conversations whose messages are text or clips, each with a
//! response expectation.

use std::{fmt, str::FromStr};

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
    ids::{ClipId, MessageId, PersonId, ThreadId},
    limits::{self, Limits},
    stored,
    tags::TagKind,
    timecode::now_ms,
};

/// How soon a reply is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Within hours.
    Urgent,
    /// Within one working day.
    #[default]
    Standard,
    /// Within two to three working days.
    NonUrgent,
}

impl Urgency {
    /// Exactly as [`Urgency::as_str`] stores it; anything else is not read.
    fn from_stored(s: &str) -> Option<Self> {
        [Urgency::Urgent, Urgency::Standard, Urgency::NonUrgent].into_iter().find(|u| u.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::Standard => "standard",
            Urgency::NonUrgent => "non_urgent",
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An urgency as a person types it (`non-urgent`, `Urgent`, `low`) or as stored.
impl FromStr for Urgency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace('-', "_").as_str() {
            "urgent" => Ok(Urgency::Urgent),
            "standard" => Ok(Urgency::Standard),
            "non_urgent" | "nonurgent" | "low" => Ok(Urgency::NonUrgent),
            _ => Err(Error::NotAnUrgency { given: s.to_owned() }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadStatus {
    Open,
    Resolved,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: ThreadId,
    pub title: String,
    pub urgency: Urgency,
    /// A due time set by hand; otherwise each person's is computed in their
    /// working time (see the inbox).
    pub due_at: Option<Timestamp>,
    pub status: ThreadStatus,
    /// Better talked through live than asynchronously.
    pub needs_live: bool,
    pub created_by: PersonId,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub folder: String,
    pub message_count: u64,
    /// Names of the people the thread is between.
    pub participants: Vec<String>,
    pub tags: Vec<String>,
}

/// A thread to start.
#[derive(Debug, Clone, Default)]
pub struct NewThread {
    pub title: String,
    pub urgency: Urgency,
    pub due_at: Option<Timestamp>,
    /// Who else it is for (the creator always takes part).
    pub participants: Vec<PersonId>,
    pub needs_live: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub thread_id: ThreadId,
    pub author_id: PersonId,
    pub author_name: String,
    pub body: Option<String>,
    pub clip_id: Option<ClipId>,
    pub created_at: Timestamp,
}

const SELECT: &str =
    "SELECT t.*, (SELECT count(*) FROM messages m WHERE m.thread_id = t.id) AS message_count FROM threads t";

impl Thread {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Thread {
            id: row.get("id")?,
            title: row.get("title")?,
            urgency: stored::text(row, "threads", "urgency", Urgency::from_stored)?,
            due_at: stored::time_opt(row, "threads", "due_at")?,
            status: stored::text(row, "threads", "status", |s| match s {
                "open" => Some(ThreadStatus::Open),
                "resolved" => Some(ThreadStatus::Resolved),
                _ => None,
            })?,
            needs_live: row.get("needs_live")?,
            created_by: row.get("created_by")?,
            created_at: stored::time(row, "threads", "created_at")?,
            resolved_at: stored::time_opt(row, "threads", "resolved_at")?,
            folder: row.get("folder")?,
            message_count: row.get("message_count")?,
            participants: Vec::new(),
            tags: Vec::new(),
        })
    }
}

impl Library {
    pub fn new_thread(&mut self, new: NewThread) -> Result<Thread> {
        let title = limits::text("title", &new.title, Limits::TITLE)?;
        for p in &new.participants {
            if !self.person(*p)?.is_member {
                return Err(Error::NotAMember { name: self.person(*p)?.display_name });
            }
        }
        let id = ThreadId::new();
        let me = self.me;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO threads (id, title, urgency, due_at, needs_live, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                title,
                new.urgency.as_str(),
                new.due_at.map(|t| t.as_millisecond()),
                new.needs_live,
                me,
                now_ms()
            ],
        )?;
        for p in std::iter::once(&me).chain(&new.participants) {
            tx.execute(
                "INSERT OR IGNORE INTO thread_participants (thread_id, person_id) VALUES (?1, ?2)",
                params![id, p],
            )?;
        }
        tx.commit()?;
        self.thread(id)
    }

    pub fn thread(&self, id: ThreadId) -> Result<Thread> {
        let thread = self
            .conn
            .query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], Thread::from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(ThreadId::KIND, id))?;
        self.complete(thread)
    }

    /// Newest first; only open ones unless `include_resolved`; one folder's
    /// (and its subfolders') when `folder` is given.
    pub fn threads(&self, include_resolved: bool, folder: Option<&str>, limit: usize) -> Result<Vec<Thread>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE (?1 OR t.status = 'open')
               AND (?3 IS NULL OR t.folder = ?3 OR t.folder LIKE ?3 || '/%')
             ORDER BY t.created_at DESC, t.id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![include_resolved, limit as i64, folder], Thread::from_row)?;
        let threads: Vec<Thread> = rows.collect::<rusqlite::Result<_>>()?;
        threads.into_iter().map(|t| self.complete(t)).collect()
    }

    /// The ids of everyone a thread is between.
    pub fn participants(&self, thread: ThreadId) -> Result<Vec<PersonId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT tp.person_id FROM thread_participants tp JOIN people p ON p.id = tp.person_id
             WHERE tp.thread_id = ?1 ORDER BY p.display_name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([thread], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds members to a thread.
    pub fn invite(&mut self, thread: ThreadId, people: &[PersonId]) -> Result<Thread> {
        self.thread(thread)?;
        for p in people {
            if !self.person(*p)?.is_member {
                return Err(Error::NotAMember { name: self.person(*p)?.display_name });
            }
        }
        let tx = self.write()?;
        for p in people {
            tx.execute(
                "INSERT OR IGNORE INTO thread_participants (thread_id, person_id) VALUES (?1, ?2)",
                params![thread, p],
            )?;
        }
        tx.commit()?;
        self.thread(thread)
    }

    /// Changes how soon replies are expected. Due times are not stored but
    /// derived by the inbox from the urgency's expectation, so every
    /// participant's due time moves at once; a hand-set `due_at` still wins.
    pub fn set_urgency(&mut self, thread: ThreadId, urgency: Urgency) -> Result<Thread> {
        if self.conn.execute("UPDATE threads SET urgency = ?2 WHERE id = ?1", params![thread, urgency.as_str()])? == 0 {
            return Err(Error::not_found(ThreadId::KIND, thread));
        }
        self.thread(thread)
    }

    pub fn set_needs_live(&mut self, thread: ThreadId, needs_live: bool) -> Result<Thread> {
        if self.conn.execute("UPDATE threads SET needs_live = ?2 WHERE id = ?1", params![thread, needs_live])? == 0 {
            return Err(Error::not_found(ThreadId::KIND, thread));
        }
        self.thread(thread)
    }

    fn complete(&self, mut thread: Thread) -> Result<Thread> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.display_name FROM thread_participants tp JOIN people p ON p.id = tp.person_id
             WHERE tp.thread_id = ?1 ORDER BY p.display_name COLLATE NOCASE",
        )?;
        thread.participants = stmt.query_map([thread.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        thread.tags = self.tags_of(TagKind::Thread, &thread.id.to_string())?;
        Ok(thread)
    }

    /// Posts text, a clip, or both to a thread.
    pub fn post_message(&mut self, thread: ThreadId, body: Option<&str>, clip: Option<ClipId>) -> Result<Message> {
        let body = match (body, clip) {
            (Some(b), _) => Some(limits::text("message", b, Limits::COMMENT)?),
            (None, Some(_)) => None,
            (None, None) => return Err(Error::Empty { field: "message" }),
        };
        self.thread(thread)?;
        if let Some(c) = clip {
            self.clip(c)?;
        }
        let id = MessageId::new();
        let me = self.me;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO messages (id, thread_id, author_id, body, clip_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, thread, me, body, clip, now_ms()],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO thread_participants (thread_id, person_id) VALUES (?1, ?2)",
            params![thread, me],
        )?;
        tx.commit()?;
        self.messages(thread)?.into_iter().rfind(|m| m.id == id).ok_or_else(|| Error::not_found("message", id))
    }

    /// A thread's messages, oldest first.
    pub fn messages(&self, thread: ThreadId) -> Result<Vec<Message>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.*, p.display_name AS author_name FROM messages m JOIN people p ON p.id = m.author_id
             WHERE m.thread_id = ?1 ORDER BY m.created_at, m.id",
        )?;
        let rows = stmt.query_map([thread], |r| {
            Ok(Message {
                id: r.get("id")?,
                thread_id: r.get("thread_id")?,
                author_id: r.get("author_id")?,
                author_name: r.get("author_name")?,
                body: r.get("body")?,
                clip_id: r.get("clip_id")?,
                created_at: stored::time(r, "messages", "created_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_thread_status(&mut self, id: ThreadId, status: ThreadStatus) -> Result<Thread> {
        let s = match status {
            ThreadStatus::Open => "open",
            ThreadStatus::Resolved => "resolved",
        };
        let sql = "UPDATE threads SET status = ?2,
                          resolved_at = CASE WHEN ?2 = 'resolved' THEN coalesce(resolved_at, ?3) END WHERE id = ?1";
        if self.conn.execute(sql, params![id, s, now_ms()])? == 0 {
            return Err(Error::not_found(ThreadId::KIND, id));
        }
        self.thread(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgencies_read_as_typed_and_refuse_anything_else() {
        assert_eq!("Non-urgent".parse::<Urgency>().ok(), Some(Urgency::NonUrgent));
        assert_eq!(" urgent ".parse::<Urgency>().ok(), Some(Urgency::Urgent));
        let err = "asap".parse::<Urgency>().expect_err("not an urgency");
        assert!(matches!(&err, Error::NotAnUrgency { given } if given == "asap"), "{err:?}");
        assert!(err.is_user_error());
        assert_eq!(Urgency::from_stored("low"), None, "stored values are read exactly");
    }
}
