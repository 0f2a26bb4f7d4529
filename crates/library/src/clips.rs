//! Clips: a recording or imported video, its media file under `<home>/clips/`,
//! and what the recorder learned about it.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    capture::CaptureFacts,
    db::Library,
    edits::{edited_duration_sql, playback_path_sql},
    error::{Error, Result},
    ids::ClipId,
    limits::{self, Limits},
    stored,
    timecode::now_ms,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClipStatus {
    /// Being recorded right now (or the recorder died: recovery will tell).
    Recording,
    Ready,
    /// Rebuilt from a partial file after a crash.
    Recovered,
    Failed,
}

impl ClipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClipStatus::Recording => "recording",
            ClipStatus::Ready => "ready",
            ClipStatus::Recovered => "recovered",
            ClipStatus::Failed => "failed",
        }
    }

    /// Exactly as [`ClipStatus::as_str`] stores it; anything else is not read.
    fn from_stored(s: &str) -> Option<Self> {
        ClipStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    const ALL: [ClipStatus; 4] = [ClipStatus::Recording, ClipStatus::Ready, ClipStatus::Recovered, ClipStatus::Failed];
}

/// A status as a person or a page names it, checked.
impl std::str::FromStr for ClipStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ClipStatus::ALL.into_iter().find(|c| c.as_str() == s.trim()).ok_or_else(|| Error::BadValue {
            field: "status",
            given: s.to_owned(),
            hint: "recording, ready, recovered or failed",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clip {
    pub id: ClipId,
    pub title: String,
    pub created_at: Timestamp,
    /// How long the clip plays: its edit's kept ranges ([`Library::edit`]);
    /// `media_duration_ms` when it was never edited (or was reset, and not split).
    pub duration_ms: u64,
    /// The length of the original media file.
    pub media_duration_ms: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub size_bytes: u64,
    /// The original file, relative to the library home ([`Library::resolve`]
    /// makes it a path); never changed by an edit. Clips split from one clip
    /// share it.
    pub media_path: String,
    /// The file that plays the clip as edited, relative to the library home:
    /// `media_path` when it plays all of it, else the render of its current
    /// edit; `None` while that render is still to be made.
    pub playback_path: Option<String>,
    pub thumbnail_path: Option<String>,
    pub status: ClipStatus,
    /// What the recorder knew: source, encoder, fps, dropped frames, warnings.
    pub capture: CaptureFacts,
    pub folder: String,
    pub tags: Vec<String>,
}

/// The finished media of a clip, as the recorder or an import reports it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClipMedia {
    pub duration_ms: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub size_bytes: u64,
    /// Relative to the library home.
    pub media_path: String,
    pub thumbnail_path: Option<String>,
    pub capture: CaptureFacts,
}

/// A clip to add: its id may be chosen beforehand (the recorder names the
/// media file after it).
#[derive(Debug, Clone, PartialEq)]
pub struct NewClip {
    pub id: ClipId,
    pub title: String,
    pub status: ClipStatus,
    pub media: ClipMedia,
}

/// Which clips [`Library::clips`] lists.
#[derive(Debug, Clone, Default)]
pub struct ClipQuery {
    pub limit: usize,
    /// Continue a page after this clip.
    pub before: Option<ClipId>,
    pub tag: Option<String>,
    pub status: Option<ClipStatus>,
    /// A folder and its subfolders.
    pub folder: Option<String>,
}

const SELECT: &str = concat!(
    "SELECT c.*, (SELECT group_concat(t.name, char(31)) FROM taggings g JOIN tags t ON t.id = g.tag_id
                       WHERE g.kind = 'clip' AND g.target_id = c.id) AS tag_list,
                      ",
    edited_duration_sql!(),
    " AS edited_duration_ms, ",
    playback_path_sql!(),
    " AS playback_path FROM clips c"
);

impl Clip {
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let capture: String = row.get("capture")?;
        let tags: Option<String> = row.get("tag_list")?;
        let mut tags: Vec<String> = tags.map(|t| t.split('\u{1f}').map(str::to_owned).collect()).unwrap_or_default();
        tags.sort();
        Ok(Clip {
            id: row.get("id")?,
            title: row.get("title")?,
            created_at: stored::time(row, "clips", "created_at")?,
            duration_ms: row.get("edited_duration_ms")?,
            media_duration_ms: row.get("duration_ms")?,
            width: row.get("width")?,
            height: row.get("height")?,
            size_bytes: row.get("size_bytes")?,
            media_path: row.get("media_path")?,
            playback_path: row.get("playback_path")?,
            thumbnail_path: row.get("thumbnail_path")?,
            status: stored::text(row, "clips", "status", ClipStatus::from_stored)?,
            capture: serde_json::from_str(&capture).map_err(|_| stored::refuse("clips", "capture", &capture))?,
            folder: row.get("folder")?,
            tags,
        })
    }
}

