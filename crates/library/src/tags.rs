//! Tags on clips, documents and threads, in one table.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
    limits,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    Clip,
    Document,
    Thread,
}

impl TagKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TagKind::Clip => "clip",
            TagKind::Document => "document",
            TagKind::Thread => "thread",
        }
    }

    pub(crate) fn table(self) -> &'static str {
        match self {
            TagKind::Clip => "clips",
            TagKind::Document => "documents",
            TagKind::Thread => "threads",
        }
    }
}

impl Library {
    /// Adds `add` and removes `remove` on one thing, in one transaction; returns
    /// its tags after. Every tag is checked before anything is written.
    pub fn retag(&mut self, kind: TagKind, id: &str, add: &[String], remove: &[String]) -> Result<Vec<String>> {
        let add = add.iter().map(|t| limits::tag(t)).collect::<Result<Vec<_>>>()?;
        let remove = remove.iter().map(|t| limits::tag(t)).collect::<Result<Vec<_>>>()?;
        let tx = self.write()?;
        let exists: bool =
            tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)", kind.table()), [id], |r| r.get(0))?;
        if !exists {
            return Err(Error::NotFound { kind: kind.as_str(), id: id.to_owned() });
        }
        for tag in &add {
            tx.execute("INSERT INTO tags (name) VALUES (?1) ON CONFLICT DO NOTHING", [tag])?;
            tx.execute(
                "INSERT OR IGNORE INTO taggings (tag_id, kind, target_id)
                 SELECT id, ?2, ?3 FROM tags WHERE name = ?1",
                params![tag, kind.as_str(), id],
            )?;
        }
        for tag in &remove {
            tx.execute(
                "DELETE FROM taggings WHERE kind = ?2 AND target_id = ?3 AND tag_id = (SELECT id FROM tags WHERE name = ?1)",
                params![tag, kind.as_str(), id],
            )?;
        }
        tx.commit()?;
        self.tags_of(kind, id)
    }

    /// Every tag on at least one thing of `kind`, by name: what a filter
    /// by tag can offer, however many of them a page shows.
    pub fn tags_in_use(&self, kind: TagKind) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT t.name FROM taggings g JOIN tags t ON t.id = g.tag_id
             WHERE g.kind = ?1 ORDER BY t.name",
        )?;
        let rows = stmt.query_map([kind.as_str()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn tags_of(&self, kind: TagKind, id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name FROM taggings g JOIN tags t ON t.id = g.tag_id
             WHERE g.kind = ?1 AND g.target_id = ?2 ORDER BY t.name",
        )?;
        let rows = stmt.query_map(params![kind.as_str(), id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
