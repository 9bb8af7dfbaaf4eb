-- Check-in and attendance: check-ins per list (the door, or one per workshop session),
-- every scan with its client nonce (a retried request never counts twice), online
-- presence intervals from the live socket, per-event attendance settings (the
-- "attended" rule and retention), the funder's report inputs and event series.

CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    -- NULL: the door; else a workshop session's own list.
    session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    checked_in_at TEXT NOT NULL,
    staff_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    staff_name TEXT NOT NULL DEFAULT '',
    walk_in INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT,
    undone_by TEXT NOT NULL DEFAULT ''
);
-- At most one standing check-in per person and list: the last line against a double
-- count, whatever the application does.
CREATE UNIQUE INDEX checkins_one_per_list
    ON checkins (registration_id, COALESCE(session_id, 0)) WHERE undone_at IS NULL;
CREATE INDEX checkins_by_event ON checkins (event_id, session_id, undone_at);

CREATE TABLE checkin_scans (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    session_id INTEGER,
    code TEXT NOT NULL,
    outcome TEXT NOT NULL,
    checkin_id INTEGER REFERENCES checkins (id) ON DELETE SET NULL,
    registration_id INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    staff_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, nonce)
);

CREATE TABLE presence_intervals (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX presence_by_event ON presence_intervals (event_id, participant_id, started_at);

CREATE TABLE attendance_settings (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    -- Online attendance counts as attended from this share of the event's minutes.
    online_percent INTEGER NOT NULL DEFAULT 50 CHECK (online_percent BETWEEN 1 AND 100),
    retention_days INTEGER CHECK (retention_days IS NULL OR retention_days >= 0),
    anonymised_at TEXT
);

CREATE TABLE anonymised_registrations (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    anonymised_at TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('retention', 'request')),
    -- A one-way key of the e-mail, so a series still counts a person once across
    -- its events after their details are gone.
    person_key TEXT NOT NULL
);

-- The ESF follow-up: the share of women in each organisation's workforce, entered by
-- the organiser, shown against the share among the organisation's participants.
CREATE TABLE organisation_workforce (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    organisation TEXT NOT NULL COLLATE NOCASE,
    women_percent INTEGER NOT NULL CHECK (women_percent BETWEEN 0 AND 100),
    PRIMARY KEY (event_id, organisation)
);

CREATE TABLE event_series (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    target_organisations INTEGER CHECK (target_organisations IS NULL OR target_organisations > 0),
    target_participants INTEGER CHECK (target_participants IS NULL OR target_participants > 0),
    created_at TEXT NOT NULL
);

CREATE TABLE event_series_members (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES event_series (id) ON DELETE CASCADE
);
