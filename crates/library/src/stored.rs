//! Reading stored values that must parse. The library refuses what it cannot
//! read rather than repairing it (see `Error::Corrupt`): a status, urgency,
//! kind or time that doesn't parse is [`Error::CorruptValue`], never a default
//! that would be shown — and written back — as if it were true.
//!
//! Row mappers return `rusqlite::Result`, so these helpers wrap the refusal in
//! a conversion error that `From<rusqlite::Error> for Error` unwraps again.
//!
//! [`Error::CorruptValue`]: crate::Error::CorruptValue

use jiff::Timestamp;
use rusqlite::{Row, types::Type};

use crate::error::Unreadable;

/// The refusal of `value` found in `table.column`, as a row mapper returns it.
pub(crate) fn refuse(table: &'static str, column: &'static str, value: impl ToString) -> rusqlite::Error {
    let unreadable = Unreadable { table, column, value: value.to_string() };
    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(unreadable))
}

/// The text in `column`, read by `parse`; refused when `parse` gives nothing.
pub(crate) fn text<T>(
    row: &Row<'_>,
    table: &'static str,
    column: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let value: String = row.get(column)?;
    parse(&value).ok_or_else(|| refuse(table, column, value))
}

/// Unix milliseconds as a time; refused outside the years jiff can represent.
pub(crate) fn at_ms(table: &'static str, column: &'static str, ms: i64) -> rusqlite::Result<Timestamp> {
    Timestamp::from_millisecond(ms).map_err(|_| refuse(table, column, ms))
}

/// The time in `column` (Unix milliseconds).
pub(crate) fn time(row: &Row<'_>, table: &'static str, column: &'static str) -> rusqlite::Result<Timestamp> {
    at_ms(table, column, row.get(column)?)
}

/// The time in a nullable `column` (Unix milliseconds).
pub(crate) fn time_opt(
    row: &Row<'_>,
    table: &'static str,
    column: &'static str,
) -> rusqlite::Result<Option<Timestamp>> {
    row.get::<_, Option<i64>>(column)?.map(|ms| at_ms(table, column, ms)).transpose()
}

/// The JSON kept under `key` in `settings`: `None` until someone sets it; a
/// value that doesn't read as `T` is refused, never replaced by a default.
pub(crate) fn setting<T: serde::de::DeserializeOwned>(
    conn: &rusqlite::Connection,
    key: &'static str,
) -> crate::Result<Option<T>> {
    use rusqlite::OptionalExtension;
    let stored: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    stored
        .map(|json| {
            serde_json::from_str(&json).map_err(|_| crate::Error::CorruptValue {
                table: "settings",
                column: key,
                value: json,
            })
        })
        .transpose()
}

/// Keeps `value` as JSON under `key` in `settings`.
pub(crate) fn put_setting<T: serde::Serialize>(conn: &rusqlite::Connection, key: &str, value: &T) -> crate::Result<()> {
    let json = serde_json::to_string(value).unwrap_or_default();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, json],
    )?;
    Ok(())
}
