-- Full-text search over descriptions (the window's search box, `stint log --search`): an FTS5
-- index that reads its text from `entries` (external content, so nothing is stored twice), kept
-- in step by triggers. Words match from their start, ignoring case and accents.
CREATE VIRTUAL TABLE entries_fts USING fts5(
    description,
    content = 'entries',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    -- Stint asks only "does the description have words starting so": no positions needed, and
    -- short prefixes get an index of their own.
    detail = none,
    prefix = '2 3'
);

CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, description) VALUES (new.id, new.description);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, description) VALUES ('delete', old.id, old.description);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF description ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, description) VALUES ('delete', old.id, old.description);
    INSERT INTO entries_fts (rowid, description) VALUES (new.id, new.description);
END;

INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');

-- The project filter: a project's newest entries first, without walking the whole history.
CREATE INDEX entries_project_start ON entries (project_id, start_ms) WHERE deleted_at IS NULL;
