-- English versions of the programme's texts and of the registration form's consent
-- text, beside the Swedish ones (as 0104 did for events). Empty means "not
-- translated": visitors then see the Swedish text.
ALTER TABLE sessions ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE speakers ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE speakers ADD COLUMN bio_en TEXT NOT NULL DEFAULT '';
ALTER TABLE registration_forms ADD COLUMN consent_text_en TEXT NOT NULL DEFAULT '';
-- The language of the consent text a registration accepted ('sv' or 'en'; NULL when
-- the form asked for no consent). consent_text keeps that text word for word.
ALTER TABLE registrations ADD COLUMN consent_language TEXT
    CHECK (consent_language IS NULL OR consent_language IN ('sv', 'en'));
