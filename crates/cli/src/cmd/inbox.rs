//! `afterword inbox` and `afterword folders`.

use afterword_library::{Inbox, InboxItem, Library};
use jiff::{Timestamp, tz::TimeZone};

use crate::output::emit;

pub fn run(lib: &Library, json: bool) -> anyhow::Result<()> {
    let me = lib.me()?;
    let inbox = lib.inbox(None, Timestamp::now())?;
    // Due times read in the inbox owner's own zone.
    let tz = me.calendar().tz;
    emit(json, &inbox, |inbox: &Inbox| {
        println!("Inbox of {}", inbox.person);
        section("Awaiting your reply", &inbox.awaiting_me, &tz, false);
        section("Others owe you", &inbox.owed_to_me, &tz, true);
        if !inbox.resolved.is_empty() {
            println!("\nResolved this week");
            for t in &inbox.resolved {
                println!("  ✓ {}  {}", t.title, t.id);
            }
        }
    })
}

fn section(heading: &str, items: &[InboxItem], tz: &TimeZone, show_who: bool) {
    println!("\n{heading}{}", if items.is_empty() { ": nothing" } else { "" });
    for i in items {
        let due = i.due_at.to_zoned(tz.clone()).strftime("%a %d %b %H:%M").to_string();
        let flag = if i.overdue { "OVERDUE " } else { "" };
        let live = if i.needs_live { "  [needs a live talk]" } else { "" };
        let who = if show_who { format!("{} · ", i.waiting_on) } else { String::new() };
        println!("  {flag}{}  ({}, {who}due {due}){live}", i.title, i.urgency);
        println!("      {}: {}  — {}", i.last_author, i.last_message, i.thread_id);
    }
}

pub fn folders(lib: &Library, json: bool) -> anyhow::Result<()> {
    let folders = lib.folders()?;
    emit(json, &folders, |fs| {
        if fs.is_empty() {
            println!("Nothing is filed in folders yet; `afterword clips move CLIP Team/Project` files a clip.");
        }
        for f in fs {
            let depth = f.path.matches('/').count();
            let name = f.path.rsplit('/').next().unwrap_or(&f.path);
            println!("{}{name}/  ({} clips, {} docs, {} threads)", "  ".repeat(depth), f.clips, f.documents, f.threads);
        }
    })
}
