-- The rendered file of a clip's edit: one row per clip, the newest. A render
-- belongs to one revision of the edit; when the edit moves on, the clip waits
-- for a new one (nothing older is ever served for it), and the old file is
-- removed once it is replaced or no render is needed any more. Files live in
-- `renders/`, away from `clips/`, where recovery looks for crashed recordings.
CREATE TABLE clip_renders (
    clip_id     TEXT PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    path        TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes > 0),
    duration_ms INTEGER NOT NULL,
    rendered_at INTEGER NOT NULL
) STRICT;
