//! Writing an import: one transaction, fed a chunk of rows at a time. Each chunk costs a fixed
//! number of statements whatever its size (duplicates, uuids, source ids and overlaps are each
//! looked up for the whole chunk through `json_each`, and entries and their tags go in as
//! multi-row inserts), which is what makes 100,000 rows take about a second rather than half a
//! minute of one-row round trips.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sqlx::pool::PoolConnection;
use sqlx::Sqlite;

use super::record::{ReadNotes, RowRefusal, SourceRecord};
use super::{
    DateOrder, ImportBatch, ImportFormat, ImportReport, ImportedRow, RowStatus, UndoTarget,
};
use crate::entry::{clean_description, clean_name, clean_tags};
use crate::error::{Error, Result};
use crate::local_time::to_ms;
use crate::store::Store;

const SAMPLE_ROWS: usize = 20;
const REFUSALS_KEPT: usize = 100;
const OVERLAP_LINES_KEPT: usize = 100;

/// One row, checked and ready to write.
pub(crate) struct Prepared {
    line: u64,
    uuid: Option<String>,
    source_id: Option<String>,
    start_ms: i64,
    stop_ms: Option<i64>,
    description: String,
    project: Option<String>,
    client: Option<String>,
    tags: Vec<String>,
    billable: bool,
    project_id: Option<i64>,
    tag_ids: Vec<i64>,
    /// The source had no description; one was made from the project or tags.
    described_for_them: bool,
}

/// Cleans a row by the rules every entry follows. Runs on the reading thread, beside the
/// writer.
pub(crate) fn prepare(
    record: SourceRecord,
    now: DateTime<Utc>,
) -> std::result::Result<Prepared, RowRefusal> {
    let line = record.line;
    let refusal = |reason: String| RowRefusal {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        reason,
    };
    let project = record
        .project
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(clean_name)
        .transpose()
        .map_err(|e| refusal(format!("the project: {e}")))?;
    let tags = clean_tags(&record.tags).map_err(|e| refusal(format!("a tag: {e}")))?;
    // Stint keeps a description on one line.
    let mut described_for_them = false;
    let mut description: String = record
        .description
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if description.trim().is_empty() {
        described_for_them = true;
        description = match (&project, tags.is_empty()) {
            (Some(project), _) => project.clone(),
            (None, false) => tags.join(", "),
            (None, true) => "(no description)".into(),
        };
    }
    let description = clean_description(&description).map_err(|e| refusal(e.to_string()))?;
    if let Some(uuid) = &record.uuid {
        if uuid::Uuid::parse_str(uuid).is_err() {
            return Err(refusal(format!("“{uuid}” is not a UUID.")));
        }
    }
    if record.start > now {
        return Err(refusal(
            Error::InFuture {
                which: crate::error::TimeField::Start,
            }
            .to_string(),
        ));
    }
    if let Some(stop) = record.stop {
        if stop < record.start {
            return Err(refusal(Error::StopBeforeStart.to_string()));
        }
        if stop > now {
            return Err(refusal(
                Error::InFuture {
                    which: crate::error::TimeField::End,
                }
                .to_string(),
            ));
        }
    }
    Ok(Prepared {
        line,
        uuid: record.uuid,
        source_id: record.source_id,
        start_ms: to_ms(record.start),
        stop_ms: record.stop.map(to_ms),
        description,
        project,
        client: record
            .client
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        tags,
        billable: record.billable,
        project_id: None,
        tag_ids: Vec::new(),
        described_for_them,
    })
}

/// A row after cleaning, or why it was refused.
pub(crate) type PreparedRow = std::result::Result<Prepared, RowRefusal>;

/// What makes two entries the same when neither carries an id: times, text, project and tags.
type ContentKey = (i64, Option<i64>, String, Option<i64>, Vec<i64>);

/// A [`ContentKey`] as read back: tag ids folded into one text.
type StoredKey = (i64, Option<i64>, String, Option<i64>, Option<String>);

