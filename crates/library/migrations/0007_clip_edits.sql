-- A clip's edit: the ranges of its original media that play, in order, on the
-- original timeline (ms). The media file is never changed. `revision` grows
-- with every change (a render is cached by clip and revision), and the row
-- stays when an edit is reset, so a revision is never reused. The part is
-- the span of the media the clip is made of: all of it, or its side of a
-- split; a reset plays the whole part, and so do no ranges. A clip with no
-- row plays all of its media.
CREATE TABLE clip_edits (
    clip_id       TEXT PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    part_start_ms INTEGER NOT NULL CHECK (part_start_ms >= 0),
    part_end_ms   INTEGER NOT NULL CHECK (part_end_ms > part_start_ms),
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE clip_edit_ranges (
    clip_id  TEXT NOT NULL REFERENCES clip_edits (clip_id) ON DELETE CASCADE,
    start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
    end_ms   INTEGER NOT NULL CHECK (end_ms > start_ms),
    PRIMARY KEY (clip_id, start_ms)
) STRICT, WITHOUT ROWID;

-- Clips made by a split play a part of another clip's file: deleting a clip
-- removes its media only when no other clip still names the file.
CREATE INDEX clips_media ON clips (media_path);
