//! `afterword`: the library, recording and sharing from a terminal. Thin: it
//! parses, calls the crates, and prints.

mod args;
mod cmd;
mod hint;
mod output;
mod progress;

use std::io::IsTerminal;
use std::process::ExitCode;

use afterword_library::{Library, timecode::TimecodeError};
use clap::Parser as _;

use crate::args::{Cli, Command};

/// Input the CLI itself refuses (before any crate is called).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(String);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{} (see --help)", clap_error_line(&e.render().to_string()));
            return ExitCode::from(2);
        }
    };
    init_logging(cli.verbose);
    end_quietly_on_a_closed_pipe(&cli.command);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", hint::error_line(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut lib = match cli.library {
        Some(dir) => Library::open(dir)?,
        None => Library::open_default()?,
    };
    if let Some(name) = &cli.as_member {
        let member = lib.member(name)?;
        lib.act_as(member.id)?;
    }
    let json = cli.json;
    if !matches!(cli.command, Command::Doctor) {
        cmd::record::recover_crashed(&mut lib)?;
    }
    match cli.command {
        Command::Clips(c) => cmd::clips::run(&mut lib, c, json),
        Command::Docs(c) => cmd::docs::run(&mut lib, c, json),
        Command::Threads(c) => cmd::threads::run(&mut lib, c, json),
        Command::Comment(c) => cmd::comments::run(&mut lib, c, json),
        Command::React { clip, at, emoji } => cmd::comments::react(&mut lib, &clip, &at, &emoji, json),
        Command::Search { query, limit, filter } => cmd::search::run(&lib, &query.join(" "), &filter, limit, json),
        Command::Record(a) => cmd::record::record(&mut lib, a, json),
        Command::Transcribe(a) => cmd::transcribe::transcribe(&mut lib, a, json),
        Command::Transcript(c) => cmd::transcribe::transcript(&mut lib, c, json),
        Command::Models(c) => cmd::transcribe::models(&mut lib, c, json),
        Command::Devices => cmd::record::devices(json),
        Command::Import(a) => cmd::record::import(&mut lib, a, json),
        Command::Inbox => cmd::inbox::run(&lib, json),
        Command::People(c) => cmd::people::run(&mut lib, c, json),
        Command::Expectations(a) => cmd::people::expectations(&mut lib, a, json),
        Command::Folders => cmd::inbox::folders(&lib, json),
        Command::Doctor => cmd::doctor::run(&lib, json),
        Command::Share(a) => cmd::share::run(&mut lib, a, json),
        Command::Serve(a) => cmd::serve::run(lib, a, json),
        Command::Storage(c) => cmd::storage::run(&mut lib, c, json),
        Command::Publish(a) => cmd::publish::run(&mut lib, a, json),
    }
}

/// 2 for anything the user can fix by changing the command or its input
/// (as clap does for bad arguments); 1 for failures of the machine.
fn exit_code(e: &anyhow::Error) -> u8 {
    let user = e.chain().any(|cause| {
        cause.downcast_ref::<afterword_library::Error>().is_some_and(|e| e.is_user_error())
            || cause.downcast_ref::<afterword_storage::StorageError>().is_some_and(|e| e.is_user_error())
            || cause.is::<afterword_media::DeviceError>()
            || cause.downcast_ref::<afterword_recording::Error>().is_some_and(|e| e.is_user_error())
            || cause.downcast_ref::<afterword_transcripts::Error>().is_some_and(|e| e.is_user_error())
            || cause.downcast_ref::<afterword_editing::Error>().is_some_and(|e| e.is_user_error())
            || cause.is::<TimecodeError>()
            || cause.is::<Refused>()
    });
    if user { 2 } else { 1 }
}

/// clap's report runs to several paragraphs (what's wrong, usage, where
/// to learn more); keep the first, on one line: "the following required
/// arguments were not provided:" puts the arguments on lines of their own.
fn clap_error_line(rendered: &str) -> String {
    let first = rendered.split("\n\n").next().unwrap_or_default();
    let line = first.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    if line.is_empty() { "error: bad arguments".to_owned() } else { line }
}

/// A listing piped into a reader that stops early (`afterword clips list |
/// head -1`) ends as `ls | head` does, by SIGPIPE, where Rust's default
/// (SIGPIPE ignored) made the next `println!` panic. Not for the commands
/// that talk to the X and audio servers or serve: a write to a Unix socket
/// whose server went away must come back as an error the recorder reports,
/// not end the process.
fn end_quietly_on_a_closed_pipe(command: &Command) {
    if matches!(command, Command::Record(_) | Command::Devices | Command::Doctor | Command::Serve(_)) {
        return;
    }
    let always = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    if let Err(e) = signal_hook::flag::register_conditional_default(signal_hook::consts::SIGPIPE, always) {
        tracing::debug!(error = %e, "a closed pipe stays an error");
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => format!("warn,{}", afterword_media::QUIET_DEPENDENCIES),
        1 => format!("info,{}", afterword_media::QUIET_DEPENDENCIES),
        _ => "debug".to_owned(),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}