impl Prepared {
    fn key(&self) -> ContentKey {
        (
            self.start_ms,
            self.stop_ms,
            self.description.clone(),
            self.project_id,
            self.tag_ids.clone(),
        )
    }
}

pub(crate) struct BatchWriter {
    /// The connection the import's transaction runs on; see [`BatchWriter::begin`].
    conn: PoolConnection<Sqlite>,
    format: ImportFormat,
    file_name: String,
    now: DateTime<Utc>,
    batch_id: i64,
    next_id: i64,
    /// Entries up to this id were there before the import: overlaps are counted against them.
    last_id_before: i64,
    /// How far before a range an entry that was already there can start and still overlap it.
    overlap_reach: i64,
    running_before: bool,
    running_taken: bool,
    projects: HashMap<String, i64>,
    project_clients: HashMap<i64, Option<String>>,
    client_conflicts: HashSet<String>,
    tags: HashMap<String, i64>,
    /// Names of projects and tags not yet created, by stand-in id (-1 is the first).
    pending_names: Vec<String>,
    /// Stand-in id → the id it was created with.
    created: HashMap<i64, i64>,
    rows: u32,
    new: u32,
    duplicates: u32,
    overlapping: u32,
    refused: u32,
    refusals: Vec<RowRefusal>,
    overlap_lines: Vec<u32>,
    sample: Vec<ImportedRow>,
    projects_created: u32,
    tags_created: u32,
    described_for_them: u64,
    /// The earliest and latest start among the new entries.
    span: Option<(i64, i64)>,
}

impl BatchWriter {
    pub(crate) async fn begin(
        store: &Store,
        format: ImportFormat,
        file_name: &str,
        now: DateTime<Utc>,
    ) -> Result<BatchWriter> {
        let mut conn = store.pool.acquire().await?;
        // The import checks every reference it writes itself (project and tag ids come from the
        // same transaction), so SQLite's per-row foreign key lookups, a quarter of the insert
        // time, are turned off for this connection. The pragma cannot change inside a
        // transaction, hence a connection of its own, closed afterwards rather than returned to
        // the pool with checks off; if the import stops half-way, closing it rolls back.
        conn.close_on_drop();
        for pragma in [
            "PRAGMA foreign_keys = OFF",
            // One transaction touches every page it writes; SQLite's default 2 MiB page cache
            // would spill to the WAL over and over on a large file.
            "PRAGMA cache_size = -16384",
            "BEGIN IMMEDIATE",
        ] {
            sqlx::query(pragma).execute(&mut *conn).await?;
        }
        let batch_id = sqlx::query(
            "INSERT INTO import_batches (created_at, format, file_name) VALUES (?, ?, ?)",
        )
        .bind(to_ms(now))
        .bind(format.id())
        .bind(file_name)
        .execute(&mut *conn)
        .await?
        .last_insert_rowid();
        let last_id_before: i64 = sqlx::query_scalar("SELECT IFNULL(MAX(id), 0) FROM entries")
            .fetch_one(&mut *conn)
            .await?;
        let bounds = crate::overlap::overlap_bounds(&mut conn).await?;
        // Per new row, the start floor is its start less this (see `OverlapBounds::floor`).
        let overlap_reach = bounds
            .longest_ms
            .max(bounds.running_start_ms.map_or(0, |s| to_ms(now) - s));
        Ok(BatchWriter {
            conn,
            format,
            file_name: file_name.to_string(),
            now,
            batch_id,
            next_id: last_id_before + 1,
            last_id_before,
            overlap_reach,
            running_before: bounds.running_start_ms.is_some(),
            running_taken: false,
            projects: HashMap::new(),
            project_clients: HashMap::new(),
            client_conflicts: HashSet::new(),
            tags: HashMap::new(),
            pending_names: Vec::new(),
            created: HashMap::new(),
            rows: 0,
            new: 0,
            duplicates: 0,
            overlapping: 0,
            refused: 0,
            refusals: Vec::new(),
            overlap_lines: Vec::new(),
            sample: Vec::new(),
            projects_created: 0,
            tags_created: 0,
            described_for_them: 0,
            span: None,
        })
    }

