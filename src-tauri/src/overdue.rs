//! Watching the inbox: once a minute a named thread (`inbox-watch`) reads my
//! inbox, keeps the counts the tray tooltip shows, and raises a desktop
//! notification when a reply awaiting me has just become overdue. What is
//! "newly overdue" and what the tooltip says are plain functions.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use afterword_library::{Inbox, InboxItem, ThreadId};
use jiff::Timestamp;
use tauri::{AppHandle, Manager};

use crate::state::Shell;

/// How often the inbox is read.
pub const EVERY: Duration = Duration::from_secs(60);

/// The inbox in numbers, for the tray tooltip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxCounts {
    pub awaiting: usize,
    pub overdue: usize,
    pub owed: usize,
}

impl InboxCounts {
    pub fn of(inbox: &Inbox) -> Self {
        InboxCounts {
            awaiting: inbox.awaiting_me.len(),
            overdue: inbox.overdue().count(),
            owed: inbox.owed_to_me.len(),
        }
    }
}

/// A reply awaiting me: its thread and the message that started its clock.
/// A newer message restarts the clock, so overdue again is news again.
pub type Key = (ThreadId, Timestamp);

fn key(item: &InboxItem) -> Key {
    (item.thread_id, item.since)
}

/// What is overdue in `inbox`, to remember for the next look.
pub fn overdue_keys(inbox: &Inbox) -> HashSet<Key> {
    inbox.overdue().map(key).collect()
}

/// The replies awaiting me that are overdue now and were not at the last
/// look (`seen`, from [`overdue_keys`]).
pub fn newly_overdue<'a>(seen: &HashSet<Key>, inbox: &'a Inbox) -> Vec<&'a InboxItem> {
    inbox.overdue().filter(|i| !seen.contains(&key(i))).collect()
}

/// The notification for newly overdue replies: title and body.
pub fn notification(items: &[&InboxItem]) -> Option<(String, String)> {
    match items {
        [] => None,
        [one] => Some(("Reply overdue".into(), format!("“{}” awaits your reply ({})", one.title, one.last_author))),
        many => {
            let titles: Vec<&str> = many.iter().map(|i| i.title.as_str()).collect();
            Some((format!("{} replies overdue", many.len()), titles.join(", ")))
        }
    }
}

/// The tray tooltip with the inbox counts after the recorder's own words.
pub fn tooltip(base: &str, counts: InboxCounts) -> String {
    if counts == InboxCounts::default() {
        return base.to_owned();
    }
    let mut parts = vec![format!("{} awaiting you", counts.awaiting)];
    if counts.overdue > 0 {
        parts[0].push_str(&format!(" ({} overdue)", counts.overdue));
    }
    if counts.owed > 0 {
        parts.push(format!("{} owed to you", counts.owed));
    }
    format!("{base} — {}", parts.join(", "))
}

/// The latest counts, kept as app state for the tray.
#[derive(Debug, Default)]
pub struct Watch {
    counts: Mutex<InboxCounts>,
}

/// The counts from the latest look (none before the first).
pub fn counts<R: tauri::Runtime>(app: &AppHandle<R>) -> InboxCounts {
    app.try_state::<Watch>().map(|w| *w.counts.lock().unwrap_or_else(PoisonError::into_inner)).unwrap_or_default()
}

/// Starts the watcher thread.
pub fn spawn(app: &AppHandle) -> std::io::Result<()> {
    app.manage(Watch::default());
    let app = app.clone();
    std::thread::Builder::new().name("inbox-watch".into()).spawn(move || {
        let _span = tracing::info_span!("inbox-watch").entered();
        let mut seen = HashSet::new();
        loop {
            look(&app, &mut seen);
            std::thread::sleep(EVERY);
        }
    })?;
    Ok(())
}

