//! One module per verb group; each is a thin call into the crates.

pub mod clips;
pub mod comments;
pub mod docs;
pub mod doctor;
pub mod edits;
pub mod inbox;
pub mod people;
pub mod publish;
pub mod record;
pub mod search;
pub mod serve;
pub mod share;
pub mod storage;
pub mod threads;
pub mod transcribe;

use std::{io::Read, path::Path};

use anyhow::Context;

/// Parses an id typed on the command line into the kind the verb expects.
pub fn id<T: std::str::FromStr<Err = afterword_library::Error>>(given: &str) -> anyhow::Result<T> {
    Ok(given.parse::<T>()?)
}

/// A body from `--body`, `--file FILE` or `--file -` (standard input).
pub fn read_body(body: Option<String>, file: Option<&Path>) -> anyhow::Result<Option<String>> {
    match (body, file) {
        (Some(b), _) => Ok(Some(b)),
        (None, Some(p)) if p == Path::new("-") => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("reading the body from standard input")?;
            Ok(Some(s))
        }
        (None, Some(p)) => Ok(Some(std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?)),
        (None, None) => Ok(None),
    }
}
