//! What a clip says: its transcript, as timed segments, and where the work
//! of making it stands (pending → running → done / no speech / failed). The
//! segments are in the full-text index as kind `transcript`, one row each, so
//! a spoken word is found at its moment. A person can correct a segment's
//! text; what the engine heard is kept beside it.
//!
//! The library stores; it does not transcribe. A worker claims a waiting
//! transcript, reports progress, and files the segments or the failure. A
//! `running` transcript whose worker stopped reporting (a crash, a quit) is
//! claimed again, so a transcript always finishes.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    edits::Edit,
    error::{Error, Result},
    ids::ClipId,
    limits::{self, Limits},
    stored,
    timecode::now_ms,
};

mod format;
mod settings;
mod title;

pub use format::CaptionFormat;
pub use settings::TranscriptionSettings;
pub use title::title_from_speech;

/// A `running` transcript not heard from for this long is taken up again.
pub const STALE_AFTER_MS: i64 = 120_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptStatus {
    /// Waiting for a worker.
    Pending,
    Running,
    Done,
    /// Finished, and nothing was said (silence, noise, music).
    NoSpeech,
    Failed,
}

impl TranscriptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TranscriptStatus::Pending => "pending",
            TranscriptStatus::Running => "running",
            TranscriptStatus::Done => "done",
            TranscriptStatus::NoSpeech => "no_speech",
            TranscriptStatus::Failed => "failed",
        }
    }

    fn from_stored(s: &str) -> Option<Self> {
        [Self::Pending, Self::Running, Self::Done, Self::NoSpeech, Self::Failed].into_iter().find(|t| t.as_str() == s)
    }

    /// Still to finish: pending, or running.
    pub fn is_waiting(self) -> bool {
        matches!(self, TranscriptStatus::Pending | TranscriptStatus::Running)
    }
}

/// One stretch of speech on the clip's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    /// What the engine heard, when a person corrected `text`.
    pub heard: Option<String>,
}

/// A segment as an engine gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSegment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// A clip's transcript and the state of its making.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub clip_id: ClipId,
    pub status: TranscriptStatus,
    /// The language asked for; `None` detects it.
    pub language: Option<String>,
    /// The model asked for by name; `None` is the library's default.
    pub model: Option<String>,
    /// The language heard and the model used, once finished.
    pub detected_language: Option<String>,
    pub used_model: Option<String>,
    /// 0–100 while running.
    pub progress: u8,
    /// Why it failed.
    pub error: Option<String>,
    pub queued_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub segments: Vec<Segment>,
}

impl Transcript {
    /// The whole text, one segment per line.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// The segments to show as captions (a player's track, a published
    /// page's): a done transcript's, when something was said. A transcript
    /// queued again keeps its earlier segments searchable, not shown.
    pub fn captions(&self) -> Option<&[Segment]> {
        (self.status == TranscriptStatus::Done && !self.segments.is_empty()).then_some(self.segments.as_slice())
    }

    /// The segment being spoken at `at_ms`, or the last one started before it.
    pub fn segment_at(&self, at_ms: u64) -> Option<&Segment> {
        self.segments.iter().rev().find(|s| s.start_ms <= at_ms)
    }
}

/// What to transcribe a clip with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranscriptRequest {
    /// An ISO 639-1 code; `None` detects it.
    pub language: Option<String>,
    /// A model by name; `None` takes the default when it runs.
    pub model: Option<String>,
    /// The clip's title is automatic: replace it with words from the speech.
    pub retitle: bool,
}

/// A claimed transcript: what the worker needs to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub clip_id: ClipId,
    pub language: Option<String>,
    pub model: Option<String>,
    /// Relative to the library home.
    pub media_path: String,
}

const TABLE: &str = "transcripts";

