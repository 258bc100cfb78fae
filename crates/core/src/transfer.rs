//! Export (CSV and JSON, streamed row by row) and CSV import (one transaction: a bad row aborts
//! everything and names its line).

use std::collections::HashMap;
use std::io::{Read, Write};

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use futures_util::TryStreamExt;
use serde::Serialize;

use crate::entries::{clean_fields, insert_entry, sorted_tags, EntryRow, TagIds, ENTRY_SELECT};
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

/// uuid, start, stop, project, folded tags, description.
type ExportRow = (
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
);

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
    /// Rows stream from the database to `out`; memory does not grow with the history.
    pub async fn export<W: Write>(
        &self,
        format: ExportFormat,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        out: W,
    ) -> Result<u64> {
        // Only the exported columns, decoded by position: per-row overhead dominates at scale.
        let sql = "SELECT e.uuid, e.start_ms, e.stop_ms, p.name,
                          (SELECT group_concat(t.name, char(31)) FROM entry_tags et
                           JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id),
                          e.description
                   FROM entries e LEFT JOIN projects p ON p.id = e.project_id
                   WHERE e.deleted_at IS NULL AND e.start_ms >= ? AND e.start_ms < ?
                   ORDER BY e.start_ms, e.id";
        let mut rows = sqlx::query_as::<_, ExportRow>(sql)
            .bind(from.map_or(i64::MIN, to_ms))
            .bind(to.map_or(i64::MAX, to_ms))
            .fetch(&self.pool);
        let mut count = 0;
        match format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(CSV_COLUMNS).map_err(csv_error)?;
                while let Some(row) = rows.try_next().await? {
                    let (uuid, start, stop, project, tags, description) = row;
                    let tags = tags.map(|t| sorted_tags(&t).join(",")).unwrap_or_default();
                    csv.write_record([
                        uuid.as_str(),
                        &rfc3339(start),
                        &stop.map(rfc3339).unwrap_or_default(),
                        project.as_deref().unwrap_or(""),
                        &tags,
                        &description,
                    ])
                    .map_err(csv_error)?;
                    count += 1;
                }
                csv.flush()?;
            }
            ExportFormat::Json => {
                let mut out = out;
                out.write_all(b"[")?;
                while let Some(row) = rows.try_next().await? {
                    let (uuid, start, stop, project, tags, description) = row;
                    let tags = tags.map(|t| sorted_tags(&t)).unwrap_or_default();
                    let entry = ExportedEntry {
                        uuid: &uuid,
                        start: rfc3339(start),
                        stop: stop.map(rfc3339),
                        project: project.as_deref(),
                        tags: &tags,
                        description: &description,
                    };
                    out.write_all(if count == 0 { b"\n  " } else { b",\n  " })?;
                    serde_json::to_writer(&mut out, &entry).map_err(std::io::Error::from)?;
                    count += 1;
                }
                out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
            }
        }
        Ok(count)
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
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| row_error(1, &csv_error(e)))?
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
                Err(err) => return Err(row_error(line, &csv_error(err))),
            }
            let line = record.position().map_or(line, |p| p.line());
            let cell =
                |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
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
                Err(err) => return Err(row_error(line, &err)),
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

fn csv_error(err: csv::Error) -> Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        other => Error::ImportRow {
            line: 0,
            reason: format!("{other:?}"),
        },
    }
}

fn row_error(line: u64, err: &Error) -> Error {
    let reason = match err {
        Error::ImportRow { reason, .. } => reason.clone(),
        other => other.to_string(),
    };
    Error::ImportRow { line, reason }
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
