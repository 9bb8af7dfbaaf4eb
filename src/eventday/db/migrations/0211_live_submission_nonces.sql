-- Words, ideas and questions a participant sent, by the nonce their client gave each
-- submission: a client that resends after a reconnect (it never saw the ack) gets the
-- ack again, and nothing is counted twice. Votes, ratings, rankings and upvotes need
-- none: they set the participant's answer, so a repeat changes nothing.
CREATE TABLE live_submission_nonces (
    participant_id INTEGER NOT NULL REFERENCES live_participants (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (participant_id, nonce)
) WITHOUT ROWID;
