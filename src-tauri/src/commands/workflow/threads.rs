//! Threads: list, open, start, post text or a clip, resolve, urgency, the
//! needs-a-live-talk flag, invite and tag.

use afterword_library::{NewThread, PersonId, TagKind, ThreadId, ThreadStatus};
use tauri::State;

use super::views::{NewThreadView, ThreadDetailView, ThreadView, UrgencyView};
use crate::{error::Result, state::Shell};

/// Newest first; open ones only unless `include_resolved`.
#[tauri::command]
#[specta::specta]
pub fn list_threads(
    shell: State<'_, Shell>,
    include_resolved: bool,
    folder: Option<String>,
    limit: u32,
) -> Result<Vec<ThreadView>> {
    let threads = shell.library().threads(include_resolved, folder.as_deref(), limit as usize)?;
    Ok(threads.into_iter().map(ThreadView::from).collect())
}

#[tauri::command]
#[specta::specta]
pub fn get_thread(shell: State<'_, Shell>, id: String) -> Result<ThreadDetailView> {
    ThreadDetailView::load(&shell.library(), &shell.media, id.parse()?)
}

/// Starts a thread with me and `participants`, with its opening message if given.
#[tauri::command]
#[specta::specta]
pub fn new_thread(shell: State<'_, Shell>, thread: NewThreadView) -> Result<ThreadView> {
    let participants = thread.participants.iter().map(|p| p.parse()).collect::<Result<Vec<PersonId>, _>>()?;
    let mut library = shell.library();
    let created = library.in_transaction(|lib| {
        let t = NewThread {
            title: thread.title,
            urgency: thread.urgency.into(),
            due_at: None,
            participants,
            needs_live: thread.needs_live,
        };
        let t = lib.new_thread(t)?;
        if let Some(text) = thread.message.as_deref().filter(|m| !m.trim().is_empty()) {
            lib.post_message(t.id, Some(text), None)?;
        }
        lib.thread(t.id)
    })?;
    Ok(created.into())
}

/// Posts text, a clip, or both; returns the thread with its messages.
#[tauri::command]
#[specta::specta]
pub fn post_message(
    shell: State<'_, Shell>,
    thread: String,
    body: Option<String>,
    clip: Option<String>,
) -> Result<ThreadDetailView> {
    let (thread, clip): (ThreadId, _) = (thread.parse()?, clip.map(|c| c.parse()).transpose()?);
    let mut library = shell.library();
    library.post_message(thread, body.as_deref().filter(|b| !b.trim().is_empty()), clip)?;
    ThreadDetailView::load(&library, &shell.media, thread)
}

/// Resolves the thread (or reopens it with `resolved: false`).
#[tauri::command]
#[specta::specta]
pub fn resolve_thread(shell: State<'_, Shell>, id: String, resolved: bool) -> Result<ThreadView> {
    let status = if resolved { ThreadStatus::Resolved } else { ThreadStatus::Open };
    Ok(shell.library().set_thread_status(id.parse()?, status)?.into())
}

/// Changes how soon replies are expected; the inbox's due times follow.
#[tauri::command]
#[specta::specta]
pub fn set_thread_urgency(shell: State<'_, Shell>, id: String, urgency: UrgencyView) -> Result<ThreadView> {
    Ok(shell.library().set_urgency(id.parse()?, urgency.into())?.into())
}

/// Marks the thread as better talked through live, or not.
#[tauri::command]
#[specta::specta]
pub fn set_needs_live(shell: State<'_, Shell>, id: String, needs_live: bool) -> Result<ThreadView> {
    Ok(shell.library().set_needs_live(id.parse()?, needs_live)?.into())
}

/// Adds members (by id) to the thread.
#[tauri::command]
#[specta::specta]
pub fn invite_to_thread(shell: State<'_, Shell>, id: String, people: Vec<String>) -> Result<ThreadView> {
    let people = people.iter().map(|p| p.parse()).collect::<Result<Vec<PersonId>, _>>()?;
    Ok(shell.library().invite(id.parse()?, &people)?.into())
}

/// Adds and removes tags; returns the thread's tags.
#[tauri::command]
#[specta::specta]
pub fn retag_thread(shell: State<'_, Shell>, id: String, add: Vec<String>, remove: Vec<String>) -> Result<Vec<String>> {
    let id: ThreadId = id.parse()?;
    Ok(shell.library().retag(TagKind::Thread, &id.to_string(), &add, &remove)?)
}
