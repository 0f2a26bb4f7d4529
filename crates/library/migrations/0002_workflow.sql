-- Schema 2: the async workflow. Working hours per person, thread participants
-- and response expectations, folders, and the "needs a live talk" flag.

-- Working time, in the person's own time zone: minutes after local midnight,
-- and a bit mask of working days (bit 0 = Monday … bit 6 = Sunday).
ALTER TABLE people ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE people ADD COLUMN work_start_min INTEGER NOT NULL DEFAULT 540
    CHECK (work_start_min BETWEEN 0 AND 1440);
ALTER TABLE people ADD COLUMN work_end_min INTEGER NOT NULL DEFAULT 1020
    CHECK (work_end_min BETWEEN 0 AND 1440);
ALTER TABLE people ADD COLUMN work_days INTEGER NOT NULL DEFAULT 31
    CHECK (work_days BETWEEN 1 AND 127);
-- Members are the team (they have working hours and owe replies); guests are
-- whoever comments through a share link. A guest can't take a member's name.
ALTER TABLE people ADD COLUMN kind TEXT NOT NULL DEFAULT 'guest' CHECK (kind IN ('member', 'guest'));
UPDATE people SET kind = 'member' WHERE is_local = 1;
CREATE UNIQUE INDEX people_member_name ON people (display_name COLLATE NOCASE) WHERE kind = 'member';

-- Who a thread is between. Whoever posts joins; the others owe a reply.
CREATE TABLE thread_participants (
    thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (thread_id, person_id)
) STRICT;
CREATE INDEX thread_participants_person ON thread_participants (person_id);
INSERT INTO thread_participants (thread_id, person_id) SELECT id, created_by FROM threads;
INSERT OR IGNORE INTO thread_participants (thread_id, person_id) SELECT thread_id, author_id FROM messages;

ALTER TABLE threads ADD COLUMN needs_live INTEGER NOT NULL DEFAULT 0 CHECK (needs_live IN (0, 1));
ALTER TABLE threads ADD COLUMN resolved_at INTEGER;
ALTER TABLE threads ADD COLUMN folder TEXT NOT NULL DEFAULT '';
ALTER TABLE clips ADD COLUMN folder TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN folder TEXT NOT NULL DEFAULT '';
CREATE INDEX clips_folder ON clips (folder) WHERE folder <> '';
CREATE INDEX documents_folder ON documents (folder) WHERE folder <> '';
CREATE INDEX threads_folder ON threads (folder) WHERE folder <> '';

-- Team-wide settings (response expectations), as JSON values.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
