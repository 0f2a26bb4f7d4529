//! Links and places: copy a clip's link, make a link with options (expiry,
//! password, download), and attach a clip to a document or thread.

use afterword_library::ClipId;
use afterword_share::{Expiry, LinkOptions};
use tauri::{AppHandle, State};

use crate::{actions, error::Result, state::Shell, views::PlaceView};

/// The clip's link, also put on the clipboard.
#[tauri::command]
#[specta::specta]
pub fn copy_link(app: AppHandle, shell: State<'_, Shell>, clip: String) -> Result<String> {
    let clip: ClipId = clip.parse()?;
    let link = crate::links::link_for(&shell, clip)?;
    actions::announce_clip_link(&app, clip, &link);
    Ok(link)
}

/// Options for a new link.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
pub struct ShareOptions {
    /// Hours until the link stops working; `None` never expires.
    pub expires_in_hours: Option<u32>,
    /// Viewers must type this first.
    pub password: Option<String>,
    pub allow_download: bool,
}

/// A new link with `options` (the clip's other links keep working).
#[tauri::command]
#[specta::specta]
pub fn share_clip(shell: State<'_, Shell>, clip: String, options: ShareOptions) -> Result<String> {
    let clip_id: ClipId = clip.parse()?;
    let options = LinkOptions {
        expires: options
            .expires_in_hours
            .map_or(Expiry::Never, |h| Expiry::After(jiff::SignedDuration::from_hours(h.into()))),
        // An empty password field means no password.
        password: options.password.filter(|p| !p.is_empty()),
        allow_download: options.allow_download,
    };
    crate::links::make_link_with(&shell, &mut shell.library(), clip_id, &options)
}

/// Documents and threads a clip can be attached to.
#[tauri::command]
#[specta::specta]
pub fn places(shell: State<'_, Shell>) -> Result<Vec<PlaceView>> {
    let library = shell.library();
    let docs = library.documents(None, 200)?.into_iter().map(|d| PlaceView {
        kind: "document".into(),
        id: d.id.to_string(),
        title: d.title,
    });
    let threads = library.threads(false, None, 200)?;
    let threads =
        threads.into_iter().map(|t| PlaceView { kind: "thread".into(), id: t.id.to_string(), title: t.title });
    Ok(docs.chain(threads).collect())
}

/// Attaches the clip to a document (at its end) or posts it in a thread.
#[tauri::command]
#[specta::specta]
pub fn attach_clip(shell: State<'_, Shell>, clip: String, place: PlaceView) -> Result<()> {
    let clip: ClipId = clip.parse()?;
    let mut library = shell.library();
    match place.kind.as_str() {
        "thread" => drop(library.post_message(place.id.parse()?, None, Some(clip))?),
        _ => drop(library.attach_clip(place.id.parse()?, clip, None)?),
    }
    Ok(())
}
