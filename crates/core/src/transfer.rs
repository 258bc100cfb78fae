//! Export (CSV and JSON, streamed row by row) and CSV import (one transaction: a bad row aborts
//! everything and names its line).

use std::collections::HashMap;
use std::io::{Read, Write};

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use serde::Serialize;

use crate::entries::{clean_fields, insert_entry, EntryRow, TagIds, ENTRY_SELECT};
use crate::entry::{clean_name, Entry, EntryFields};
use crate::error::{Error, Result};
use crate::local_time::{from_ms, to_ms};
use crate::store::Store;

/// The CSV columns Stint writes, in order. Import needs `start`, `stop` and `description`.
pub const CSV_COLUMNS: [&str; 6] = ["uuid", "start", "stop", "project", "tags", "description"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// One exported entry. Times are RFC 3339 in UTC, with milliseconds when there are any.
#[derive(Debug, Serialize)]
pub struct ExportedEntry<'a> {
    pub uuid: &'a str,
    pub start: String,
    pub stop: Option<String>,
    pub project: Option<&'a str>,
    pub tags: &'a [String],
    pub description: &'a str,
}

/// Separates rows in an export page; descriptions and names cannot contain control characters.
const ROW_SEPARATOR: char = '\u{1e}';

/// One page of the export: up to 4,000 live entries after the key `(?1, ?2)` = (start, id) and
/// starting before `?3`. (`start_ms >= ?1` on its own gives SQLite the index range to seek to;
/// the row value alone would make it scan from the first entry on every page.)
/// folded into one value as `id,start,stop,project_id,tag ids,uuid,description` rows.
/// Moving thousands of rows per round trip instead of one is what makes a large export fast:
/// sqlx hands every row across threads.
const EXPORT_PAGE: &str = "
    SELECT group_concat(line, char(30)) FROM (
        SELECT e.start_ms, e.id,
               e.id || ',' || e.start_ms || ',' || IFNULL(e.stop_ms, '') || ',' ||
               IFNULL(e.project_id, '') || ',' ||
               IFNULL((SELECT group_concat(tag_id, ' ') FROM entry_tags WHERE entry_id = e.id), '') ||
               ',' || e.uuid || ',' || e.description AS line
        FROM entries e
        WHERE e.deleted_at IS NULL AND e.start_ms >= ?1 AND e.start_ms < ?3
          AND (e.start_ms, e.id) > (?1, ?2)
        ORDER BY e.start_ms, e.id
        LIMIT 4000)";

/// The next page of the export after `after` = (start, id), for entries starting before `to`.
async fn export_page(
    conn: &mut sqlx::SqliteConnection,
    after: (i64, i64),
    to: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(EXPORT_PAGE)
        .bind(after.0)
        .bind(after.1)
        .bind(to)
        .fetch_one(conn)
        .await
}

struct PageRow<'a> {
    id: i64,
    start_ms: i64,
    stop_ms: Option<i64>,
    project_id: Option<i64>,
    tag_ids: Vec<i64>,
    uuid: &'a str,
    description: &'a str,
}

