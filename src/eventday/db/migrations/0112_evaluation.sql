-- The evaluation after an event: questions (a rating scale 1-5, one choice, open
-- text), answered anonymously at one's own pace. A response keeps no link to the
-- registration: only the respondent's gender and region (for breakdowns shown from a
-- minimum group size); a separate table remembers who has answered, so nobody answers
-- twice and reminders go only to those who have not.
CREATE TABLE evaluation_questions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('scale', 'choice', 'text')),
    prompt TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE evaluation_responses (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    gender TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT ''
);
CREATE TABLE evaluation_answers (
    response_id INTEGER NOT NULL REFERENCES evaluation_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES evaluation_questions (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);
CREATE TABLE evaluation_done (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    respondent TEXT NOT NULL,
    PRIMARY KEY (event_id, respondent)
);
ALTER TABLE webinar_settings ADD COLUMN evaluation_reminder_days INTEGER NOT NULL DEFAULT 3;
