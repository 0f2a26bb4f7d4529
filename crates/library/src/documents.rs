//! Documents: markdown pages that gather clips, the team's hub for a topic.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
    ids::{ClipId, DocumentId},
    limits::{self, Limits},
    tags::TagKind,
    timecode::{from_ms, now_ms},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub clips: Vec<DocumentClip>,
    pub tags: Vec<String>,
}

/// A clip attached to a document, in the document's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentClip {
    pub clip_id: ClipId,
    pub title: String,
    pub duration_ms: u64,
    pub position: u32,
}

impl Library {
    pub fn new_document(&mut self, title: &str, body: &str) -> Result<Document> {
        let title = limits::text("title", title, Limits::TITLE)?;
        let body = limits::optional_text("document body", body, Limits::DOCUMENT)?;
        let id = DocumentId::new();
        let now = now_ms();
        self.conn.execute(
            "INSERT INTO documents (id, title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![id, title, body, now],
        )?;
        self.document(id)
    }

    pub fn document(&self, id: DocumentId) -> Result<Document> {
        let (title, body, created, updated) = self
            .conn
            .query_row(
                "SELECT title, body, created_at, updated_at FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
            .ok_or_else(|| Error::not_found(DocumentId::KIND, id))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT dc.clip_id, c.title, c.duration_ms, dc.position FROM document_clips dc
             JOIN clips c ON c.id = dc.clip_id WHERE dc.document_id = ?1 ORDER BY dc.position",
        )?;
        let clips = stmt
            .query_map([id], |r| {
                Ok(DocumentClip {
                    clip_id: r.get(0)?,
                    title: r.get(1)?,
                    duration_ms: r.get(2)?,
                    position: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Document {
            id,
            title,
            body,
            created_at: from_ms(created),
            updated_at: from_ms(updated),
            clips,
            tags: self.tags_of(TagKind::Document, &id.to_string())?,
        })
    }

    /// Most recently edited first.
    pub fn documents(&self, limit: usize) -> Result<Vec<Document>> {
        let ids: Vec<DocumentId> = self
            .conn
            .prepare_cached("SELECT id FROM documents ORDER BY updated_at DESC, id DESC LIMIT ?1")?
            .query_map([limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.document(id)).collect()
    }

    /// Changes the title, the body, or both.
    pub fn edit_document(
        &mut self,
        id: DocumentId,
        title: Option<&str>,
        body: Option<&str>,
    ) -> Result<Document> {
        let title = title
            .map(|t| limits::text("title", t, Limits::TITLE))
            .transpose()?;
        let body = body
            .map(|b| limits::optional_text("document body", b, Limits::DOCUMENT))
            .transpose()?;
        let changed = self.conn.execute(
            "UPDATE documents SET title = coalesce(?2, title), body = coalesce(?3, body), updated_at = ?4 WHERE id = ?1",
            params![id, title, body, now_ms()],
        )?;
        if changed == 0 {
            return Err(Error::not_found(DocumentId::KIND, id));
        }
        self.document(id)
    }

    /// Attaches a clip at `position` (0-based; the end when `None`), moving the
    /// clips after it down. Attaching an attached clip moves it.
    pub fn attach_clip(
        &mut self,
        doc: DocumentId,
        clip: ClipId,
        position: Option<u32>,
    ) -> Result<Document> {
        self.document(doc)?;
        self.clip(clip)?;
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM document_clips WHERE document_id = ?1 AND clip_id = ?2",
            params![doc, clip],
        )?;
        // Renumber 0..n so positions stay dense after the removal.
        let order: Vec<ClipId> = tx
            .prepare("SELECT clip_id FROM document_clips WHERE document_id = ?1 ORDER BY position")?
            .query_map([doc], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let at = position.map_or(order.len(), |p| (p as usize).min(order.len()));
        let mut order = order;
        order.insert(at, clip);
        tx.execute("DELETE FROM document_clips WHERE document_id = ?1", [doc])?;
        for (i, c) in order.iter().enumerate() {
            tx.execute(
                "INSERT INTO document_clips (document_id, clip_id, position) VALUES (?1, ?2, ?3)",
                params![doc, c, i as i64],
            )?;
        }
        tx.execute(
            "UPDATE documents SET updated_at = ?2 WHERE id = ?1",
            params![doc, now_ms()],
        )?;
        tx.commit()?;
        self.document(doc)
    }

    pub fn detach_clip(&mut self, doc: DocumentId, clip: ClipId) -> Result<Document> {
        let removed = self.conn.execute(
            "DELETE FROM document_clips WHERE document_id = ?1 AND clip_id = ?2",
            params![doc, clip],
        )?;
        if removed == 0 {
            return Err(Error::not_found(ClipId::KIND, clip));
        }
        self.document(doc)
    }

    pub fn delete_document(&mut self, id: DocumentId) -> Result<Document> {
        let doc = self.document(id)?;
        self.conn
            .execute("DELETE FROM documents WHERE id = ?1", [id])?;
        Ok(doc)
    }
}
