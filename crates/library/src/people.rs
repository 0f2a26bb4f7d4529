//! People: the local user ("me") and everyone who comments through a share link.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
    ids::PersonId,
    limits::{self, Limits},
    timecode::{from_ms, now_ms},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub display_name: String,
    pub is_local: bool,
    pub created_at: Timestamp,
}

impl Person {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Person {
            id: row.get("id")?,
            display_name: row.get("display_name")?,
            is_local: row.get("is_local")?,
            created_at: from_ms(row.get("created_at")?),
        })
    }
}

/// Finds the local user, creating them (named after the OS user) on first open.
pub(crate) fn ensure_local(conn: &mut Connection) -> Result<PersonId> {
    let found = |conn: &Connection| {
        conn.query_row("SELECT id FROM people WHERE is_local = 1", [], |r| r.get(0))
            .optional()
    };
    if let Some(id) = found(conn)? {
        return Ok(id);
    }
    let name = std::env::var("USER")
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Me".into());
    let id = PersonId::new();
    // Another process may create it first: the unique index makes this a no-op then.
    conn.execute(
        "INSERT INTO people (id, display_name, is_local, created_at) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT DO NOTHING",
        params![id, name, now_ms()],
    )?;
    found(conn)?.ok_or_else(|| Error::not_found(PersonId::KIND, "local user"))
}

impl Library {
    /// The local user.
    pub fn me(&self) -> Result<Person> {
        self.person(self.me)
    }

    pub fn person(&self, id: PersonId) -> Result<Person> {
        self.conn
            .query_row("SELECT * FROM people WHERE id = ?1", [id], Person::from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(PersonId::KIND, id))
    }

    /// Renames the local user.
    pub fn set_my_name(&mut self, name: &str) -> Result<Person> {
        let name = limits::text("name", name, Limits::NAME)?;
        self.conn.execute(
            "UPDATE people SET display_name = ?1 WHERE id = ?2",
            params![name, self.me],
        )?;
        self.me()
    }

    /// A guest known by display name (viewers of a share link): the same name
    /// maps to the same person, so their comments group together.
    pub fn guest(&mut self, display_name: &str) -> Result<Person> {
        let name = limits::text("name", display_name, Limits::NAME)?;
        let tx = self.write()?;
        let existing = tx
            .query_row(
                "SELECT * FROM people WHERE display_name = ?1 AND is_local = 0 ORDER BY created_at LIMIT 1",
                [&name],
                Person::from_row,
            )
            .optional()?;
        let person = match existing {
            Some(p) => p,
            None => {
                let id = PersonId::new();
                let at = now_ms();
                tx.execute(
                    "INSERT INTO people (id, display_name, is_local, created_at) VALUES (?1, ?2, 0, ?3)",
                    params![id, name, at],
                )?;
                Person {
                    id,
                    display_name: name,
                    is_local: false,
                    created_at: from_ms(at),
                }
            }
        };
        tx.commit()?;
        Ok(person)
    }
}
