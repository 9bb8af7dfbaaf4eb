-- Scheduled mail (reminders, thank-you, group mail): a key that makes each scheduled
-- mail exist once however many processes and restarts try to queue it, the moment it
-- was meant for, and a deadline after which it is no longer sent (status 'expired':
-- a reminder never goes out after the event has started). SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt with the new status.
CREATE TABLE mail_outbox_new (
    id INTEGER PRIMARY KEY,
    event_id INTEGER REFERENCES events (id) ON DELETE CASCADE,
    registration_id INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attachments TEXT NOT NULL DEFAULT '[]',
    compose TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'expired')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    once_key TEXT,
    scheduled_for TEXT,
    expires_at TEXT
);
INSERT INTO mail_outbox_new (id, event_id, registration_id, recipient, subject, body,
    attachments, compose, status, attempts, last_error, next_attempt_at, created_at, sent_at)
SELECT id, event_id, registration_id, recipient, subject, body, attachments, compose,
    status, attempts, last_error, next_attempt_at, created_at, sent_at FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_event ON mail_outbox (event_id, id);
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (once_key) WHERE once_key IS NOT NULL;
