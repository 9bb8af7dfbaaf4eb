-- Scored quizzes (issue 16): the nickname a participant shows on the event's
-- leaderboards, and which quiz's leaderboard is on the stage (the quiz question it was
-- shown from; NULL: none). Putting an activity on the stage takes the leaderboard off.
CREATE TABLE live_nicknames (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    nickname TEXT NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (event_id, participant_id),
    UNIQUE (event_id, norm)
);

ALTER TABLE live_stage ADD COLUMN leaderboard_of INTEGER REFERENCES live_activities (id) ON DELETE SET NULL;
