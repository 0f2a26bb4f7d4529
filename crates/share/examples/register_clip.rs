//! Registers a video file as a clip, for the browser end-to-end test and the
//! benchmark (until `afterword import` exists):
//!
//! ```text
//! cargo run -p afterword-share --example register_clip -- LIBRARY FILE TITLE DURATION_MS [WIDTH HEIGHT [THUMBNAIL]]
//! ```
//!
//! The file (and thumbnail) are copied into the library's `clips/` folder; the
//! new clip's id is printed on standard output.

use std::{path::PathBuf, process::ExitCode};

use afterword_library::{ClipId, ClipMedia, ClipStatus, Library, NewClip};

fn main() -> ExitCode {
    match run() {
        Ok(id) => {
            println!("{id}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ClipId, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [home, file, title, duration_ms, rest @ ..] = args.as_slice() else {
        return Err("usage: register_clip LIBRARY FILE TITLE DURATION_MS [WIDTH HEIGHT [THUMBNAIL]]".into());
    };
    let mut lib = Library::open(PathBuf::from(home))?;
    let id = ClipId::new();
    let media_path = format!("clips/{id}.mp4");
    let size_bytes = std::fs::copy(file, lib.resolve(&media_path))?;
    let thumbnail_path = match rest.get(2) {
        Some(thumb) => {
            let stored = format!("clips/{id}.jpg");
            std::fs::copy(thumb, lib.resolve(&stored))?;
            Some(stored)
        }
        None => None,
    };
    let media = ClipMedia {
        duration_ms: duration_ms.parse()?,
        width: rest.first().map(|w| w.parse()).transpose()?,
        height: rest.get(1).map(|h| h.parse()).transpose()?,
        size_bytes,
        media_path,
        thumbnail_path,
        capture: afterword_library::CaptureFacts { source: Some("import".into()), ..Default::default() },
    };
    Ok(lib.add_clip(NewClip { id, title: title.clone(), status: ClipStatus::Ready, media })?.id)
}
