//! The library grid's search box: whole clips, found by their title or by
//! any of their comments, each clip once.

use super::SearchKind;
use crate::{
    clips::Clip,
    db::Library,
    error::{Error, Result},
    ids::ClipId,
};

impl Library {
    /// Clips matching `words` in their title or a comment, best match first,
    /// each once. A comment hit stands for its clip, so more hits than
    /// `limit` are read to fill the page after duplicates fold.
    pub fn search_clips(&self, words: &str, limit: usize) -> Result<Vec<Clip>> {
        let mut ids: Vec<ClipId> = Vec::new();
        for hit in self.search(words, limit.max(1) * 4)? {
            let id = match hit.kind {
                SearchKind::Clip => Some(hit.id),
                SearchKind::Comment => hit.clip_id,
                _ => None,
            };
            if let Some(id) = id.and_then(|i| i.parse::<ClipId>().ok())
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        ids.into_iter()
            .take(limit)
            .map(|id| self.clip(id))
            // A clip deleted between the search and the read drops out.
            .filter(|c| !matches!(c, Err(Error::NotFound { .. })))
            .collect()
    }
}
