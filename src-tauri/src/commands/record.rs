//! Record page and floating control: devices, start/pause/resume/stop/discard,
//! the live status (phase, elapsed, level, warnings) and the area selector.

use afterword_library::ThreadId;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::{
    actions,
    control::Action,
    error::Result,
    events::AreaPicked,
    recording,
    state::Shell,
    views::{DevicesView, RecorderView, Target},
    windows,
};

/// Displays, monitors, windows and microphones to pick from.
#[tauri::command]
#[specta::specta]
pub async fn devices() -> DevicesView {
    tauri::async_runtime::spawn_blocking(|| afterword_media::devices(None).into()).await.unwrap_or_else(|e| {
        let problem = afterword_media::DeviceProblem::new(afterword_media::DevicePart::Screen, e);
        DevicesView::from(afterword_media::Devices { problems: vec![problem], ..Default::default() })
    })
}

#[tauri::command]
#[specta::specta]
pub fn recorder_status(shell: State<'_, Shell>) -> RecorderView {
    recording::status(&shell)
}

/// Starts recording `target` (after the countdown from the settings). With
/// `reply_to`, the clip is posted in that thread once it is kept, whichever
/// control stops it.
#[tauri::command]
#[specta::specta]
pub async fn record_start(app: AppHandle, target: Target, reply_to: Option<String>) -> Result<RecorderView> {
    let reply_to = reply_to.as_deref().map(str::parse::<ThreadId>).transpose()?;
    run_with(app, Action::Start, target, reply_to).await
}

#[tauri::command]
#[specta::specta]
pub async fn record_pause(app: AppHandle) -> Result<RecorderView> {
    run(app, Action::Pause, Target::Screen).await
}

#[tauri::command]
#[specta::specta]
pub async fn record_resume(app: AppHandle) -> Result<RecorderView> {
    run(app, Action::Resume, Target::Screen).await
}

/// Stops: the clip is saved, its link copied and announced.
#[tauri::command]
#[specta::specta]
pub async fn record_stop(app: AppHandle) -> Result<RecorderView> {
    run(app, Action::Stop, Target::Screen).await
}

/// Abandons the recording; nothing is kept.
#[tauri::command]
#[specta::specta]
pub async fn record_discard(app: AppHandle) -> Result<RecorderView> {
    run(app, Action::Cancel, Target::Screen).await
}

async fn run(app: AppHandle, action: Action, target: Target) -> Result<RecorderView> {
    run_with(app, action, target, None).await
}

async fn run_with(app: AppHandle, action: Action, target: Target, reply_to: Option<ThreadId>) -> Result<RecorderView> {
    tauri::async_runtime::spawn_blocking(move || actions::perform(&app, action, target, reply_to)).await?
}

/// Opens the full-screen area selector.
#[tauri::command]
#[specta::specta]
pub fn pick_area(app: AppHandle) -> Result<()> {
    windows::open_area_selector(&app)?;
    Ok(())
}

/// The selector's answer (`None` when cancelled), passed to the Record page.
#[tauri::command]
#[specta::specta]
pub fn area_picked(app: AppHandle, area: Option<Target>) -> Result<()> {
    windows::close_area_selector(&app);
    windows::show_main(&app);
    Ok(AreaPicked { area }.emit(&app)?)
}
