//! Full-text search over clip titles, documents, threads, thread messages,
//! comments and what clips say (transcript segments) (SQLite FTS5, kept in sync by triggers), ranked by BM25 with
//! titles weighted above bodies, among the newest matches; with filters by
//! kind, tag, author, folder, date and unresolved comments.

mod clips;
mod filter;
mod text;

pub use filter::{SearchFilter, SearchFilterText};

use jiff::Timestamp;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{db::Library, error::Result, limits};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Clip,
    Document,
    Thread,
    Message,
    Comment,
    /// A stretch of a clip's transcript: "said at 1:23".
    Transcript,
}

impl SearchKind {
    pub const ALL: [SearchKind; 6] = [
        SearchKind::Clip,
        SearchKind::Document,
        SearchKind::Thread,
        SearchKind::Message,
        SearchKind::Comment,
        SearchKind::Transcript,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Clip => "clip",
            SearchKind::Document => "document",
            SearchKind::Thread => "thread",
            SearchKind::Message => "message",
            SearchKind::Comment => "comment",
            SearchKind::Transcript => "transcript",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The matching thing's id (a comment's or message's own id).
    pub id: String,
    /// The title of what a person opens: the clip, document or thread.
    pub title: String,
    /// Where the words matched, with matches in `[` `]`.
    pub snippet: String,
    /// For a comment or a transcript segment: its clip and moment, to open
    /// the player there.
    pub clip_id: Option<String>,
    pub at_ms: Option<u64>,
    /// For a message: its thread.
    pub thread_id: Option<String>,
    pub created_at: Timestamp,
}

/// How many of the newest matches are ranked. Scoring every match of a common
/// word in a million comments costs tens of milliseconds; the newest few
/// thousand hold what people look for, and bound the cost at any library size.
/// Kinds are part of the match (see [`text::fts_match`]), so this counts only
/// the wanted kinds. A tag, author, folder, date or unresolved filter is
/// checked on each ranked match instead, and looks further back since it
/// drops most of them.
const RANKED: i64 = 2_000;
const RANKED_FILTERED: i64 = 20_000;

/// Snippets come from [`text::snippet`] rather than FTS5's `snippet()`: that
/// one re-runs the match for every row it is asked about, reading a common
/// word's whole doclist each time (20 hits × ~2 ms).
const SQL: &str = "
WITH cand AS (
    SELECT rowid, bm25(search_index, 5.0, 1.0, 0.0) AS score FROM search_index
     WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?3
),
hits AS (
    SELECT cand.rowid, cand.score, d.kind, d.target_id,
           coalesce(cl.title, doc.title, th.title, cc.title, mt.title, '') AS shown_title,
           coalesce(co.clip_id, ts.clip_id) AS clip_id, coalesce(co.at_ms, ts.start_ms) AS at_ms, me.thread_id,
           coalesce(co.created_at, me.created_at, cl.created_at, cc.created_at, th.created_at, doc.updated_at)
               AS created_at
      FROM cand
      JOIN search_docs d      ON d.rowid = cand.rowid
      LEFT JOIN clips cl      ON d.kind = 'clip'     AND cl.id = d.target_id
      LEFT JOIN documents doc ON d.kind = 'document' AND doc.id = d.target_id
      LEFT JOIN threads th    ON d.kind = 'thread'   AND th.id = d.target_id
      LEFT JOIN comments co   ON d.kind = 'comment'  AND co.id = d.target_id
      LEFT JOIN transcript_segments ts ON d.kind = 'transcript' AND ts.id = d.target_id
      LEFT JOIN clips cc      ON cc.id = coalesce(co.clip_id, ts.clip_id)
      LEFT JOIN messages me   ON d.kind = 'message'  AND me.id = d.target_id
      LEFT JOIN threads mt    ON mt.id = me.thread_id
     WHERE (?4 IS NULL OR EXISTS (
             SELECT 1 FROM taggings g JOIN tags t ON t.id = g.tag_id
              WHERE t.name = ?4
                AND g.kind = CASE d.kind WHEN 'comment' THEN 'clip' WHEN 'transcript' THEN 'clip'
                                         WHEN 'message' THEN 'thread' ELSE d.kind END
                AND g.target_id = coalesce(cc.id, me.thread_id, d.target_id)))
       AND (?5 IS NULL OR EXISTS (
             SELECT 1 FROM people p WHERE p.display_name = ?5 COLLATE NOCASE
                AND p.id = coalesce(co.author_id, me.author_id, cl.owner_id, cc.owner_id, th.created_by)))
       AND (?6 IS NULL OR coalesce(cl.folder, cc.folder, doc.folder, th.folder, mt.folder) = ?6
                       OR coalesce(cl.folder, cc.folder, doc.folder, th.folder, mt.folder) LIKE ?6 || '/%')
       AND (?7 IS NULL OR coalesce(co.created_at, me.created_at, cl.created_at, cc.created_at, th.created_at, doc.updated_at) >= ?7)
       AND (?8 IS NULL OR coalesce(co.created_at, me.created_at, cl.created_at, cc.created_at, th.created_at, doc.updated_at) < ?8)
       AND (NOT ?9 OR EXISTS (
             SELECT 1 FROM comments x WHERE x.parent_id IS NULL AND x.resolved_at IS NULL
                AND (x.clip_id = coalesce(cl.id, cc.id)
                     OR x.clip_id IN (SELECT clip_id FROM document_clips WHERE document_id = doc.id))))
     ORDER BY cand.score, cand.rowid DESC LIMIT ?2
)
SELECT hits.kind, hits.target_id, s.title, s.body, hits.shown_title, hits.clip_id, hits.at_ms, hits.thread_id,
       hits.created_at
  FROM hits JOIN search_index s ON s.rowid = hits.rowid
 ORDER BY hits.score, hits.rowid DESC";

impl Library {
    /// Searches everything. Words must all match, whole (`design*` for a
    /// prefix); punctuation is ignored, not parsed as FTS syntax, so no query
    /// is ever an error.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_filtered(query, &SearchFilter::default(), limit)
    }

