-- Afterword library, schema 1. Shipped migrations are never edited: add a new file.
-- Times are Unix milliseconds (UTC); ids are UUIDv7 text, so they sort by creation.

CREATE TABLE people (
    id           TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    is_local     INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
    created_at   INTEGER NOT NULL
) STRICT;
-- Exactly one person is "me" on this machine.
CREATE UNIQUE INDEX people_local ON people (is_local) WHERE is_local = 1;
CREATE INDEX people_name ON people (display_name);

CREATE TABLE clips (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    duration_ms    INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    width          INTEGER,
    height         INTEGER,
    size_bytes     INTEGER NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    media_path     TEXT NOT NULL,
    thumbnail_path TEXT,
    status         TEXT NOT NULL CHECK (status IN ('recording', 'ready', 'recovered', 'failed')),
    capture        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(capture)),
    owner_id       TEXT REFERENCES people (id)
) STRICT;
CREATE INDEX clips_created ON clips (created_at DESC, id DESC);
CREATE INDEX clips_status ON clips (status);

CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX documents_updated ON documents (updated_at DESC);

CREATE TABLE document_clips (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    clip_id     TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (document_id, clip_id)
) STRICT;
CREATE INDEX document_clips_clip ON document_clips (clip_id);

CREATE TABLE threads (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    urgency    TEXT NOT NULL CHECK (urgency IN ('urgent', 'standard', 'non_urgent')),
    due_at     INTEGER,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_by TEXT NOT NULL REFERENCES people (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX threads_created ON threads (created_at DESC);

CREATE TABLE messages (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES people (id),
    body       TEXT,
    clip_id    TEXT REFERENCES clips (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_thread ON messages (thread_id, created_at);

CREATE TABLE comments (
    id         TEXT PRIMARY KEY,
    clip_id    TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES people (id),
    body       TEXT NOT NULL,
    at_ms      INTEGER NOT NULL CHECK (at_ms >= 0),
    end_ms     INTEGER CHECK (end_ms IS NULL OR end_ms > at_ms),
    parent_id  TEXT REFERENCES comments (id) ON DELETE CASCADE,
    resolved_at INTEGER,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER
) STRICT;
CREATE INDEX comments_clip ON comments (clip_id, at_ms, created_at);
CREATE INDEX comments_parent ON comments (parent_id);

CREATE TABLE reactions (
    id         TEXT PRIMARY KEY,
    clip_id    TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES people (id),
    at_ms      INTEGER NOT NULL CHECK (at_ms >= 0),
    emoji      TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reactions_clip ON reactions (clip_id, at_ms);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

-- One table for tags on every kind of thing; triggers below drop a thing's
-- taggings with it, since a polymorphic target can't carry a foreign key.
CREATE TABLE taggings (
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('clip', 'document', 'thread')),
    target_id TEXT NOT NULL,
    PRIMARY KEY (tag_id, kind, target_id)
) STRICT;
CREATE INDEX taggings_target ON taggings (kind, target_id);

CREATE TABLE share_links (
    id             TEXT PRIMARY KEY,
    token_hash     BLOB NOT NULL UNIQUE,
    clip_id        TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER,
    password_hash  TEXT,
    revoked_at     INTEGER,
    allow_download INTEGER NOT NULL DEFAULT 1 CHECK (allow_download IN (0, 1)),
    views          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX share_links_clip ON share_links (clip_id);

-- Full-text search. `search_docs` maps each indexed thing to the FTS rowid, so a
-- trigger finds its row by key instead of scanning the index.
CREATE TABLE search_docs (
    rowid     INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('clip', 'document', 'thread', 'message', 'comment')),
    target_id TEXT NOT NULL,
    UNIQUE (kind, target_id)
) STRICT;
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER clips_ai AFTER INSERT ON clips BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('clip', new.id);
    INSERT INTO search_index (rowid, title, body) VALUES (last_insert_rowid(), new.title, '');
END;
CREATE TRIGGER clips_au AFTER UPDATE OF title ON clips BEGIN
    UPDATE search_index SET title = new.title
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'clip' AND target_id = new.id);
END;
CREATE TRIGGER clips_ad AFTER DELETE ON clips BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'clip' AND target_id = old.id);
    DELETE FROM search_docs WHERE kind = 'clip' AND target_id = old.id;
    DELETE FROM taggings WHERE kind = 'clip' AND target_id = old.id;
END;

CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('document', new.id);
    INSERT INTO search_index (rowid, title, body) VALUES (last_insert_rowid(), new.title, new.body);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
    UPDATE search_index SET title = new.title, body = new.body
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'document' AND target_id = new.id);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'document' AND target_id = old.id);
    DELETE FROM search_docs WHERE kind = 'document' AND target_id = old.id;
    DELETE FROM taggings WHERE kind = 'document' AND target_id = old.id;
END;

CREATE TRIGGER threads_ai AFTER INSERT ON threads BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('thread', new.id);
    INSERT INTO search_index (rowid, title, body) VALUES (last_insert_rowid(), new.title, '');
END;
CREATE TRIGGER threads_au AFTER UPDATE OF title ON threads BEGIN
    UPDATE search_index SET title = new.title
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'thread' AND target_id = new.id);
END;
CREATE TRIGGER threads_ad AFTER DELETE ON threads BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'thread' AND target_id = old.id);
    DELETE FROM search_docs WHERE kind = 'thread' AND target_id = old.id;
    DELETE FROM taggings WHERE kind = 'thread' AND target_id = old.id;
END;

CREATE TRIGGER messages_ai AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('message', new.id);
    INSERT INTO search_index (rowid, title, body) VALUES (last_insert_rowid(), '', new.body);
END;
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'message' AND target_id = old.id);
    DELETE FROM search_docs WHERE kind = 'message' AND target_id = old.id;
END;

CREATE TRIGGER comments_ai AFTER INSERT ON comments BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('comment', new.id);
    INSERT INTO search_index (rowid, title, body) VALUES (last_insert_rowid(), '', new.body);
END;
CREATE TRIGGER comments_au AFTER UPDATE OF body ON comments BEGIN
    UPDATE search_index SET body = new.body
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'comment' AND target_id = new.id);
END;
CREATE TRIGGER comments_ad AFTER DELETE ON comments BEGIN
    DELETE FROM search_index
     WHERE rowid = (SELECT rowid FROM search_docs WHERE kind = 'comment' AND target_id = old.id);
    DELETE FROM search_docs WHERE kind = 'comment' AND target_id = old.id;
END;
