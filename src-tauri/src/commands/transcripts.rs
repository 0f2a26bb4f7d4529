//! Transcripts on the Clip page and the library grid, and speech models in
//! Settings. Commands only queue: the `transcriber` thread (`transcriber.rs`)
//! runs what is queued and reports as it goes (`TranscriptChanged`).

use std::path::PathBuf;

use afterword_library::{ClipId, Library, TranscriptRequest, TranscriptStatus, TranscriptionSettings, language_code};
use afterword_transcripts::{EngineError, Models};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::{
    error::{Error, Result},
    events::TranscriptChanged,
    state::Shell,
    transcriber::Transcribing,
    views::{ClipTranscriptView, ModelView, TranscriptProgressView, TranscriptionSettingsView},
};

/// The clip's transcript; `null` when none was ever asked for.
#[tauri::command]
#[specta::specta]
pub fn get_transcript(shell: State<'_, Shell>, id: String) -> Result<Option<ClipTranscriptView>> {
    Ok(shell.library().transcript(id.parse()?)?.map(ClipTranscriptView::from))
}

/// Where the transcripts of these clips stand (those that have one), for their cards.
#[tauri::command]
#[specta::specta]
pub fn transcript_states(shell: State<'_, Shell>, ids: Vec<String>) -> Result<Vec<TranscriptProgressView>> {
    let ids = ids.iter().map(|id| id.parse()).collect::<Result<Vec<ClipId>, _>>()?;
    Ok(shell.library().transcript_states(&ids)?.iter().map(TranscriptProgressView::from).collect())
}

/// Transcribes the clip (again), in `language` (`auto` detects it) with
/// `model`; the settings' choice for either left `null`. Checked here (model
/// installed, language it knows), then queued for the transcriber.
#[tauri::command]
#[specta::specta]
pub fn transcribe_clip(
    app: AppHandle,
    shell: State<'_, Shell>,
    worker: State<'_, Transcribing>,
    id: String,
    language: Option<String>,
    model: Option<String>,
) -> Result<ClipTranscriptView> {
    let id: ClipId = id.parse()?;
    let queued = {
        let mut lib = shell.library();
        if lib.transcript(id)?.is_some_and(|t| t.status == TranscriptStatus::Running) {
            return Err(Error::TranscriptRunning);
        }
        let language = match language.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(given) => language_code(given)?,
            None => lib.transcription_settings()?.language,
        };
        let chosen = Models::of(&lib).choose(&lib, model.as_deref()).map_err(Error::from)?;
        if let Some(language) = language.as_deref().filter(|l| *l != "en" && !chosen.multilingual) {
            return Err(
                afterword_transcripts::Error::Engine(EngineError::EnglishOnly { language: language.into() }).into()
            );
        }
        lib.queue_transcript(id, &TranscriptRequest { language, model, retitle: false })?
    };
    worker.wake();
    let _ = TranscriptChanged { transcript: (&queued).into() }.emit(&app);
    Ok(queued.into())
}

/// Corrects the line spoken at `at_ms` (a misheard name); search follows.
#[tauri::command]
#[specta::specta]
pub fn correct_transcript(shell: State<'_, Shell>, id: String, at_ms: u64, text: String) -> Result<ClipTranscriptView> {
    let id: ClipId = id.parse()?;
    let mut lib = shell.library();
    lib.correct_transcript(id, at_ms, &text)?;
    let transcript = lib.transcript(id)?.ok_or(afterword_library::Error::NoTranscript { clip: id.to_string() })?;
    Ok(transcript.into())
}

/// The library's transcription settings (automatic, model, language).
#[tauri::command]
#[specta::specta]
pub fn transcription_settings(shell: State<'_, Shell>) -> Result<TranscriptionSettingsView> {
    Ok(shell.library().transcription_settings()?.into())
}

/// Saves the library's transcription settings (the CLI reads the same); the
/// default model must be installed.
#[tauri::command]
#[specta::specta]
pub fn set_transcription_settings(
    shell: State<'_, Shell>,
    settings: TranscriptionSettingsView,
) -> Result<TranscriptionSettingsView> {
    let mut lib = shell.library();
    if let Some(model) = settings.model.as_deref() {
        Models::of(&lib).find(&lib, model)?;
    }
    let TranscriptionSettingsView { automatic, model, language } = settings;
    Ok(lib.set_transcription_settings(&TranscriptionSettings { automatic, model, language })?.into())
}

/// The installed speech models.
#[tauri::command]
#[specta::specta]
pub fn list_models(shell: State<'_, Shell>) -> Result<Vec<ModelView>> {
    let lib = shell.library();
    Ok(Models::of(&lib).list(&lib)?.into_iter().map(ModelView::from).collect())
}

/// Installs the ggml model file at `path` (checked first) as `name` (by
/// default from the file's name). Copied on a connection of its own, so a
/// large file does not hold up the pages.
#[tauri::command]
#[specta::specta]
pub async fn add_model(
    shell: State<'_, Shell>,
    worker: State<'_, Transcribing>,
    path: String,
    name: Option<String>,
) -> Result<ModelView> {
    let home = shell.library().home().to_path_buf();
    let file = expand_home(path.trim());
    let name = name.filter(|n| !n.trim().is_empty());
    let added = tauri::async_runtime::spawn_blocking(move || -> Result<ModelView> {
        let mut lib = Library::open(&home)?;
        Ok(Models::of(&lib).add(&mut lib, &file, name.as_deref())?.into())
    })
    .await??;
    worker.wake();
    Ok(added)
}

/// Removes a model; the models left.
#[tauri::command]
#[specta::specta]
pub fn remove_model(shell: State<'_, Shell>, name: String) -> Result<Vec<ModelView>> {
    let mut lib = shell.library();
    let models = Models::of(&lib);
    models.remove(&mut lib, &name)?;
    Ok(models.list(&lib)?.into_iter().map(ModelView::from).collect())
}

/// Makes `name` the model transcriptions use; the models, with the new default.
#[tauri::command]
#[specta::specta]
pub fn set_default_model(shell: State<'_, Shell>, name: String) -> Result<Vec<ModelView>> {
    let mut lib = shell.library();
    let models = Models::of(&lib);
    models.set_default(&mut lib, &name)?;
    Ok(models.list(&lib)?.into_iter().map(ModelView::from).collect())
}

/// `~/models/x.bin` as a person types it in a text field.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}
