//! `afterword search QUERY`.

use afterword_library::{Library, SearchFilter, SearchKind, timecode::format_ms};
use clap::Args;
use jiff::{Timestamp, civil::Date, tz::TimeZone};

use crate::{Refused, output::emit};

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these kinds: clip, doc, thread, message, comment (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', value_parser = kind)]
    kind: Vec<SearchKind>,
    #[arg(long)]
    tag: Option<String>,
    /// Written by this person (comments, messages, clips, threads).
    #[arg(long)]
    author: Option<String>,
    #[arg(long)]
    folder: Option<String>,
    /// From this day (2026-11-01) or moment (RFC 3339) on.
    #[arg(long, value_parser = when)]
    since: Option<Timestamp>,
    /// Before this day or moment.
    #[arg(long, value_parser = when)]
    until: Option<Timestamp>,
    /// Only clips (and their comments and documents) with open comments.
    #[arg(long)]
    unresolved: bool,
}

fn kind(s: &str) -> Result<SearchKind, String> {
    match s.trim().to_lowercase().as_str() {
        "clip" | "clips" => Ok(SearchKind::Clip),
        "doc" | "docs" | "document" | "documents" => Ok(SearchKind::Document),
        "thread" | "threads" => Ok(SearchKind::Thread),
        "message" | "messages" => Ok(SearchKind::Message),
        "comment" | "comments" => Ok(SearchKind::Comment),
        other => Err(format!("{other:?} is not a kind; use clip, doc, thread, message or comment")),
    }
}

/// A day (local midnight) or an exact moment.
fn when(s: &str) -> Result<Timestamp, String> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    s.parse::<Date>()
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::system()).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| format!("{s:?} is not a date; write 2026-11-01 or 2026-11-01T09:00:00Z"))
}

pub fn run(lib: &Library, query: &str, filter: &FilterArgs, limit: usize, json: bool) -> anyhow::Result<()> {
    if query.trim().is_empty() {
        return Err(Refused("give some words to search for, e.g. `afterword search pricing page`".into()).into());
    }
    let filter = SearchFilter {
        kinds: filter.kind.clone(),
        tag: filter.tag.clone(),
        author: filter.author.clone(),
        folder: filter.folder.clone(),
        since: filter.since,
        until: filter.until,
        unresolved: filter.unresolved,
    };
    let hits = lib.search_filtered(query, &filter, limit)?;
    emit(json, &hits, |hits| {
        if hits.is_empty() {
            println!("Nothing matches “{}”.", query.trim());
        }
        for h in hits {
            let (kind, target) = match h.kind {
                SearchKind::Clip => ("clip", h.id.clone()),
                SearchKind::Document => ("doc", h.id.clone()),
                SearchKind::Thread => ("thread", h.id.clone()),
                SearchKind::Message => ("message", h.thread_id.clone().unwrap_or_default()),
                SearchKind::Comment => (
                    "comment",
                    format!("{} at {}", h.clip_id.clone().unwrap_or_default(), format_ms(h.at_ms.unwrap_or(0))),
                ),
            };
            println!("{kind:<8} {}  — {}\n         {target}", h.title, h.snippet.replace('\n', " "));
        }
    })
}
