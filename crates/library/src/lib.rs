//! Afterword's local library: clips, documents, threads, comments, reactions,
//! tags, share links and full-text search, kept in one SQLite database under the
//! library home. No media and no HTTP here: the recorder and the share server
//! are clients of this crate.

pub mod calendar;
mod capture;
mod clips;
mod comments;
mod db;
mod documents;
mod edits;
mod error;
mod expectations;
mod folders;
mod home;
mod ids;
mod inbox;
mod limits;
mod people;
mod screen_grant;
mod search;
mod shares;
mod storage;
mod stored;
mod tags;
mod threads;
pub mod timecode;
mod titles;
mod transcripts;

pub use capture::CaptureFacts;
pub use clips::{Clip, ClipMedia, ClipQuery, ClipStatus, NewClip};
pub use comments::{Comment, NewComment, Reaction};
pub use db::{Checkpoint, Library, SCHEMA_VERSION};
pub use documents::{Document, DocumentClip, Template, embedded_clips};
pub use edits::{Edit, EditedFeedback, Filed, KeptRange, MIN_KEPT_MS, Mapped, Placed, RenderJob, RenderState};
pub use error::{Error, Result};
pub use expectations::{Expectation, Expectations};
pub use folders::Folder;
pub use home::{HOME_ENV, default_home};
pub use ids::{ClipId, CommentId, DocumentId, LinkId, MessageId, PersonId, ReactionId, ThreadId};
pub use inbox::{Inbox, InboxItem};
pub use limits::Limits;
pub use people::{CalendarChange, Person};
pub use search::{SearchFilter, SearchFilterText, SearchHit, SearchKind};
pub use shares::{NewShareLink, ShareLink, ShareToken};
pub use storage::{NewStorageTarget, ObjectRole, PendingUpload, Publication, PublishedObject, StorageTarget};
pub use tags::TagKind;
pub use threads::{Message, NewThread, Thread, ThreadStatus, Urgency};
pub use titles::automatic_title;
pub use transcripts::{
    CaptionFormat, Claim, NewSegment, STALE_AFTER_MS, Segment, Transcript, TranscriptRequest, TranscriptStatus,
    TranscriptionSettings, language_code, title_from_speech,
};
