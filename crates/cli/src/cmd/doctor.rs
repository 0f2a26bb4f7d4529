//! `afterword doctor`: where the library is and what state it is in.

use std::path::Path;

use afterword_library::{Library, SCHEMA_VERSION};
use serde::Serialize;

use crate::output::{self, emit};

#[derive(Debug, Serialize)]
struct Report {
    library: String,
    database: String,
    schema_version: u32,
    schema_supported: u32,
    database_bytes: u64,
    media_bytes: u64,
    clips: u64,
    version: &'static str,
}

pub fn run(lib: &Library, json: bool) -> anyhow::Result<()> {
    let db = lib.db_path();
    let report = Report {
        library: lib.home().display().to_string(),
        database: db.display().to_string(),
        schema_version: lib.schema_version()?,
        schema_supported: SCHEMA_VERSION,
        database_bytes: file_size(&db) + file_size(&db.with_extension("db-wal")),
        media_bytes: dir_size(&lib.clips_dir()),
        clips: lib.clip_count()?,
        version: env!("CARGO_PKG_VERSION"),
    };
    emit(json, &report, |r| {
        println!("Afterword {}", r.version);
        println!("  library   {}", r.library);
        println!("  database  {} ({})", r.database, output::size(r.database_bytes));
        println!("  schema    {} (this build: {})", r.schema_version, r.schema_supported);
        println!("  clips     {} ({} of media)", r.clips, output::size(r.media_bytes));
    })
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|entries| {
            entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
        })
        .unwrap_or(0)
}
