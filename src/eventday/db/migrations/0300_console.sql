-- The moderator console: the audit log of moderation, announcements, muted
-- participants, and the word cloud's hidden and merged forms. Everything the console
-- shows is rebuilt from these tables, so every process and every restart agree.

CREATE TABLE console_audit (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- The console action that reverses this one (JSON), when it can be undone.
    undo TEXT,
    undone_by INTEGER REFERENCES console_audit (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX console_audit_event ON console_audit (event_id, id);

CREATE TABLE console_announcements (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    projector INTEGER NOT NULL DEFAULT 0,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX console_announcements_event ON console_announcements (event_id, id);

-- A muted participant's words, ideas and questions are hidden everywhere; they may go
-- on sending (nothing tells them), and unmuting brings everything back.
CREATE TABLE live_muted (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    muted_at TEXT NOT NULL,
    PRIMARY KEY (event_id, participant_id)
);

-- Word cloud moderation per activity (every round): a hidden normalised form, and a
-- form counted as another ("a.i." as "ai").
CREATE TABLE live_word_hidden (
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    norm TEXT NOT NULL,
    PRIMARY KEY (activity_id, norm)
);

CREATE TABLE live_word_merges (
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (activity_id, source)
);
