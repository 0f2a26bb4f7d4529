//! Events the shell sends to its pages (typed on both sides by tauri-specta).

use serde::{Deserialize, Serialize};

use crate::views::RecorderView;

/// The recorder's state, on every change and five times a second while a
/// recording runs or is saved: the pages' one source for it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct RecorderStatus {
    pub status: RecorderView,
}

/// Clips were added, changed or removed; `link` is set when a recording just
/// finished and its link was copied.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct ClipsChanged {
    pub clip_id: Option<String>,
    pub link: Option<String>,
}

/// The area selector finished: the rectangle, or `None` when cancelled.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct AreaPicked {
    pub area: Option<crate::views::Target>,
}

/// A clip's transcript moved: queued, claimed, a percent further, or
/// finished (done, no speech, failed). Sent by the `transcriber` thread and
/// by the commands that queue one; cards and the Clip page follow it.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct TranscriptChanged {
    pub transcript: crate::views::TranscriptProgressView,
}

/// One of the app's own hotkeys was pressed while a Settings hotkey field
/// waited for a combination (the desktop gives those presses to the app,
/// not to the page): the field records it.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct HotkeyCaptured {
    pub combination: String,
}

/// A clip's edit is being rendered (a percent further), or its render is
/// ready or failed. Sent by the `renderer` thread and by the edit commands;
/// the Clip page follows it.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct RenderChanged {
    pub render: crate::views::RenderView,
}
