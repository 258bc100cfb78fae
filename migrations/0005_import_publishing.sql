-- A large import is read into a staging database first and then published into this one in
-- short transactions, so other writers never wait long. While that runs, its batch row says
-- when it last made progress; a batch still marked after its writer died is taken back whole
-- (entries, projects and tags) by the next Stint that opens the file, so an import is still
-- all or nothing.
ALTER TABLE import_batches ADD COLUMN publishing_at INTEGER;