impl<'a> PageRow<'a> {
    fn parse(line: &'a str) -> Result<PageRow<'a>> {
        let bad = || Error::Damaged {
            detail: "an entry's row could not be read back".into(),
        };
        let int = |text: &str| text.parse::<i64>().map_err(|_| bad());
        let opt = |text: &str| {
            if text.is_empty() {
                Ok(None)
            } else {
                int(text).map(Some)
            }
        };
        let mut fields = line.splitn(7, ',');
        let mut next = || fields.next().ok_or_else(bad);
        let (id, start, stop, project, tag_ids) = (next()?, next()?, next()?, next()?, next()?);
        let (uuid, description) = (next()?, next()?);
        Ok(PageRow {
            id: int(id)?,
            start_ms: int(start)?,
            stop_ms: opt(stop)?,
            project_id: opt(project)?,
            tag_ids: tag_ids.split_whitespace().map(int).collect::<Result<_>>()?,
            uuid,
            description,
        })
    }
}

/// Writes entries as CSV rows or as the elements of one JSON array.
enum ExportWriter<W: Write> {
    Csv(Box<csv::Writer<W>>, u64),
    Json(W, u64),
}

impl<W: Write> ExportWriter<W> {
    fn new(format: ExportFormat, out: W) -> Result<Self> {
        Ok(match format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(CSV_COLUMNS).map_err(write_error)?;
                ExportWriter::Csv(Box::new(csv), 0)
            }
            ExportFormat::Json => {
                let mut out = out;
                out.write_all(b"[")?;
                ExportWriter::Json(out, 0)
            }
        })
    }

    fn write(&mut self, e: &ExportedEntry<'_>) -> Result<()> {
        match self {
            ExportWriter::Csv(csv, count) => {
                let tags = e.tags.join(",");
                let stop = e.stop.as_deref().unwrap_or("");
                let project = e.project.unwrap_or("");
                csv.write_record([
                    e.uuid,
                    &e.start,
                    stop,
                    &defuse_formula(project),
                    &defuse_formula(&tags),
                    &defuse_formula(e.description),
                ])
                .map_err(write_error)?;
                *count += 1;
            }
            ExportWriter::Json(out, count) => {
                out.write_all(if *count == 0 { b"\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut *out, e).map_err(std::io::Error::from)?;
                *count += 1;
            }
        }
        Ok(())
    }

    /// Closes the output; returns how many entries were written.
    fn finish(self) -> Result<u64> {
        match self {
            ExportWriter::Csv(mut csv, count) => {
                csv.flush()?;
                Ok(count)
            }
            ExportWriter::Json(mut out, count) => {
                out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
                Ok(count)
            }
        }
    }
}

fn rfc3339(ms: i64) -> String {
    from_ms(ms).to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub imported: u64,
    /// Rows that matched an entry already there: the same uuid, or the same start, stop,
    /// description, project and tags.
    pub skipped: u64,
}

impl Store {
    /// Writes live entries that started in `[from, to)` (all when `None`), oldest first.
    /// Entries are read a page at a time; memory does not grow with the history.
    pub async fn export<W: Write>(
        &self,
        format: ExportFormat,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        out: W,
    ) -> Result<u64> {
        let mut conn = self.pool.acquire().await?;
        // Names by id: a few hundred at most, and cheaper than joining them into every row.
        let projects: HashMap<i64, String> = sqlx::query_as("SELECT id, name FROM projects")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
        let tags: HashMap<i64, String> = sqlx::query_as("SELECT id, name FROM tags")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
        let hi = to.map_or(i64::MAX, to_ms);
        let mut writer = ExportWriter::new(format, out)?;
        // Entries come after (start, id); the first page starts at `from`.
        let mut page = export_page(&mut conn, (from.map_or(i64::MIN, to_ms), i64::MIN), hi).await?;
        while let Some(text) = page {
            // The aggregate does not promise to keep the subquery's order; sorting the page
            // rows here is cheaper than asking SQLite to sort them again.
            let mut rows = text
                .split(ROW_SEPARATOR)
                .map(PageRow::parse)
                .collect::<Result<Vec<_>>>()?;
            rows.sort_unstable_by_key(|row| (row.start_ms, row.id));
            let last = rows
                .last()
                .map_or((i64::MAX, i64::MAX), |row| (row.start_ms, row.id));
            // SQLite reads the next page on sqlx's thread while this one is written out here.
            let write = async {
                for row in &rows {
                    let mut entry_tags: Vec<String> = row
                        .tag_ids
                        .iter()
                        .filter_map(|id| tags.get(id).cloned())
                        .collect();
                    entry_tags.sort_by_cached_key(|t| t.to_lowercase());
                    writer.write(&ExportedEntry {
                        uuid: row.uuid,
                        start: rfc3339(row.start_ms),
                        stop: row.stop_ms.map(rfc3339),
                        project: row
                            .project_id
                            .and_then(|id| projects.get(&id))
                            .map(String::as_str),
                        tags: &entry_tags,
                        description: row.description,
                    })?;
                }
                Ok::<(), Error>(())
            };
            let (next, written) =
                futures_util::future::join(export_page(&mut conn, last, hi), write).await;
            written?;
            page = next?;
        }
        writer.finish()
    }

    /// Imports CSV with a header row naming at least `start`, `stop` and `description` (any case,
    /// any order; `project`, `tags` and `uuid` are used when present, other columns ignored).
    /// Everything happens in one transaction. `progress` hears the number of rows read so far
    /// every 1,000 rows.
    pub async fn import_csv<R: Read, Tz: TimeZone>(
        &self,
        input: R,
        tz: &Tz,
        now: DateTime<Utc>,
        mut progress: impl FnMut(u64),
    ) -> Result<ImportSummary> {
        let input = crate::text_encoding::Utf8Input::new(input)?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| row_error(1, csv_error(e)))?
            .clone();
        let columns: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_lowercase(), i))
            .collect();
        let column = |name: &str| {
            columns
                .get(name)
                .copied()
                .ok_or_else(|| Error::ImportMissingColumn {
                    column: name.into(),
                })
        };
        let (start_col, stop_col, description_col) =
            (column("start")?, column("stop")?, column("description")?);
        let (project_col, tags_col, uuid_col) = (
            columns.get("project").copied(),
            columns.get("tags").copied(),
            columns.get("uuid").copied(),
        );

        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        // One transaction touches every page it writes; SQLite's default 2 MiB page cache would
        // spill to the WAL over and over on a large file.
        sqlx::query("PRAGMA cache_size = -65536")
            .execute(&mut *tx)
            .await?;
        let mut summary = ImportSummary::default();
        let mut project_ids: HashMap<String, i64> = HashMap::new();
        let mut tag_ids = TagIds::default();
        let mut record = csv::StringRecord::new();
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(err) => return Err(row_error(line, csv_error(err))),
            }
            let line = record.position().map_or(line, |p| p.line());
            let next_line = reader.position().line();
            // No field Stint reads may hold a line break, so one that does swallowed the
            // following lines: a quote opened on this line was never closed.
            if next_line > line + 1 && record.iter().any(|f| f.contains(['\n', '\r'])) {
                return Err(Error::ImportRow {
                    line,
                    reason: format!(
                        "a quoted field starts here and its closing \" is missing (the file's lines {line} to {} were read as one field). Close the quote or remove it.",
                        next_line - 1
                    ),
                });
            }
            let cell = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .map(|text| restore_formula(text.trim()))
                    .unwrap_or("")
            };
            let row = async {
                let project = match cell(project_col) {
                    "" => None,
                    name => Some(clean_name(name)?),
                };
                let tags: Vec<String> = cell(tags_col)
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect();
                let stop = cell(Some(stop_col));
                let uuid = cell(uuid_col);
                if !uuid.is_empty() && uuid::Uuid::parse_str(uuid).is_err() {
                    return Err(Error::ImportRow {
                        line,
                        reason: format!("“{uuid}” is not a UUID."),
                    });
                }
                if !uuid.is_empty() && uuid_taken(&mut tx, uuid).await? {
                    return Ok(false);
                }
                let project_id = match &project {
                    Some(name) => Some(match project_ids.get(&name.to_lowercase()) {
                        Some(id) => *id,
                        None => {
                            let id = crate::projects::ensure_project(&mut tx, name, now).await?;
                            project_ids.insert(name.to_lowercase(), id);
                            id
                        }
                    }),
                    None => None,
                };
                let fields = EntryFields {
                    description: cell(Some(description_col)).to_string(),
                    project_id,
                    tags,
                    start: cell(Some(start_col)).to_string(),
                    stop: (!stop.is_empty()).then(|| stop.to_string()),
                };
                let clean = clean_fields(&mut tx, &fields, project_id, tz, now).await?;
                if is_duplicate(&mut tx, &clean, project.as_deref()).await? {
                    return Ok(false);
                }
                insert_entry(
                    &mut tx,
                    &clean,
                    (!uuid.is_empty()).then_some(uuid),
                    &mut tag_ids,
                    now,
                )
                .await?;
                Ok::<bool, Error>(true)
            }
            .await;
            match row {
                Ok(true) => summary.imported += 1,
                Ok(false) => summary.skipped += 1,
                Err(err) => return Err(row_error(line, err)),
            }
            let read = summary.imported + summary.skipped;
            if read % 1000 == 0 {
                progress(read);
            }
        }
        tx.commit().await?;
        // Fold the large WAL this transaction left back into the database now, rather than
        // making the next command replay it.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok(summary)
    }
}

