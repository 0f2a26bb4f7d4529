-- Search by kind inside the full-text query. Each index row also carries its
-- kind as a one-token column, so `--kind clip` or the library grid's clip
-- search narrows the FTS5 match itself; filtering after it let thousands of
-- matching documents or comments push every matching clip out of the ranked
-- window. The index is rebuilt once (about 9 s for a million rows).

CREATE TEMP TABLE search_copy AS
    SELECT s.rowid AS id, s.title, s.body, d.kind
      FROM search_index s JOIN search_docs d ON d.rowid = s.rowid;
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body, kind, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (rowid, title, body, kind) SELECT id, title, body, kind FROM search_copy;
DROP TABLE search_copy;

-- The insert triggers now say what kind each row is; updates and deletes
-- address rows by rowid and stay as they were.
DROP TRIGGER clips_ai;
CREATE TRIGGER clips_ai AFTER INSERT ON clips BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('clip', new.id);
    INSERT INTO search_index (rowid, title, body, kind) VALUES (last_insert_rowid(), new.title, '', 'clip');
END;
DROP TRIGGER documents_ai;
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('document', new.id);
    INSERT INTO search_index (rowid, title, body, kind) VALUES (last_insert_rowid(), new.title, new.body, 'document');
END;
DROP TRIGGER threads_ai;
CREATE TRIGGER threads_ai AFTER INSERT ON threads BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('thread', new.id);
    INSERT INTO search_index (rowid, title, body, kind) VALUES (last_insert_rowid(), new.title, '', 'thread');
END;
DROP TRIGGER messages_ai;
CREATE TRIGGER messages_ai AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('message', new.id);
    INSERT INTO search_index (rowid, title, body, kind) VALUES (last_insert_rowid(), '', new.body, 'message');
END;
DROP TRIGGER comments_ai;
CREATE TRIGGER comments_ai AFTER INSERT ON comments BEGIN
    INSERT INTO search_docs (kind, target_id) VALUES ('comment', new.id);
    INSERT INTO search_index (rowid, title, body, kind) VALUES (last_insert_rowid(), '', new.body, 'comment');
END;
