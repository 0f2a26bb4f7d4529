//! `afterword search QUERY`.

use afterword_library::{Library, SearchFilter, SearchFilterText, SearchKind, timecode::format_ms};
use clap::Args;

use crate::{Refused, output::emit};

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these kinds: clip, doc, thread, message, comment, transcript (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    kind: Vec<SearchKind>,
    #[arg(long)]
    tag: Option<String>,
    /// Written by this person (comments, messages, clips, threads).
    #[arg(long)]
    author: Option<String>,
    #[arg(long)]
    folder: Option<String>,
    /// From this day (2026-11-01) or moment (RFC 3339) on.
    #[arg(long)]
    since: Option<String>,
    /// Before this day or moment.
    #[arg(long)]
    until: Option<String>,
    /// Only clips (and their comments and documents) with open comments.
    #[arg(long)]
    unresolved: bool,
}

impl FilterArgs {
    /// The flags as typed; the library reads them, as it does for the app.
    fn text(&self) -> SearchFilterText {
        SearchFilterText {
            kinds: self.kind.clone(),
            tag: self.tag.clone(),
            author: self.author.clone(),
            folder: self.folder.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            unresolved: self.unresolved,
        }
    }
}

pub fn run(lib: &Library, query: &str, filter: &FilterArgs, limit: usize, json: bool) -> anyhow::Result<()> {
    if query.trim().is_empty() {
        return Err(Refused("give some words to search for, e.g. `afterword search pricing page`".into()).into());
    }
    let hits = lib.search_filtered(query, &SearchFilter::try_from(filter.text())?, limit)?;
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
                SearchKind::Transcript => {
                    let at = format_ms(h.at_ms.unwrap_or(0));
                    println!("said     at {at} in {}  — {}", h.title, h.snippet.replace('\n', " "));
                    println!("         {} at {at}", h.clip_id.clone().unwrap_or_default());
                    continue;
                }
            };
            println!("{kind:<8} {}  — {}\n         {target}", h.title, h.snippet.replace('\n', " "));
        }
    })
}
