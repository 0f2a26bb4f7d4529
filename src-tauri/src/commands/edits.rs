//! Editing on the Clip page: trim, cut, reset and undo (restore an earlier
//! edit). Times are on the edited timeline, what plays now. Each change is
//! one library transaction; the `renderer` thread then makes the file the
//! clip plays (`RenderChanged` follows it), and open pages and viewers are
//! told the clip changed.

use afterword_library::{ClipId, Edit, KeptRange, Library};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::{
    error::Result,
    events::{ClipsChanged, RenderChanged},
    renderer::Rendering,
    state::Shell,
    views::{EditView, RangeView},
};

/// The clip's edit and where its render stands.
#[tauri::command]
#[specta::specta]
pub fn get_edit(shell: State<'_, Shell>, renderer: State<'_, Rendering>, id: String) -> Result<EditView> {
    let id: ClipId = id.parse()?;
    let lib = shell.library();
    view(&lib, &renderer, lib.edit(id)?)
}

/// Keeps what plays between `start_ms` and `end_ms` (`null` leaves that end).
#[tauri::command]
#[specta::specta]
pub fn trim_clip(
    app: AppHandle,
    shell: State<'_, Shell>,
    renderer: State<'_, Rendering>,
    id: String,
    start_ms: Option<u64>,
    end_ms: Option<u64>,
) -> Result<EditView> {
    change(&app, &shell, &renderer, &id, |lib, clip| lib.trim(clip, start_ms, end_ms))
}

/// Removes what plays between `from_ms` and `to_ms`.
#[tauri::command]
#[specta::specta]
pub fn cut_clip(
    app: AppHandle,
    shell: State<'_, Shell>,
    renderer: State<'_, Rendering>,
    id: String,
    from_ms: u64,
    to_ms: u64,
) -> Result<EditView> {
    change(&app, &shell, &renderer, &id, |lib, clip| lib.cut(clip, from_ms, to_ms))
}

/// Plays all of the clip again; every comment on it is back where it was.
#[tauri::command]
#[specta::specta]
pub fn reset_edit(
    app: AppHandle,
    shell: State<'_, Shell>,
    renderer: State<'_, Rendering>,
    id: String,
) -> Result<EditView> {
    change(&app, &shell, &renderer, &id, Library::reset_edit)
}

/// Makes the clip play `kept` again (an earlier edit's ranges): undo.
#[tauri::command]
#[specta::specta]
pub fn restore_edit(
    app: AppHandle,
    shell: State<'_, Shell>,
    renderer: State<'_, Rendering>,
    id: String,
    kept: Vec<RangeView>,
) -> Result<EditView> {
    let kept: Vec<KeptRange> = kept.into_iter().map(KeptRange::from).collect();
    change(&app, &shell, &renderer, &id, |lib, clip| lib.restore_edit(clip, &kept))
}

fn view(lib: &Library, renderer: &Rendering, edit: Edit) -> Result<EditView> {
    let render = renderer.view(lib, edit.clip_id)?;
    Ok(EditView::new(edit, render))
}

/// One edit, then the renderer woken and everyone who shows the clip told.
fn change(
    app: &AppHandle,
    shell: &Shell,
    renderer: &Rendering,
    id: &str,
    edit: impl FnOnce(&mut Library, ClipId) -> afterword_library::Result<Edit>,
) -> Result<EditView> {
    let clip: ClipId = id.parse()?;
    let edited = {
        let mut lib = shell.library();
        let edited = edit(&mut lib, clip)?;
        view(&lib, renderer, edited)?
    };
    renderer.wake();
    shell.share.notify_changed(clip);
    let _ = ClipsChanged { clip_id: Some(clip.to_string()), link: None }.emit(app);
    let _ = RenderChanged { render: edited.render.clone() }.emit(app);
    crate::actions::refresh_recent(app);
    Ok(edited)
}
