//! What a search is narrowed to, and the one place where the words a person
//! types for it (`--kind docs`, `--since 2026-11-01`, a blank tag box) become
//! that filter. The CLI and the desktop app both hand their fields here, so a
//! kind's spellings and what a bare date means can't drift between them.

use std::str::FromStr;

use jiff::{Timestamp, civil::Date, tz::TimeZone};

use super::SearchKind;
use crate::error::{Error, Result};

/// What to narrow a search to; every part is optional. Tags and folders
/// apply to what a hit belongs to (a comment's clip, a message's thread).
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// Only these kinds (all when empty).
    pub kinds: Vec<SearchKind>,
    pub tag: Option<String>,
    /// Who wrote it: a comment's or message's author, a clip's owner, a
    /// thread's starter (documents have no single author and drop out).
    pub author: Option<String>,
    /// A folder and its subfolders.
    pub folder: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Only clips (and their comments, and documents holding them) with at
    /// least one open top-level comment.
    pub unresolved: bool,
}

/// A filter as a person wrote it: text boxes and flags, not yet checked.
/// Blank text means "any"; dates are read by [`SearchFilter::try_from`].
#[derive(Debug, Clone, Default)]
pub struct SearchFilterText {
    pub kinds: Vec<SearchKind>,
    pub tag: Option<String>,
    pub author: Option<String>,
    pub folder: Option<String>,
    /// From this day (`2026-11-01`, local midnight) or moment (RFC 3339) on.
    pub since: Option<String>,
    /// Before this day or moment.
    pub until: Option<String>,
    pub unresolved: bool,
}

impl TryFrom<SearchFilterText> for SearchFilter {
    type Error = Error;

    fn try_from(t: SearchFilterText) -> Result<Self> {
        Ok(SearchFilter {
            kinds: t.kinds,
            tag: text(t.tag),
            author: text(t.author),
            folder: text(t.folder),
            since: text(t.since).map(|s| moment("since", s)).transpose()?,
            until: text(t.until).map(|s| moment("until", s)).transpose()?,
            unresolved: t.unresolved,
        })
    }
}

impl SearchFilter {
    /// Whether anything beyond kinds narrows the search. Kinds are part of
    /// the full-text match itself; the rest is checked on each ranked match
    /// and so drops some of them.
    pub(super) fn narrows_after_match(&self) -> bool {
        !(self.tag.is_none()
            && self.author.is_none()
            && self.folder.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && !self.unresolved)
    }
}

/// Accepts the singular and the plural, and `doc` for documents, as people type them.
impl FromStr for SearchKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "clip" | "clips" => Ok(SearchKind::Clip),
            "doc" | "docs" | "document" | "documents" => Ok(SearchKind::Document),
            "thread" | "threads" => Ok(SearchKind::Thread),
            "message" | "messages" => Ok(SearchKind::Message),
            "comment" | "comments" => Ok(SearchKind::Comment),
            "transcript" | "transcripts" | "said" | "speech" => Ok(SearchKind::Transcript),
            _ => Err(Error::NotAKind { given: s.to_owned() }),
        }
    }
}

/// Trimmed text, or `None` for a blank box.
fn text(s: Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A day (midnight in this machine's time zone, where the person typing it
/// is) or an exact moment.
fn moment(field: &'static str, s: String) -> Result<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    s.parse::<Date>()
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::system()).ok())
        .map(|z| z.timestamp())
        .ok_or(Error::NotADate { field, given: s })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_people_type_them() {
        assert_eq!("Docs".parse::<SearchKind>().ok(), Some(SearchKind::Document));
        assert_eq!(" comments ".parse::<SearchKind>().ok(), Some(SearchKind::Comment));
        assert!(matches!("video".parse::<SearchKind>(), Err(Error::NotAKind { .. })));
    }

    #[test]
    fn blank_boxes_mean_any_and_bad_dates_are_refused() {
        let text = |since: &str, tag: &str| SearchFilterText {
            since: Some(since.into()),
            tag: Some(tag.into()),
            ..Default::default()
        };
        let f = SearchFilter::try_from(text(" ", " design ")).expect("blank date");
        assert_eq!((f.since, f.tag.as_deref()), (None, Some("design")));
        let f = SearchFilter::try_from(text("2026-11-01T09:00:00Z", "")).expect("moment");
        assert_eq!((f.since.map(|t| t.as_second()), f.tag), (Some(1_793_523_600), None));
        assert!(SearchFilter::try_from(text("2026-11-01", "")).expect("day").since.is_some());
        let err = SearchFilter::try_from(text("yesterday", "")).expect_err("not a date");
        assert!(err.is_user_error() && err.to_string().contains("not a date"), "{err}");
    }
}
