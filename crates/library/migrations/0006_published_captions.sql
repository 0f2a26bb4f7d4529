-- A published clip's captions (WebVTT, from its transcript) are an object of
-- their own, recorded like the others so publishing again skips them when
-- unchanged. The role is a CHECK constraint, which SQLite cannot alter: the
-- table is rebuilt with 'captions' allowed. Nothing refers to it.

CREATE TABLE published_objects_new (
    clip_id    TEXT NOT NULL,
    target     TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('media', 'thumbnail', 'metadata', 'viewer', 'captions')),
    key        TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    etag       TEXT,
    sha256     TEXT NOT NULL,
    PRIMARY KEY (clip_id, target, role),
    FOREIGN KEY (clip_id, target) REFERENCES publications (clip_id, target) ON DELETE CASCADE
) STRICT;
INSERT INTO published_objects_new (clip_id, target, role, key, size_bytes, etag, sha256)
    SELECT clip_id, target, role, key, size_bytes, etag, sha256 FROM published_objects;
DROP TABLE published_objects;
ALTER TABLE published_objects_new RENAME TO published_objects;
