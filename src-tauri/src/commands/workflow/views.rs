//! The shapes the workflow pages receive and send: documents, threads and
//! their messages, the inbox and folders (people and search keep theirs in
//! their own modules). Ids and times become strings; each view is a plain conversion
//! from the library's own type.

use afterword_library::{
    Document, Folder, InboxItem, Library, Message, PersonId, TagKind, Thread, ThreadStatus, Urgency,
};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{error::Result, media_server::MediaServer, views::ClipView};

/// How soon a reply is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum UrgencyView {
    /// Within hours.
    Urgent,
    /// Within one working day.
    Standard,
    /// Within two to three working days.
    NonUrgent,
}

impl From<Urgency> for UrgencyView {
    fn from(u: Urgency) -> Self {
        match u {
            Urgency::Urgent => UrgencyView::Urgent,
            Urgency::Standard => UrgencyView::Standard,
            Urgency::NonUrgent => UrgencyView::NonUrgent,
        }
    }
}

impl From<UrgencyView> for Urgency {
    fn from(u: UrgencyView) -> Self {
        match u {
            UrgencyView::Urgent => Urgency::Urgent,
            UrgencyView::Standard => Urgency::Standard,
            UrgencyView::NonUrgent => Urgency::NonUrgent,
        }
    }
}

/// What can be filed in a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Clip,
    Document,
    Thread,
}

impl From<ItemKind> for TagKind {
    fn from(k: ItemKind) -> Self {
        match k {
            ItemKind::Clip => TagKind::Clip,
            ItemKind::Document => TagKind::Document,
            ItemKind::Thread => TagKind::Thread,
        }
    }
}

/// A markdown document; its body embeds clips as `![title](clip:ID)`.
#[derive(Debug, Clone, Serialize, Type)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
    /// `Team/Project`; empty at the top level.
    pub folder: String,
    pub tags: Vec<String>,
    /// Clip ids the body embeds, in reading order.
    pub embedded: Vec<String>,
    /// Every clip the document attaches or embeds, for its players.
    pub clips: Vec<ClipView>,
}

