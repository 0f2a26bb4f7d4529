//! Limits on what people type, checked before anything is written. They are
//! generous for real use and small enough that one bad request can't bloat the
//! library or a viewer's page.

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy)]
pub struct Limits;

impl Limits {
    /// Clip, document and thread titles.
    pub const TITLE: usize = 200;
    /// A comment or a thread message.
    pub const COMMENT: usize = 10_000;
    /// A document's markdown body.
    pub const DOCUMENT: usize = 1_000_000;
    /// A person's display name.
    pub const NAME: usize = 80;
    /// A reaction, in characters (an emoji with skin tone and joiners).
    pub const EMOJI: usize = 16;
}

/// Trims `text` and checks it is non-empty and at most `max` characters.
pub(crate) fn text(field: &'static str, text: &str, max: usize) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::Empty { field });
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(Error::TooLong { field, len, max });
    }
    Ok(trimmed.to_owned())
}

/// Like [`text`], but an empty text is allowed (a document body).
pub(crate) fn optional_text(field: &'static str, text: &str, max: usize) -> Result<String> {
    let len = text.chars().count();
    if len > max {
        return Err(Error::TooLong { field, len, max });
    }
    Ok(text.to_owned())
}

/// A reaction is one short run of non-alphanumeric, non-space symbols.
pub(crate) fn emoji(given: &str) -> Result<String> {
    let e = given.trim();
    let ok = !e.is_empty()
        && e.chars().count() <= Limits::EMOJI
        && e.chars().all(|c| !c.is_whitespace() && !c.is_ascii() && !c.is_control());
    if ok { Ok(e.to_owned()) } else { Err(Error::NotAnEmoji { given: given.to_owned() }) }
}

/// Tags are short words: letters, digits, `-`, `_`, `/` (for folder-like tags).
pub(crate) fn tag(given: &str) -> Result<String> {
    let t = given.trim().trim_start_matches('#');
    let ok = !t.is_empty()
        && t.chars().count() <= 40
        && t.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/'));
    if ok { Ok(t.to_lowercase()) } else { Err(Error::BadTag { given: given.to_owned() }) }
}
