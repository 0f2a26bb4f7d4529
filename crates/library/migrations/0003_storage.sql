-- Object storage: where clips can be published, where each one went, and the
-- journal of multipart uploads in progress (so an interrupted upload resumes).
-- Credentials are never stored: only the name of an AWS profile, if any.

CREATE TABLE storage_targets (
    name       TEXT PRIMARY KEY,
    bucket     TEXT NOT NULL,
    prefix     TEXT NOT NULL DEFAULT '',
    endpoint   TEXT,
    region     TEXT NOT NULL,
    profile    TEXT,
    created_at INTEGER NOT NULL
) STRICT;

-- A clip is published to a target once every object is up; written in one
-- transaction with its objects, so a failed publish leaves no row here.
CREATE TABLE publications (
    clip_id      TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    target       TEXT NOT NULL REFERENCES storage_targets (name) ON DELETE CASCADE,
    published_at INTEGER NOT NULL,
    static_page  INTEGER NOT NULL DEFAULT 0 CHECK (static_page IN (0, 1)),
    PRIMARY KEY (clip_id, target)
) STRICT;

CREATE TABLE published_objects (
    clip_id    TEXT NOT NULL,
    target     TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('media', 'thumbnail', 'metadata', 'viewer')),
    key        TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    etag       TEXT,
    sha256     TEXT NOT NULL,
    PRIMARY KEY (clip_id, target, role),
    FOREIGN KEY (clip_id, target) REFERENCES publications (clip_id, target) ON DELETE CASCADE
) STRICT;

-- Resume state, not a publication: one row per multipart upload started and
-- not yet recorded as published.
CREATE TABLE storage_uploads (
    target         TEXT NOT NULL REFERENCES storage_targets (name) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    upload_id      TEXT NOT NULL,
    part_size      INTEGER NOT NULL CHECK (part_size > 0),
    size_bytes     INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256         TEXT NOT NULL,
    completed_etag TEXT,
    started_at     INTEGER NOT NULL,
    PRIMARY KEY (target, key)
) STRICT;

CREATE TABLE storage_upload_parts (
    target      TEXT NOT NULL,
    key         TEXT NOT NULL,
    part_number INTEGER NOT NULL CHECK (part_number >= 0),
    etag        TEXT NOT NULL,
    PRIMARY KEY (target, key, part_number),
    FOREIGN KEY (target, key) REFERENCES storage_uploads (target, key) ON DELETE CASCADE
) STRICT;
