//! The library grid's search box: whole clips, found by their title or by
//! any of their comments, each clip once.

use super::{RANKED, SearchKind, text};
use crate::{
    clips::Clip,
    db::Library,
    error::{Error, Result},
    ids::ClipId,
};

/// The newest matching clip titles and comments (nothing else enters the
/// window, however much else matches), ranked, folded to their clip: a clip
/// ranks by its best match, and the page fills with distinct clips however
/// many comments one of them has.
const SQL: &str = "
WITH cand AS (
    SELECT rowid, bm25(search_index, 5.0, 1.0, 0.0) AS score FROM search_index
     WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?3
)
SELECT coalesce(co.clip_id, d.target_id) AS clip_id, min(cand.score) AS best, max(cand.rowid) AS newest
  FROM cand
  JOIN search_docs d    ON d.rowid = cand.rowid
  LEFT JOIN comments co ON d.kind = 'comment' AND co.id = d.target_id
 GROUP BY 1
 ORDER BY best, newest DESC
 LIMIT ?2";

impl Library {
    /// Clips matching `words` in their title or a comment, best match first,
    /// each once.
    pub fn search_clips(&self, words: &str, limit: usize) -> Result<Vec<Clip>> {
        let terms = text::terms(words);
        let Some(expr) = text::fts_match(&terms, &[SearchKind::Clip, SearchKind::Comment]) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(SQL)?;
        let ids = stmt
            .query_map(rusqlite::params![expr, limit as i64, RANKED], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter()
            .filter_map(|id| id.parse::<ClipId>().ok())
            .map(|id| self.clip(id))
            // A clip deleted between the search and the read drops out.
            .filter(|c| !matches!(c, Err(Error::NotFound { .. })))
            .collect()
    }
}
