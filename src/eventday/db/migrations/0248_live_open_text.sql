-- Open-text answers as an activity kind (issue 16): up to 500 characters each, held
-- for approval when the activity asks for it, hidden or merged by the moderator.
--
-- live_activities.kind has a CHECK listing the kinds. Rebuilding the table would
-- cascade-delete every row that references it (foreign keys are on in the migration's
-- transaction), so the CHECK's text is widened in place, which SQLite allows for
-- changes that leave the stored rows valid; RESET makes this connection read the
-- schema again, and the CREATE TABLE below moves the schema cookie on for the others.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''ideas'', ''qa'')', '''ideas'', ''qa'', ''open_text'')')
WHERE type = 'table' AND name = 'live_activities';
PRAGMA writable_schema = RESET;

CREATE TABLE live_open_texts (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'visible', 'hidden')),
    merged_into INTEGER REFERENCES live_open_texts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX live_open_texts_activity ON live_open_texts (activity_id, round);
