//! `afterword people add|list|set|rename` and `afterword expectations`.

use afterword_library::{
    CalendarChange, Expectation, Library,
    calendar::{WorkDays, WorkHours},
};
use clap::{Args, Subcommand};

use crate::output::emit;

#[derive(Debug, Subcommand)]
pub enum PeopleCmd {
    /// Add a team member (Monday to Friday, 9 to 5 unless told otherwise).
    Add {
        name: String,
        /// Their IANA time zone, e.g. America/New_York.
        #[arg(long)]
        tz: String,
        #[command(flatten)]
        calendar: CalendarArgs,
    },
    List,
    /// Change a member's time zone, working hours or days.
    Set {
        name: String,
        #[arg(long)]
        tz: Option<String>,
        #[command(flatten)]
        calendar: CalendarArgs,
    },
    Rename {
        name: String,
        new_name: String,
    },
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// Working hours, e.g. 9-17 or 08:30-16:30.
    #[arg(long)]
    hours: Option<String>,
    /// Working days, e.g. mon-fri or mon,wed,thu.
    #[arg(long)]
    days: Option<String>,
}

impl CalendarArgs {
    fn change(self, tz: Option<String>) -> anyhow::Result<CalendarChange> {
        let hours = self.hours.map(|h| h.parse::<WorkHours>()).transpose().map_err(afterword_library::Error::from)?;
        let days = self.days.map(|d| d.parse::<WorkDays>()).transpose().map_err(afterword_library::Error::from)?;
        Ok(CalendarChange { time_zone: tz, hours, days })
    }
}

pub fn run(lib: &mut Library, cmd: PeopleCmd, json: bool) -> anyhow::Result<()> {
    let person = match cmd {
        PeopleCmd::Add { name, tz, calendar } => {
            let change = calendar.change(None)?;
            lib.add_member(&name, &tz, &change)?
        }
        PeopleCmd::Set { name, tz, calendar } => {
            let id = lib.member(&name)?.id;
            lib.set_calendar(id, &calendar.change(tz)?)?
        }
        PeopleCmd::Rename { name, new_name } => {
            let id = lib.member(&name)?.id;
            lib.rename_person(id, &new_name)?
        }
        PeopleCmd::List => {
            let members = lib.members()?;
            return emit(json, &members, |ms| {
                for p in ms {
                    let me = if p.is_local { "  (this machine)" } else { "" };
                    println!("{:<20} {:<22} {} {}{me}", p.display_name, p.time_zone, p.work_hours, p.work_days);
                }
            });
        }
    };
    emit(json, &person, |p| println!("{}: {} {} {}", p.display_name, p.time_zone, p.work_hours, p.work_days))
}

#[derive(Debug, Args)]
pub struct ExpectationArgs {
    /// Working time for an urgent reply, e.g. 4h.
    #[arg(long)]
    urgent: Option<Expectation>,
    /// For a standard reply, e.g. 1d (one of the replier's working days).
    #[arg(long)]
    standard: Option<Expectation>,
    /// For a non-urgent reply, e.g. 3d.
    #[arg(long)]
    non_urgent: Option<Expectation>,
}

pub fn expectations(lib: &mut Library, a: ExpectationArgs, json: bool) -> anyhow::Result<()> {
    let mut e = lib.expectations()?;
    if a.urgent.is_some() || a.standard.is_some() || a.non_urgent.is_some() {
        e.urgent = a.urgent.unwrap_or(e.urgent);
        e.standard = a.standard.unwrap_or(e.standard);
        e.non_urgent = a.non_urgent.unwrap_or(e.non_urgent);
        e = lib.set_expectations(&e)?;
    }
    emit(json, &e, |e| {
        println!("urgent      within {}", e.urgent);
        println!("standard    within {}", e.standard);
        println!("non-urgent  within {}", e.non_urgent);
    })
}
