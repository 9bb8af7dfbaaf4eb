-- The moderator hid an activity's results from phones and the projector (Hide
-- results), whether or not they were public; Reveal and a new round clear it.
ALTER TABLE live_activities ADD COLUMN results_hidden INTEGER NOT NULL DEFAULT 0;
