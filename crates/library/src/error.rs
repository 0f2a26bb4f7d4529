//! The library's one error type. Every variant a person can cause says what was
//! wrong; [`Error::is_user_error`] tells callers which those are. Messages never
//! name a client's flags, commands or screens: the CLI and the desktop app show
//! them to different people, and each adds what to do in its own terms from the
//! variant (see `afterword-cli`'s `hint.rs` and the app's `error.rs`).

use std::path::PathBuf;

use crate::timecode::format_ms;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no {kind} with id {id}")]
    NotFound { kind: &'static str, id: String },

    #[error("{given:?} is not a {kind} id (ids look like 0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f)")]
    MalformedId { kind: &'static str, given: String },

    #[error("the {field} is empty; give some text")]
    Empty { field: &'static str },

    #[error("the {field} is {len} characters long; the limit is {max}")]
    TooLong { field: &'static str, len: usize, max: usize },

    #[error("{} is past the end of the clip ({}); pick a time within it", format_ms(*at_ms), format_ms(*duration_ms))]
    PastEnd { at_ms: u64, duration_ms: u64 },

    #[error("the range ends at {} before it starts at {}; the end must be the later time", format_ms(*end_ms), format_ms(*start_ms))]
    RangeBackwards { start_ms: u64, end_ms: u64 },

    #[error("the edit would leave {} of the clip; at least {} must remain", format_ms(*kept_ms), format_ms(*min_ms))]
    EditTooShort { kept_ms: u64, min_ms: u64 },

    #[error(
        "those kept ranges are not an edit of this clip (each within its part, in order, apart); use the ranges an earlier edit showed"
    )]
    NotAnEdit,

    #[error("clip {clip} is not finished (still recording, failed, or of unknown length), so it cannot be edited")]
    NotEditable { clip: String },

    #[error("comment {parent} belongs to another clip; a reply must be on the same clip")]
    ReplyElsewhere { parent: String },

    #[error("{given:?} is not a reaction; give a single emoji such as 👍")]
    NotAnEmoji { given: String },

    #[error("the tag {given:?} is not usable; tags are 1-40 letters, digits, '-', '_' or '/'")]
    BadTag { given: String },

    #[error("{name} is a guest, not a team member")]
    NotAMember { name: String },

    #[error("a team member is already called {name:?}; pick another name")]
    NameTaken { name: String },

    #[error("{0}")]
    Calendar(#[from] crate::calendar::CalendarError),

    #[error("{given:?} is not an urgency; use urgent, standard or non-urgent")]
    NotAnUrgency { given: String },

    #[error("{given:?} is not a kind; use clip, doc, thread, message, comment or transcript")]
    NotAKind { given: String },

    #[error("clip {clip} has no transcript yet")]
    NoTranscript { clip: String },

    #[error("nothing is said at {} in this transcript; give a time inside one of its lines", format_ms(*at_ms))]
    NoSegment { at_ms: u64 },

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

    #[error("cannot write to the library folder {}: {source}", path.display())]
    NotWritable { path: PathBuf, source: std::io::Error },

    /// A stored value this build cannot read (a row written by hand, by a
    /// broken tool, or damaged on disk). Refused like [`Error::Corrupt`], never
    /// read as a default: a default would be shown, and written back, as if
    /// it were true. `column` names the setting for a value in `settings`.
    #[error(
        "the library holds {value:?} in {table}.{column}, which is not a value this build can read; \
         nothing was changed — restore the library from a backup"
    )]
    CorruptValue { table: &'static str, column: &'static str, value: String },

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
                | Error::EditTooShort { .. }
                | Error::NotAnEdit
                | Error::NotEditable { .. }
                | Error::ReplyElsewhere { .. }
                | Error::NotAnEmoji { .. }
                | Error::BadTag { .. }
                | Error::NotAMember { .. }
                | Error::NameTaken { .. }
                | Error::Calendar(_)
                | Error::NotAnUrgency { .. }
                | Error::NotAKind { .. }
                | Error::NotADate { .. }
                | Error::NoTranscript { .. }
                | Error::NoSegment { .. }
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

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        // A row mapper refusing a stored value (`stored.rs`) can only say so
        // as a rusqlite error; it becomes the library's own variant here.
        let e = match e {
            rusqlite::Error::FromSqlConversionFailure(index, ty, cause) => match cause.downcast::<Unreadable>() {
                Ok(u) => return Error::CorruptValue { table: u.table, column: u.column, value: u.value },
                Err(cause) => rusqlite::Error::FromSqlConversionFailure(index, ty, cause),
            },
            e => e,
        };
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            _ => Error::Sqlite(e),
        }
    }
}

/// A stored value a row mapper could not read, carried through rusqlite's
/// conversion error to become [`Error::CorruptValue`].
#[derive(Debug, thiserror::Error)]
#[error("{table}.{column} holds {value:?}, which this build cannot read")]
pub(crate) struct Unreadable {
    pub(crate) table: &'static str,
    pub(crate) column: &'static str,
    pub(crate) value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI and the app show these sentences; each adds its own remedy.
    fn names_a_client(message: &str) -> bool {
        message.contains("--") || message.contains("afterword ") || message.contains('`')
    }

    #[test]
    fn messages_say_what_was_wrong_and_name_no_client() {
        let errors = [
            Error::RangeBackwards { start_ms: 5000, end_ms: 2000 },
            Error::NotWritable { path: "/nope".into(), source: std::io::Error::other("read-only") },
            Error::NotAMember { name: "Guest".into() },
            Error::EditTooShort { kept_ms: 200, min_ms: 500 },
            Error::NotEditable { clip: "x".into() },
            Error::NotAnUrgency { given: "asap".into() },
            Error::CorruptValue { table: "threads", column: "urgency", value: "asap".into() },
        ];
        let kinds = ["clip", "document", "thread", "comment", "link", "member", "storage target"];
        let not_found = kinds.map(|kind| Error::NotFound { kind, id: "x".into() });
        for e in errors.iter().chain(&not_found) {
            let message = e.to_string();
            assert!(!names_a_client(&message), "{message}");
        }
        assert_eq!(
            Error::RangeBackwards { start_ms: 5000, end_ms: 2000 }.to_string(),
            "the range ends at 0:02 before it starts at 0:05; the end must be the later time"
        );
    }

    #[test]
    fn a_value_refused_in_a_row_becomes_corrupt_value() {
        let e = Error::from(crate::stored::refuse("clips", "status", "paused"));
        assert!(
            matches!(&e, Error::CorruptValue { table: "clips", column: "status", value } if value == "paused"),
            "{e:?}"
        );
        assert!(!e.is_user_error());
    }
}