    fn refuse(&mut self, refusal: RowRefusal) {
        self.refused += 1;
        if self.refusals.len() < REFUSALS_KEPT {
            self.refusals.push(refusal);
        }
    }

    /// The id of the live project called `name`; a new name gets a stand-in (negative) id
    /// until a row that needs it is written, so rows that turn out to be duplicates create
    /// nothing.
    async fn project_id(&mut self, name: &str, client: Option<&str>) -> Result<i64> {
        let key = name.to_lowercase();
        let id = match self.projects.get(&key) {
            Some(id) => *id,
            None => {
                let existing: Option<(i64, Option<String>)> = sqlx::query_as(
                    "SELECT id, client FROM projects WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL",
                )
                .bind(name)
                .fetch_optional(&mut *self.conn)
                .await?;
                let (id, known_client) = match existing {
                    Some(found) => found,
                    None => {
                        self.pending_names.push(name.to_string());
                        (
                            -(self.pending_names.len() as i64),
                            client.map(str::to_string),
                        )
                    }
                };
                self.projects.insert(key, id);
                self.project_clients.insert(id, known_client);
                id
            }
        };
        if let (Some(client), Some(Some(known))) = (client, self.project_clients.get(&id)) {
            if !known.eq_ignore_ascii_case(client) {
                self.client_conflicts.insert(name.to_string());
            }
        }
        Ok(id)
    }

    /// The id of the tag called `name`, or a stand-in as for projects.
    async fn tag_id(&mut self, name: &str) -> Result<i64> {
        let key = name.to_lowercase();
        if let Some(id) = self.tags.get(&key) {
            return Ok(*id);
        }
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM tags WHERE name = ? COLLATE NOCASE")
                .bind(name)
                .fetch_optional(&mut *self.conn)
                .await?;
        let id = match found {
            Some(id) => id,
            None => {
                self.pending_names.push(name.to_string());
                -(self.pending_names.len() as i64)
            }
        };
        self.tags.insert(key, id);
        Ok(id)
    }

    /// Creates the projects and tags behind the stand-in ids of rows about to be written.
    async fn create_pending(&mut self, fresh: &mut [Prepared]) -> Result<()> {
        for p in fresh.iter_mut() {
            if let Some(pending) = p.project_id.filter(|id| *id < 0) {
                let id = match self.created.get(&pending) {
                    Some(id) => *id,
                    None => {
                        let name = self.pending_names[(-pending - 1) as usize].clone();
                        let client = self.project_clients.get(&pending).cloned().flatten();
                        let id = sqlx::query(
                            "INSERT INTO projects (name, created_at, client, import_batch_id) VALUES (?, ?, ?, ?)",
                        )
                        .bind(&name)
                        .bind(to_ms(self.now))
                        .bind(&client)
                        .bind(self.batch_id)
                        .execute(&mut *self.conn)
                        .await?
                        .last_insert_rowid();
                        self.projects_created += 1;
                        self.created.insert(pending, id);
                        self.projects.insert(name.to_lowercase(), id);
                        self.project_clients.insert(id, client);
                        id
                    }
                };
                p.project_id = Some(id);
            }
            for i in 0..p.tag_ids.len() {
                let pending = p.tag_ids[i];
                if pending >= 0 {
                    continue;
                }
                let id = match self.created.get(&pending) {
                    Some(id) => *id,
                    None => {
                        let name = self.pending_names[(-pending - 1) as usize].clone();
                        let id = sqlx::query(
                            "INSERT INTO tags (name, created_at, import_batch_id) VALUES (?, ?, ?)",
                        )
                        .bind(&name)
                        .bind(to_ms(self.now))
                        .bind(self.batch_id)
                        .execute(&mut *self.conn)
                        .await?
                        .last_insert_rowid();
                        self.tags_created += 1;
                        self.created.insert(pending, id);
                        self.tags.insert(name.to_lowercase(), id);
                        id
                    }
                };
                p.tag_ids[i] = id;
            }
        }
        Ok(())
    }

