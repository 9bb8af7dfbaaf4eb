-- A duplicate question merged into another (issue 16): it leaves the list, its text
-- shows as a variant under the question it was merged into, and the votes of both
-- count once per participant there. NULL again when the moderator undoes the merge.
ALTER TABLE live_questions ADD COLUMN merged_into INTEGER REFERENCES live_questions (id) ON DELETE SET NULL;
