-- Attachments made when the mail is sent rather than in the transaction that queued
-- it: a JSON list of {"kind", "ref"} specs (e.g. the ticket of registration 12).
-- Rows queued earlier keep their ready-made files in "attachments".
ALTER TABLE mail_outbox ADD COLUMN compose TEXT NOT NULL DEFAULT '[]';