    pub(crate) async fn write_chunk(&mut self, rows: Vec<PreparedRow>) -> Result<()> {
        let mut prepared = Vec::with_capacity(rows.len());
        for row in rows {
            self.rows += 1;
            match row {
                Ok(p) => {
                    self.described_for_them += u64::from(p.described_for_them);
                    prepared.push(p)
                }
                Err(refusal) => self.refuse(refusal),
            }
        }
        for p in &mut prepared {
            if let Some(name) = p.project.clone() {
                p.project_id = Some(self.project_id(&name, p.client.as_deref()).await?);
            }
            let mut ids = Vec::with_capacity(p.tags.len());
            for tag in p.tags.clone() {
                ids.push(self.tag_id(&tag).await?);
            }
            ids.sort_unstable();
            p.tag_ids = ids;
        }

        let (known_sources, known_uuids, known_keys) = self.known(&prepared).await?;
        let mut chunk_sources = HashSet::new();
        let mut chunk_uuids = HashSet::new();
        let mut chunk_keys = HashSet::new();
        let mut fresh = Vec::with_capacity(prepared.len());
        for p in prepared {
            let key = p.key();
            let duplicate = p
                .source_id
                .as_ref()
                .is_some_and(|id| known_sources.contains(id) || !chunk_sources.insert(id.clone()))
                || p.uuid
                    .as_ref()
                    .is_some_and(|u| known_uuids.contains(u) || !chunk_uuids.insert(u.clone()))
                || known_keys.contains(&key)
                || !chunk_keys.insert(key);
            if duplicate {
                self.duplicates += 1;
                self.push_sample(&p, RowStatus::Duplicate);
                continue;
            }
            if p.stop_ms.is_none() {
                if self.running_before || self.running_taken {
                    self.refuse(RowRefusal {
                        line: u32::try_from(p.line).unwrap_or(u32::MAX),
                        reason: "it is still running, and Stint can run only one timer (one is already running, or an earlier row runs). Stop it in the other tracker and export again.".into(),
                    });
                    continue;
                }
                self.running_taken = true;
            }
            fresh.push(p);
        }
        self.create_pending(&mut fresh).await?;
        let overlapping = self.overlapping(&fresh).await?;
        for (i, p) in fresh.iter().enumerate() {
            let overlaps = overlapping.contains(&i);
            if overlaps {
                self.overlapping += 1;
                if self.overlap_lines.len() < OVERLAP_LINES_KEPT {
                    self.overlap_lines
                        .push(u32::try_from(p.line).unwrap_or(u32::MAX));
                }
            }
            self.push_sample(
                p,
                if overlaps {
                    RowStatus::Overlapping
                } else {
                    RowStatus::New
                },
            );
        }
        self.new += fresh.len() as u32;
        for p in &fresh {
            self.span = Some(match self.span {
                None => (p.start_ms, p.start_ms),
                Some((lo, hi)) => (lo.min(p.start_ms), hi.max(p.start_ms)),
            });
        }
        self.insert(&fresh).await
    }

    fn push_sample(&mut self, p: &Prepared, status: RowStatus) {
        if self.sample.len() < SAMPLE_ROWS {
            self.sample.push(ImportedRow {
                line: u32::try_from(p.line).unwrap_or(u32::MAX),
                start_ms: p.start_ms as f64,
                stop_ms: p.stop_ms.map(|s| s as f64),
                description: p.description.clone(),
                project: p.project.clone(),
                tags: p.tags.clone(),
                billable: p.billable,
                status,
            });
        }
    }

