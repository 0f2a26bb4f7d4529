//! Events the shell sends to its pages (typed on both sides by tauri-specta).

use serde::{Deserialize, Serialize};

use crate::views::RecorderView;

/// The recorder changed phase (started, paused, stopped…).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct RecorderChanged {
    pub phase: crate::control::Phase,
    pub clip_id: Option<String>,
}

impl From<&RecorderView> for RecorderChanged {
    fn from(v: &RecorderView) -> Self {
        RecorderChanged { phase: v.phase, clip_id: v.clip_id.clone() }
    }
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
