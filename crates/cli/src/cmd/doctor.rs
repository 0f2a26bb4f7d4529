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
    /// H.264 and AAC encoders, each really opened once.
    encoders: Vec<afterword_media::EncoderInfo>,
    /// Displays, windows and microphones, and why any could not be listed.
    capture: afterword_media::Devices,
    /// How the app's global hotkeys reach the desktop (Wayland: the
    /// GlobalShortcuts portal, where the desktop offers it).
    #[cfg(target_os = "linux")]
    shortcuts: afterword_media::Shortcuts,
    /// Installed speech models, and how new clips are transcribed.
    speech_models: Vec<String>,
    transcription: afterword_library::TranscriptionSettings,
    /// Clips whose transcript waits for a run.
    transcripts_waiting: usize,
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
        encoders: afterword_media::encoders(),
        capture: afterword_media::devices(None),
        #[cfg(target_os = "linux")]
        shortcuts: afterword_media::shortcuts(),
        speech_models: afterword_transcripts::Models::of(lib).list(lib)?.into_iter().map(|m| m.name).collect(),
        transcription: lib.transcription_settings()?,
        transcripts_waiting: lib.transcripts_waiting()?.len(),
    };
    emit(json, &report, |r| {
        println!("Afterword {}", r.version);
        println!("  library   {}", r.library);
        println!("  database  {} ({})", r.database, output::size(r.database_bytes));
        println!("  schema    {} (this build: {})", r.schema_version, r.schema_supported);
        println!("  clips     {} ({} of media)", r.clips, output::size(r.media_bytes));
        println!("Encoders");
        for e in &r.encoders {
            let kind = if e.hardware { "hardware" } else { "software" };
            match (&e.opens, &e.error) {
                (true, _) => println!("  ✓ {} ({kind})", e.name),
                (false, Some(why)) => println!("  ✗ {} ({kind}): {why}", e.name),
                (false, None) => println!("  ✗ {} ({kind})", e.name),
            }
        }
        println!("Capture");
        println!("  screen    {}", r.capture.backend);
        for d in &r.capture.displays {
            println!("  display {} {}×{}, {} monitor(s)", d.name, d.width, d.height, d.monitors.len());
        }
        println!("  {} microphone input(s)", r.capture.microphones.len());
        println!("  {} camera(s)", r.capture.cameras.len());
        for p in &r.capture.problems {
            println!("  note: {p}");
        }
        #[cfg(target_os = "linux")]
        println!("  shortcuts {}", r.shortcuts);
        println!("Transcription");
        match r.speech_models.as_slice() {
            [] => println!("  no speech model installed (`afterword models add FILE`): clips are not transcribed"),
            names => println!("  models    {}", names.join(", ")),
        }
        let automatic = if r.transcription.automatic { "on" } else { "off" };
        println!("  automatic {automatic}, language {}", r.transcription.language.as_deref().unwrap_or("detected"));
        if r.transcripts_waiting > 0 {
            println!("  {} clip(s) waiting (`afterword transcribe --waiting`)", r.transcripts_waiting);
        }
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
