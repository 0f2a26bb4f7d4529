//! The library page's search: clips whose title or comments match.
//!
//! FIXME: this belongs in `afterword-library` (a `search_clips` next to
//! `search`); it is here until the library offers it.

use afterword_library::{Clip, ClipId, Library, SearchKind};

use crate::error::Result;

/// Clips matching `words` in their title or a comment, best match first, each once.
pub fn search_clips(library: &Library, words: &str, limit: usize) -> Result<Vec<Clip>> {
    let mut ids: Vec<ClipId> = Vec::new();
    for hit in library.search(words, limit.max(1) * 4)? {
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
    Ok(ids.into_iter().take(limit).filter_map(|id| library.clip(id).ok()).collect())
}