impl Library {
    /// Queues (or queues again) the clip's transcript. Segments of an earlier
    /// run stay searchable until the new run replaces them.
    pub fn queue_transcript(&mut self, clip_id: ClipId, request: &TranscriptRequest) -> Result<Transcript> {
        let language = request.language.as_deref().map(language_code).transpose()?.flatten();
        let tx = self.write()?;
        let title: String = tx
            .query_row("SELECT title FROM clips WHERE id = ?1", [clip_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found(ClipId::KIND, clip_id))?;
        let now = now_ms();
        tx.execute(
            "INSERT INTO transcripts (clip_id, status, language, model, retitle_from, queued_at, updated_at)
             VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (clip_id) DO UPDATE SET status = 'pending', language = excluded.language,
                 model = excluded.model, retitle_from = coalesce(excluded.retitle_from, retitle_from),
                 progress = 0, error = NULL, queued_at = excluded.queued_at, updated_at = excluded.updated_at,
                 finished_at = NULL",
            params![clip_id, language, request.model, request.retitle.then_some(title), now],
        )?;
        tx.commit()?;
        self.transcript_of(clip_id)
    }

    /// The clip's transcript, if one was ever asked for.
    pub fn transcript(&self, clip_id: ClipId) -> Result<Option<Transcript>> {
        let Some(mut transcript) = self
            .conn
            .prepare_cached("SELECT * FROM transcripts WHERE clip_id = ?1")?
            .query_row([clip_id], from_row)
            .optional()?
        else {
            if self.conn.query_row("SELECT 1 FROM clips WHERE id = ?1", [clip_id], |_| Ok(())).optional()?.is_none() {
                return Err(Error::not_found(ClipId::KIND, clip_id));
            }
            return Ok(None);
        };
        let edit = self.edit(clip_id)?;
        transcript.segments = on_edit(&edit, self.stored_segments(clip_id)?);
        Ok(Some(transcript))
    }

    /// The transcript's lines at their stored (original) times.
    pub(crate) fn stored_segments(&self, clip_id: ClipId) -> Result<Vec<Segment>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT start_ms, end_ms, text, heard FROM transcript_segments WHERE clip_id = ?1 ORDER BY start_ms, id",
        )?;
        let segments = stmt
            .query_map([clip_id], |r| {
                Ok(Segment { start_ms: r.get(0)?, end_ms: r.get(1)?, text: r.get(2)?, heard: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(segments)
    }

    /// The state of many clips' transcripts at once (for a grid of cards):
    /// status and progress, without segments.
    pub fn transcript_states(&self, clip_ids: &[ClipId]) -> Result<Vec<Transcript>> {
        let mut stmt = self.conn.prepare_cached("SELECT * FROM transcripts WHERE clip_id = ?1")?;
        let mut found = Vec::new();
        for id in clip_ids {
            if let Some(t) = stmt.query_row([id], from_row).optional()? {
                found.push(t);
            }
        }
        Ok(found)
    }

    /// Clips whose transcript waits for a worker, oldest first: pending ones,
    /// and running ones no worker has reported on for [`STALE_AFTER_MS`].
    pub fn transcripts_waiting(&self) -> Result<Vec<ClipId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT clip_id FROM transcripts
              WHERE status = 'pending' OR (status = 'running' AND updated_at < ?1)
              ORDER BY queued_at, clip_id",
        )?;
        let rows = stmt.query_map([now_ms() - STALE_AFTER_MS], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes the clip's transcript to work on, if it is waiting (see
    /// [`Library::transcripts_waiting`]) and nobody else has it. `None` when
    /// another worker holds it or it is finished.
    pub fn claim_transcript(&mut self, clip_id: ClipId) -> Result<Option<Claim>> {
        let tx = self.write()?;
        let now = now_ms();
        let claimed = tx.execute(
            "UPDATE transcripts SET status = 'running', progress = 0, error = NULL, updated_at = ?2
              WHERE clip_id = ?1 AND (status = 'pending' OR (status = 'running' AND updated_at < ?3))",
            params![clip_id, now, now - STALE_AFTER_MS],
        )?;
        if claimed == 0 {
            return Ok(None);
        }
        let claim = tx.query_row(
            "SELECT t.language, t.model, c.media_path FROM transcripts t JOIN clips c ON c.id = t.clip_id
              WHERE t.clip_id = ?1",
            [clip_id],
            |r| Ok(Claim { clip_id, language: r.get(0)?, model: r.get(1)?, media_path: r.get(2)? }),
        )?;
        tx.commit()?;
        Ok(Some(claim))
    }

    /// How far a running transcript is; also tells others its worker lives.
    pub fn transcript_progress(&mut self, clip_id: ClipId, percent: u8) -> Result<()> {
        self.conn.execute(
            "UPDATE transcripts SET progress = ?2, updated_at = ?3 WHERE clip_id = ?1 AND status = 'running'",
            params![clip_id, percent.min(100), now_ms()],
        )?;
        Ok(())
    }

    /// Files what was said, replacing any earlier segments, in one
    /// transaction. No segments is "no speech". An automatic title still in
    /// place becomes the first words said.
    pub fn finish_transcript(
        &mut self,
        clip_id: ClipId,
        language: &str,
        model: &str,
        segments: &[NewSegment],
    ) -> Result<Transcript> {
        let tx = self.write()?;
        let status = if segments.is_empty() { TranscriptStatus::NoSpeech } else { TranscriptStatus::Done };
        let now = now_ms();
        let changed = tx.execute(
            "UPDATE transcripts SET status = ?2, detected = ?3, used_model = ?4, progress = 100, error = NULL,
                    updated_at = ?5, finished_at = ?5
              WHERE clip_id = ?1",
            params![clip_id, status.as_str(), language, model, now],
        )?;
        if changed == 0 {
            return Err(Error::not_found("transcript", clip_id));
        }
        tx.execute("DELETE FROM transcript_segments WHERE clip_id = ?1", [clip_id])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO transcript_segments (clip_id, start_ms, end_ms, text) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for s in segments.iter().filter(|s| !s.text.trim().is_empty()) {
                insert.execute(params![clip_id, s.start_ms, s.end_ms.max(s.start_ms), s.text.trim()])?;
            }
        }
        if let Some(title) = title::title_from_segments(segments) {
            tx.execute(
                "UPDATE clips SET title = ?2
                  WHERE id = ?1 AND title = (SELECT retitle_from FROM transcripts WHERE clip_id = ?1)",
                params![clip_id, title],
            )?;
        }
        tx.commit()?;
        self.transcript_of(clip_id)
    }

    /// Files why a transcript could not be made; it waits for someone to
    /// queue it again.
    pub fn fail_transcript(&mut self, clip_id: ClipId, reason: &str) -> Result<Transcript> {
        let now = now_ms();
        self.conn.execute(
            "UPDATE transcripts SET status = 'failed', error = ?2, updated_at = ?3, finished_at = ?3
              WHERE clip_id = ?1",
            params![clip_id, reason, now],
        )?;
        self.transcript_of(clip_id)
    }

    /// Hands a claimed transcript back unfinished (a worker told to stop): it
    /// is pending again, for the next worker.
    pub fn release_transcript(&mut self, clip_id: ClipId) -> Result<()> {
        self.conn.execute(
            "UPDATE transcripts SET status = 'pending', progress = 0, updated_at = ?2
              WHERE clip_id = ?1 AND status = 'running'",
            params![clip_id, now_ms()],
        )?;
        Ok(())
    }

    /// Corrects the text of the segment spoken at `at_ms` (a misheard name);
    /// search follows. The engine's words are kept in `heard`.
    pub fn correct_transcript(&mut self, clip_id: ClipId, at_ms: u64, text: &str) -> Result<Segment> {
        let text = limits::text("transcript text", text, Limits::COMMENT)?;
        self.require_transcript(clip_id)?;
        let edit = self.edit(clip_id)?;
        let edited_at_ms = at_ms;
        let at_ms = edit.to_original(at_ms);
        let tx = self.write()?;
        let found = tx
            .query_row(
                "SELECT id, start_ms, end_ms, text, heard FROM transcript_segments
                  WHERE clip_id = ?1 AND start_ms <= ?2 ORDER BY start_ms DESC, id DESC LIMIT 1",
                params![clip_id, at_ms],
                |r| {
                    let segment = Segment { start_ms: r.get(1)?, end_ms: r.get(2)?, text: r.get(3)?, heard: r.get(4)? };
                    Ok((r.get::<_, i64>(0)?, segment))
                },
            )
            .optional()?
            .filter(|(_, s)| at_ms < s.end_ms.max(s.start_ms + 1));
        let Some((id, segment)) = found.filter(|(_, s)| !on_edit(&edit, vec![s.clone()]).is_empty()) else {
            return Err(Error::NoSegment { at_ms: edited_at_ms });
        };
        tx.execute(
            "UPDATE transcript_segments SET heard = coalesce(heard, text), text = ?2 WHERE id = ?1",
            params![id, text],
        )?;
        tx.commit()?;
        let heard = segment.heard.clone().unwrap_or_else(|| segment.text.clone());
        let corrected = Segment { text, heard: Some(heard), ..segment };
        Ok(on_edit(&edit, vec![corrected]).remove(0))
    }

    /// Refuses an unknown clip, or one with no transcript, without reading
    /// its segments.
    fn require_transcript(&self, clip_id: ClipId) -> Result<()> {
        let found =
            self.conn.query_row("SELECT 1 FROM transcripts WHERE clip_id = ?1", [clip_id], |_| Ok(())).optional()?;
        match found {
            Some(()) => Ok(()),
            None => {
                self.clip(clip_id)?;
                Err(Error::NoTranscript { clip: clip_id.to_string() })
            }
        }
    }

    /// The transcript, which must exist.
    fn transcript_of(&self, clip_id: ClipId) -> Result<Transcript> {
        self.transcript(clip_id)?.ok_or(Error::NoTranscript { clip: clip_id.to_string() })
    }
}

/// The lines that still play in `edit`, at their edited times (a line cut
/// in two by a removed part runs across the join); lines wholly removed are
/// left out here and listed by [`Library::edited_feedback`].
fn on_edit(edit: &Edit, segments: Vec<Segment>) -> Vec<Segment> {
    if edit.is_identity() {
        return segments;
    }
    segments
        .into_iter()
        .filter_map(|s| {
            let placed = edit.place(s.start_ms, Some(s.end_ms));
            let end_ms = placed.end_ms.unwrap_or(placed.at_ms);
            (!placed.removed).then_some(Segment { start_ms: placed.at_ms, end_ms, ..s })
        })
        .collect()
}

/// An ISO 639-1 code (`en`, `de`), or `auto` (`None`: detect it).
pub fn language_code(given: &str) -> Result<Option<String>> {
    let code = given.trim().to_ascii_lowercase();
    if code == "auto" {
        Ok(None)
    } else if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(Some(code))
    } else {
        Err(Error::BadValue {
            field: "language",
            given: given.to_owned(),
            hint: "give a two-letter code such as en or de, or auto",
        })
    }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Transcript> {
    Ok(Transcript {
        clip_id: row.get("clip_id")?,
        status: stored::text(row, TABLE, "status", TranscriptStatus::from_stored)?,
        language: row.get("language")?,
        model: row.get("model")?,
        detected_language: row.get("detected")?,
        used_model: row.get("used_model")?,
        progress: row.get("progress")?,
        error: row.get("error")?,
        queued_at: stored::time(row, TABLE, "queued_at")?,
        finished_at: stored::time_opt(row, TABLE, "finished_at")?,
        segments: Vec::new(),
    })
}