/// One look: counts for the tray, a notification for what became overdue.
fn look(app: &AppHandle, seen: &mut HashSet<Key>) {
    let shell = app.state::<Shell>();
    let inbox = match shell.library().inbox(None, Timestamp::now()) {
        Ok(inbox) => inbox,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the inbox");
            return;
        }
    };
    if let Some((title, body)) = notification(&newly_overdue(seen, &inbox)) {
        crate::actions::notify(app, &title, &body);
    }
    *seen = overdue_keys(&inbox);
    let now = InboxCounts::of(&inbox);
    let changed = app
        .try_state::<Watch>()
        .map(|w| std::mem::replace(&mut *w.counts.lock().unwrap_or_else(PoisonError::into_inner), now) != now);
    if changed == Some(true) {
        crate::shell::refresh_tray(app, crate::recording::status(&shell).phase);
    }
}

#[cfg(test)]
mod tests {
    use afterword_library::{PersonId, Urgency};

    use super::*;

    fn item(title: &str, since: &str, overdue: bool) -> InboxItem {
        let since: Timestamp = since.parse().expect("timestamp");
        InboxItem {
            thread_id: ThreadId::new(),
            title: title.into(),
            urgency: Urgency::Standard,
            needs_live: false,
            waiting_on: "Ben".into(),
            waiting_on_id: PersonId::new(),
            since,
            due_at: since,
            overdue,
            last_message: "▶ a clip".into(),
            last_author: "Ana".into(),
        }
    }

    fn inbox(awaiting: Vec<InboxItem>) -> Inbox {
        Inbox { person: "Ben".into(), awaiting_me: awaiting, owed_to_me: vec![], resolved: vec![] }
    }

    #[test]
    fn a_reply_is_news_once_when_it_becomes_overdue() {
        let mut onboarding = item("Onboarding", "2026-11-25T15:00:00Z", false);
        let before = inbox(vec![onboarding.clone()]);
        assert!(newly_overdue(&HashSet::new(), &before).is_empty(), "not overdue yet");
        let seen = overdue_keys(&before);

        onboarding.overdue = true;
        let after = inbox(vec![onboarding.clone(), item("Budget", "2026-11-20T15:00:00Z", false)]);
        let news = newly_overdue(&seen, &after);
        assert_eq!(news.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Onboarding"]);

        let seen = overdue_keys(&after);
        assert!(newly_overdue(&seen, &after).is_empty(), "a minute later it is old news");
    }

    #[test]
    fn a_new_message_restarts_the_clock_so_overdue_again_is_news_again() {
        let first = item("Onboarding", "2026-11-25T15:00:00Z", true);
        let seen = overdue_keys(&inbox(vec![first.clone()]));
        let again = InboxItem { since: "2026-11-27T15:00:00Z".parse().expect("timestamp"), ..first };
        assert_eq!(newly_overdue(&seen, &inbox(vec![again])).len(), 1);
    }

    #[test]
    fn the_notification_names_one_reply_or_counts_several() {
        let a = item("Onboarding", "2026-11-25T15:00:00Z", true);
        let b = item("Budget", "2026-11-25T15:00:00Z", true);
        assert_eq!(notification(&[]), None);
        let (title, body) = notification(&[&a]).expect("one");
        assert_eq!((title.as_str(), body.as_str()), ("Reply overdue", "“Onboarding” awaits your reply (Ana)"));
        let (title, body) = notification(&[&a, &b]).expect("two");
        assert_eq!((title.as_str(), body.as_str()), ("2 replies overdue", "Onboarding, Budget"));
    }

    #[test]
    fn the_tooltip_counts_the_inbox_after_the_recorder_state() {
        assert_eq!(tooltip("Afterword", InboxCounts::default()), "Afterword");
        let counts = InboxCounts { awaiting: 3, overdue: 1, owed: 2 };
        assert_eq!(
            tooltip("Afterword: recording", counts),
            "Afterword: recording — 3 awaiting you (1 overdue), 2 owed to you"
        );
        let counts = InboxCounts { awaiting: 0, overdue: 0, owed: 1 };
        assert_eq!(tooltip("Afterword", counts), "Afterword — 0 awaiting you, 1 owed to you");
        let i = inbox(vec![item("a", "2026-11-25T15:00:00Z", true), item("b", "2026-11-25T15:00:00Z", false)]);
        assert_eq!(InboxCounts::of(&i), InboxCounts { awaiting: 2, overdue: 1, owed: 0 });
    }
}
