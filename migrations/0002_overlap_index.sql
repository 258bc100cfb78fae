-- Reports and totals look for entries overlapping a time range. Entries are indexed by start;
-- this index gives the longest finished entry in O(log n), which bounds how far before a range
-- an overlapping entry can start, so a report on one week reads about one week of rows.
CREATE INDEX entries_span ON entries ((stop_ms - start_ms)) WHERE deleted_at IS NULL AND stop_ms IS NOT NULL;