    /// The chunk's source ids, uuids and contents that Stint already has.
    async fn known(
        &mut self,
        prepared: &[Prepared],
    ) -> Result<(HashSet<String>, HashSet<String>, HashSet<ContentKey>)> {
        let mut sources = HashSet::new();
        if let Some(source) = self.format.source() {
            let ids: Vec<&str> = prepared
                .iter()
                .filter_map(|p| p.source_id.as_deref())
                .collect();
            if !ids.is_empty() {
                let found: Vec<String> = sqlx::query_scalar(
                    "SELECT source_id FROM entries
                     WHERE source = ?1 AND source_id IN (SELECT value FROM json_each(?2))",
                )
                .bind(source)
                .bind(serde_json::to_string(&ids).unwrap_or_default())
                .fetch_all(&mut *self.conn)
                .await?;
                sources.extend(found);
            }
        }
        let mut uuids = HashSet::new();
        let wanted: Vec<&str> = prepared.iter().filter_map(|p| p.uuid.as_deref()).collect();
        if !wanted.is_empty() {
            let found: Vec<String> = sqlx::query_scalar(
                "SELECT uuid FROM entries WHERE uuid IN (SELECT value FROM json_each(?))",
            )
            .bind(serde_json::to_string(&wanted).unwrap_or_default())
            .fetch_all(&mut *self.conn)
            .await?;
            uuids.extend(found);
        }
        let mut keys = HashSet::new();
        let mut starts: Vec<i64> = prepared.iter().map(|p| p.start_ms).collect();
        starts.sort_unstable();
        starts.dedup();
        if !starts.is_empty() {
            let rows: Vec<StoredKey> = sqlx::query_as(
                "SELECT e.start_ms, e.stop_ms, e.description, e.project_id,
                        (SELECT group_concat(tag_id, ' ') FROM entry_tags WHERE entry_id = e.id)
                 FROM entries e
                 WHERE e.deleted_at IS NULL AND e.start_ms IN (SELECT value FROM json_each(?))",
            )
            .bind(serde_json::to_string(&starts).unwrap_or_default())
            .fetch_all(&mut *self.conn)
            .await?;
            for (start, stop, description, project, tags) in rows {
                let mut tag_ids: Vec<i64> = tags
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter_map(|t| t.parse().ok())
                    .collect();
                tag_ids.sort_unstable();
                keys.insert((start, stop, description, project, tag_ids));
            }
        }
        Ok((sources, uuids, keys))
    }

    /// Which of `fresh` (by index) overlap an entry that was there before the import, by the
    /// rule Stint's totals use: `[start, stop)` ranges that share an instant, a running entry
    /// reaching to now.
    async fn overlapping(&mut self, fresh: &[Prepared]) -> Result<HashSet<usize>> {
        if self.last_id_before == 0 || fresh.is_empty() {
            return Ok(HashSet::new());
        }
        let now = to_ms(self.now);
        let spans: Vec<[i64; 2]> = fresh
            .iter()
            .map(|p| [p.start_ms, p.stop_ms.unwrap_or(now)])
            .collect();
        let found: Vec<i64> = sqlx::query_scalar(
            "SELECT CAST(j.key AS INTEGER) FROM json_each(?1) j
             WHERE EXISTS (SELECT 1 FROM entries e
                 WHERE e.deleted_at IS NULL AND e.id <= ?2
                   AND e.start_ms >= json_extract(j.value, '$[0]') - ?3
                   AND e.start_ms < json_extract(j.value, '$[1]')
                   AND COALESCE(e.stop_ms, ?4) > json_extract(j.value, '$[0]'))",
        )
        .bind(serde_json::to_string(&spans).unwrap_or_default())
        .bind(self.last_id_before)
        .bind(self.overlap_reach)
        .bind(now)
        .fetch_all(&mut *self.conn)
        .await?;
        Ok(found.into_iter().map(|i| i as usize).collect())
    }

