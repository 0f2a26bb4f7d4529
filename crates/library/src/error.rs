//! The library's one error type. Every variant a person can cause says what was
//! wrong and what to do; [`Error::is_user_error`] tells callers which those are.

use std::path::PathBuf;

use crate::timecode::format_ms;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no {kind} with id {id}; {}", list_hint(kind))]
    NotFound { kind: &'static str, id: String },

    #[error("{given:?} is not a {kind} id (ids look like 0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f)")]
    MalformedId { kind: &'static str, given: String },

    #[error("the {field} is empty; give some text")]
    Empty { field: &'static str },

    #[error("the {field} is {len} characters long; the limit is {max}")]
    TooLong { field: &'static str, len: usize, max: usize },

    #[error("{} is past the end of the clip ({}); pick a time within it", format_ms(*at_ms), format_ms(*duration_ms))]
    PastEnd { at_ms: u64, duration_ms: u64 },

    #[error("the range ends at {} before it starts at {}; put the later time in --to", format_ms(*end_ms), format_ms(*start_ms))]
    RangeBackwards { start_ms: u64, end_ms: u64 },

    #[error("comment {parent} belongs to another clip; a reply must be on the same clip")]
    ReplyElsewhere { parent: String },

    #[error("{given:?} is not a reaction; give a single emoji such as 👍")]
    NotAnEmoji { given: String },

    #[error("the tag {given:?} is not usable; tags are 1-40 letters, digits, '-', '_' or '/'")]
    BadTag { given: String },

    #[error("{name} is a guest, not a team member; add them with `afterword people add`")]
    NotAMember { name: String },

    #[error("a team member is already called {name:?}; pick another name")]
    NameTaken { name: String },

    #[error("{0}")]
    Calendar(#[from] crate::calendar::CalendarError),

    #[error("{given:?} is not a kind; use clip, doc, thread, message or comment")]
    NotAKind { given: String },

    #[error("the {field} {given:?} is not a date; write 2026-11-01 or 2026-11-01T09:00:00Z")]
    NotADate { field: &'static str, given: String },

    #[error("the {field} {given:?} is not usable; {hint}")]
    BadValue { field: &'static str, given: String, hint: &'static str },

    #[error(
        "the library at {} was written by a newer Afterword (schema {found}; this build knows {supported}); \
         upgrade Afterword — the library was left untouched", path.display()
    )]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },

    #[error(
        "{} is not a readable Afterword database (corrupt, or not a database); it was not modified — \
         restore it from a backup or move it aside to start a new library", path.display()
    )]
    Corrupt { path: PathBuf },

    #[error("cannot write to the library folder {}: {source}; choose another with --library or AFTERWORD_HOME", path.display())]
    NotWritable { path: PathBuf, source: std::io::Error },

    #[error("no home folder is known for this user; set AFTERWORD_HOME to the library folder")]
    NoHome,

    #[error("the library is busy (another Afterword is writing); try again")]
    Busy,

    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),

    #[error("could not bring the library schema up to date: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl Error {
    /// True when the caller's input (not the machine) is at fault: the CLI exits
    /// with status 2 for these, and the share server answers 4xx.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::NotFound { .. }
                | Error::MalformedId { .. }
                | Error::Empty { .. }
                | Error::TooLong { .. }
                | Error::PastEnd { .. }
                | Error::RangeBackwards { .. }
                | Error::ReplyElsewhere { .. }
                | Error::NotAnEmoji { .. }
                | Error::BadTag { .. }
                | Error::NotAMember { .. }
                | Error::NameTaken { .. }
                | Error::Calendar(_)
                | Error::NotAKind { .. }
                | Error::NotADate { .. }
                | Error::BadValue { .. }
                | Error::NewerSchema { .. }
                | Error::Corrupt { .. }
                | Error::NotWritable { .. }
                | Error::NoHome
        )
    }

    pub(crate) fn not_found(kind: &'static str, id: impl ToString) -> Self {
        Error::NotFound { kind, id: id.to_string() }
    }
}

/// Where a person finds the ids of a kind of thing.
fn list_hint(kind: &str) -> &'static str {
    match kind {
        "clip" => "`afterword clips list` shows the ids",
        "document" => "`afterword docs list` shows the ids",
        "thread" => "`afterword threads list` shows the ids",
        "comment" => "`afterword comment list CLIP` shows the ids",
        "link" => "`afterword share list` shows the ids",
        "member" => "`afterword people list` shows the team",
        "storage target" => "`afterword storage list` shows the targets",
        _ => "check the id",
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            _ => Error::Sqlite(e),
        }
    }
}