    pub fn search_filtered(&self, query: &str, filter: &SearchFilter, limit: usize) -> Result<Vec<SearchHit>> {
        let terms = text::terms(query);
        let Some(expr) = text::fts_match(&terms, &filter.kinds) else { return Ok(Vec::new()) };
        let tag = filter.tag.as_deref().map(limits::tag).transpose()?;
        let folder = filter.folder.as_deref().map(crate::folders::normalise).transpose()?;
        let ranked = if filter.narrows_after_match() { RANKED_FILTERED } else { RANKED };
        let mut stmt = self.conn.prepare_cached(SQL)?;
        let params = params![
            expr,
            limit as i64,
            ranked,
            tag,
            filter.author.as_deref().map(str::trim),
            folder,
            filter.since.map(|t| t.as_millisecond()),
            filter.until.map(|t| t.as_millisecond()),
            filter.unresolved,
        ];
        let rows = stmt.query_map(params, |r| {
            let (kind, table) = crate::stored::text(r, "search_docs", "kind", |k| match k {
                "clip" => Some((SearchKind::Clip, "clips")),
                "document" => Some((SearchKind::Document, "documents")),
                "thread" => Some((SearchKind::Thread, "threads")),
                "message" => Some((SearchKind::Message, "messages")),
                "comment" => Some((SearchKind::Comment, "comments")),
                "transcript" => Some((SearchKind::Transcript, "clips")),
                _ => None,
            })?;
            let (title, body): (String, String) = (r.get(2)?, r.get(3)?);
            let matched = if text::snippet(&body, &terms).is_some() { &body } else { &title };
            Ok(SearchHit {
                kind,
                id: r.get(1)?,
                snippet: text::snippet(matched, &terms).unwrap_or_else(|| matched.chars().take(120).collect()),
                title: r.get(4)?,
                clip_id: r.get(5)?,
                at_ms: r.get(6)?,
                thread_id: r.get(7)?,
                created_at: crate::stored::at_ms(table, "created_at", r.get(8)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
