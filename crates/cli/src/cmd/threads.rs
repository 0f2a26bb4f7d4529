//! `afterword threads new|post|list|show|resolve|tag|invite|urgency|live|move`.

use afterword_library::{ClipId, Library, NewThread, PersonId, TagKind, ThreadId, ThreadStatus};

use crate::{
    args::ThreadsCmd,
    cmd::id,
    output::{self, emit},
};

pub fn run(lib: &mut Library, cmd: ThreadsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        ThreadsCmd::New { title, urgency, due, to, live } => {
            let participants = members(lib, &to)?;
            let t = lib.new_thread(NewThread { title, urgency, due_at: due, participants, needs_live: live })?;
            emit(json, &t, |t| println!("{}  {} ({}, with {})", t.id, t.title, t.urgency, t.participants.join(", ")))
        }
        ThreadsCmd::Post { thread, text, clip } => {
            let clip = clip.as_deref().map(id::<ClipId>).transpose()?;
            let text = (!text.is_empty()).then(|| text.join(" "));
            let m = lib.post_message(id(&thread)?, text.as_deref(), clip)?;
            emit(json, &m, |m| println!("Posted {} to the thread.", m.id))
        }
        ThreadsCmd::List { all, limit, folder } => {
            let threads = lib.threads(all, folder.as_deref(), limit)?;
            emit(json, &threads, |ts| {
                if ts.is_empty() {
                    println!("No open threads.");
                }
                for t in ts {
                    let due = t.due_at.map(|d| format!("  due {}", output::when(d))).unwrap_or_default();
                    let resolved = if t.status == ThreadStatus::Resolved { "  [resolved]" } else { "" };
                    println!(
                        "{}  {}  ({}, {} message{}){due}{resolved}",
                        t.id,
                        t.title,
                        t.urgency,
                        t.message_count,
                        if t.message_count == 1 { "" } else { "s" }
                    );
                }
            })
        }
        ThreadsCmd::Show { thread } => {
            let thread: ThreadId = id(&thread)?;
            let shown = (lib.thread(thread)?, lib.messages(thread)?);
            emit(json, &shown, |(t, messages)| {
                println!("{} ({})", t.title, t.urgency);
                for m in messages {
                    let clip = m.clip_id.map(|c| format!(" ▶ clip {c}")).unwrap_or_default();
                    println!(
                        "  {} {}: {}{clip}",
                        output::when(m.created_at),
                        m.author_name,
                        m.body.as_deref().unwrap_or("")
                    );
                }
            })
        }
        ThreadsCmd::Resolve { thread, reopen } => {
            let status = if reopen { ThreadStatus::Open } else { ThreadStatus::Resolved };
            let t = lib.set_thread_status(id(&thread)?, status)?;
            emit(json, &t, |t| println!("“{}” is {}.", t.title, if reopen { "open again" } else { "resolved" }))
        }
        ThreadsCmd::Tag(t) => {
            let thread: ThreadId = id(&t.id)?;
            let tags = lib.retag(TagKind::Thread, &thread.to_string(), &t.tags, &t.remove)?;
            emit(json, &tags, |tags| println!("Tags on {thread}: {}", tags.join(", ")))
        }
        ThreadsCmd::Invite { thread, members: names } => {
            let people = members(lib, &names)?;
            let t = lib.invite(id(&thread)?, &people)?;
            emit(json, &t, |t| println!("“{}” is now between {}.", t.title, t.participants.join(", ")))
        }
        ThreadsCmd::Urgency { thread, urgency } => {
            let t = lib.set_urgency(id(&thread)?, urgency)?;
            emit(json, &t, |t| match t.due_at {
                Some(due) => println!(
                    "“{}” is {}; its hand-set due time ({}) still holds.",
                    t.title,
                    t.urgency,
                    output::when(due)
                ),
                None => println!("“{}” is {}; due times follow (see `afterword inbox`).", t.title, t.urgency),
            })
        }
        ThreadsCmd::Live { thread, off } => {
            let t = lib.set_needs_live(id(&thread)?, !off)?;
            emit(json, &t, |t| {
                println!("“{}” {}.", t.title, if t.needs_live { "needs a live talk" } else { "stays async" })
            })
        }
        ThreadsCmd::Move { thread, folder } => {
            let thread: ThreadId = id(&thread)?;
            let folder = lib.move_to_folder(TagKind::Thread, &thread.to_string(), &folder)?;
            emit(json, &folder, |f| println!("Filed {thread} in {}.", if f.is_empty() { "the top level" } else { f }))
        }
    }
}

/// Team members by name.
fn members(lib: &Library, names: &[String]) -> anyhow::Result<Vec<PersonId>> {
    names.iter().filter(|n| !n.trim().is_empty()).map(|n| Ok(lib.member(n)?.id)).collect()
}
