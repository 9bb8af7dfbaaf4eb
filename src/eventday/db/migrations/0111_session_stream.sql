-- A stream or meeting link per agenda session (the webinar companion); empty: the
-- event's own link is shown during the session.
ALTER TABLE sessions ADD COLUMN stream_url TEXT NOT NULL DEFAULT '';
