//! `afterword clips trim|cut|split|edits`: an edit is saved as data (what
//! plays of the original); the file itself is never changed. Times are typed
//! as the clip plays now, after earlier edits.

use afterword_library::{Clip, ClipId, Edit, EditedFeedback, Library, Mapped, timecode};
use serde::Serialize;

use crate::{Refused, args::ClipsCmd, cmd::id, output::emit};

pub fn run(lib: &mut Library, cmd: ClipsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        ClipsCmd::Trim { clip, start, end } => {
            if start.is_none() && end.is_none() {
                return Err(Refused("a trim needs a new start, end or both; give --start, --end or both".into()).into());
            }
            let (start, end) = (time(start.as_deref())?, time(end.as_deref())?);
            let edit = lib.trim(id(&clip)?, start, end)?;
            emit(json, &edit, |e| println!("Trimmed: {}", summary(e)))
        }
        ClipsCmd::Cut { clip, from, to } => {
            let edit = lib.cut(id(&clip)?, timecode::parse_ms(&from)?, timecode::parse_ms(&to)?)?;
            emit(json, &edit, |e| println!("Cut: {}", summary(e)))
        }
        ClipsCmd::Split { clip, at } => {
            let (first, second) = lib.split(id(&clip)?, timecode::parse_ms(&at)?)?;
            emit(json, &Split { first, second }, |s| {
                println!("Split in two; both play the same original file.");
                for c in [&s.first, &s.second] {
                    println!("  {}  {:>8}  {}", c.id, timecode::format_ms(c.edited_duration_ms), c.title);
                }
            })
        }
        ClipsCmd::Edits { clip, reset } => {
            let clip: ClipId = id(&clip)?;
            if reset {
                lib.reset_edit(clip)?;
            }
            let feedback = lib.edited_feedback(clip)?;
            emit(json, &feedback, |f| show(f, reset))
        }
        other => unreachable!("not an editing verb: {other:?}"),
    }
}

#[derive(Serialize)]
struct Split {
    first: Clip,
    second: Clip,
}

fn time(given: Option<&str>) -> anyhow::Result<Option<u64>> {
    Ok(given.map(timecode::parse_ms).transpose()?)
}

/// "plays 0:40 of 1:00 (kept 0:05–0:15, 0:25–0:55)"
fn summary(edit: &Edit) -> String {
    let ms = timecode::format_ms;
    let part = edit.part;
    if edit.is_whole() && part.start_ms == 0 && part.end_ms == edit.media_duration_ms {
        return format!("plays all {} of the original", ms(edit.media_duration_ms));
    }
    if edit.is_whole() {
        let (start, end) = (ms(part.start_ms), ms(part.end_ms));
        return format!("plays {}, all of its side of a split ({start}–{end} of the original)", ms(part.len_ms()));
    }
    let kept: Vec<_> = edit.kept.iter().map(|r| format!("{}–{}", ms(r.start_ms), ms(r.end_ms))).collect();
    format!(
        "plays {} of {} (kept {} of the original)",
        ms(edit.duration_ms()),
        ms(edit.media_duration_ms),
        kept.join(", ")
    )
}

fn show(f: &EditedFeedback, reset: bool) {
    if reset {
        println!("Reset: the whole original plays again.");
    }
    println!("{} (revision {})", capitalised(&summary(&f.edit)), f.edit.revision);
    if !f.comments.is_empty() {
        println!("Comments");
        for m in &f.comments {
            let c = &m.item;
            let reply = if c.parent_id.is_some() { "↳ " } else { "" };
            println!("  {reply}[{}] {}: {}  ({})", place(m, c.at_ms), c.author_name, c.body, c.id);
        }
    }
    if !f.reactions.is_empty() {
        println!("Reactions");
        for m in &f.reactions {
            println!("  [{}] {}", place(m, m.item.at_ms), m.item.emoji);
        }
    }
    if !f.transcript.is_empty() {
        println!("Transcript");
        for m in &f.transcript {
            println!("  [{}] {}", place(m, m.item.start_ms), m.item.text);
        }
    }
}

/// Where something plays now, or that it is in a removed part (with its
/// original moment, to find it in the file).
fn place<T>(m: &Mapped<T>, original_ms: u64) -> String {
    let ms = timecode::format_ms;
    match (m.edited_at_ms, m.edited_end_ms) {
        (Some(at), Some(end)) => format!("{}–{}", ms(at), ms(end)),
        (Some(at), None) => ms(at),
        _ => format!("in a removed part, originally {}", ms(original_ms)),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
