-- The moderator hid an activity's results from phones and the projector (Hide
-- results), whether or not they were public; Reveal and a new round clear it.
ALTER TABLE live_activities ADD COLUMN results_hidden INTEGER NOT NULL DEFAULT 0;

-- When the activity's current round began (first opened, or reset while open): the
-- console's share of participants who took part counts those joined since then.
ALTER TABLE live_activities ADD COLUMN round_started_at TEXT;
