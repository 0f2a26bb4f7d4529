//! The inbox: for one person, the open threads that await their reply (with
//! the due time in their own working hours), what others owe them, and what
//! was resolved lately.
//!
//! Whoever spoke last in an open thread is owed a reply by everyone else in
//! it. Each one's clock starts at the first message they haven't answered, and
//! runs in their own working time: a standard thread posted at 16:00 in
//! Berlin is due from a New Yorker one working day after their day starts.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::Result,
    ids::{PersonId, ThreadId},
    threads::{Thread, ThreadStatus},
};

/// How far back "resolved lately" looks.
const RESOLVED_WINDOW: SignedDuration = SignedDuration::from_hours(24 * 7);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub thread_id: ThreadId,
    pub title: String,
    pub urgency: crate::threads::Urgency,
    pub needs_live: bool,
    /// Who owes the reply.
    pub waiting_on: String,
    pub waiting_on_id: PersonId,
    /// The first message they haven't answered.
    pub since: Timestamp,
    /// When the reply is due, in their working time.
    pub due_at: Timestamp,
    pub overdue: bool,
    /// The newest message, shortened.
    pub last_message: String,
    pub last_author: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub person: String,
    /// Awaiting my reply, soonest due first.
    pub awaiting_me: Vec<InboxItem>,
    /// Replies others owe me, soonest due first.
    pub owed_to_me: Vec<InboxItem>,
    /// Threads I'm in that were resolved in the last week, newest first.
    pub resolved: Vec<Thread>,
}

impl Inbox {
    /// What awaits me and is past due.
    pub fn overdue(&self) -> impl Iterator<Item = &InboxItem> {
        self.awaiting_me.iter().filter(|i| i.overdue)
    }
}

impl Library {
    /// The inbox of `person` (the acting user when `None`) as of `now`.
    pub fn inbox(&self, person: Option<PersonId>, now: Timestamp) -> Result<Inbox> {
        let me = self.person(person.unwrap_or(self.me))?;
        let expectations = self.expectations()?;
        let thread_ids: Vec<ThreadId> = self
            .conn
            .prepare_cached(
                "SELECT t.id FROM threads t JOIN thread_participants tp ON tp.thread_id = t.id
                 WHERE tp.person_id = ?1 AND (t.status = 'open' OR t.resolved_at >= ?2)
                 ORDER BY t.created_at",
            )?
            .query_map(rusqlite::params![me.id, (now - RESOLVED_WINDOW).as_millisecond()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;

        let mut inbox =
            Inbox { person: me.display_name.clone(), awaiting_me: vec![], owed_to_me: vec![], resolved: vec![] };
        for id in thread_ids {
            let thread = self.thread(id)?;
            if thread.status == ThreadStatus::Resolved {
                inbox.resolved.push(thread);
                continue;
            }
            // (author, time, text) in order; a thread with no messages yet
            // counts its creation as the opening message.
            let mut said: Vec<(PersonId, Timestamp, String)> = self
                .messages(id)?
                .into_iter()
                .map(|m| (m.author_id, m.created_at, m.body.unwrap_or_else(|| "▶ a clip".into())))
                .collect();
            if said.is_empty() {
                said.push((thread.created_by, thread.created_at, String::new()));
            }
            let Some((last_author, _, last_text)) = said.last().cloned() else { continue };
            let last_name = self.person(last_author)?.display_name;
            for owner in self.participants(id)? {
                if owner == last_author {
                    continue;
                }
                // The first message after this person's last one.
                let answered = said.iter().rposition(|(a, _, _)| *a == owner);
                let since = said[answered.map_or(0, |i| i + 1)].1;
                let owes = self.person(owner)?;
                let due_at = thread.due_at.unwrap_or_else(|| {
                    let work = expectations.for_urgency(thread.urgency).working_time(owes.work_hours);
                    owes.calendar().add_working_time(since, work)
                });
                let item = InboxItem {
                    thread_id: id,
                    title: thread.title.clone(),
                    urgency: thread.urgency,
                    needs_live: thread.needs_live,
                    waiting_on: owes.display_name.clone(),
                    waiting_on_id: owner,
                    since,
                    due_at,
                    overdue: now > due_at,
                    last_message: last_text.chars().take(80).collect(),
                    last_author: last_name.clone(),
                };
                if owner == me.id {
                    inbox.awaiting_me.push(item);
                } else if last_author == me.id {
                    inbox.owed_to_me.push(item);
                }
            }
        }
        inbox.awaiting_me.sort_by_key(|i| i.due_at);
        inbox.owed_to_me.sort_by_key(|i| i.due_at);
        inbox.resolved.sort_by_key(|t| std::cmp::Reverse(t.resolved_at));
        Ok(inbox)
    }
}
