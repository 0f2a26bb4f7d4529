//! People: team members (the local user among them), who have working hours
//! and owe replies, and guests, who comment through share links.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    calendar::{self, WorkCalendar, WorkDays, WorkHours},
    db::Library,
    error::{Error, Result},
    ids::PersonId,
    limits::{self, Limits},
    stored,
    timecode::now_ms,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub display_name: String,
    /// The user of this machine.
    pub is_local: bool,
    /// On the team (has working hours, owes replies); otherwise a guest.
    pub is_member: bool,
    pub time_zone: String,
    pub work_hours: WorkHours,
    pub work_days: WorkDays,
    pub created_at: Timestamp,
}

impl Person {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Person {
            id: row.get("id")?,
            display_name: row.get("display_name")?,
            is_local: row.get("is_local")?,
            is_member: stored::text(row, "people", "kind", |k| match k {
                "member" => Some(true),
                "guest" => Some(false),
                _ => None,
            })?,
            // Checked here so that `calendar` can't meet a zone it doesn't know.
            time_zone: stored::text(row, "people", "time_zone", |z| {
                calendar::time_zone(z).is_ok().then(|| z.to_owned())
            })?,
            work_hours: WorkHours { start_min: row.get("work_start_min")?, end_min: row.get("work_end_min")? },
            work_days: WorkDays(row.get("work_days")?),
            created_at: stored::time(row, "people", "created_at")?,
        })
    }

    /// Their working calendar. A stored zone unknown to this build is refused
    /// when the person is read, so UTC stands in only for a `Person` made by
    /// hand with a zone that was never checked.
    pub fn calendar(&self) -> WorkCalendar {
        WorkCalendar {
            tz: calendar::time_zone(&self.time_zone).unwrap_or(jiff::tz::TimeZone::UTC),
            hours: self.work_hours,
            days: self.work_days,
        }
    }
}

/// A member's working calendar as typed: all parts optional when changing one.
#[derive(Debug, Clone, Default)]
pub struct CalendarChange {
    pub time_zone: Option<String>,
    pub hours: Option<WorkHours>,
    pub days: Option<WorkDays>,
}

/// Finds the local user, creating them (named after the OS user, in the
/// machine's time zone) on first open.
pub(crate) fn ensure_local(conn: &mut Connection) -> Result<PersonId> {
    let found =
        |conn: &Connection| conn.query_row("SELECT id FROM people WHERE is_local = 1", [], |r| r.get(0)).optional();
    if let Some(id) = found(conn)? {
        return Ok(id);
    }
    let name = std::env::var("USER").ok().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "Me".into());
    let zone = jiff::tz::TimeZone::system().iana_name().unwrap_or("UTC").to_owned();
    // Another process may create it first: the unique index makes this a no-op then.
    conn.execute(
        "INSERT INTO people (id, display_name, is_local, kind, time_zone, created_at)
         VALUES (?1, ?2, 1, 'member', ?3, ?4) ON CONFLICT DO NOTHING",
        params![PersonId::new(), name, zone, now_ms()],
    )?;
    found(conn)?.ok_or_else(|| Error::not_found(PersonId::KIND, "local user"))
}

impl Library {
    /// Who new comments, messages and clips are by: the local user unless
    /// [`Library::act_as`] chose another member (a shared team library).
    pub fn me(&self) -> Result<Person> {
        self.person(self.me)
    }

    pub fn act_as(&mut self, member: PersonId) -> Result<Person> {
        let person = self.person(member)?;
        if !person.is_member {
            return Err(Error::NotAMember { name: person.display_name });
        }
        self.me = member;
        Ok(person)
    }

    pub fn person(&self, id: PersonId) -> Result<Person> {
        self.conn
            .query_row("SELECT * FROM people WHERE id = ?1", [id], Person::from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(PersonId::KIND, id))
    }

    /// A team member by name (any case).
    pub fn member(&self, name: &str) -> Result<Person> {
        self.conn
            .query_row(
                "SELECT * FROM people WHERE kind = 'member' AND display_name = ?1 COLLATE NOCASE",
                [name.trim()],
                Person::from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { kind: "member", id: name.to_owned() })
    }

    pub fn members(&self) -> Result<Vec<Person>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM people WHERE kind = 'member' ORDER BY is_local DESC, display_name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], Person::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a team member: Monday to Friday, 9 to 5, in `time_zone` unless the
    /// change says otherwise.
    pub fn add_member(&mut self, name: &str, time_zone: &str, change: &CalendarChange) -> Result<Person> {
        let name = limits::text("name", name, Limits::NAME)?;
        calendar::time_zone(time_zone)?;
        if self.member(&name).is_ok() {
            return Err(Error::NameTaken { name });
        }
        let id = PersonId::new();
        self.conn.execute(
            "INSERT INTO people (id, display_name, is_local, kind, time_zone, created_at) VALUES (?1, ?2, 0, 'member', ?3, ?4)",
            params![id, name, time_zone.trim(), now_ms()],
        )?;
        self.set_calendar(id, change)
    }

    /// Changes a member's name.
    pub fn rename_person(&mut self, id: PersonId, name: &str) -> Result<Person> {
        let name = limits::text("name", name, Limits::NAME)?;
        if self.member(&name).is_ok_and(|p| p.id != id) {
            return Err(Error::NameTaken { name });
        }
        self.conn.execute("UPDATE people SET display_name = ?1 WHERE id = ?2", params![name, id])?;
        self.person(id)
    }

    /// Changes a member's time zone, working hours or days.
    pub fn set_calendar(&mut self, id: PersonId, change: &CalendarChange) -> Result<Person> {
        if let Some(zone) = &change.time_zone {
            calendar::time_zone(zone)?;
        }
        let changed = self.conn.execute(
            "UPDATE people SET time_zone = coalesce(?2, time_zone), work_start_min = coalesce(?3, work_start_min),
                               work_end_min = coalesce(?4, work_end_min), work_days = coalesce(?5, work_days)
             WHERE id = ?1",
            params![
                id,
                change.time_zone.as_deref().map(str::trim),
                change.hours.map(|h| h.start_min),
                change.hours.map(|h| h.end_min),
                change.days.map(|d| d.0),
            ],
        )?;
        if changed == 0 {
            return Err(Error::not_found(PersonId::KIND, id));
        }
        self.person(id)
    }

    /// A guest known by display name (viewers of a share link): the same name
    /// maps to the same guest, so their comments group together. A name a
    /// member has is marked "(guest)", so nobody passes as a member by typing.
    pub fn guest(&mut self, display_name: &str) -> Result<Person> {
        let mut name = limits::text("name", display_name, Limits::NAME)?;
        if self.member(&name).is_ok() {
            name = format!("{name} (guest)");
        }
        let tx = self.write()?;
        let existing: Option<PersonId> = tx
            .query_row(
                "SELECT id FROM people WHERE kind = 'guest' AND display_name = ?1 ORDER BY created_at LIMIT 1",
                [&name],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                let id = PersonId::new();
                tx.execute(
                    "INSERT INTO people (id, display_name, is_local, kind, created_at) VALUES (?1, ?2, 0, 'guest', ?3)",
                    params![id, name, now_ms()],
                )?;
                id
            }
        };
        tx.commit()?;
        self.person(id)
    }
}
