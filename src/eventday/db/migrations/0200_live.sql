-- Live interaction: participants (no account), activities and what participants send.
-- Every submission row carries the activity's round, so a reset starts a new round
-- while the old rounds stay for exports. Snapshot versions come from
-- live_activities.version and live_stage.version, bumped in the same transaction as
-- each change, so they never go backwards across restarts or processes.

CREATE TABLE live_participants (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- A registered attendee's registration, linked when they open their private link
    -- (no foreign key: the registrations table belongs to another feature).
    registration_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX live_participants_event ON live_participants (event_id);

CREATE TABLE live_stage (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES live_activities (id) ON DELETE SET NULL,
    qa_premoderation INTEGER NOT NULL DEFAULT 0,
    blocklist TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE live_activities (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    session_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('choice', 'scale', 'ranking', 'wordcloud', 'ideas', 'qa')),
    title TEXT NOT NULL,
    config TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
    hide_results INTEGER NOT NULL DEFAULT 0,
    revealed INTEGER NOT NULL DEFAULT 0,
    round INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX live_activities_event ON live_activities (event_id, position);

-- One answer per participant and round (choice, scale, ranking); changeable while open.
CREATE TABLE live_answers (
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    answer TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (activity_id, round, participant_id)
);

CREATE TABLE live_words (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    norm TEXT NOT NULL,
    blocked INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (activity_id, round, participant_id, norm)
);
CREATE INDEX live_words_count ON live_words (activity_id, round, norm);

CREATE TABLE live_ideas (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    merged_into INTEGER REFERENCES live_ideas (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX live_ideas_activity ON live_ideas (activity_id, round);

CREATE TABLE live_idea_votes (
    idea_id INTEGER NOT NULL REFERENCES live_ideas (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    PRIMARY KEY (idea_id, participant_id)
);

CREATE TABLE live_questions (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES live_activities (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    author_name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'visible', 'hidden')),
    answered INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX live_questions_activity ON live_questions (activity_id, round);

CREATE TABLE live_question_votes (
    question_id INTEGER NOT NULL REFERENCES live_questions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, participant_id)
);
