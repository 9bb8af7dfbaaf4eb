-- Each word cloud's newest layout, so placed words keep their places across restarts
-- and every process: a layout is laid out from the one stored before it. ``state`` is
-- the renderer's JSON ({"scale": ..., "words": [...]}) for ``round`` at ``version``.
CREATE TABLE live_cloud_layouts (
    activity_id INTEGER PRIMARY KEY REFERENCES live_activities (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL
);
