-- Registration: the form of an event, registrations with their answers and ticket,
-- and seat bookings for workshop sessions with their own capacity.
CREATE TABLE registration_forms (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    builtins TEXT NOT NULL DEFAULT '{}',
    consent_text TEXT NOT NULL DEFAULT '',
    consent_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE registration_questions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'single', 'multiple', 'checkbox', 'number')),
    options TEXT NOT NULL DEFAULT '[]',
    required INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled')),
    name TEXT NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    organisation TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{}',
    language TEXT NOT NULL DEFAULT 'sv',
    ticket_code TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    consent_version INTEGER,
    consent_text TEXT NOT NULL DEFAULT '',
    consented_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    cancelled_at TEXT
);
-- One live registration per e-mail and event; cancelled ones may register again.
CREATE UNIQUE INDEX registrations_one_per_email
    ON registrations (event_id, email) WHERE status != 'cancelled';
CREATE INDEX registrations_by_status ON registrations (event_id, status, id);

CREATE TABLE session_bookings (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX session_bookings_one_live
    ON session_bookings (session_id, registration_id) WHERE status != 'cancelled';
CREATE INDEX session_bookings_by_status ON session_bookings (session_id, status, id);
