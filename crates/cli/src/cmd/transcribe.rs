//! `afterword transcribe`, `afterword transcript show|edit|settings` and
//! `afterword models`: what a clip says, from a terminal. The work is
//! `afterword-transcripts`'; this parses, draws the progress bar and prints.

use std::path::PathBuf;

use afterword_library::{
    CaptionFormat, ClipId, Library, Transcript, TranscriptRequest, TranscriptStatus, TranscriptionSettings,
    timecode::{format_ms, parse_ms},
};
use afterword_transcripts::{Cancel, Models, Transcriber};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::{
    Refused,
    cmd::id,
    output::{emit, size},
    progress::Bar,
};

#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// The clip (see `afterword clips list`).
    #[arg(required_unless_present = "waiting", conflicts_with = "waiting")]
    clip: Option<String>,
    /// The language spoken, as a two-letter code (en, de…); default: detect it.
    #[arg(long)]
    language: Option<String>,
    /// The model, by name (see `afterword models list`); default: the default model.
    #[arg(long)]
    model: Option<String>,
    /// Transcribe every clip waiting for its transcript (queued, or left by a quit).
    #[arg(long)]
    waiting: bool,
}

#[derive(Debug, Subcommand)]
pub enum TranscriptCmd {
    /// Print a clip's transcript.
    Show {
        clip: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Correct the line spoken at a moment (a misheard name); search follows.
    Edit {
        clip: String,
        /// A moment inside the line: 1:23, 83 or 0:07.5.
        #[arg(long)]
        at: String,
        text: String,
    },
    /// Show or change how new clips are transcribed.
    Settings {
        /// Transcribe new recordings and imports by themselves.
        #[arg(long, value_enum)]
        automatic: Option<OnOff>,
        /// The language spoken (two letters), or `auto` to detect it.
        #[arg(long)]
        language: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Vtt,
    Srt,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum ModelsCmd {
    /// The installed speech models.
    List,
    /// Install a ggml model file (checked first; a wrong or truncated file is refused).
    Add {
        file: PathBuf,
        /// Its name (default: the file's name without `ggml-` and `.bin`).
        #[arg(long)]
        name: Option<String>,
    },
    /// Remove an installed model.
    Remove { name: String },
    /// Transcribe with this model unless told otherwise.
    Default { name: String },
}

pub fn transcribe(lib: &mut Library, a: TranscribeArgs, json: bool) -> anyhow::Result<()> {
    let cancel = cancel_on_signal()?;
    let mut transcriber = Transcriber::new();
    if a.waiting {
        let bar = Bar::new(json);
        let done = transcriber.waiting(lib, &cancel, &mut |clip, pct| bar.at(&clip.to_string(), pct))?;
        bar.done();
        return emit(json, &done, |done| {
            if done.is_empty() {
                println!("No clip is waiting for its transcript.");
            }
            for t in done {
                println!("{}  {}", t.clip_id, status_line(t));
            }
        });
    }
    let clip: ClipId = id(a.clip.as_deref().unwrap_or_default())?;
    let request = TranscriptRequest { language: a.language, model: a.model, retitle: false };
    let t = run_one(lib, &mut transcriber, clip, &request, &cancel, json)?;
    emit(json, &t, |t| {
        eprintln!("{}", status_line(t));
        print!("{}", CaptionFormat::Text.write(&t.segments));
    })
}

/// Transcribes `clip` in the foreground with a progress bar; Ctrl-C stops it
/// and leaves it queued for the next run.
fn run_one(
    lib: &mut Library,
    transcriber: &mut Transcriber,
    clip: ClipId,
    request: &TranscriptRequest,
    cancel: &Cancel,
    json: bool,
) -> anyhow::Result<Transcript> {
    let bar = Bar::new(json);
    let done = transcriber.now(lib, clip, request, cancel, &mut |pct| bar.at("transcribing", pct));
    bar.done();
    match done {
        Err(_) if cancel.is_cancelled() => {
            Err(Refused("stopped; the clip stays queued: `afterword transcribe --waiting` finishes it".into()).into())
        }
        other => Ok(other?),
    }
}

/// After `record` or `import` queued a transcript: runs it now, in the
/// foreground, after the clip was printed (its link never waits for it).
pub fn after_capture(lib: &mut Library, queued: Option<&Transcript>, json: bool) -> anyhow::Result<()> {
    let Some(queued) = queued else { return Ok(()) };
    let cancel = cancel_on_signal()?;
    let Some(claim) = lib.claim_transcript(queued.clip_id)? else { return Ok(()) };
    let bar = Bar::new(json);
    let ran = Transcriber::new().run(lib, &claim, &cancel, &mut |pct| bar.at("transcribing", pct));
    bar.done();
    match ran {
        Ok(t) if !json => eprintln!("{}", status_line(&t)),
        Ok(_) => {}
        Err(e) if cancel.is_cancelled() => {
            tracing::debug!("transcription stopped: {e}");
            eprintln!("Transcription stopped; `afterword transcribe --waiting` finishes it.");
        }
        Err(e) => eprintln!("warning: the clip is saved, but it could not be transcribed: {e}"),
    }
    Ok(())
}

pub fn transcript(lib: &mut Library, c: TranscriptCmd, json: bool) -> anyhow::Result<()> {
    match c {
        TranscriptCmd::Show { clip, format } => {
            let clip: ClipId = id(&clip)?;
            let t = lib.transcript(clip)?.ok_or(afterword_library::Error::NoTranscript { clip: clip.to_string() })?;
            if json || matches!(format, Format::Json) {
                return emit(true, &t, |_| {});
            }
            if t.status != TranscriptStatus::Done {
                eprintln!("{}", status_line(&t));
            }
            let format = match format {
                Format::Text => {
                    print_lines(&t);
                    return Ok(());
                }
                Format::Vtt => CaptionFormat::Vtt,
                Format::Srt => CaptionFormat::Srt,
                Format::Json => unreachable!("printed above"),
            };
            print!("{}", format.write(&t.segments));
            Ok(())
        }
        TranscriptCmd::Edit { clip, at, text } => {
            let clip: ClipId = id(&clip)?;
            let segment = lib.correct_transcript(clip, parse_ms(&at)?, &text)?;
            emit(json, &segment, |s| println!("{}  {}", format_ms(s.start_ms), s.text))
        }
        TranscriptCmd::Settings { automatic, language } => {
            let mut settings = lib.transcription_settings()?;
            if let Some(a) = automatic {
                settings.automatic = matches!(a, OnOff::On);
            }
            if let Some(l) = language {
                settings.language = Some(l);
            }
            let settings = lib.set_transcription_settings(&settings)?;
            emit(json, &settings, print_settings)
        }
    }
}

pub fn models(lib: &mut Library, c: ModelsCmd, json: bool) -> anyhow::Result<()> {
    let models = Models::of(lib);
    let view = |m: &afterword_transcripts::Model| {
        json!({"name": m.name, "kind": m.kind, "multilingual": m.multilingual, "bytes": m.bytes,
               "default": m.default, "path": m.path})
    };
    match c {
        ModelsCmd::List => {
            let list = models.list(lib)?;
            let values: Vec<_> = list.iter().map(view).collect();
            emit(json, &values, |_| {
                if list.is_empty() {
                    println!("No speech model is installed; add one with `afterword models add FILE`.");
                }
                for m in &list {
                    let default = if m.default { "  (default)" } else { "" };
                    println!("{:<16} {:<8} {:>9}{default}", m.name, m.kind, size(m.bytes));
                }
            })
        }
        ModelsCmd::Add { file, name } => {
            if !file.is_file() {
                return Err(Refused(format!("{} is not a file; give the path of a ggml model", file.display())).into());
            }
            let m = models.add(lib, &file, name.as_deref())?;
            emit(json, &view(&m), |_| println!("Installed {} ({}, {}).", m.name, m.kind, size(m.bytes)))
        }
        ModelsCmd::Remove { name } => {
            let m = models.remove(lib, &name)?;
            emit(json, &view(&m), |_| println!("Removed {}.", m.name))
        }
        ModelsCmd::Default { name } => {
            let m = models.set_default(lib, &name)?;
            emit(json, &view(&m), |_| println!("{} is the default model.", m.name))
        }
    }
}

fn print_lines(t: &Transcript) {
    for s in &t.segments {
        println!("{:>8}  {}", format_ms(s.start_ms), s.text);
    }
}

fn print_settings(s: &TranscriptionSettings) {
    println!("automatic  {}", if s.automatic { "on" } else { "off" });
    println!("model      {}", s.model.as_deref().unwrap_or("(the only one installed)"));
    println!("language   {}", s.language.as_deref().unwrap_or("detect"));
}

/// One line on where a transcript stands.
fn status_line(t: &Transcript) -> String {
    match t.status {
        TranscriptStatus::Done => format!(
            "Transcribed: {} line(s), {} with {}.",
            t.segments.len(),
            t.detected_language.as_deref().unwrap_or("?"),
            t.used_model.as_deref().unwrap_or("?")
        ),
        TranscriptStatus::NoSpeech => "Nothing is said in this clip.".into(),
        TranscriptStatus::Pending => "The transcript is queued.".into(),
        TranscriptStatus::Running => format!("The transcript is being made ({}%).", t.progress),
        TranscriptStatus::Failed => format!("The transcript failed: {}", t.error.as_deref().unwrap_or("unknown")),
    }
}

/// Ctrl-C and SIGTERM stop the transcription (handing the clip back
/// queued) instead of killing the process midway.
fn cancel_on_signal() -> anyhow::Result<Cancel> {
    let cancel = Cancel::new();
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, cancel.flag())?;
    }
    Ok(cancel)
}