    async fn insert(&mut self, fresh: &[Prepared]) -> Result<()> {
        let now = to_ms(self.now);
        let source = self.format.source();
        let mut links: Vec<(i64, i64)> = Vec::new();
        for part in statement_sized(fresh, 512) {
            let mut sql = String::from(
                "INSERT INTO entries (id, uuid, description, project_id, start_ms, stop_ms, created_at, updated_at, billable, import_batch_id, source, source_id) VALUES ",
            );
            for i in 0..part.len() {
                sql.push_str(if i == 0 {
                    "(?,?,?,?,?,?,?,?,?,?,?,?)"
                } else {
                    ",(?,?,?,?,?,?,?,?,?,?,?,?)"
                });
            }
            let mut query = sqlx::query(&sql);
            for p in part {
                let id = self.next_id;
                self.next_id += 1;
                links.extend(p.tag_ids.iter().map(|tag| (id, *tag)));
                query = query
                    .bind(id)
                    .bind(
                        p.uuid
                            .clone()
                            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
                    )
                    .bind(p.description.as_str())
                    .bind(p.project_id)
                    .bind(p.start_ms)
                    .bind(p.stop_ms)
                    .bind(now)
                    .bind(now)
                    .bind(p.billable)
                    .bind(self.batch_id)
                    .bind(source.filter(|_| p.source_id.is_some()))
                    .bind(p.source_id.as_deref());
            }
            query.execute(&mut *self.conn).await?;
        }
        for part in statement_sized(&links, 2048) {
            let mut sql = String::from("INSERT INTO entry_tags (entry_id, tag_id) VALUES ");
            for i in 0..part.len() {
                sql.push_str(if i == 0 { "(?,?)" } else { ",(?,?)" });
            }
            let mut query = sqlx::query(&sql);
            for (entry, tag) in part {
                query = query.bind(entry).bind(tag);
            }
            query.execute(&mut *self.conn).await?;
        }
        Ok(())
    }

    pub(crate) fn report(&self, read: ReadNotes, date_order: Option<DateOrder>) -> ImportReport {
        let mut notes = Vec::new();
        if !read.unkept.is_empty() {
            let fields: Vec<String> = read
                .unkept
                .iter()
                .map(|(field, rows)| {
                    format!(
                        "{field} ({rows} {})",
                        if *rows == 1 { "row" } else { "rows" }
                    )
                })
                .collect();
            notes.push(format!(
                "Not kept, because Stint has no place for them: {}.",
                fields.join(", ")
            ));
        }
        notes.extend(read.notes);
        if self.described_for_them > 0 {
            notes.push(if self.described_for_them == 1 {
                "1 entry had no description; it is described by its project, or its tags, or “(no description)”.".to_string()
            } else {
                format!(
                    "{} entries had no description; each is described by its project, or its tags, or “(no description)”.",
                    self.described_for_them
                )
            });
        }
        if !self.client_conflicts.is_empty() {
            let mut names: Vec<&str> = self.client_conflicts.iter().map(String::as_str).collect();
            names.sort_unstable();
            notes.push(format!(
                "Projects with the same name under different clients were joined into one project (Stint keeps one project per name, with its first client): {}.",
                names.join(", ")
            ));
        }
        ImportReport {
            format: self.format,
            format_label: self.format.label().into(),
            file_name: self.file_name.clone(),
            date_order,
            unit: "line".into(),
            rows: self.rows,
            new: self.new,
            duplicates: self.duplicates,
            overlapping: self.overlapping,
            refused: self.refused,
            refusals: self.refusals.clone(),
            overlap_lines: self.overlap_lines.clone(),
            sample: self.sample.clone(),
            projects_created: self.projects_created,
            tags_created: self.tags_created,
            notes,
            first_start_ms: self.span.map(|(lo, _)| lo as f64),
            last_start_ms: self.span.map(|(_, hi)| hi as f64),
            batch_id: None,
        }
    }