/// A CSV error while reading, in words: the caller adds the line.
fn csv_error(err: csv::Error) -> Error {
    let line = err.position().map_or(0, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
            Error::ImportNotUtf8 { line }
        }
        csv::ErrorKind::Io(io) => Error::Io(io),
        csv::ErrorKind::Utf8 { pos, .. } => Error::ImportNotUtf8 {
            line: pos.map_or(line, |p| p.line()),
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::ImportRow {
            line,
            reason: format!("it has {len} fields where the header has {expected_len}."),
        },
        _ => Error::ImportRow {
            line,
            reason: "it is not valid CSV.".into(),
        },
    }
}

/// A CSV error while writing an export: only the output can fail there.
fn write_error(err: csv::Error) -> Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        _ => Error::Io(std::io::Error::other("the CSV writer refused a row")),
    }
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// True when a spreadsheet would run `text` as a formula once one `'` is taken off its front:
/// it starts with a trigger, after any number of quotes.
fn needs_defusing(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS)
}

/// Prefixes a cell a spreadsheet would run as a formula with `'`, as OWASP advises. Cells that
/// already start with quotes before a trigger get one more, so [`restore_formula`] can undo
/// exactly this and the round trip stays lossless.
pub fn defuse_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if needs_defusing(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Undoes [`defuse_formula`].
pub fn restore_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_defusing(rest) => rest,
        _ => text,
    }
}

