-- A countdown on an activity: when it closes (UTC ISO text), set only while it is
-- open with a timer running. Whichever process's tick first sees it passed closes
-- the activity (one conditional UPDATE, so exactly once).
ALTER TABLE live_activities ADD COLUMN deadline TEXT;
CREATE INDEX live_activities_deadline ON live_activities (deadline)
    WHERE deadline IS NOT NULL;

-- The moderator keeps this activity reachable on phones whatever is on stage (Q&A
-- always is).
ALTER TABLE live_activities ADD COLUMN always_open INTEGER NOT NULL DEFAULT 0;
