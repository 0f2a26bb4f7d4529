//! Which file plays an edited clip. A clip that plays all of its media plays
//! its media; any other edit (a trim, a cut, a side of a split) plays a file
//! rendered for that revision of the edit (`clip_renders`). The library only
//! records renders: making one is `media`'s work, and the `editing` crate is
//! where the two meet (as `recording` is for a take).

use std::path::PathBuf;

use rusqlite::{OptionalExtension, params};

use super::{KeptRange, load, needs_render_sql};
use crate::{db::Library, error::Result, ids::ClipId, timecode::now_ms};

/// The folder renders are written to, relative to the library home.
const RENDERS_DIR: &str = "renders";

/// A render to make: the kept ranges of a clip's media, for one revision of
/// its edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderJob {
    pub clip_id: ClipId,
    pub revision: u64,
    /// The clip's original file.
    pub source: PathBuf,
    /// On the original timeline, in order.
    pub kept: Vec<KeptRange>,
    /// Where the render goes (its folder may not exist yet).
    pub dest: PathBuf,
    /// `dest` as the library stores it.
    pub stored_dest: String,
}

/// What plays a clip now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderState {
    /// All of its media, as recorded: nothing to render.
    Original { path: PathBuf },
    /// The render of its current edit.
    Rendered { path: PathBuf },
    /// Its edit waits for a render.
    Waiting(RenderJob),
}

impl Library {
    /// The folder renders are written to.
    pub fn renders_dir(&self) -> PathBuf {
        self.resolve(RENDERS_DIR)
    }

    /// What plays the clip now: its media, the render of its edit, or a render
    /// to make. Read from [`Clip::playback_path`](crate::Clip), so "needs a
    /// render" is decided in one place (`playback_path_sql!`).
    pub fn render_state(&self, clip: ClipId) -> Result<RenderState> {
        let found = self.clip(clip)?;
        match found.playback_path {
            Some(path) if path == found.media_path => Ok(RenderState::Original { path: self.resolve(&path) }),
            Some(path) => Ok(RenderState::Rendered { path: self.resolve(&path) }),
            None => {
                let edit = load(&self.conn, clip, found.media_duration_ms)?;
                let stored_dest = format!("{RENDERS_DIR}/{clip}-r{}.mp4", edit.revision);
                Ok(RenderState::Waiting(RenderJob {
                    clip_id: clip,
                    revision: edit.revision,
                    source: self.resolve(&found.media_path),
                    kept: edit.kept,
                    dest: self.resolve(&stored_dest),
                    stored_dest,
                }))
            }
        }
    }

    /// Clips with render work: an edit without its render, or a render left
    /// from an earlier revision. Oldest edit first.
    pub fn renders_waiting(&self) -> Result<Vec<ClipId>> {
        let sql = concat!(
            "SELECT c.id FROM clips c JOIN clip_edits e ON e.clip_id = c.id LEFT JOIN clip_renders d ON d.clip_id = c.id
              WHERE c.status IN ('ready', 'recovered')
                AND ((",
            needs_render_sql!(),
            " AND (d.revision IS NULL OR d.revision <> e.revision))
                     OR (d.revision IS NOT NULL AND d.revision <> e.revision))
              ORDER BY e.updated_at, c.id"
        );
        let mut stmt = self.conn.prepare_cached(sql)?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Files a finished render, unless the edit moved on while it was made.
    pub fn file_render(&mut self, job: &RenderJob, size_bytes: u64, duration_ms: u64) -> Result<Filed> {
        let tx = self.write()?;
        let current: Option<u64> = tx
            .query_row("SELECT revision FROM clip_edits WHERE clip_id = ?1", [job.clip_id], |r| r.get(0))
            .optional()?;
        if current != Some(job.revision) {
            return Ok(Filed::Stale);
        }
        let old: Option<String> =
            tx.query_row("SELECT path FROM clip_renders WHERE clip_id = ?1", [job.clip_id], |r| r.get(0)).optional()?;
        tx.execute(
            "INSERT INTO clip_renders (clip_id, revision, path, size_bytes, duration_ms, rendered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (clip_id) DO UPDATE SET revision = excluded.revision, path = excluded.path,
                 size_bytes = excluded.size_bytes, duration_ms = excluded.duration_ms,
                 rendered_at = excluded.rendered_at",
            params![job.clip_id, job.revision, job.stored_dest, size_bytes, duration_ms, now_ms()],
        )?;
        tx.commit()?;
        let replaced = old.filter(|p| *p != job.stored_dest).map(|p| self.resolve(&p));
        Ok(Filed::Current { replaced })
    }

    /// Forgets a render of an earlier revision of the clip's edit, returning
    /// its file for the caller to remove; `None` when there is none.
    pub fn forget_stale_render(&mut self, clip: ClipId) -> Result<Option<PathBuf>> {
        let tx = self.write()?;
        let stale: Option<String> = tx
            .query_row(
                "SELECT d.path FROM clip_renders d LEFT JOIN clip_edits e ON e.clip_id = d.clip_id
                  WHERE d.clip_id = ?1 AND (e.revision IS NULL OR e.revision <> d.revision)",
                [clip],
                |r| r.get(0),
            )
            .optional()?;
        if stale.is_some() {
            tx.execute("DELETE FROM clip_renders WHERE clip_id = ?1", [clip])?;
        }
        tx.commit()?;
        Ok(stale.map(|p| self.resolve(&p)))
    }

    /// The clip's render file, if it has one (of any revision).
    pub(crate) fn render_path(&self, clip: ClipId) -> Result<Option<PathBuf>> {
        let path: Option<String> =
            self.conn.query_row("SELECT path FROM clip_renders WHERE clip_id = ?1", [clip], |r| r.get(0)).optional()?;
        Ok(path.map(|p| self.resolve(&p)))
    }
}

/// What became of a finished render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// It plays the clip now; the file of the render it replaced is for the
    /// caller to remove.
    Current { replaced: Option<PathBuf> },
    /// The edit moved on while it was made: the caller removes it and renders again.
    Stale,
}
