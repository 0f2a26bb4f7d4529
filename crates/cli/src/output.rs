//! Printing: JSON for scripts, short aligned text for people.

use afterword_library::{Clip, Comment, timecode::format_ms};
use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

/// Prints `value` as JSON when asked, else runs `human`.
pub fn emit<T: Serialize + ?Sized>(json: bool, value: &T, human: impl FnOnce(&T)) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        human(value);
    }
    Ok(())
}

/// A moment in the reader's own time zone, to the minute.
pub fn when(t: Timestamp) -> String {
    t.to_zoned(TimeZone::system()).strftime("%Y-%m-%d %H:%M").to_string()
}

pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = bytes as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{v:.1} {}", UNITS[unit]) }
}

pub fn clip_line(c: &Clip) -> String {
    let tags = if c.tags.is_empty() { String::new() } else { format!("  #{}", c.tags.join(" #")) };
    let status = match c.status.as_str() {
        "ready" => String::new(),
        s => format!("  [{s}]"),
    };
    format!("{}  {}  {:>8}  {}{status}{tags}", c.id, when(c.created_at), format_ms(c.duration_ms), c.title)
}

pub fn comment_line(c: &Comment, indent: bool) -> String {
    let at = match c.end_ms {
        _ if c.removed => format!("in a removed part, at the cut at {}", format_ms(c.at_ms)),
        Some(end) => format!("{}–{}", format_ms(c.at_ms), format_ms(end)),
        None => format_ms(c.at_ms),
    };
    let resolved = if c.resolved_at.is_some() { " ✓" } else { "" };
    let pad = if indent { "    ↳ " } else { "" };
    format!("{pad}[{at}] {}: {}{resolved}  ({})", c.author_name, c.body, c.id)
}

/// Comments in timeline order, each followed by its replies.
pub fn comment_tree(comments: &[Comment]) {
    for top in comments.iter().filter(|c| c.parent_id.is_none()) {
        println!("{}", comment_line(top, false));
        print_replies(comments, top, 1);
    }
}

fn print_replies(all: &[Comment], parent: &Comment, depth: usize) {
    for reply in all.iter().filter(|c| c.parent_id == Some(parent.id)) {
        println!("{}{}", "    ".repeat(depth - 1), comment_line(reply, true));
        print_replies(all, reply, depth + 1);
    }
}
