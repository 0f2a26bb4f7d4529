//! Moments in a clip as people write them (`1:23`, `83`, `1:02:03.5`, `90s`,
//! `1m30s`) and as the library stores them (milliseconds), plus wall-clock
//! helpers.

use jiff::Timestamp;

/// Why a timestamp could not be read. The message shows accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a time in the clip; write it as 1:23, 83, 83.5 or 1:02:03")]
pub struct TimecodeError {
    pub given: String,
}

/// Parses a moment in a clip into milliseconds.
pub fn parse_ms(given: &str) -> Result<u64, TimecodeError> {
    let err = || TimecodeError { given: given.to_owned() };
    let s = given.trim();
    if s.is_empty() || s.starts_with('-') || s.starts_with('+') {
        return Err(err());
    }
    if let Some(ms) = parse_units(s) {
        return Ok(ms);
    }
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 {
        return Err(err());
    }
    let (last, whole) = parts.split_last().ok_or_else(err)?;
    let mut total: u64 = 0;
    for (i, p) in whole.iter().enumerate() {
        let v = digits(p).ok_or_else(err)?;
        // Minutes and seconds after the first field must be below 60.
        if i > 0 && v >= 60 {
            return Err(err());
        }
        total = total.checked_mul(60).and_then(|t| t.checked_add(v)).ok_or_else(err)?;
    }
    let secs_ms = seconds_ms(last).ok_or_else(err)?;
    if !whole.is_empty() && secs_ms >= 60_000 {
        return Err(err());
    }
    total.checked_mul(60_000).and_then(|t| t.checked_add(secs_ms)).ok_or_else(err)
}

/// `90s`, `1m30s`, `2m`, `1h2m3s`.
fn parse_units(s: &str) -> Option<u64> {
    if !s.ends_with(['s', 'm', 'h']) {
        return None;
    }
    let mut total = 0u64;
    let mut rest = s;
    for (unit, scale) in [('h', 3_600_000u64), ('m', 60_000), ('s', 1_000)] {
        if let Some((num, tail)) = rest.split_once(unit) {
            let ms = if unit == 's' { seconds_ms(num)? } else { digits(num)?.checked_mul(scale)? };
            total = total.checked_add(ms)?;
            rest = tail;
        }
    }
    rest.is_empty().then_some(total)
}

fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `83`, `83.5`, `7.25` seconds into milliseconds (up to millisecond precision).
fn seconds_ms(s: &str) -> Option<u64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let whole = digits(int)?;
    if frac.len() > 3 || (!frac.is_empty() && !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let frac_ms = format!("{frac:0<3}").parse::<u64>().ok()?;
    whole.checked_mul(1000)?.checked_add(frac_ms)
}

/// Formats milliseconds as a player does: `1:23`, `1:02:03`, `0:07.250` when
/// there is a fraction.
pub fn format_ms(ms: u64) -> String {
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let base = if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") };
    if frac == 0 { base } else { format!("{base}.{frac:03}") }
}

pub(crate) fn now_ms() -> i64 {
    Timestamp::now().as_millisecond()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_people_write() {
        for (given, ms) in [
            ("0", 0),
            ("83", 83_000),
            ("83.5", 83_500),
            ("1:23", 83_000),
            ("01:23.25", 83_250),
            ("1:02:03", 3_723_000),
            ("90s", 90_000),
            ("1m30s", 90_000),
            ("2m", 120_000),
            ("1h2m3s", 3_723_000),
            (" 7 ", 7_000),
        ] {
            assert_eq!(parse_ms(given), Ok(ms), "{given}");
        }
    }

    #[test]
    fn refuses_negative_malformed_and_out_of_range() {
        for given in [
            "",
            "-1",
            "-0:01",
            "abc",
            "1:60",
            "1::2",
            "1:2:3:4",
            "1.2.3",
            "1.2345",
            "1:2x",
            "m",
            "99999999999999999999",
        ] {
            assert!(parse_ms(given).is_err(), "{given:?} should be refused");
        }
    }

    #[test]
    fn formats_like_a_player() {
        assert_eq!(format_ms(83_000), "1:23");
        assert_eq!(format_ms(3_723_000), "1:02:03");
        assert_eq!(format_ms(7_250), "0:07.250");
        assert_eq!(parse_ms(&format_ms(3_723_456)), Ok(3_723_456));
    }
}