impl DocumentView {
    pub fn new(d: Document, library: &Library, media: &MediaServer) -> Self {
        let mut ids: Vec<_> = d.embedded.clone();
        ids.extend(d.clips.iter().map(|c| c.clip_id).filter(|c| !d.embedded.contains(c)));
        let clips = ids.into_iter().filter_map(|id| library.clip(id).ok()).map(|c| ClipView::new(c, media)).collect();
        DocumentView {
            id: d.id.to_string(),
            title: d.title,
            body: d.body,
            created_at: d.created_at.to_string(),
            updated_at: d.updated_at.to_string(),
            folder: d.folder,
            tags: d.tags,
            embedded: d.embedded.iter().map(ToString::to_string).collect(),
            clips,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ThreadView {
    pub id: String,
    pub title: String,
    pub urgency: UrgencyView,
    /// A due time set by hand (RFC 3339); otherwise each person's is computed.
    pub due_at: Option<String>,
    pub resolved: bool,
    pub resolved_at: Option<String>,
    /// Better talked through live.
    pub needs_live: bool,
    pub created_at: String,
    pub folder: String,
    pub message_count: u64,
    /// Names of the people it is between.
    pub participants: Vec<String>,
    pub tags: Vec<String>,
}

impl From<Thread> for ThreadView {
    fn from(t: Thread) -> Self {
        ThreadView {
            id: t.id.to_string(),
            title: t.title,
            urgency: t.urgency.into(),
            due_at: t.due_at.map(|d| d.to_string()),
            resolved: t.status == ThreadStatus::Resolved,
            resolved_at: t.resolved_at.map(|d| d.to_string()),
            needs_live: t.needs_live,
            created_at: t.created_at.to_string(),
            folder: t.folder,
            message_count: t.message_count,
            participants: t.participants,
            tags: t.tags,
        }
    }
}

/// One message: text, a clip, or both.
#[derive(Debug, Clone, Serialize, Type)]
pub struct MessageView {
    pub id: String,
    pub author_name: String,
    /// Written by the user of this app.
    pub by_me: bool,
    pub body: Option<String>,
    /// The clip, when it still exists.
    pub clip: Option<ClipView>,
    pub created_at: String,
}

impl MessageView {
    pub fn new(m: Message, me: PersonId, library: &Library, media: &MediaServer) -> Self {
        MessageView {
            id: m.id.to_string(),
            by_me: m.author_id == me,
            author_name: m.author_name,
            body: m.body,
            clip: m.clip_id.and_then(|c| library.clip(c).ok()).map(|c| ClipView::new(c, media)),
            created_at: m.created_at.to_string(),
        }
    }
}

/// A thread with its messages, oldest first.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ThreadDetailView {
    pub thread: ThreadView,
    pub messages: Vec<MessageView>,
}

impl ThreadDetailView {
    pub fn load(library: &Library, media: &MediaServer, id: afterword_library::ThreadId) -> Result<Self> {
        let me = library.me()?.id;
        let messages = library.messages(id)?.into_iter().map(|m| MessageView::new(m, me, library, media)).collect();
        Ok(ThreadDetailView { thread: library.thread(id)?.into(), messages })
    }
}

/// A thread new on the Threads page.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewThreadView {
    pub title: String,
    pub urgency: UrgencyView,
    /// Member ids besides me.
    pub participants: Vec<String>,
    pub needs_live: bool,
    /// The opening message, if any.
    pub message: Option<String>,
}

/// A reply someone owes, due in their own working time.
#[derive(Debug, Clone, Serialize, Type)]
pub struct InboxItemView {
    pub thread_id: String,
    pub title: String,
    pub urgency: UrgencyView,
    pub needs_live: bool,
    /// Who owes the reply.
    pub waiting_on: String,
    /// Their time zone, to show the due time as their clock reads it.
    pub time_zone: String,
    /// The first message they haven't answered.
    pub since: String,
    pub due_at: String,
    pub overdue: bool,
    pub last_message: String,
    pub last_author: String,
}

impl InboxItemView {
    fn new(i: InboxItem, library: &Library) -> Self {
        let time_zone = library.person(i.waiting_on_id).map(|p| p.time_zone).unwrap_or_else(|_| "UTC".into());
        InboxItemView {
            thread_id: i.thread_id.to_string(),
            title: i.title,
            urgency: i.urgency.into(),
            needs_live: i.needs_live,
            waiting_on: i.waiting_on,
            time_zone,
            since: i.since.to_string(),
            due_at: i.due_at.to_string(),
            overdue: i.overdue,
            last_message: i.last_message,
            last_author: i.last_author,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct InboxView {
    pub person: String,
    /// My time zone.
    pub time_zone: String,
    /// Awaiting my reply, soonest due first.
    pub awaiting_me: Vec<InboxItemView>,
    /// Replies others owe me, soonest due first.
    pub owed_to_me: Vec<InboxItemView>,
    /// Threads I'm in, resolved in the last week.
    pub resolved: Vec<ThreadView>,
}

impl InboxView {
    pub fn load(library: &Library, now: jiff::Timestamp) -> Result<Self> {
        let inbox = library.inbox(None, now)?;
        let items = |list: Vec<InboxItem>| -> Vec<InboxItemView> {
            list.into_iter().map(|i| InboxItemView::new(i, library)).collect()
        };
        Ok(InboxView {
            person: inbox.person,
            time_zone: library.me()?.time_zone,
            awaiting_me: items(inbox.awaiting_me),
            owed_to_me: items(inbox.owed_to_me),
            resolved: inbox.resolved.into_iter().map(ThreadView::from).collect(),
        })
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct FolderView {
    pub path: String,
    pub clips: u64,
    pub documents: u64,
    pub threads: u64,
}

impl From<Folder> for FolderView {
    fn from(f: Folder) -> Self {
        FolderView { path: f.path, clips: f.clips, documents: f.documents, threads: f.threads }
    }
}
