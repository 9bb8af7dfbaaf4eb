-- Sessions an attendee marked for their personal agenda (and its calendar feed).
CREATE TABLE favourites (
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, session_id)
);
