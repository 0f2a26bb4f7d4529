//! People and expectations: team members with their time zone, working
//! hours and days, and the working time each urgency allows for a reply.

use afterword_library::{
    CalendarChange, PersonId,
    calendar::{WorkDays, WorkHours},
};
use afterword_library::{Expectation, Expectations, Person};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::{error::Result, state::Shell};

/// Team members, me first.
#[tauri::command]
#[specta::specta]
pub fn people(shell: State<'_, Shell>) -> Result<Vec<PersonView>> {
    Ok(shell.library().members()?.into_iter().map(PersonView::from).collect())
}

/// Adds a team member.
#[tauri::command]
#[specta::specta]
pub fn add_member(shell: State<'_, Shell>, member: MemberInput) -> Result<PersonView> {
    let change = calendar(&member, None)?;
    Ok(shell.library().add_member(&member.name, &member.time_zone, &change)?.into())
}

/// Renames a member and changes their time zone, working hours and days, in one go.
#[tauri::command]
#[specta::specta]
pub fn update_member(shell: State<'_, Shell>, id: String, member: MemberInput) -> Result<PersonView> {
    let (id, change): (PersonId, _) = (id.parse()?, calendar(&member, Some(member.time_zone.clone()))?);
    let mut library = shell.library();
    let person = library.in_transaction(|lib| {
        lib.rename_person(id, &member.name)?;
        lib.set_calendar(id, &change)
    })?;
    Ok(person.into())
}

fn calendar(m: &MemberInput, time_zone: Option<String>) -> Result<CalendarChange> {
    let hours: WorkHours = m.hours.parse().map_err(afterword_library::Error::from)?;
    let days: WorkDays = m.days.parse().map_err(afterword_library::Error::from)?;
    Ok(CalendarChange { time_zone, hours: Some(hours), days: Some(days) })
}

/// Working time allowed per urgency.
#[tauri::command]
#[specta::specta]
pub fn expectations(shell: State<'_, Shell>) -> Result<ExpectationsView> {
    Ok(shell.library().expectations()?.into())
}

#[tauri::command]
#[specta::specta]
pub fn set_expectations(shell: State<'_, Shell>, expectations: ExpectationsView) -> Result<ExpectationsView> {
    Ok(shell.library().set_expectations(&expectations.to_expectations()?)?.into())
}

/// A team member and their working calendar.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    /// The user of this app.
    pub is_me: bool,
    pub time_zone: String,
    /// `09:00-17:00`.
    pub hours: String,
    /// `mon,tue,wed,thu,fri`.
    pub days: String,
}

impl From<Person> for PersonView {
    fn from(p: Person) -> Self {
        PersonView {
            id: p.id.to_string(),
            name: p.display_name,
            is_me: p.is_local,
            time_zone: p.time_zone,
            hours: p.work_hours.to_string(),
            days: p.work_days.to_string(),
        }
    }
}

/// A member's calendar as typed on the People page.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct MemberInput {
    pub name: String,
    /// IANA name, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// `9-17` or `08:30-16:30`.
    pub hours: String,
    /// `mon-fri` or `mon,wed,thu`.
    pub days: String,
}

/// Working time allowed per urgency, written `4h` or `2d`.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ExpectationsView {
    pub urgent: String,
    pub standard: String,
    pub non_urgent: String,
}

fn short(e: Expectation) -> String {
    match e {
        Expectation::Hours(h) => format!("{h}h"),
        Expectation::Days(d) => format!("{d}d"),
    }
}

impl From<Expectations> for ExpectationsView {
    fn from(e: Expectations) -> Self {
        ExpectationsView { urgent: short(e.urgent), standard: short(e.standard), non_urgent: short(e.non_urgent) }
    }
}

impl ExpectationsView {
    pub fn to_expectations(&self) -> Result<Expectations> {
        Ok(Expectations {
            urgent: self.urgent.parse()?,
            standard: self.standard.parse()?,
            non_urgent: self.non_urgent.parse()?,
        })
    }
}
