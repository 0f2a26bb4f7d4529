//! The `Range` header for one byte range (RFC 9110 §14): `bytes=a-b`,
//! `bytes=a-` and `bytes=-n`. Browsers ask for one range at a time; several
//! ranges in one request are refused rather than half-served.

use std::ops::RangeInclusive;

use crate::error::ApiError;

/// Which bytes of a file of `len` bytes to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// No Range header: the whole file, 200.
    Whole,
    /// One satisfiable range, 206.
    Part(RangeInclusive<u64>),
}

/// Reads an optional Range header against a file of `len` bytes.
pub(crate) fn parse(header: Option<&str>, len: u64) -> Result<Wanted, ApiError> {
    let Some(given) = header else {
        return Ok(Wanted::Whole);
    };
    let malformed = || ApiError::MalformedRange { given: given.to_owned() };
    let unsatisfiable = || ApiError::RangeNotSatisfiable { given: given.to_owned(), len };

    let spec = given.trim().strip_prefix("bytes=").ok_or_else(malformed)?.trim();
    if spec.contains(',') {
        return Err(malformed());
    }
    let (first, last) = spec.split_once('-').ok_or_else(malformed)?;
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| -> Result<u64, ApiError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        s.parse().map_err(|_| malformed())
    };

    let range = match (first.is_empty(), last.is_empty()) {
        (true, true) => return Err(malformed()),
        // Suffix: the last n bytes (all of them when n is larger than the file).
        (true, false) => {
            let n = number(last)?;
            if n == 0 || len == 0 {
                return Err(unsatisfiable());
            }
            len.saturating_sub(n)..=len - 1
        }
        // Open-ended: from `first` to the end.
        (false, true) => {
            let start = number(first)?;
            if start >= len {
                return Err(unsatisfiable());
            }
            start..=len - 1
        }
        (false, false) => {
            let (start, end) = (number(first)?, number(last)?);
            if end < start {
                return Err(malformed());
            }
            if start >= len {
                return Err(unsatisfiable());
            }
            start..=end.min(len - 1)
        }
    };
    Ok(Wanted::Part(range))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(h: &str, len: u64) -> RangeInclusive<u64> {
        match parse(Some(h), len) {
            Ok(Wanted::Part(r)) => r,
            other => panic!("{h}: {other:?}"),
        }
    }

    #[test]
    fn reads_single_open_and_suffix_ranges() {
        assert_eq!(parse(None, 10).ok(), Some(Wanted::Whole));
        assert_eq!(part("bytes=0-3", 10), 0..=3);
        assert_eq!(part("bytes=2-100", 10), 2..=9, "an end past the file is clamped");
        assert_eq!(part("bytes=4-", 10), 4..=9);
        assert_eq!(part("bytes=-3", 10), 7..=9);
        assert_eq!(part("bytes=-30", 10), 0..=9, "a suffix longer than the file is the whole file");
        assert_eq!(part(" bytes= 9-9 ", 10), 9..=9);
    }

    #[test]
    fn refuses_malformed_ranges() {
        for h in [
            "bytes=",
            "bytes=-",
            "bytes=a-b",
            "items=0-1",
            "bytes=5-2",
            "bytes=0-1,3-4",
            "bytes=+1-2",
            "0-1",
            "bytes=1",
        ] {
            assert!(matches!(parse(Some(h), 10), Err(ApiError::MalformedRange { .. })), "{h}");
        }
    }

    #[test]
    fn refuses_unsatisfiable_ranges() {
        for h in ["bytes=10-", "bytes=10-20", "bytes=-0", "bytes=99999999999-"] {
            assert!(matches!(parse(Some(h), 10), Err(ApiError::RangeNotSatisfiable { len: 10, .. })), "{h}");
        }
        assert!(matches!(parse(Some("bytes=0-"), 0), Err(ApiError::RangeNotSatisfiable { .. })));
    }
}
