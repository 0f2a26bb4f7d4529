//! Full-text search over clip titles, documents, threads, thread messages and
//! comments (SQLite FTS5, kept in sync by triggers), ranked by BM25 with
//! titles weighted above bodies.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{db::Library, error::Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Clip,
    Document,
    Thread,
    Message,
    Comment,
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
    /// For a comment: its clip and moment, to open the player there.
    pub clip_id: Option<String>,
    pub at_ms: Option<u64>,
    /// For a message: its thread.
    pub thread_id: Option<String>,
}

const SQL: &str = "
WITH hits AS (
    SELECT rowid, bm25(search_index, 5.0, 1.0) AS score,
           snippet(search_index, -1, '[', ']', '…', 12) AS snip
      FROM search_index WHERE search_index MATCH ?1
     ORDER BY score LIMIT ?2
)
SELECT d.kind, d.target_id, hits.snip,
       coalesce(cl.title, doc.title, th.title, cc.title, mt.title, '') AS title,
       co.clip_id, co.at_ms, me.thread_id
  FROM hits JOIN search_docs d ON d.rowid = hits.rowid
  LEFT JOIN clips cl     ON d.kind = 'clip'     AND cl.id = d.target_id
  LEFT JOIN documents doc ON d.kind = 'document' AND doc.id = d.target_id
  LEFT JOIN threads th   ON d.kind = 'thread'   AND th.id = d.target_id
  LEFT JOIN comments co  ON d.kind = 'comment'  AND co.id = d.target_id
  LEFT JOIN clips cc     ON cc.id = co.clip_id
  LEFT JOIN messages me  ON d.kind = 'message'  AND me.id = d.target_id
  LEFT JOIN threads mt   ON mt.id = me.thread_id
 ORDER BY hits.score";

impl Library {
    /// Searches everything; words must all match, the last one as a prefix
    /// (so results appear while typing). Punctuation is ignored, not parsed as
    /// FTS syntax, so no query is ever an error.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(expr) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(SQL)?;
        let rows = stmt.query_map(params![expr, limit as i64], |r| {
            let kind: String = r.get(0)?;
            Ok(SearchHit {
                kind: match kind.as_str() {
                    "clip" => SearchKind::Clip,
                    "document" => SearchKind::Document,
                    "thread" => SearchKind::Thread,
                    "message" => SearchKind::Message,
                    _ => SearchKind::Comment,
                },
                id: r.get(1)?,
                snippet: r.get(2)?,
                title: r.get(3)?,
                clip_id: r.get(4)?,
                at_ms: r.get(5)?,
                thread_id: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Turns what a person typed into an FTS5 expression: each word quoted (so
/// `AND`, `-` or `"` mean nothing special), the last one a prefix.
fn fts_query(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    let mut expr = words.join(" ");
    if expr.is_empty() {
        return None;
    }
    expr.push('*');
    Some(expr)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typed_words_become_quoted_terms_with_a_prefix_last() {
        assert_eq!(
            fts_query("launch plan").as_deref(),
            Some("\"launch\" \"plan\"*")
        );
        assert_eq!(
            fts_query("a\"b OR -c").as_deref(),
            Some("\"a\" \"b\" \"OR\" \"c\"*")
        );
        assert_eq!(fts_query("  ?! "), None);
    }
}
