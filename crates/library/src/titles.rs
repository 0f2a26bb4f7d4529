//! Clear automatic titles, so an untitled recording is still findable: what
//! was recorded (a window's title, a display, an imported file's name) and
//! when, in the recorder's own time zone.

use jiff::{Timestamp, tz::TimeZone};

use crate::limits::Limits;

/// `"Quarterly plan.pdf — Tue 25 Nov, 14:03"`; `source` falls back to
/// "Screen recording" when empty.
pub fn automatic_title(source: Option<&str>, at: Timestamp, tz: &TimeZone) -> String {
    let when = at.to_zoned(tz.clone()).strftime("%a %-d %b, %H:%M").to_string();
    let source = source.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty());
    let source = source.unwrap_or_else(|| "Screen recording".to_owned());
    // Leave room for the date within the title limit.
    let room = Limits::TITLE - when.chars().count() - 3;
    let source: String =
        if source.chars().count() > room { source.chars().take(room - 1).chain(['…']).collect() } else { source };
    format!("{source} — {when}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_source_and_the_local_time() {
        let at: Timestamp = "2026-11-25T13:03:00Z".parse().expect("time");
        let berlin = TimeZone::get("Europe/Berlin").expect("zone");
        assert_eq!(
            automatic_title(Some("  Quarterly   plan.pdf "), at, &berlin),
            "Quarterly plan.pdf — Wed 25 Nov, 14:03"
        );
        assert_eq!(automatic_title(None, at, &TimeZone::UTC), "Screen recording — Wed 25 Nov, 13:03");
        assert_eq!(automatic_title(Some(""), at, &TimeZone::UTC), "Screen recording — Wed 25 Nov, 13:03");
        let long = "x".repeat(500);
        let title = automatic_title(Some(&long), at, &TimeZone::UTC);
        assert_eq!(title.chars().count(), Limits::TITLE);
        assert!(title.contains("… — Wed"));
    }
}
