//! Opening the library: the folder, the SQLite connection and its settings, and
//! the schema migrations. Refuses (and never touches) a database that is corrupt
//! or was written by a newer Afterword.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use rusqlite::{Connection, OpenFlags, Savepoint, Transaction, TransactionBehavior, ffi::ErrorCode};
use rusqlite_migration::{M, Migrations};

use crate::{
    error::{Error, Result},
    home,
    ids::PersonId,
    people,
};

/// Ordered migrations; a shipped one is never edited, only followed by a new one.
const MIGRATION_LIST: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_workflow.sql")),
    M::up(include_str!("../migrations/0003_storage.sql")),
    M::up(include_str!("../migrations/0004_search_kind.sql")),
    M::up(include_str!("../migrations/0005_transcripts.sql")),
    M::up(include_str!("../migrations/0006_published_captions.sql")),
    M::up(include_str!("../migrations/0007_clip_edits.sql")),
    M::up(include_str!("../migrations/0008_clip_renders.sql")),
    M::up(include_str!("../migrations/0009_target_public_url.sql")),
];
const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_LIST);

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATION_LIST.len() as u32;

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open library: one SQLite connection plus the folder its media lives in.
/// Cheap enough to open per thread; `Library` itself is `Send` but not `Sync`.
#[derive(Debug)]
pub struct Library {
    home: PathBuf,
    pub(crate) conn: Connection,
    pub(crate) me: PersonId,
}

impl Library {
    /// Opens the library at the default home (see [`home::default_home`]).
    pub fn open_default() -> Result<Self> {
        Self::open(home::default_home()?)
    }

    /// Opens (creating if needed) the library in `home`.
    pub fn open(home: impl Into<PathBuf>) -> Result<Self> {
        let home = home.into();
        prepare_folder(&home)?;
        let db_path = home.join("library.db");
        let conn = connect(&db_path)?;
        let mut library = Library { home, conn, me: PersonId::new() };
        library.me = people::ensure_local(&mut library.conn)?;
        Ok(library)
    }

    /// The library's folder.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Where clip media and thumbnails are stored.
    pub fn clips_dir(&self) -> PathBuf {
        self.home.join("clips")
    }

    /// The SQLite database file.
    pub fn db_path(&self) -> PathBuf {
        self.home.join("library.db")
    }

    /// Resolves a media path stored in the library (relative to home) to a real path.
    pub fn resolve(&self, stored: &str) -> PathBuf {
        self.home.join(stored)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// A write transaction that takes the write lock up front, so two processes
    /// never deadlock upgrading read locks; waits up to the busy timeout. Inside
    /// [`Library::in_transaction`] it is a savepoint of the outer transaction.
    pub(crate) fn write(&mut self) -> Result<Write<'_>> {
        if self.conn.is_autocommit() {
            Ok(Write::Transaction(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?))
        } else {
            Ok(Write::Savepoint(self.conn.savepoint()?))
        }
    }

    /// Runs `f` as one transaction: every change it makes lands, or none does.
    /// Also the fast path for bulk work (an import, the benchmark's fixtures).
    pub fn in_transaction<T>(&mut self, f: impl FnOnce(&mut Library) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// What one WAL checkpoint did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Frames in the log when it ran.
    pub log_frames: i64,
    /// Of those, frames now copied into the database file.
    pub copied: i64,
}

impl Library {
    /// Stops commits on this connection from checkpointing the WAL. SQLite's
    /// automatic checkpoint runs inside whichever commit takes the log past
    /// 1,000 pages — copying pages and syncing the database file in that
    /// caller's time — so a server's writes stall for tens of milliseconds now
    /// and then. Whoever calls this must run [`Library::checkpoint`] from
    /// elsewhere, or the log only grows. Durability is unchanged: a commit is
    /// in the WAL either way, and the next open replays what was not copied.
    pub fn defer_checkpoints(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// Copies what it can of the WAL into the database without waiting for,
    /// or holding up, readers and writers (`PASSIVE`); frames a reader still
    /// needs are left for the next one.
    pub fn checkpoint(&self) -> Result<Checkpoint> {
        Ok(self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok(Checkpoint { log_frames: r.get(1)?, copied: r.get(2)? })
        })?)
    }
}

/// A write in progress: its own transaction, or a savepoint inside one.
pub(crate) enum Write<'a> {
    Transaction(Transaction<'a>),
    Savepoint(Savepoint<'a>),
}

impl Write<'_> {
    pub(crate) fn commit(self) -> Result<()> {
        match self {
            Write::Transaction(tx) => tx.commit()?,
            Write::Savepoint(sp) => sp.commit()?,
        }
        Ok(())
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Write::Transaction(tx) => tx,
            Write::Savepoint(sp) => sp,
        }
    }
}

