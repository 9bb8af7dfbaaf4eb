-- An e-mail change asked for on the private link: the old address stays in force until
-- the link mailed to the new one is followed. Only the token's hash is kept; a row is
-- used once (used_at) and expires (expires_at). A new request replaces the unused ones.

CREATE TABLE email_changes (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE INDEX email_changes_registration ON email_changes (registration_id);
