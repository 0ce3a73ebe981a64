-- Possible matches too uncertain to merge, waiting for a person (`complicity review`).
CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    left_id TEXT NOT NULL,
    right_id TEXT NOT NULL,
    score REAL NOT NULL,
    reason TEXT NOT NULL,
    source TEXT NOT NULL,
    created TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',   -- open, same, different
    decided_by TEXT,
    decided_at TEXT,
    UNIQUE (left_id, right_id)
);

-- Where merged entities went: a later import that still uses the old id lands on the new one.
CREATE TABLE redirects (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