    pub(crate) async fn roll_back(mut self) -> Result<()> {
        sqlx::query("ROLLBACK").execute(&mut *self.conn).await?;
        Ok(())
    }

    /// Commits; returns the batch id, or `None` when nothing new was added (then there is no
    /// batch to undo).
    pub(crate) async fn commit(mut self, new: u32) -> Result<Option<i64>> {
        if new == 0 {
            sqlx::query("DELETE FROM import_batches WHERE id = ?")
                .bind(self.batch_id)
                .execute(&mut *self.conn)
                .await?;
            sqlx::query("COMMIT").execute(&mut *self.conn).await?;
            return Ok(None);
        }
        sqlx::query("UPDATE import_batches SET entries = ? WHERE id = ?")
            .bind(new)
            .bind(self.batch_id)
            .execute(&mut *self.conn)
            .await?;
        sqlx::query("COMMIT").execute(&mut *self.conn).await?;
        Ok(Some(self.batch_id))
    }
}

/// Splits rows for multi-row statements into parts of `most` rows and then powers of two, so
/// that only a handful of statement shapes exist and each is prepared once and cached (a part
/// of any length would be a new statement for SQLite to parse every time).
fn statement_sized<T>(rows: &[T], most: usize) -> Vec<&[T]> {
    let mut parts = Vec::new();
    let mut rest = rows;
    while !rest.is_empty() {
        let take = if rest.len() >= most {
            most
        } else {
            1 << rest.len().ilog2()
        };
        let (part, after) = rest.split_at(take);
        parts.push(part);
        rest = after;
    }
    parts
}

type BatchRow = (i64, i64, String, String, i64, bool);

fn batch_from(row: BatchRow) -> ImportBatch {
    ImportBatch {
        id: row.0,
        created_ms: row.1 as f64,
        format: row.2,
        file_name: row.3,
        entries: u32::try_from(row.4).unwrap_or(u32::MAX),
        undone: row.5,
    }
}

const BATCH_SELECT: &str =
    "SELECT id, created_at, format, file_name, entries, undone_at IS NOT NULL FROM import_batches";

pub(crate) async fn list(store: &Store) -> Result<Vec<ImportBatch>> {
    let rows: Vec<BatchRow> = sqlx::query_as(&format!("{BATCH_SELECT} ORDER BY id DESC"))
        .fetch_all(&store.pool)
        .await?;
    Ok(rows.into_iter().map(batch_from).collect())
}

pub(crate) async fn undo(
    store: &Store,
    target: UndoTarget,
    now: DateTime<Utc>,
) -> Result<ImportBatch> {
    let mut tx = store.pool.begin_with("BEGIN IMMEDIATE").await?;
    let row: Option<BatchRow> = match target {
        UndoTarget::Last => {
            sqlx::query_as(&format!(
                "{BATCH_SELECT} WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
            ))
            .fetch_optional(&mut *tx)
            .await?
        }
        UndoTarget::Batch(id) => {
            sqlx::query_as(&format!("{BATCH_SELECT} WHERE id = ?"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    let batch = match (row.map(batch_from), target) {
        (None, UndoTarget::Last) => return Err(Error::NoImportToUndo),
        (None, UndoTarget::Batch(id)) => return Err(Error::ImportNotFound { id }),
        (Some(batch), _) if batch.undone => {
            return Err(Error::ImportAlreadyUndone { id: batch.id })
        }
        (Some(batch), _) => batch,
    };
    for sql in [
        "DELETE FROM entry_tags WHERE entry_id IN (SELECT id FROM entries WHERE import_batch_id = ?1)",
        "DELETE FROM entries WHERE import_batch_id = ?1",
        "DELETE FROM projects WHERE import_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM entries WHERE project_id = projects.id)",
        "DELETE FROM tags WHERE import_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = tags.id)",
    ] {
        sqlx::query(sql).bind(batch.id).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE import_batches SET undone_at = ? WHERE id = ?")
        .bind(to_ms(now))
        .bind(batch.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(batch)
}
