-- Preferences and one-time flags, as JSON values by key. Stored with the data so the app and
-- the CLI see the same ones.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
