-- Stint's first schema. Instants are UTC milliseconds since the Unix epoch (INTEGER) everywhere.

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    -- Set when the user deletes the project; entries keep pointing at it so history stays intact.
    deleted_at  INTEGER
);
-- Names are unique among live projects, ignoring case; a deleted name can be reused.
CREATE UNIQUE INDEX projects_live_name ON projects (name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (name COLLATE NOCASE);

CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    -- Stable identity across databases: imports deduplicate on it and a future sync needs it.
    uuid        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL,
    project_id  INTEGER REFERENCES projects (id),
    start_ms    INTEGER NOT NULL,
    -- NULL while the timer runs: the running timer is written the moment it starts.
    stop_ms     INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- Soft delete so a delete can be undone; purged later.
    deleted_at  INTEGER,
    CHECK (stop_ms IS NULL OR stop_ms >= start_ms)
);
-- At most one running entry, enforced by the database so the app and the CLI cannot both start one.
CREATE UNIQUE INDEX entries_one_running ON entries ((stop_ms IS NULL)) WHERE stop_ms IS NULL AND deleted_at IS NULL;
CREATE INDEX entries_live_start ON entries (start_ms) WHERE deleted_at IS NULL;
CREATE INDEX entries_deleted ON entries (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE entry_tags (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX entry_tags_tag ON entry_tags (tag_id);
