//! Library and clip pages: list, search, open, rename, tag, delete, export.

use afterword_library::{ClipId, ClipQuery, TagKind};
use tauri::{AppHandle, State, ipc::Channel};

use crate::{
    actions,
    error::{Error, Result},
    export,
    state::Shell,
    views::{ClipView, ExportProgress},
};

/// What the library grid shows.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
pub struct ClipFilter {
    /// Words in titles or comments.
    pub search: Option<String>,
    pub tag: Option<String>,
    /// `ready`, `recovered`, `failed` or `recording`.
    pub status: Option<String>,
    pub limit: u32,
}

#[tauri::command]
#[specta::specta]
pub fn list_clips(shell: State<'_, Shell>, filter: ClipFilter) -> Result<Vec<ClipView>> {
    let library = shell.library();
    let query = ClipQuery {
        limit: filter.limit as usize,
        tag: filter.tag.filter(|t| !t.trim().is_empty()),
        status: filter.status.as_deref().filter(|s| !s.trim().is_empty()).map(str::parse).transpose()?,
        ..ClipQuery::default()
    };
    let clips = match filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(words) => library.search_clips_where(words, &query)?,
        None => library.clips(&query)?,
    };
    Ok(clips.into_iter().map(|c| ClipView::new(c, &shell.media)).collect())
}

#[tauri::command]
#[specta::specta]
pub fn get_clip(shell: State<'_, Shell>, id: String) -> Result<ClipView> {
    let library = shell.library();
    Ok(ClipView::new(library.clip(id.parse()?)?, &shell.media))
}

#[tauri::command]
#[specta::specta]
pub fn rename_clip(app: AppHandle, shell: State<'_, Shell>, id: String, title: String) -> Result<ClipView> {
    let clip = shell.library().rename_clip(id.parse()?, &title)?;
    actions::refresh_recent(&app);
    Ok(ClipView::new(clip, &shell.media))
}

/// Adds and removes tags; returns the clip's tags.
#[tauri::command]
#[specta::specta]
pub fn retag_clip(shell: State<'_, Shell>, id: String, add: Vec<String>, remove: Vec<String>) -> Result<Vec<String>> {
    let id: ClipId = id.parse()?;
    Ok(shell.library().retag(TagKind::Clip, &id.to_string(), &add, &remove)?)
}

/// Every tag on some clip, by name (the library's tag filter).
#[tauri::command]
#[specta::specta]
pub fn clip_tags(shell: State<'_, Shell>) -> Result<Vec<String>> {
    Ok(shell.library().tags_in_use(TagKind::Clip)?)
}

/// Deletes the clip, its comments, links and files.
#[tauri::command]
#[specta::specta]
pub fn delete_clip(app: AppHandle, shell: State<'_, Shell>, id: String) -> Result<()> {
    let clip = shell.library().delete_clip(id.parse()?)?;
    actions::refresh_recent(&app);
    shell.links.forget(&clip.id.to_string())?;
    shell.share.notify_changed(clip.id);
    Ok(())
}

/// Copies the file that plays the clip as edited to `destination` (its edit
/// rendered first if need be), reporting progress.
#[tauri::command]
#[specta::specta]
pub async fn export_clip(
    shell: State<'_, Shell>,
    id: String,
    destination: String,
    on_progress: Channel<ExportProgress>,
) -> Result<()> {
    let clip: ClipId = id.parse()?;
    let home = {
        let library = shell.library();
        export::make_exports_dir_for(library.home(), destination.as_ref())?;
        library.clip(clip)?;
        library.home().to_path_buf()
    };
    let report = move |p: ExportProgress| drop(on_progress.send(p));
    tauri::async_runtime::spawn_blocking(move || export::export_clip(&home, clip, destination.as_ref(), report))
        .await
        .map_err(Error::from)?
}
