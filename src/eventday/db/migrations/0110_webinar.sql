-- The webinar companion: per event, the reminder offsets (minutes before the start),
-- who sees the stream, and the thank-you mail; and the log of mail sent to groups.
CREATE TABLE webinar_settings (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    reminders TEXT NOT NULL DEFAULT '[1440, 60]',
    stream_audience TEXT NOT NULL DEFAULT 'link' CHECK (stream_audience IN ('link', 'code')),
    thank_you INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE group_mails (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    sent_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
