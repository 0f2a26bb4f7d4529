//! Import a video file into the library: the Library page's Import button
//! (a native file dialog) and a file dropped onto the page both end here,
//! in the recording crate's `import`, as `afterword import` does.

use afterword_library::Library;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::{
    actions,
    error::{Error, Result},
    events::ClipsChanged,
    state::Shell,
    transcriber::Transcribing,
    views::ClipView,
};

/// Copies the video at `path` in (converted when it is not H.264/AAC MP4),
/// queues its transcript when transcription is automatic, and returns it.
#[tauri::command]
#[specta::specta]
pub async fn import_clip(
    app: AppHandle,
    shell: State<'_, Shell>,
    worker: State<'_, Transcribing>,
    path: String,
) -> Result<ClipView> {
    let home = shell.library().home().to_path_buf();
    // A conversion takes seconds: on a blocking thread with its own connection.
    let imported = tauri::async_runtime::spawn_blocking(move || -> Result<_> {
        let mut lib = Library::open(&home)?;
        Ok(afterword_recording::import(&mut lib, path.as_ref(), None, true)?)
    })
    .await
    .map_err(Error::from)??;
    for w in &imported.warnings {
        tracing::warn!(clip = %imported.clip.id, "{w}");
    }
    if imported.transcript.is_some() {
        worker.wake();
    }
    actions::refresh_recent(&app);
    let _ = ClipsChanged { clip_id: Some(imported.clip.id.to_string()), link: None }.emit(&app);
    Ok(ClipView::new(imported.clip, &shell.media))
}
