-- The event's evaluation running live: phones on the live page are asked to answer it
-- (the moderator starts and ends it from the console; it is a part of the stage).
ALTER TABLE live_stage ADD COLUMN evaluation_open INTEGER NOT NULL DEFAULT 0;
