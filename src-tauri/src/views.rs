//! The shapes that cross to the web UI. The crates' own types are not
//! `specta::Type` (and `crates/` knows nothing of the shell), so each has a
//! view here with a plain `From`: ids and times become strings, stored paths
//! become absolute files the webview can load, and comments take the exact
//! shape of the share viewer's `Comment` so the app and the viewer page share
//! their components.

use afterword_library::{Clip, ClipStatus, Comment, Reaction};
use afterword_media::{Devices, Level, RecorderState};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{control::Phase, media_server::MediaServer};

#[derive(Debug, Clone, Serialize, Type)]
pub struct ClipView {
    pub id: String,
    pub title: String,
    /// RFC 3339.
    pub created_at: String,
    pub duration_ms: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub size_bytes: u64,
    /// Where the page loads the video and thumbnail (the loopback media server).
    pub media_url: Option<String>,
    pub thumbnail_url: Option<String>,
    /// `recording`, `ready`, `recovered` or `failed`.
    pub status: String,
    pub recovered: bool,
    pub tags: Vec<String>,
    /// Warnings the recorder left (no sound, dropped frames…).
    pub warnings: Vec<String>,
}

impl ClipView {
    pub fn new(clip: Clip, media: &MediaServer) -> Self {
        let warnings = clip.capture["warnings"]
            .as_array()
            .map(|w| w.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        ClipView {
            id: clip.id.to_string(),
            created_at: clip.created_at.to_string(),
            duration_ms: clip.duration_ms,
            width: clip.width,
            height: clip.height,
            size_bytes: clip.size_bytes,
            media_url: media.url(&clip.media_path),
            thumbnail_url: clip.thumbnail_path.as_deref().and_then(|t| media.url(t)),
            status: clip.status.as_str().to_owned(),
            recovered: clip.status == ClipStatus::Recovered,
            tags: clip.tags,
            warnings,
            title: clip.title,
        }
    }
}

/// The viewer's `Comment`, field for field.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CommentView {
    pub id: String,
    pub parent_id: Option<String>,
    pub author_name: String,
    pub by_owner: bool,
    pub body: String,
    pub at_ms: u64,
    pub end_ms: Option<u64>,
    pub resolved: bool,
    pub created_at: String,
}

impl CommentView {
    pub fn new(c: Comment, owner: afterword_library::PersonId) -> Self {
        CommentView {
            id: c.id.to_string(),
            parent_id: c.parent_id.map(|p| p.to_string()),
            by_owner: c.author_id == owner,
            author_name: c.author_name,
            body: c.body,
            at_ms: c.at_ms,
            end_ms: c.end_ms,
            resolved: c.resolved_at.is_some(),
            created_at: c.created_at.to_string(),
        }
    }
}

/// The viewer's `Reaction`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReactionView {
    pub id: String,
    pub author_name: String,
    pub at_ms: u64,
    pub emoji: String,
}

impl From<Reaction> for ReactionView {
    fn from(r: Reaction) -> Self {
        ReactionView { id: r.id.to_string(), author_name: r.author_name, at_ms: r.at_ms, emoji: r.emoji }
    }
}

/// The viewer's `Feedback`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FeedbackView {
    pub comments: Vec<CommentView>,
    pub reactions: Vec<ReactionView>,
}

/// What the record controls show: phase, time, level and warnings.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RecorderView {
    pub phase: Phase,
    pub countdown_secs: Option<u32>,
    pub elapsed_ms: u64,
    /// Microphone level, linear 0..1.
    pub level_rms: f32,
    pub level_peak: f32,
    /// No sound for 3 s: the microphone may be muted.
    pub silent: bool,
    pub warnings: Vec<String>,
    /// The clip being recorded.
    pub clip_id: Option<String>,
}

impl RecorderView {
    pub fn idle() -> Self {
        RecorderView::new(&RecorderState::Idle, Level::default(), Vec::new(), None)
    }

    pub fn new(state: &RecorderState, level: Level, warnings: Vec<String>, clip_id: Option<String>) -> Self {
        let (countdown_secs, elapsed_ms) = match state {
            RecorderState::Countdown { secs_left } => (Some(*secs_left), 0),
            RecorderState::Recording { elapsed_ms } | RecorderState::Paused { elapsed_ms } => (None, *elapsed_ms),
            _ => (None, 0),
        };
        let mut warnings = warnings;
        if let RecorderState::Failed { reason } = state {
            warnings.push(reason.clone());
        }
        RecorderView {
            phase: Phase::of(state),
            countdown_secs,
            elapsed_ms,
            level_rms: level.rms,
            level_peak: level.peak,
            silent: level.silent,
            warnings,
            clip_id,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct MonitorView {
    pub index: u32,
    pub name: String,
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub primary: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct WindowView {
    pub id: u32,
    pub title: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct DevicesView {
    pub screen_width: u32,
    pub screen_height: u32,
    pub monitors: Vec<MonitorView>,
    pub windows: Vec<WindowView>,
    pub microphones: Vec<String>,
    pub default_microphone: Option<String>,
    /// Parts that could not be listed, in words.
    pub problems: Vec<String>,
}

impl From<Devices> for DevicesView {
    fn from(d: Devices) -> Self {
        let screen = d.displays.first();
        DevicesView {
            screen_width: screen.map_or(0, |s| s.width),
            screen_height: screen.map_or(0, |s| s.height),
            monitors: d
                .displays
                .iter()
                .flat_map(|s| &s.monitors)
                .map(|m| MonitorView {
                    index: u32::try_from(m.index).unwrap_or(u32::MAX),
                    name: m.name.clone(),
                    x: m.x,
                    y: m.y,
                    width: m.width,
                    height: m.height,
                    primary: m.primary,
                })
                .collect(),
            windows: d
                .windows
                .into_iter()
                .map(|w| WindowView { id: w.id, title: w.title, width: w.width, height: w.height })
                .collect(),
            default_microphone: d.microphones.iter().find(|m| m.default).map(|m| m.name.clone()),
            microphones: d.microphones.into_iter().map(|m| m.name).collect(),
            problems: d.problems,
        }
    }
}

/// What part of the screen to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Screen,
    Monitor { index: u32 },
    Window { id: u32 },
    Area { x: i32, y: i32, width: u32, height: u32 },
}

/// A document or thread a clip can be attached to.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PlaceView {
    /// `document` or `thread`.
    pub kind: String,
    pub id: String,
    pub title: String,
}

/// Export progress, sent while the file is copied out.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportProgress {
    pub copied_bytes: u64,
    pub total_bytes: u64,
    pub done: bool,
}
