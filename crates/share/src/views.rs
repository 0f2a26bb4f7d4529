//! The JSON the viewer API sends about a link's clip: its details, transcript,
//! comments and reactions. Defined here once: the share server answers with these,
//! the desktop app hands the same types to its pages (so the player, timeline
//! and comment list serve both), and the viewer's TypeScript types are
//! generated from them (`ui/src/viewer/types.ts`, checked by
//! `tests/typescript.rs`). Ids and times are strings (RFC 3339 times), as they
//! are on the wire.

use afterword_library::{Clip, Comment, PersonId, Reaction, ShareLink, Transcript, TranscriptStatus};
use serde::Serialize;
use specta::Type;

/// A comment or reply, as a viewer page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CommentView {
    pub id: String,
    /// The comment this one replies to; `null` for a comment on the clip.
    pub parent_id: Option<String>,
    pub author_name: String,
    /// Written by the library's owner (shown with an owner badge).
    pub by_owner: bool,
    pub body: String,
    /// Where in the clip, in milliseconds from the start.
    pub at_ms: u64,
    /// The end of a range comment; `null` for a moment.
    pub end_ms: Option<u64>,
    pub resolved: bool,
    /// On a part of the clip an edit removed: shown to the owner at the
    /// join, "in a removed part"; never sent to other viewers.
    pub removed: bool,
    /// RFC 3339.
    pub created_at: String,
}

impl CommentView {
    /// The view of `c`, where `owner` is the library's own person.
    pub fn new(c: Comment, owner: PersonId) -> Self {
        CommentView {
            by_owner: c.author_id == owner,
            id: c.id.to_string(),
            parent_id: c.parent_id.map(|p| p.to_string()),
            author_name: c.author_name,
            body: c.body,
            at_ms: c.at_ms,
            end_ms: c.end_ms,
            resolved: c.resolved_at.is_some(),
            removed: c.removed,
            created_at: c.created_at.to_string(),
        }
    }
}

/// An emoji reaction at a moment of the clip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReactionView {
    pub id: String,
    pub author_name: String,
    /// Milliseconds from the start of the clip.
    pub at_ms: u64,
    pub emoji: String,
    /// On a part of the clip an edit removed (see [`CommentView::removed`]).
    pub removed: bool,
}

impl From<Reaction> for ReactionView {
    fn from(r: Reaction) -> Self {
        ReactionView {
            id: r.id.to_string(),
            author_name: r.author_name,
            at_ms: r.at_ms,
            emoji: r.emoji,
            removed: r.removed,
        }
    }
}

/// Everything said about a clip: its comments (replies included) and reactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FeedbackView {
    pub comments: Vec<CommentView>,
    pub reactions: Vec<ReactionView>,
}

impl FeedbackView {
    /// The views of a clip's `comments` and `reactions`, `owner` being the library's own person.
    pub fn new(comments: Vec<Comment>, reactions: Vec<Reaction>, owner: PersonId) -> Self {
        FeedbackView {
            comments: comments.into_iter().map(|c| CommentView::new(c, owner)).collect(),
            reactions: reactions.into_iter().map(ReactionView::from).collect(),
        }
    }

    /// What a viewer who is not the owner sees: nothing from removed parts.
    pub fn without_removed(mut self) -> Self {
        self.comments.retain(|c| !c.removed);
        self.reactions.retain(|r| !r.removed);
        self
    }
}

/// What a viewer page shows about the link it was opened at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LinkView {
    pub title: String,
    pub duration_ms: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// When the clip was recorded, RFC 3339.
    pub created_at: String,
    /// When the link stops working, RFC 3339; `null` when it never does.
    pub expires_at: Option<String>,
    pub allow_download: bool,
    pub has_thumbnail: bool,
    /// The page holds the owner cookie: it may resolve and delete comments.
    pub is_owner: bool,
    /// Pages that played the clip through this link.
    pub views: u64,
    /// The clip's transcript; `null` when none was asked for.
    pub transcript: Option<TranscriptView>,
}

impl LinkView {
    /// The view of `link` to `clip` with its `transcript`, counting `views` as given.
    pub fn new(link: &ShareLink, clip: Clip, transcript: Option<Transcript>, is_owner: bool, views: u64) -> Self {
        LinkView {
            has_thumbnail: clip.thumbnail_path.is_some(),
            title: clip.title,
            duration_ms: clip.duration_ms,
            width: clip.width,
            height: clip.height,
            created_at: clip.created_at.to_string(),
            expires_at: link.expires_at.map(|t| t.to_string()),
            allow_download: link.allow_download,
            is_owner,
            views,
            transcript: transcript.map(TranscriptView::from),
        }
    }
}

/// Where a clip's transcript stands, as a viewer page may know it:
/// `no_speech` is finished with nothing said; a failure's reason stays with
/// the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptState {
    Pending,
    Running,
    Done,
    NoSpeech,
    Failed,
}

/// A clip's transcript as a viewer page shows it: captions on the player and
/// a panel of lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TranscriptView {
    pub status: TranscriptState,
    /// The language heard (ISO 639-1), else the one asked for; `null` when unknown.
    pub language: Option<String>,
    /// The link serves `segments` as WebVTT captions (`captions.vtt`), and as
    /// text (`transcript.txt`) when it allows downloads.
    pub captions: bool,
    /// What was said, in time order; empty unless there are captions.
    pub segments: Vec<SegmentView>,
}

/// One line of a transcript: a stretch of speech on the clip's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SegmentView {
    /// Milliseconds from the start of the clip.
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

impl From<TranscriptStatus> for TranscriptState {
    fn from(status: TranscriptStatus) -> Self {
        match status {
            TranscriptStatus::Pending => TranscriptState::Pending,
            TranscriptStatus::Running => TranscriptState::Running,
            TranscriptStatus::Done => TranscriptState::Done,
            TranscriptStatus::NoSpeech => TranscriptState::NoSpeech,
            TranscriptStatus::Failed => TranscriptState::Failed,
        }
    }
}

impl From<Transcript> for TranscriptView {
    fn from(t: Transcript) -> Self {
        let segments: Vec<SegmentView> = t
            .captions()
            .unwrap_or_default()
            .iter()
            .map(|s| SegmentView { start_ms: s.start_ms, end_ms: s.end_ms, text: s.text.clone() })
            .collect();
        TranscriptView {
            status: t.status.into(),
            language: t.detected_language.or(t.language),
            captions: !segments.is_empty(),
            segments,
        }
    }
}
