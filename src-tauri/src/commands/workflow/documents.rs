//! Documents: list by folder, open, create from a template, edit, embed a
//! clip, tag and file.

use afterword_library::{DocumentId, TagKind, Template};
use tauri::State;

use super::views::{DocumentView, FolderView, ItemKind};
use crate::{error::Result, state::Shell};

/// Most recently edited first; one folder's (and its subfolders') when given.
#[tauri::command]
#[specta::specta]
pub fn list_documents(shell: State<'_, Shell>, folder: Option<String>, limit: u32) -> Result<Vec<DocumentView>> {
    let library = shell.library();
    let docs = library.documents(folder.as_deref(), limit as usize)?;
    Ok(docs.into_iter().map(|d| DocumentView::new(d, &library, &shell.media)).collect())
}

#[tauri::command]
#[specta::specta]
pub fn get_document(shell: State<'_, Shell>, id: String) -> Result<DocumentView> {
    let library = shell.library();
    Ok(DocumentView::new(library.document(id.parse()?)?, &library, &shell.media))
}

/// A new document from `template` (`blank`, `brief` or `decision`), filed in `folder`.
#[tauri::command]
#[specta::specta]
pub fn new_document(shell: State<'_, Shell>, title: String, template: String, folder: String) -> Result<DocumentView> {
    let template: Template = template.parse()?;
    let mut library = shell.library();
    let doc = library.in_transaction(|lib| {
        let doc = lib.new_document(&title, template.body())?;
        lib.move_to_folder(TagKind::Document, &doc.id.to_string(), &folder)?;
        lib.document(doc.id)
    })?;
    Ok(DocumentView::new(doc, &library, &shell.media))
}

/// Changes the title, the body, or both.
#[tauri::command]
#[specta::specta]
pub fn edit_document(
    shell: State<'_, Shell>,
    id: String,
    title: Option<String>,
    body: Option<String>,
) -> Result<DocumentView> {
    let mut library = shell.library();
    let doc = library.edit_document(id.parse()?, title.as_deref(), body.as_deref())?;
    Ok(DocumentView::new(doc, &library, &shell.media))
}

/// Embeds a player for `clip` at the end of the body and attaches it.
#[tauri::command]
#[specta::specta]
pub fn embed_clip(shell: State<'_, Shell>, document: String, clip: String) -> Result<DocumentView> {
    let mut library = shell.library();
    let doc = library.embed_clip(document.parse()?, clip.parse()?, None)?;
    Ok(DocumentView::new(doc, &library, &shell.media))
}

/// Adds and removes tags; returns the document's tags.
#[tauri::command]
#[specta::specta]
pub fn retag_document(
    shell: State<'_, Shell>,
    id: String,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Vec<String>> {
    let id: DocumentId = id.parse()?;
    Ok(shell.library().retag(TagKind::Document, &id.to_string(), &add, &remove)?)
}

/// Files a clip, document or thread in `folder` ("" is the top level); returns the folder as stored.
#[tauri::command]
#[specta::specta]
pub fn move_to_folder(shell: State<'_, Shell>, kind: ItemKind, id: String, folder: String) -> Result<String> {
    Ok(shell.library().move_to_folder(kind.into(), &id, &folder)?)
}

/// Every folder in use, with counts.
#[tauri::command]
#[specta::specta]
pub fn folders(shell: State<'_, Shell>) -> Result<Vec<FolderView>> {
    Ok(shell.library().folders()?.into_iter().map(FolderView::from).collect())
}
