//! Files a finished transcript for a clip, for the browser end-to-end test:
//! transcribing for real needs a Whisper model, which that test does without.
//! It goes through the library as a transcription worker would (queue, claim,
//! finish), so the share server sees what it will see after `afterword
//! transcribe`.
//!
//! ```text
//! cargo run -p afterword-share --example file_transcript -- LIBRARY CLIP LANGUAGE < SEGMENTS
//! ```
//!
//! SEGMENTS is one line per segment, `START_MS END_MS TEXT`.

use std::{io::Read, path::PathBuf, process::ExitCode};

use afterword_library::{ClipId, Library, NewSegment, TranscriptRequest};

fn main() -> ExitCode {
    match run() {
        Ok(count) => {
            eprintln!("filed {count} segments");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<usize, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [home, clip, language] = args.as_slice() else {
        return Err("usage: file_transcript LIBRARY CLIP LANGUAGE < SEGMENTS (lines of START_MS END_MS TEXT)".into());
    };
    let clip: ClipId = clip.parse()?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let segments = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.trim().splitn(3, ' ');
            let (Some(start), Some(end), Some(text)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("{line:?} is not START_MS END_MS TEXT").into());
            };
            Ok(NewSegment { start_ms: start.parse()?, end_ms: end.parse()?, text: text.to_owned() })
        })
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;

    let mut lib = Library::open(PathBuf::from(home))?;
    lib.queue_transcript(clip, &TranscriptRequest::default())?;
    lib.claim_transcript(clip)?.ok_or("another worker holds this clip's transcript")?;
    lib.finish_transcript(clip, language, "fixture", &segments)?;
    Ok(segments.len())
}