impl Library {
    /// Adds a clip. Titles are trimmed and checked against [`Limits::TITLE`].
    pub fn add_clip(&mut self, clip: NewClip) -> Result<Clip> {
        let title = limits::text("title", &clip.title, Limits::TITLE)?;
        let m = &clip.media;
        self.conn.execute(
            "INSERT INTO clips (id, title, created_at, duration_ms, width, height, size_bytes, media_path,
                                thumbnail_path, status, capture, owner_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                clip.id,
                title,
                now_ms(),
                m.duration_ms,
                m.width,
                m.height,
                m.size_bytes,
                m.media_path,
                m.thumbnail_path,
                clip.status.as_str(),
                m.capture.to_json(),
                self.me,
            ],
        )?;
        self.clip(clip.id)
    }

    /// Records the finished media of a clip and its new status (after a
    /// recording stops, or a recovery).
    pub fn finish_clip(&mut self, id: ClipId, media: &ClipMedia, status: ClipStatus) -> Result<Clip> {
        let changed = self.conn.execute(
            "UPDATE clips SET duration_ms = ?2, width = ?3, height = ?4, size_bytes = ?5, media_path = ?6,
                              thumbnail_path = ?7, capture = ?8, status = ?9 WHERE id = ?1",
            params![
                id,
                media.duration_ms,
                media.width,
                media.height,
                media.size_bytes,
                media.media_path,
                media.thumbnail_path,
                media.capture.to_json(),
                status.as_str(),
            ],
        )?;
        if changed == 0 {
            return Err(Error::not_found(ClipId::KIND, id));
        }
        self.clip(id)
    }

    pub fn clip(&self, id: ClipId) -> Result<Clip> {
        self.conn
            .query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], Clip::from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(ClipId::KIND, id))
    }

    /// Newest first, filtered and paged by `query`.
    pub fn clips(&self, query: &ClipQuery) -> Result<Vec<Clip>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE (?1 IS NULL OR (c.created_at, c.id) < (SELECT created_at, id FROM clips WHERE id = ?1))
               AND (?3 IS NULL OR EXISTS (SELECT 1 FROM taggings g JOIN tags t ON t.id = g.tag_id
                                          WHERE g.kind = 'clip' AND g.target_id = c.id AND t.name = ?3))
               AND (?4 IS NULL OR c.status = ?4)
               AND (?5 IS NULL OR c.folder = ?5 OR c.folder LIKE ?5 || '/%')
             ORDER BY c.created_at DESC, c.id DESC LIMIT ?2"
        ))?;
        let tag = query.tag.as_deref().map(limits::tag).transpose()?;
        let status = query.status.map(ClipStatus::as_str);
        let folder = query.folder.as_deref().map(crate::folders::normalise).transpose()?;
        let rows = stmt.query_map(params![query.before, query.limit as i64, tag, status, folder], Clip::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Clips left in `recording` state: either still being recorded by another
    /// process, or left behind by a crash.
    pub fn clips_recording(&self) -> Result<Vec<Clip>> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} WHERE c.status = 'recording' ORDER BY c.created_at"))?;
        let rows = stmt.query_map([], Clip::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn clip_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM clips", [], |r| r.get(0))?)
    }

    pub fn rename_clip(&mut self, id: ClipId, title: &str) -> Result<Clip> {
        let title = limits::text("title", title, Limits::TITLE)?;
        if self.conn.execute("UPDATE clips SET title = ?2 WHERE id = ?1", params![id, title])? == 0 {
            return Err(Error::not_found(ClipId::KIND, id));
        }
        self.clip(id)
    }

    /// Removes the clip, its comments, reactions, links and tags, and then its
    /// media files and its render. The row goes first: a failed file removal leaves an orphan
    /// file (which `doctor` reports), never a row pointing at nothing. A file
    /// another clip still plays (the other half of a split) is kept.
    pub fn delete_clip(&mut self, id: ClipId) -> Result<Clip> {
        let clip = self.clip(id)?;
        let render = self.render_path(id)?;
        self.conn.execute("DELETE FROM clips WHERE id = ?1", [id])?;
        if let Some(path) = render {
            remove_file(path)?;
        }
        for stored in std::iter::once(&clip.media_path).chain(clip.thumbnail_path.as_ref()) {
            let shared = self
                .conn
                .query_row("SELECT 1 FROM clips WHERE media_path = ?1 OR thumbnail_path = ?1 LIMIT 1", [stored], |_| {
                    Ok(())
                })
                .optional()?
                .is_some();
            if shared {
                continue;
            }
            remove_file(self.resolve(stored))?;
        }
        Ok(clip)
    }
}

/// Removes a file the library no longer names; one already gone is fine.
fn remove_file(path: std::path::PathBuf) -> Result<()> {
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io { path, source }),
    }
}
