-- The mail server as the outbox workers last found it: whether it could be reached,
-- since when, and the last error if not. One row, written by the attempt that found
-- the state changed; none before the first attempt (not known yet).
CREATE TABLE mail_server (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    reachable INTEGER NOT NULL,
    since TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT ''
);
