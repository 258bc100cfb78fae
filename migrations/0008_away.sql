-- Time the person was away (idle, screen locked, asleep, shut down) while a timer ran, and what
-- they answered. One question is open at a time; answered ones keep what undoing the answer
-- needs, so an answer is undoable like a delete.
CREATE TABLE away_periods (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    started_ms  INTEGER NOT NULL,
    -- NULL while the person is still away.
    ended_ms    INTEGER,
    cause       TEXT NOT NULL CHECK (cause IN ('idle', 'lock', 'sleep', 'shutdown')),
    answered_at INTEGER,
    answer      TEXT,
    -- JSON: the entry's stop and deletion before the answer and the entries the answer made.
    undo        TEXT
);
CREATE UNIQUE INDEX away_one_open ON away_periods ((answered_at IS NULL)) WHERE answered_at IS NULL;
