-- Where an event is in its life: a draft only its team sees, published (on the front
-- page, open for registration), or archived (over: off the front page, its pages
-- still answer old links). Events created before this migration were public at once,
-- so they stay published.
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('draft', 'published', 'archived'));
