-- Imports: every import is one batch that can be undone as a whole, and entries brought from
-- another tracker keep that tracker's id so a later, longer export adds only what is new.
CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    -- The format it was read as (`toggl-csv`, `watson-frames`, …) and the file's name, for
    -- `stint import --list` and the undo notice.
    format      TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    entries     INTEGER NOT NULL DEFAULT 0,
    -- Set when the batch was undone; its entries are gone, the record of it stays.
    undone_at   INTEGER
);

ALTER TABLE entries ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
-- The tracker an entry came from (`toggl`, `clockify`, `watson`, `timewarrior`) and its id there.
ALTER TABLE entries ADD COLUMN source TEXT;
ALTER TABLE entries ADD COLUMN source_id TEXT;
-- Whether the time is billable to a client (Toggl and Clockify keep this per entry).
ALTER TABLE entries ADD COLUMN billable INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX entries_source_id ON entries (source, source_id) WHERE source_id IS NOT NULL;
-- No index on import_batch_id: only undoing an import looks entries up by it, and a scan then
-- costs milliseconds where keeping an index costs every imported row.

-- The client a project is done for (Toggl and Clockify group projects by client).
ALTER TABLE projects ADD COLUMN client TEXT;
-- Projects and tags an import created, so undoing it can take away the ones nothing else uses.
ALTER TABLE projects ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
ALTER TABLE tags ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