/// Creates the folder and proves it is writable before any database work.
fn prepare_folder(home: &Path) -> Result<()> {
    let not_writable = |source| Error::NotWritable { path: home.to_path_buf(), source };
    std::fs::create_dir_all(home.join("clips")).map_err(not_writable)?;
    let probe = home.join(format!(".write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(not_writable)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

fn connect(path: &Path) -> Result<Connection> {
    let corrupt_or = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::Corrupt { path: path.to_path_buf() },
        _ => Error::from(e),
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(corrupt_or)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(corrupt_or)?;

    // Read before writing anything: a corrupt file fails here, untouched, and a
    // newer schema is refused before WAL mode or a migration could change it.
    let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(corrupt_or)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema { path: path.to_path_buf(), found, supported: SCHEMA_VERSION });
    }

    conn.pragma_update(None, "journal_mode", "WAL").map_err(corrupt_or)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(corrupt_or)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(corrupt_or)?;
    if found < SCHEMA_VERSION {
        migrate(&mut conn).map_err(|e| match e {
            Error::Sqlite(e) => corrupt_or(e),
            other => other,
        })?;
    }
    Ok(conn)
}

/// Brings the schema up to date. Two processes opening a new library at once
/// both try; the loser finds the work done.
fn migrate(conn: &mut Connection) -> Result<()> {
    match MIGRATIONS.to_latest(conn) {
        Ok(()) => Ok(()),
        Err(e) => {
            let now: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if now == SCHEMA_VERSION { Ok(()) } else { Err(e.into()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_from_an_empty_database() {
        MIGRATIONS.validate().expect("migrations apply cleanly to an empty database");
    }

    #[test]
    fn deferred_checkpoints_leave_the_log_to_an_explicit_checkpoint() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut writer = Library::open(dir.path()).expect("open");
        writer.defer_checkpoints().expect("defer");
        let checkpointer = Library::open(dir.path()).expect("open");
        checkpointer.checkpoint().expect("empty the log");
        for i in 0..1_000 {
            writer.rename_person(writer.me, &format!("Me {i}")).expect("write");
        }
        // An automatic checkpoint would have restarted the log at 1,000 frames.
        let done = checkpointer.checkpoint().expect("checkpoint");
        assert!(done.log_frames > 1_000 && done.copied == done.log_frames, "{done:?}");
        drop((writer, checkpointer));
        let again = Library::open(dir.path()).expect("reopen");
        assert_eq!(again.me().expect("me").display_name, "Me 999");
    }

    #[test]
    fn an_upgraded_library_searches_by_kind_what_it_held_before() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut conn = Connection::open(dir.path().join("library.db")).expect("open");
        MIGRATIONS.to_version(&mut conn, 3).expect("schema 3");
        conn.execute_batch(
            "INSERT INTO clips (id, title, created_at, media_path, status)
                  VALUES ('01a212ba-96e2-7126-a5dc-765cab46a9e8', 'Pricing walkthrough', 1, 'c.mp4', 'ready');
             INSERT INTO documents (id, title, body, created_at, updated_at)
                  VALUES ('d1', 'Pricing', 'what we charge', 2, 2);",
        )
        .expect("rows of schema 3");
        drop(conn);
        let lib = Library::open(dir.path()).expect("upgrade");
        let only = |kind| {
            let filter = crate::SearchFilter { kinds: vec![kind], ..Default::default() };
            lib.search_filtered("pricing", &filter, 10)
                .expect("search")
                .into_iter()
                .map(|h| h.title)
                .collect::<Vec<_>>()
        };
        assert_eq!(only(crate::SearchKind::Clip), ["Pricing walkthrough"]);
        assert_eq!(only(crate::SearchKind::Document), ["Pricing"]);
        assert!(lib.search("clip", 10).expect("search").is_empty(), "the kind column is not searched as text");
    }

    #[test]
    fn an_upgraded_library_plays_its_clips_whole_until_edited() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut conn = Connection::open(dir.path().join("library.db")).expect("open");
        MIGRATIONS.to_version(&mut conn, 6).expect("schema 6");
        conn.execute_batch(
            "INSERT INTO clips (id, title, created_at, duration_ms, media_path, status)
                  VALUES ('01a212ba-96e2-7126-a5dc-765cab46a9e8', 'Demo', 1, 60000, 'c.mp4', 'ready');",
        )
        .expect("a clip of schema 6");
        drop(conn);
        let mut lib = Library::open(dir.path()).expect("upgrade");
        let id = "01a212ba-96e2-7126-a5dc-765cab46a9e8".parse().expect("id");
        assert_eq!(lib.clip(id).expect("clip").duration_ms, 60_000);
        assert_eq!(
            (lib.edit(id).expect("edit").revision, lib.trim(id, Some(10_000), None).expect("trim").revision),
            (0, 1)
        );
        assert_eq!(lib.clip(id).expect("clip").duration_ms, 50_000);
    }

    #[test]
    fn schema_version_counts_the_migrations() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lib = Library::open(dir.path()).expect("open");
        assert_eq!(lib.schema_version().expect("version"), SCHEMA_VERSION);
    }
}
