//! The shapes that cross to the web UI. The crates' own types are not
//! `specta::Type` (and `crates/` knows nothing of the shell), so each has a
//! view here with a plain `From`: ids and times become strings and stored
//! paths become absolute files the webview can load. Comments and reactions
//! are the exception: the share crate's viewer API views are `specta::Type`
//! (the viewer's TypeScript is generated from them) and are used as they are.

use afterword_library::{CaptionFormat, Clip, ClipId, ClipStatus, Edit, KeptRange, Transcript, TranscriptionSettings};
use afterword_media::{DevicePart, DeviceProblem, Devices, RecorderState};
use afterword_recording::{Status, Then};
use afterword_share::views::{SegmentView, TranscriptState};
use afterword_transcripts::Model;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{control::Phase, media_server::MediaServer};

#[derive(Debug, Clone, Serialize, Type)]
pub struct ClipView {
    pub id: String,
    pub title: String,
    /// RFC 3339.
    pub created_at: String,
    /// How long it plays as edited.
    pub duration_ms: u64,
    /// How long its original media is.
    pub media_duration_ms: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub size_bytes: u64,
    /// Where the page loads the video that plays the clip as edited, and the
    /// thumbnail (the loopback media server). `null` while an edit's render
    /// is being made.
    pub media_url: Option<String>,
    /// The original media, unedited: the Clip page previews an edit on it
    /// (skipping what was removed) until the render is ready.
    pub original_url: Option<String>,
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
        ClipView {
            id: clip.id.to_string(),
            created_at: clip.created_at.to_string(),
            duration_ms: clip.duration_ms,
            media_duration_ms: clip.media_duration_ms,
            width: clip.width,
            height: clip.height,
            size_bytes: clip.size_bytes,
            media_url: clip.playback_path.as_deref().and_then(|p| media.url(p)),
            original_url: media.url(&clip.media_path),
            thumbnail_url: clip.thumbnail_path.as_deref().and_then(|t| media.url(t)),
            status: clip.status.as_str().to_owned(),
            recovered: clip.status == ClipStatus::Recovered,
            tags: clip.tags,
            warnings: clip.capture.warnings,
            title: clip.title,
        }
    }
}

/// Comments and reactions cross to the page in the share viewer API's own
/// shape, defined once in the share crate, so the app and the viewer page
/// share their components (player, timeline, comment list).
pub use afterword_share::views::{CommentView, FeedbackView, ReactionView};

/// What the record controls show: phase, time, level and warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecorderView {
    pub phase: Phase,
    /// Something is being captured or about to be (countdown, recording,
    /// paused): the one rule every page, the tray and the hotkeys follow.
    pub live: bool,
    pub countdown_secs: Option<u32>,
    pub elapsed_ms: u64,
    /// Microphone level, linear 0..1.
    pub level_rms: f32,
    pub level_peak: f32,
    /// No sound for 3 s: the microphone may be muted.
    pub silent: bool,
    pub warnings: Vec<String>,
    /// The clip being recorded or saved.
    pub clip_id: Option<String>,
    /// The thread the clip will be posted in when it is kept (a reply).
    pub reply_to: Option<String>,
}

impl From<&Status> for RecorderView {
    fn from(s: &Status) -> Self {
        let (countdown_secs, elapsed_ms) = match s.state {
            RecorderState::Countdown { secs_left } => (Some(secs_left), 0),
            RecorderState::Recording { elapsed_ms } | RecorderState::Paused { elapsed_ms } => (None, elapsed_ms),
            _ => (None, 0),
        };
        let mut warnings = s.warnings.clone();
        if let RecorderState::Failed { reason } = &s.state {
            warnings.push(reason.clone());
        }
        RecorderView {
            phase: Phase::of(&s.state),
            live: s.is_live(),
            countdown_secs,
            elapsed_ms,
            level_rms: s.level.rms,
            level_peak: s.level.peak,
            silent: s.level.silent,
            warnings,
            clip_id: s.clip_id.map(|c| c.to_string()),
            reply_to: match s.then {
                Then::PostIn(thread) => Some(thread.to_string()),
                Then::Keep | Then::AttachTo(_) => None,
            },
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
    pub cameras: Vec<CameraView>,
    /// Why displays and windows could not be listed, in words (shown in the
    /// card of what to record).
    pub screen_problems: Vec<String>,
    /// Why microphones could not be listed (the Sound card).
    pub microphone_problems: Vec<String>,
    /// Why cameras could not be listed (the Camera card).
    pub camera_problems: Vec<String>,
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
            cameras: d
                .cameras
                .into_iter()
                .map(|c| CameraView { recordable: c.kind == "pipewire", name: c.name, description: c.description })
                .collect(),
            screen_problems: problems_with(&d.problems, DevicePart::Screen),
            microphone_problems: problems_with(&d.problems, DevicePart::Microphones),
            camera_problems: problems_with(&d.problems, DevicePart::Cameras),
        }
    }
}

fn problems_with(problems: &[DeviceProblem], part: DevicePart) -> Vec<String> {
    problems.iter().filter(|p| p.part == part).map(|p| p.message.clone()).collect()
}

/// A camera to choose.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CameraView {
    /// What the settings keep.
    pub name: String,
    pub description: String,
    /// PipeWire cameras record; V4L2 devices are listed only.
    pub recordable: bool,
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

/// Export progress, sent while the clip's edit is rendered (when it was not
/// yet) and then while the file is copied out.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportProgress {
    pub copied_bytes: u64,
    pub total_bytes: u64,
    pub done: bool,
    /// 0–100 while the edit is rendered before the copy; `null` while copying.
    pub rendering: Option<u8>,
}