/// Puts the line on an error about a row's content; errors about the database or the file pass
/// through as they are.
fn row_error(line: u64, err: Error) -> Error {
    match err {
        Error::ImportNotUtf8 { line: at } => Error::ImportNotUtf8 {
            line: if at > 0 { at } else { line },
        },
        Error::ImportRow { reason, .. } => Error::ImportRow { line, reason },
        Error::Busy | Error::ReadOnly => err,
        other if other.is_internal() => other,
        other => Error::ImportRow {
            line,
            reason: other.to_string(),
        },
    }
}

async fn uuid_taken(conn: &mut sqlx::SqliteConnection, uuid: &str) -> Result<bool> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM entries WHERE uuid = ?)")
            .bind(uuid)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// True when a live entry with the same start has the same stop, description, project and tags.
async fn is_duplicate(
    conn: &mut sqlx::SqliteConnection,
    clean: &crate::entries::CleanFields,
    project: Option<&str>,
) -> Result<bool> {
    let sql = format!("{ENTRY_SELECT} WHERE e.deleted_at IS NULL AND e.start_ms = ?");
    let rows: Vec<EntryRow> = sqlx::query_as(&sql)
        .bind(clean.start_ms)
        .fetch_all(&mut *conn)
        .await?;
    let fold = |tags: &[String]| {
        let mut t: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
        t.sort();
        t
    };
    Ok(rows.into_iter().map(Entry::from).any(|e| {
        e.stop_ms == clean.stop_ms
            && e.description == clean.description
            && e.project.as_ref().map(|p| p.name.to_lowercase()) == project.map(str::to_lowercase)
            && fold(&e.tags) == fold(&clean.tags)
    }))
}
