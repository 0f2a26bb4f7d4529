//! The library grid's search box: whole clips, found by their title, any of
//! their comments or anything said in them, each clip once.

use super::{RANKED, RANKED_FILTERED, SearchKind, text};
use crate::{
    clips::{Clip, ClipQuery},
    db::Library,
    error::{Error, Result},
    ids::ClipId,
    limits,
};

/// The newest matching clip titles and comments (nothing else enters the
/// window, however much else matches), ranked, folded to their clip: a clip
/// ranks by its best match, and the page fills with distinct clips however
/// many comments one of them has. The grid's tag, status and folder filters
/// apply to the folded clips, before the limit, so a filtered page is full
/// (with the wider window, as the general search's filters have).
const SQL: &str = "
WITH cand AS (
    SELECT rowid, bm25(search_index, 5.0, 1.0, 0.0) AS score FROM search_index
     WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?3
), hits AS (
    SELECT coalesce(co.clip_id, ts.clip_id, d.target_id) AS clip_id, min(cand.score) AS best,
           max(cand.rowid) AS newest
      FROM cand
      JOIN search_docs d    ON d.rowid = cand.rowid
      LEFT JOIN comments co ON d.kind = 'comment' AND co.id = d.target_id
      LEFT JOIN transcript_segments ts ON d.kind = 'transcript' AND ts.id = d.target_id
     GROUP BY 1
)
SELECT hits.clip_id FROM hits JOIN clips c ON c.id = hits.clip_id
 WHERE (?4 IS NULL OR EXISTS (SELECT 1 FROM taggings g JOIN tags t ON t.id = g.tag_id
                               WHERE g.kind = 'clip' AND g.target_id = c.id AND t.name = ?4))
   AND (?5 IS NULL OR c.status = ?5)
   AND (?6 IS NULL OR c.folder = ?6 OR c.folder LIKE ?6 || '/%')
 ORDER BY best, newest DESC
 LIMIT ?2";

impl Library {
    /// Clips matching `words` in their title, a comment or their transcript, best match first,
    /// each once.
    pub fn search_clips(&self, words: &str, limit: usize) -> Result<Vec<Clip>> {
        self.search_clips_where(words, &ClipQuery { limit, ..ClipQuery::default() })
    }

    /// [`Library::search_clips`] among the clips `query`'s tag, status and
    /// folder select (its `before` is for paging the unsearched grid and is
    /// not used here).
    pub fn search_clips_where(&self, words: &str, query: &ClipQuery) -> Result<Vec<Clip>> {
        let terms = text::terms(words);
        let Some(expr) = text::fts_match(&terms, &[SearchKind::Clip, SearchKind::Comment, SearchKind::Transcript])
        else {
            return Ok(Vec::new());
        };
        let tag = query.tag.as_deref().map(limits::tag).transpose()?;
        let status = query.status.map(|s| s.as_str());
        let folder = query.folder.as_deref().map(crate::folders::normalise).transpose()?;
        let filtered = tag.is_some() || status.is_some() || folder.is_some();
        let ranked = if filtered { RANKED_FILTERED } else { RANKED };
        let mut stmt = self.conn.prepare_cached(SQL)?;
        let ids = stmt
            .query_map(rusqlite::params![expr, query.limit as i64, ranked, tag, status, folder], |r| {
                let id: String = r.get(0)?;
                id.parse::<ClipId>().map_err(|_| crate::stored::refuse("clips", "id", &id))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter()
            .map(|id| self.clip(id))
            // A clip deleted between the search and the read drops out.
            .filter(|c| !matches!(c, Err(Error::NotFound { .. })))
            .collect()
    }
}
