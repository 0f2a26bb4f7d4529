//! `afterword search QUERY`.

use afterword_library::{Library, SearchKind, timecode::format_ms};

use crate::output::emit;

pub fn run(lib: &Library, query: &str, limit: usize, json: bool) -> anyhow::Result<()> {
    let hits = lib.search(query, limit)?;
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
                    format!(
                        "{} at {}",
                        h.clip_id.clone().unwrap_or_default(),
                        format_ms(h.at_ms.unwrap_or(0))
                    ),
                ),
            };
            println!(
                "{kind:<8} {}  — {}\n         {target}",
                h.title,
                h.snippet.replace('\n', " ")
            );
        }
    })
}
