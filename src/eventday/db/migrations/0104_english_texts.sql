-- English versions of the texts organisers write (Swedish stays the primary text).
-- Empty means "not translated": attendees then see the Swedish text.
ALTER TABLE events ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
-- options_en: a JSON list beside options (same order), or [] when not translated.
ALTER TABLE registration_questions ADD COLUMN label_en TEXT NOT NULL DEFAULT '';
ALTER TABLE registration_questions ADD COLUMN options_en TEXT NOT NULL DEFAULT '[]';
