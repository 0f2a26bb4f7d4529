//! `afterword publish CLIP --to TARGET [--static]`: uploads the clip, its
//! thumbnail and metadata (and a static viewer page) with a progress bar on a
//! terminal. Running it again sends nothing that is already there, and finishes
//! an upload that was interrupted.

use std::io::IsTerminal;

use afterword_library::{ClipId, Library};
use afterword_storage::{Progress, PublishOptions, Store, publish};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::{
    cmd::{id, storage::runtime},
    output::{emit, size},
};

#[derive(Debug, Args)]
pub struct PublishArgs {
    pub clip: String,
    /// The storage target (see `afterword storage list`).
    #[arg(long, value_name = "TARGET")]
    pub to: String,
    /// Also write a self-contained, read-only viewer page next to the clip.
    #[arg(long = "static")]
    pub static_page: bool,
}

/// The progress bar, drawn on standard error.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

pub fn run(lib: &mut Library, args: PublishArgs, json: bool) -> anyhow::Result<()> {
    let clip: ClipId = id(&args.clip)?;
    let target = lib.storage_target(&args.to)?;
    // An edited clip publishes its cut: make it first if a failure left it unmade.
    crate::cmd::edits::render(lib, clip, json)?;
    let bar = if std::io::stderr().is_terminal() && !json { ProgressBar::new(0) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let bar = Bar(bar);
    let options = PublishOptions { static_page: args.static_page };
    let report = runtime()?.block_on(async {
        let store = Store::open(&target)?;
        publish(lib, &store, clip, options, &bar).await
    });
    bar.0.finish_and_clear();
    let report = report?;
    let media = report.publication.object(afterword_library::ObjectRole::Media).map(|o| o.key.clone());
    let value = json!({
        "clip": clip,
        "target": target.name,
        "media_key": media,
        "uploaded": report.uploaded,
        "unchanged": report.unchanged,
        "bytes_sent": report.sent.bytes,
        "parts_sent": report.sent.parts,
        "parts_resumed": report.sent.parts_resumed,
        "page_url": report.page_url,
    });
    emit(json, &value, |_| {
        if report.uploaded.is_empty() {
            println!("{clip} is already published to {}; nothing to send.", target.name);
        } else {
            let resumed = match report.sent.parts_resumed {
                0 => String::new(),
                n => format!(", resumed after {n} part(s) already there"),
            };
            println!("Published {clip} to {} ({} sent{resumed}).", target.name, size(report.sent.bytes));
        }
        if let Some(url) = &report.page_url {
            println!("Static page: {url}");
        }
    })
}
