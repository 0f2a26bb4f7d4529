//! The camera's preview and the bubble's window while recording.

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::{error::Result, state::Shell, windows};

/// The URL of `name`'s newest picture (a JPEG; ask again for the next).
/// The camera opens on the first request and closes 3 s after the last.
#[tauri::command]
#[specta::specta]
pub fn camera_preview_url(shell: State<'_, Shell>, name: String) -> String {
    shell.media.camera_url(&name)
}

/// What the bubble's window and the floating control show.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BubbleView {
    /// The camera's picture (see [`camera_preview_url`]).
    pub picture_url: String,
    pub circle: bool,
    pub mirror: bool,
}

/// The recording's bubble, if it has one.
#[tauri::command]
#[specta::specta]
pub fn recording_bubble(shell: State<'_, Shell>) -> Option<BubbleView> {
    let bubble = shell.bubble()?;
    let now = bubble.live.get();
    Some(BubbleView {
        picture_url: shell.media.camera_url(&bubble.camera),
        circle: now.shape == afterword_media::Shape::Circle,
        mirror: now.mirror,
    })
}

/// Makes the recording's bubble `by` pixels larger (smaller when negative).
#[tauri::command]
#[specta::specta]
pub fn bubble_resize(app: AppHandle, by: i32) -> Result<()> {
    windows::resize_bubble(&app, by)
}

/// Moves the bubble's window (and so the recording's bubble) to (`x`, `y`)
/// on the screen, in pixels.
#[tauri::command]
#[specta::specta]
pub fn bubble_move(app: AppHandle, x: i32, y: i32) -> Result<()> {
    windows::move_bubble(&app, x, y)
}

/// Where the bubble's window is on the screen, in pixels (where a drag starts from).
#[tauri::command]
#[specta::specta]
pub fn bubble_position(app: AppHandle) -> Result<(i32, i32)> {
    windows::bubble_position(&app)
}

/// Moves the recording's bubble to the next corner, clockwise.
#[tauri::command]
#[specta::specta]
pub fn bubble_next_corner(app: AppHandle) -> Result<()> {
    windows::bubble_to_next_corner(&app)
}
