//! Response expectations: how much working time a reply may take, per
//! urgency. Team-wide settings with sensible defaults: urgent within 4 working
//! hours, standard within one working day, non-urgent within three.

use std::{fmt, str::FromStr};

use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

use crate::{
    calendar::WorkHours,
    db::Library,
    error::{Error, Result},
    threads::Urgency,
};

/// Working time allowed for a reply: hours, or days of the replier's own
/// working-day length (a 6-hour day makes "one day" six hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    Hours(u32),
    Days(u32),
}

impl Expectation {
    pub fn working_time(self, hours: WorkHours) -> SignedDuration {
        match self {
            Expectation::Hours(h) => SignedDuration::from_hours(i64::from(h)),
            Expectation::Days(d) => hours.day_length() * i32::try_from(d).unwrap_or(i32::MAX),
        }
    }
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expectation::Hours(h) => write!(f, "{h} working hour{}", if *h == 1 { "" } else { "s" }),
            Expectation::Days(d) => write!(f, "{d} working day{}", if *d == 1 { "" } else { "s" }),
        }
    }
}

impl FromStr for Expectation {
    type Err = Error;
    /// `4h`, `1d`, `3d`.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::BadValue { field: "expectation", given: s.to_owned(), hint: "write it as 4h or 2d" };
        let t = s.trim();
        let (num, unit) = t.split_at(t.len().saturating_sub(1));
        let n: u32 = num.parse().map_err(|_| bad())?;
        match (unit, n) {
            (_, 0) => Err(bad()),
            ("h", n) if n <= 24 * 14 => Ok(Expectation::Hours(n)),
            ("d", n) if n <= 60 => Ok(Expectation::Days(n)),
            _ => Err(bad()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectations {
    pub urgent: Expectation,
    pub standard: Expectation,
    pub non_urgent: Expectation,
}

impl Default for Expectations {
    fn default() -> Self {
        Expectations { urgent: Expectation::Hours(4), standard: Expectation::Days(1), non_urgent: Expectation::Days(3) }
    }
}

impl Expectations {
    pub fn for_urgency(&self, urgency: Urgency) -> Expectation {
        match urgency {
            Urgency::Urgent => self.urgent,
            Urgency::Standard => self.standard,
            Urgency::NonUrgent => self.non_urgent,
        }
    }
}

const KEY: &str = "expectations";

impl Library {
    /// The team's expectations: the defaults until someone sets them; a
    /// stored value that doesn't read is refused, not replaced by them.
    pub fn expectations(&self) -> Result<Expectations> {
        Ok(crate::stored::setting(&self.conn, KEY)?.unwrap_or_default())
    }

    pub fn set_expectations(&mut self, expectations: &Expectations) -> Result<Expectations> {
        crate::stored::put_setting(&self.conn, KEY, expectations)?;
        self.expectations()
    }
}