/// Where a clip's transcript stands, for its card and the Clip page: what
/// `transcript_states` answers and the `TranscriptChanged` event carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TranscriptProgressView {
    pub clip_id: String,
    pub status: TranscriptState,
    /// 0–100 while running.
    pub progress: u8,
}

impl TranscriptProgressView {
    /// A clip being transcribed, `progress` percent through.
    pub fn running(clip: ClipId, progress: u8) -> Self {
        TranscriptProgressView { clip_id: clip.to_string(), status: TranscriptState::Running, progress }
    }
}

/// A clip's transcript on the Clip page: the lines to read (a done
/// transcript's, when something was said: `Transcript::captions`, one rule
/// with the viewer page), their WebVTT for the player's captions, and where
/// the making of it stands.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ClipTranscriptView {
    pub clip_id: String,
    pub status: TranscriptState,
    /// 0–100 while running.
    pub progress: u8,
    /// The language heard (ISO 639-1), else the one asked for; `null` detects it.
    pub language: Option<String>,
    /// The model used, else the one asked for; `null` is the default.
    pub model: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    pub segments: Vec<SegmentView>,
    /// `segments` as WebVTT, for the player's captions track; `null` without segments.
    pub vtt: Option<String>,
}

impl From<Transcript> for ClipTranscriptView {
    fn from(t: Transcript) -> Self {
        let captions = t.captions().unwrap_or_default();
        ClipTranscriptView {
            segments: captions
                .iter()
                .map(|s| SegmentView { start_ms: s.start_ms, end_ms: s.end_ms, text: s.text.clone() })
                .collect(),
            vtt: (!captions.is_empty()).then(|| CaptionFormat::Vtt.write(captions)),
            clip_id: t.clip_id.to_string(),
            status: t.status.into(),
            progress: t.progress,
            language: t.detected_language.or(t.language),
            model: t.used_model.or(t.model),
            error: t.error,
        }
    }
}

/// The library's transcription settings, shared with the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TranscriptionSettingsView {
    /// Transcribe every new recording and import when a model is installed.
    pub automatic: bool,
    /// The default model by name; `null` is the only one installed.
    pub model: Option<String>,
    /// ISO 639-1, or `null` (or `auto`) to detect it.
    pub language: Option<String>,
}

impl From<TranscriptionSettings> for TranscriptionSettingsView {
    fn from(s: TranscriptionSettings) -> Self {
        TranscriptionSettingsView { automatic: s.automatic, model: s.model, language: s.language }
    }
}

/// An installed speech model.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ModelView {
    pub name: String,
    /// What the file holds: `tiny.en`, `base`…
    pub kind: String,
    pub multilingual: bool,
    pub bytes: u64,
    /// Transcriptions use it unless told otherwise.
    pub default: bool,
    pub path: String,
}

impl From<Model> for ModelView {
    fn from(m: Model) -> Self {
        ModelView {
            name: m.name,
            kind: m.kind,
            multilingual: m.multilingual,
            bytes: m.bytes,
            default: m.default,
            path: m.path.display().to_string(),
        }
    }
}

/// Where the file that plays a clip as edited stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RenderPhase {
    /// The edit waits for the renderer.
    Waiting,
    Rendering,
    /// The clip plays as edited (its render, or its original when unedited).
    Ready,
    Failed,
}

/// A clip's render, for the Clip page: what `get_edit` answers and the
/// `RenderChanged` event carries.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RenderView {
    pub clip_id: String,
    /// The revision of the edit it is for; 0 while rendering (whichever is current).
    pub revision: u64,
    pub phase: RenderPhase,
    /// 0–100 while rendering.
    pub progress: u8,
    /// Why it failed.
    pub error: Option<String>,
}

impl RenderView {
    pub fn new(clip: ClipId, revision: u64, phase: RenderPhase) -> Self {
        let progress = if phase == RenderPhase::Ready { 100 } else { 0 };
        RenderView { clip_id: clip.to_string(), revision, phase, progress, error: None }
    }
}

/// A kept range, in milliseconds on the clip's original timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RangeView {
    pub start_ms: u64,
    pub end_ms: u64,
}

impl From<KeptRange> for RangeView {
    fn from(r: KeptRange) -> Self {
        RangeView { start_ms: r.start_ms, end_ms: r.end_ms }
    }
}

impl From<RangeView> for KeptRange {
    fn from(r: RangeView) -> Self {
        KeptRange { start_ms: r.start_ms, end_ms: r.end_ms }
    }
}

/// A clip's edit on the Clip page: what plays (`kept`, on the original's
/// timeline), how long that is, and where its render stands. Undo keeps an
/// earlier view's `kept` and hands it back to `restore_edit`.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct EditView {
    pub clip_id: String,
    /// Counts every change; an undo is a change too.
    pub revision: u64,
    /// How long the original media is.
    pub media_duration_ms: u64,
    /// How long the clip plays as edited.
    pub duration_ms: u64,
    /// The part of the original this clip may play (all of it, or its side of a split).
    pub part: RangeView,
    pub kept: Vec<RangeView>,
    /// The clip plays all of its part: nothing to undo by a reset.
    pub whole: bool,
    pub render: RenderView,
}

impl EditView {
    pub fn new(edit: Edit, render: RenderView) -> Self {
        EditView {
            clip_id: edit.clip_id.to_string(),
            revision: edit.revision,
            media_duration_ms: edit.media_duration_ms,
            duration_ms: edit.duration_ms(),
            part: edit.part.into(),
            whole: edit.is_whole(),
            kept: edit.kept.into_iter().map(RangeView::from).collect(),
            render,
        }
    }
}
