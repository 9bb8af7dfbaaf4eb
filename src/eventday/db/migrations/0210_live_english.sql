-- English title of an activity (empty: attendees see the Swedish title). English
-- options and scale labels live in the activity's config JSON.
ALTER TABLE live_activities ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
