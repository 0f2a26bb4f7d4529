//! Typed, time-ordered ids (UUIDv7): sortable by creation, unique across
//! machines, and never mixed up between kinds at compile time.

use std::{fmt, str::FromStr};

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Error;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident = $kind:literal;)*) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// What this id names, in words ("clip", "comment", …).
            pub const KIND: &'static str = $kind;

            /// A fresh id, ordered after every id made before it on this machine.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                Uuid::try_parse(s.trim())
                    .map(Self)
                    .map_err(|_| Error::MalformedId { kind: $kind, given: s.to_owned() })
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = value.as_str()?;
                Uuid::try_parse(s).map(Self).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}

id_type! {
    /// A clip: one recording or imported video.
    ClipId = "clip";
    /// A comment (or reply) on a clip.
    CommentId = "comment";
    /// A markdown document.
    DocumentId = "document";
    /// A share link.
    LinkId = "link";
    /// A message in a thread.
    MessageId = "message";
    /// A person who records, comments or replies.
    PersonId = "person";
    /// A timestamped emoji reaction.
    ReactionId = "reaction";
    /// A thread: an async conversation.
    ThreadId = "thread";
}
