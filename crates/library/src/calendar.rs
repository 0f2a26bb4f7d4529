//! Working time: a person's time zone, working hours and working days, and
//! "this much working time after that moment" in their own calendar — what
//! makes "reply within one working day" mean the same to people on both sides
//! of the world.

use std::{fmt, str::FromStr};

use jiff::{SignedDuration, Timestamp, civil::Date, tz::TimeZone};
use serde::{Deserialize, Serialize};

/// Why a calendar setting was refused; each message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{0:?} is not a time zone; use an IANA name such as Europe/Berlin or America/New_York")]
    UnknownTimeZone(String),
    #[error("{0:?} are not working hours; write them as 9-17 or 08:30-17:00")]
    MalformedHours(String),
    #[error("working hours {0} end before they start; the end must be later the same day")]
    HoursBackwards(String),
    #[error("{0:?} are not working days; write them as mon-fri or mon,tue,thu")]
    MalformedDays(String),
    #[error("no working days given; a person works on at least one day")]
    NoWorkingDays,
}

/// Working days as a bit mask, bit 0 = Monday … bit 6 = Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WorkDays(pub u8);

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WorkDays {
    pub const MON_FRI: WorkDays = WorkDays(0b001_1111);

    fn has(self, date: Date) -> bool {
        self.0 & (1 << date.weekday().to_monday_zero_offset()) != 0
    }
}

impl FromStr for WorkDays {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, CalendarError> {
        let malformed = || CalendarError::MalformedDays(s.to_owned());
        let day = |d: &str| DAY_NAMES.iter().position(|n| d.trim().to_lowercase().starts_with(n)).ok_or_else(malformed);
        let mut mask = 0u8;
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a)?, day(b)?);
                    // mon-fri, or a span across the week's end such as fri-mon.
                    let mut d = a;
                    loop {
                        mask |= 1 << d;
                        if d == b {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => mask |= 1 << day(part)?,
            }
        }
        if mask == 0 { Err(CalendarError::NoWorkingDays) } else { Ok(WorkDays(mask)) }
    }
}

impl fmt::Display for WorkDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days: Vec<&str> = (0..7).filter(|d| self.0 & (1 << d) != 0).map(|d| DAY_NAMES[d]).collect();
        f.write_str(&days.join(","))
    }
}

/// Working hours as minutes after local midnight, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkHours {
    pub start_min: u16,
    pub end_min: u16,
}

impl WorkHours {
    pub fn new(start_min: u16, end_min: u16) -> Result<Self, CalendarError> {
        if start_min >= end_min || end_min > 24 * 60 {
            return Err(CalendarError::HoursBackwards(WorkHours { start_min, end_min }.to_string()));
        }
        Ok(WorkHours { start_min, end_min })
    }

    /// The length of one working day.
    pub fn day_length(self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.end_min - self.start_min))
    }
}

impl FromStr for WorkHours {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, CalendarError> {
        let malformed = || CalendarError::MalformedHours(s.to_owned());
        let clock = |t: &str| -> Result<u16, CalendarError> {
            let (h, m) = t.trim().split_once(':').unwrap_or((t.trim(), "0"));
            let (h, m): (u16, u16) = (h.parse().map_err(|_| malformed())?, m.parse().map_err(|_| malformed())?);
            if h > 24 || m > 59 || (h == 24 && m > 0) {
                return Err(malformed());
            }
            Ok(h * 60 + m)
        };
        let (a, b) = s.split_once('-').ok_or_else(malformed)?;
        WorkHours::new(clock(a)?, clock(b)?)
    }
}

impl fmt::Display for WorkHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.start_min), hm(self.end_min))
    }
}

/// Parses an IANA time zone name.
pub fn time_zone(name: &str) -> Result<TimeZone, CalendarError> {
    TimeZone::get(name.trim()).map_err(|_| CalendarError::UnknownTimeZone(name.to_owned()))
}

/// One person's working calendar.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    pub tz: TimeZone,
    pub hours: WorkHours,
    pub days: WorkDays,
}

impl WorkCalendar {
    /// The moment when `work` of working time has passed after `from`,
    /// counting only working hours on working days in the person's time zone.
    /// Wall-clock windows follow DST: a 9-17 day is 9-17 local time either side
    /// of a change.
    pub fn add_working_time(&self, from: Timestamp, work: SignedDuration) -> Timestamp {
        let mut left = work.max(SignedDuration::ZERO);
        let mut cursor = from;
        let mut date = from.to_zoned(self.tz.clone()).date();
        // A year of days is far beyond any expectation; it only bounds a loop
        // that a calendar with working days always leaves much sooner.
        for _ in 0..400 {
            if self.days.has(date) {
                let (open, close) = (self.local(date, self.hours.start_min), self.local(date, self.hours.end_min));
                cursor = cursor.max(open);
                if cursor < close {
                    let available = close.duration_since(cursor);
                    if left <= available {
                        return cursor.checked_add(left).unwrap_or(close);
                    }
                    left -= available;
                    cursor = close;
                }
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        cursor
    }

    /// Working time between two moments (zero if `to` is not after `from`).
    pub fn working_time_between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        let mut total = SignedDuration::ZERO;
        let mut date = from.to_zoned(self.tz.clone()).date();
        for _ in 0..4000 {
            if self.local(date, 0) >= to {
                break;
            }
            if self.days.has(date) {
                let open = self.local(date, self.hours.start_min).max(from);
                let close = self.local(date, self.hours.end_min).min(to);
                if open < close {
                    total += close.duration_since(open);
                }
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        total
    }

    /// `minute` after midnight on `date`, in the calendar's zone. A time that
    /// a DST gap skips maps to the moment after the gap (jiff's "compatible").
    fn local(&self, date: Date, minute: u16) -> Timestamp {
        let dt = if minute >= 24 * 60 {
            date.tomorrow().unwrap_or(date).at(0, 0, 0, 0)
        } else {
            date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0)
        };
        dt.to_zoned(self.tz.clone()).map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}
