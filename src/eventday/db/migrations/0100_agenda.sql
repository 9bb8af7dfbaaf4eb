-- The programme of an event: rooms, tracks, speakers and sessions.
CREATE TABLE rooms (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    guid TEXT NOT NULL UNIQUE,
    UNIQUE (event_id, name)
);

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    colour TEXT NOT NULL DEFAULT '#0b5cab',
    UNIQUE (event_id, name)
);

CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    photo BLOB,
    photo_version INTEGER NOT NULL DEFAULT 0,
    guid TEXT NOT NULL UNIQUE
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    guid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'talk'
        CHECK (kind IN ('talk', 'panel', 'workshop', 'break', 'other')),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    room_id INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    track_id INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
    capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_by_event_time ON sessions (event_id, starts_at);
CREATE INDEX sessions_by_room_time ON sessions (room_id, starts_at);

CREATE TABLE session_speakers (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, speaker_id)
);
