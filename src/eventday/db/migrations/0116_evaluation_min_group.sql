-- The evaluation's smallest group shown in a breakdown by gender or region, per event.
ALTER TABLE webinar_settings ADD COLUMN evaluation_min_group INTEGER NOT NULL DEFAULT 5;
