-- What reports need of projects: a colour for charts, an hourly rate in a
-- currency, archiving, and whether a project's time is billable by default (entries have
-- their own flag since 0004).

-- '#rrggbb'; new projects get the palette colour used least (see `projects::PALETTE`).
ALTER TABLE projects ADD COLUMN color TEXT;
-- Per hour, in the currency's minor unit (cents), with the ISO 4217 code beside it; both or neither.
ALTER TABLE projects ADD COLUMN rate_minor INTEGER CHECK (rate_minor IS NULL OR rate_minor >= 0);
ALTER TABLE projects ADD COLUMN currency TEXT;
-- Archived projects are hidden from pickers and kept in reports; unlike deleted ones, they come back.
ALTER TABLE projects ADD COLUMN archived_at INTEGER;
-- New entries of the project are billable unless said otherwise.
ALTER TABLE projects ADD COLUMN billable INTEGER NOT NULL DEFAULT 0;

-- Existing projects take the palette in turn.
UPDATE projects SET color = CASE id % 10
    WHEN 1 THEN '#0d9488' WHEN 2 THEN '#6366f1' WHEN 3 THEN '#f59e0b' WHEN 4 THEN '#ec4899'
    WHEN 5 THEN '#0ea5e9' WHEN 6 THEN '#84cc16' WHEN 7 THEN '#f97316' WHEN 8 THEN '#8b5cf6'
    WHEN 9 THEN '#14b8a6' ELSE '#ef4444' END;
