//! Search across clips, documents, threads, messages and comments, narrowed
//! by kind, tag, author, folder, dates and unresolved comments.

use afterword_library::{SearchFilter, SearchFilterText, SearchHit, SearchKind};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::{error::Result, state::Shell};

/// Clips, documents, threads, messages and comments matching `query`, narrowed by `filter`.
#[tauri::command]
#[specta::specta]
pub fn search_all(
    shell: State<'_, Shell>,
    query: String,
    filter: SearchFilterView,
    limit: u32,
) -> Result<Vec<SearchHitView>> {
    let hits = shell.library().search_filtered(&query, &filter.into_filter()?, limit as usize)?;
    Ok(hits.into_iter().map(SearchHitView::from).collect())
}

/// Search narrowed by kind, tag, author, folder, date and unresolved comments.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct SearchFilterView {
    /// `clip`, `document`, `thread`, `message`, `comment`; all when empty.
    pub kinds: Vec<SearchKindView>,
    pub tag: Option<String>,
    pub author: Option<String>,
    pub folder: Option<String>,
    /// From this day (`2026-11-01`, local midnight) or moment (RFC 3339) on.
    pub since: Option<String>,
    /// Before this day or moment.
    pub until: Option<String>,
    /// Only things with open comments.
    pub unresolved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SearchKindView {
    Clip,
    Document,
    Thread,
    Message,
    Comment,
    Transcript,
}

impl From<SearchKindView> for SearchKind {
    fn from(k: SearchKindView) -> Self {
        match k {
            SearchKindView::Clip => SearchKind::Clip,
            SearchKindView::Document => SearchKind::Document,
            SearchKindView::Thread => SearchKind::Thread,
            SearchKindView::Message => SearchKind::Message,
            SearchKindView::Comment => SearchKind::Comment,
            SearchKindView::Transcript => SearchKind::Transcript,
        }
    }
}

impl From<SearchKind> for SearchKindView {
    fn from(k: SearchKind) -> Self {
        match k {
            SearchKind::Clip => SearchKindView::Clip,
            SearchKind::Document => SearchKindView::Document,
            SearchKind::Thread => SearchKindView::Thread,
            SearchKind::Message => SearchKindView::Message,
            SearchKind::Comment => SearchKindView::Comment,
            SearchKind::Transcript => SearchKindView::Transcript,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct SearchHitView {
    pub kind: SearchKindView,
    pub id: String,
    /// The title of what opens: the clip, document or thread.
    pub title: String,
    /// Where the words matched, matches in `[` `]`.
    pub snippet: String,
    pub clip_id: Option<String>,
    pub at_ms: Option<u64>,
    pub thread_id: Option<String>,
    pub created_at: String,
}

impl From<SearchHit> for SearchHitView {
    fn from(h: SearchHit) -> Self {
        SearchHitView {
            kind: h.kind.into(),
            id: h.id,
            title: h.title,
            snippet: h.snippet,
            clip_id: h.clip_id,
            at_ms: h.at_ms,
            thread_id: h.thread_id,
            created_at: h.created_at.to_string(),
        }
    }
}

impl SearchFilterView {
    /// The library reads the typed words (blank boxes, dates), as it does for the CLI.
    pub fn into_filter(self) -> Result<SearchFilter> {
        let v = self;
        Ok(SearchFilter::try_from(SearchFilterText {
            kinds: v.kinds.into_iter().map(SearchKind::from).collect(),
            tag: v.tag,
            author: v.author,
            folder: v.folder,
            since: v.since,
            until: v.until,
            unresolved: v.unresolved,
        })?)
    }
}
