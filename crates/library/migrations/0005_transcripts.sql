-- What a clip says: one transcript per clip and its timed segments, each
-- segment a row of the full-text index of kind 'transcript', so a spoken
-- word is found at its moment.

CREATE TABLE transcripts (
    clip_id       TEXT PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'no_speech')),
    -- What was asked: an ISO 639-1 code, or NULL to detect it.
    language      TEXT,
    -- A model by name, or NULL for the library's default when it runs.
    model         TEXT,
    -- What the engine heard and with which model, once done.
    detected      TEXT,
    used_model    TEXT,
    progress      INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    error         TEXT,
    -- The clip's automatic title when queued: replaced by words from the
    -- speech when done, unless someone has renamed the clip meanwhile.
    retitle_from  TEXT,
    queued_at     INTEGER NOT NULL,
    -- Refreshed while running: a 'running' row left untouched for long is a
    -- crashed or quit run, and is taken up again.
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER
) STRICT;
CREATE INDEX transcripts_waiting ON transcripts (queued_at) WHERE status IN ('pending', 'running');

CREATE TABLE transcript_segments (
    id        INTEGER PRIMARY KEY,
    clip_id   TEXT NOT NULL REFERENCES transcripts (clip_id) ON DELETE CASCADE,
    start_ms  INTEGER NOT NULL CHECK (start_ms >= 0),
    end_ms    INTEGER NOT NULL CHECK (end_ms >= start_ms),
    text      TEXT NOT NULL,
    -- What the engine heard, when a person has corrected `text`.
    heard     TEXT
) STRICT;
CREATE INDEX transcript_segments_clip ON transcript_segments (clip_id, start_ms);

-- search_docs' kinds are a CHECK constraint, which SQLite cannot alter: the
-- table is rebuilt with 'transcript' allowed. Legacy renaming keeps the
-- other tables' triggers pointing at it by name.
PRAGMA legacy_alter_table = ON;
CREATE TABLE search_docs_new (
    rowid     INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('clip', 'document', 'thread', 'message', 'comment', 'transcript')),
    target_id TEXT NOT NULL,
    UNIQUE (kind, target_id)
) STRICT;
INSERT INTO search_docs_new (rowid, kind, target_id) SELECT rowid, kind, target_id FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_new RENAME TO search_docs;
PRAGMA legacy_alter_table = OFF;

CREATE TRIGGER transcript_segments_ai AFTER INSERT ON transcript_segments BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('transcript', new.id);
    INSERT INTO search_index (rowid, title, body, kind) VALUES (last_insert_rowid(), '', new.text, 'transcript');
END;
CREATE TRIGGER transcript_segments_au AFTER UPDATE OF text ON transcript_segments BEGIN
    UPDATE search_index SET body = new.text
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'transcript' AND target_id = new.id);
END;
CREATE TRIGGER transcript_segments_ad AFTER DELETE ON transcript_segments BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'transcript' AND target_id = old.id);
    DELETE FROM search_docs WHERE kind = 'transcript' AND target_id = old.id;
END;
