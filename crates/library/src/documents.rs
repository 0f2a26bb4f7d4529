//! Documents: markdown pages that gather clips, the team's hub for a topic.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    edits::edited_duration_sql,
    error::{Error, Result},
    ids::{ClipId, DocumentId},
    limits::{self, Limits},
    stored,
    tags::TagKind,
    timecode::now_ms,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub folder: String,
    /// Clips attached to the document, in order.
    pub clips: Vec<DocumentClip>,
    /// Clips embedded in the body as `![title](clip:ID)`, in reading order;
    /// a renderer puts a player there.
    pub embedded: Vec<ClipId>,
    pub tags: Vec<String>,
}

/// Starting points for a new document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    #[default]
    Blank,
    /// Before a meeting: what to know and watch, so the meeting is for deciding.
    Brief,
    /// A decision and why, for whoever asks later.
    Decision,
}

impl Template {
    pub fn body(self) -> &'static str {
        match self {
            Template::Blank => "",
            Template::Brief => {
                "## Context\n\nWhat this is about and why it matters now.\n\n\
                 ## Watch before we meet\n\nEmbed clips with `afterword docs attach DOC CLIP --inline`.\n\n\
                 ## Questions\n\n- \n\n## Decisions\n\n- \n"
            }
            Template::Decision => {
                "## Decision\n\nWhat we decided, in one sentence.\n\n## Status\n\nProposed\n\n\
                 ## Context\n\nThe forces at play; link the clips that explain them.\n\n\
                 ## Options considered\n\n1. \n\n## Consequences\n\nWhat becomes easier, and what harder.\n"
            }
        }
    }
}

impl std::str::FromStr for Template {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "blank" | "" => Ok(Template::Blank),
            "brief" | "pre-meeting" | "pre-meeting-brief" => Ok(Template::Brief),
            "decision" | "decision-record" | "adr" => Ok(Template::Decision),
            _ => Err(Error::BadValue { field: "template", given: s.to_owned(), hint: "use brief, decision or blank" }),
        }
    }
}

/// The clip ids a markdown body embeds as `(clip:ID)` link targets.
pub fn embedded_clips(body: &str) -> Vec<ClipId> {
    let mut found: Vec<ClipId> = Vec::new();
    for (i, _) in body.match_indices("(clip:") {
        let rest = &body[i + 6..];
        let Some(end) = rest.find(')') else { continue };
        if let Ok(id) = rest[..end].parse::<ClipId>()
            && !found.contains(&id)
        {
            found.push(id);
        }
    }
    found
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
        let (title, body, created, updated, folder): (String, String, i64, i64, String) = self
            .conn
            .query_row("SELECT title, body, created_at, updated_at, folder FROM documents WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?
            .ok_or_else(|| Error::not_found(DocumentId::KIND, id))?;
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT dc.clip_id, c.title, ",
            edited_duration_sql!(),
            ", dc.position FROM document_clips dc
                 JOIN clips c ON c.id = dc.clip_id WHERE dc.document_id = ?1 ORDER BY dc.position"
        ))?;
        let clips = stmt
            .query_map([id], |r| {
                Ok(DocumentClip { clip_id: r.get(0)?, title: r.get(1)?, duration_ms: r.get(2)?, position: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Document {
            id,
            title,
            embedded: embedded_clips(&body),
            body,
            created_at: stored::at_ms("documents", "created_at", created)?,
            updated_at: stored::at_ms("documents", "updated_at", updated)?,
            folder,
            clips,
            tags: self.tags_of(TagKind::Document, &id.to_string())?,
        })
    }

    /// Most recently edited first; one folder's (and its subfolders') when given.
    pub fn documents(&self, folder: Option<&str>, limit: usize) -> Result<Vec<Document>> {
        let folder = folder.map(crate::folders::normalise).transpose()?;
        let ids: Vec<DocumentId> = self
            .conn
            .prepare_cached(
                "SELECT id FROM documents WHERE ?2 IS NULL OR folder = ?2 OR folder LIKE ?2 || '/%'
                 ORDER BY updated_at DESC, id DESC LIMIT ?1",
            )?
            .query_map(params![limit as i64, folder], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.document(id)).collect()
    }

    /// Changes the title, the body, or both.
    pub fn edit_document(&mut self, id: DocumentId, title: Option<&str>, body: Option<&str>) -> Result<Document> {
        let title = title.map(|t| limits::text("title", t, Limits::TITLE)).transpose()?;
        let body = body.map(|b| limits::optional_text("document body", b, Limits::DOCUMENT)).transpose()?;
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
    pub fn attach_clip(&mut self, doc: DocumentId, clip: ClipId, position: Option<u32>) -> Result<Document> {
        self.document(doc)?;
        self.clip(clip)?;
        let tx = self.write()?;
        tx.execute("DELETE FROM document_clips WHERE document_id = ?1 AND clip_id = ?2", params![doc, clip])?;
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
        tx.execute("UPDATE documents SET updated_at = ?2 WHERE id = ?1", params![doc, now_ms()])?;
        tx.commit()?;
        self.document(doc)
    }

    /// Embeds a player for `clip` at the end of the body as `![title](clip:ID)`
    /// and attaches it (at `position`), in one transaction.
    pub fn embed_clip(&mut self, doc: DocumentId, clip: ClipId, position: Option<u32>) -> Result<Document> {
        let (current, title) = (self.document(doc)?.body, self.clip(clip)?.title);
        let sep = if current.is_empty() || current.ends_with('\n') { "" } else { "\n" };
        let body = format!("{current}{sep}![{}](clip:{clip})\n", title.replace(['[', ']'], ""));
        self.in_transaction(|lib| {
            lib.edit_document(doc, None, Some(&body))?;
            lib.attach_clip(doc, clip, position)
        })
    }

    pub fn detach_clip(&mut self, doc: DocumentId, clip: ClipId) -> Result<Document> {
        let removed = self
            .conn
            .execute("DELETE FROM document_clips WHERE document_id = ?1 AND clip_id = ?2", params![doc, clip])?;
        if removed == 0 {
            return Err(Error::not_found(ClipId::KIND, clip));
        }
        self.document(doc)
    }

    pub fn delete_document(&mut self, id: DocumentId) -> Result<Document> {
        let doc = self.document(id)?;
        self.conn.execute("DELETE FROM documents WHERE id = ?1", [id])?;
        Ok(doc)
    }
}
