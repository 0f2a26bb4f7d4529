//! `afterword threads new|post|list|show|resolve|tag`.

use afterword_library::{ClipId, Library, TagKind, ThreadId, ThreadStatus};

use crate::{
    args::ThreadsCmd,
    cmd::id,
    output::{self, emit},
};

pub fn run(lib: &mut Library, cmd: ThreadsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        ThreadsCmd::New {
            title,
            urgency,
            due,
        } => {
            let t = lib.new_thread(&title, urgency, due)?;
            emit(json, &t, |t| {
                println!("{}  {} ({})", t.id, t.title, t.urgency)
            })
        }
        ThreadsCmd::Post { thread, text, clip } => {
            let clip = clip.as_deref().map(id::<ClipId>).transpose()?;
            let m = lib.post_message(id(&thread)?, text.as_deref(), clip)?;
            emit(json, &m, |m| println!("Posted {} to the thread.", m.id))
        }
        ThreadsCmd::List { all, limit } => {
            let threads = lib.threads(all, limit)?;
            emit(json, &threads, |ts| {
                if ts.is_empty() {
                    println!("No open threads.");
                }
                for t in ts {
                    let due = t
                        .due_at
                        .map(|d| format!("  due {}", output::when(d)))
                        .unwrap_or_default();
                    let resolved = if t.status == ThreadStatus::Resolved {
                        "  [resolved]"
                    } else {
                        ""
                    };
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
                    let clip = m
                        .clip_id
                        .map(|c| format!(" ▶ clip {c}"))
                        .unwrap_or_default();
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
            let status = if reopen {
                ThreadStatus::Open
            } else {
                ThreadStatus::Resolved
            };
            let t = lib.set_thread_status(id(&thread)?, status)?;
            emit(json, &t, |t| {
                println!(
                    "“{}” is {}.",
                    t.title,
                    if reopen { "open again" } else { "resolved" }
                )
            })
        }
        ThreadsCmd::Tag(t) => {
            let thread: ThreadId = id(&t.id)?;
            let tags = lib.retag(TagKind::Thread, &thread.to_string(), &t.tags, &t.remove)?;
            emit(json, &tags, |tags| {
                println!("Tags on {thread}: {}", tags.join(", "))
            })
        }
    }
}
