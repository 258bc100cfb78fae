//! Writing an import, in two steps, so that a large import never makes another writer (the
//! app, a CLI command) wait more than a moment:
//!
//! 1. **Staging.** Rows are checked, deduplicated and written into a private staging database
//!    attached to the import's connection, a chunk at a time, without any lock on Stint's file.
//!    Each chunk costs a fixed number of statements whatever its size (duplicates, uuids, source
//!    ids and overlaps are each looked up for the whole chunk through `json_each`, and rows go in
//!    as multi-row inserts). A preview stops here and throws the staging database away.
//! 2. **Publishing.** The staged rows are copied into Stint's tables with `INSERT … SELECT`, in
//!    transactions of about [`PUBLISH_SLICE`] each with a pause between them in which a waiting
//!    writer gets the lock. The batch row is marked `publishing_at` until the last slice
//!    commits; if the importer dies before that, the next Stint to open the file takes the
//!    batch back whole ([`take_back_abandoned`]), so an import is still all or nothing.
//!    Entries other processes added meanwhile are checked again before each slice.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::record::{ReadNotes, RowRefusal, SourceRecord};
use super::{
    DateOrder, ImportBatch, ImportFormat, ImportReport, ImportedRow, RowStatus, UndoTarget,
};
use crate::entry::{clean_description, clean_name, clean_tags};
use crate::error::{Error, Result};
use crate::local_time::to_ms;
use crate::store::Store;

const SAMPLE_ROWS: usize = 20;
/// How long one publishing transaction may hold the write lock.
const PUBLISH_SLICE: Duration = Duration::from_millis(150);
/// The pause between publishing transactions. SQLite's busy handler polls a waiting writer at
/// most every 100 ms, so a shorter pause could let the import take the lock again first.
const PUBLISH_PAUSE: Duration = Duration::from_millis(120);
/// Staged rows copied per statement while publishing.
const PUBLISH_ROWS: i64 = 4096;
/// A batch whose publisher has made no progress for this long is taken to be abandoned.
const ABANDONED_AFTER_MS: i64 = 60_000;
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

#[derive(Clone, Copy, PartialEq)]
enum NameKind {
    Project,
    Tag,
}

pub(crate) struct BatchWriter {
    /// The connection the import runs on, with the staging database attached; see
    /// [`BatchWriter::begin`].
    conn: sqlx::SqliteConnection,
    format: ImportFormat,
    file_name: String,
    now: DateTime<Utc>,
    /// The staging row number of the next row.
    next_seq: i64,
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
    pending_names: Vec<(NameKind, String)>,
    /// Stand-in ids that a staged row uses: created when the import is published.
    pending_used: HashSet<i64>,
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
        // The import checks every reference it writes itself (project and tag ids are resolved
        // in the publishing transaction), so SQLite's per-row foreign key lookups, a quarter of
        // the insert time, are turned off for this connection. The pragma cannot change inside
        // a transaction, hence a connection of its own, taken out of the pool and closed
        // afterwards (with the staging database it holds) rather than returned with checks off.
        let mut conn = store.pool.acquire().await?.detach();
        for sql in [
            "PRAGMA foreign_keys = OFF",
            // One publishing transaction touches many pages; SQLite's default 2 MiB page cache
            // would spill to the WAL over and over on a large file.
            "PRAGMA cache_size = -16384",
            // An empty name is a private temporary database, deleted when the connection closes.
            "ATTACH DATABASE '' AS staging",
            "PRAGMA staging.journal_mode = OFF",
            "PRAGMA staging.synchronous = OFF",
            "PRAGMA staging.cache_size = -16384",
            "CREATE TABLE staging.entries (
                seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL, description TEXT NOT NULL,
                project_ref INTEGER, start_ms INTEGER NOT NULL, stop_ms INTEGER,
                billable INTEGER NOT NULL, source_id TEXT,
                -- Sorted tag ids (stand-ins negative), for finding duplicates.
                tag_refs TEXT)",
            "CREATE INDEX staging.entries_start ON entries (start_ms)",
            "CREATE INDEX staging.entries_uuid ON entries (uuid)",
            "CREATE INDEX staging.entries_source ON entries (source_id) WHERE source_id IS NOT NULL",
            "CREATE TABLE staging.entry_tags (seq INTEGER NOT NULL, tag_ref INTEGER NOT NULL)",
            "CREATE INDEX staging.entry_tags_seq ON entry_tags (seq)",
            // Stand-in id → the id the project or tag has once published.
            "CREATE TABLE staging.refs (ref INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
        ] {
            sqlx::query(sql).execute(&mut conn).await?;
        }
        let last_id_before: i64 = sqlx::query_scalar("SELECT IFNULL(MAX(id), 0) FROM entries")
            .fetch_one(&mut conn)
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
            next_seq: 1,
            last_id_before,
            overlap_reach,
            running_before: bounds.running_start_ms.is_some(),
            running_taken: false,
            projects: HashMap::new(),
            project_clients: HashMap::new(),
            client_conflicts: HashSet::new(),
            tags: HashMap::new(),
            pending_names: Vec::new(),
            pending_used: HashSet::new(),
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
                .fetch_optional(&mut self.conn)
                .await?;
                let (id, known_client) = match existing {
                    Some(found) => found,
                    None => {
                        self.pending_names
                            .push((NameKind::Project, name.to_string()));
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
                .fetch_optional(&mut self.conn)
                .await?;
        let id = match found {
            Some(id) => id,
            None => {
                self.pending_names.push((NameKind::Tag, name.to_string()));
                -(self.pending_names.len() as i64)
            }
        };
        self.tags.insert(key, id);
        Ok(id)
    }

    /// Notes the stand-in ids of rows about to be staged: those projects and tags will be
    /// created when the import is published (rows that turn out to be duplicates create none).
    fn use_pending(&mut self, fresh: &[Prepared]) {
        for p in fresh {
            for id in p.project_id.iter().chain(&p.tag_ids) {
                if *id < 0 && self.pending_used.insert(*id) {
                    match self.pending_names[(-id - 1) as usize].0 {
                        NameKind::Project => self.projects_created += 1,
                        NameKind::Tag => self.tags_created += 1,
                    }
                }
            }
        }
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
        self.use_pending(&fresh);
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
        self.stage(&fresh).await
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

    /// The chunk's source ids, uuids and contents that Stint already has, or that an earlier
    /// chunk staged.
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
                     WHERE source = ?1 AND source_id IN (SELECT value FROM json_each(?2))
                     UNION ALL
                     SELECT source_id FROM staging.entries
                     WHERE source_id IN (SELECT value FROM json_each(?2))",
                )
                .bind(source)
                .bind(serde_json::to_string(&ids).unwrap_or_default())
                .fetch_all(&mut self.conn)
                .await?;
                sources.extend(found);
            }
        }
        let mut uuids = HashSet::new();
        let wanted: Vec<&str> = prepared.iter().filter_map(|p| p.uuid.as_deref()).collect();
        if !wanted.is_empty() {
            let found: Vec<String> = sqlx::query_scalar(
                "SELECT uuid FROM entries WHERE uuid IN (SELECT value FROM json_each(?1))
                 UNION ALL
                 SELECT uuid FROM staging.entries WHERE uuid IN (SELECT value FROM json_each(?1))",
            )
            .bind(serde_json::to_string(&wanted).unwrap_or_default())
            .fetch_all(&mut self.conn)
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
                 WHERE e.deleted_at IS NULL AND e.start_ms IN (SELECT value FROM json_each(?1))
                 UNION ALL
                 SELECT start_ms, stop_ms, description, project_ref, tag_refs
                 FROM staging.entries WHERE start_ms IN (SELECT value FROM json_each(?1))",
            )
            .bind(serde_json::to_string(&starts).unwrap_or_default())
            .fetch_all(&mut self.conn)
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
        .fetch_all(&mut self.conn)
        .await?;
        Ok(found.into_iter().map(|i| i as usize).collect())
    }

    /// Stages rows: into the private staging database, one transaction a chunk.
    async fn stage(&mut self, fresh: &[Prepared]) -> Result<()> {
        sqlx::query("BEGIN").execute(&mut self.conn).await?;
        let mut links: Vec<(i64, i64)> = Vec::new();
        for part in statement_sized(fresh, 512) {
            let mut sql = String::from(
                "INSERT INTO staging.entries (seq, uuid, description, project_ref, start_ms, stop_ms, billable, source_id, tag_refs) VALUES ",
            );
            for i in 0..part.len() {
                sql.push_str(if i == 0 {
                    "(?,?,?,?,?,?,?,?,?)"
                } else {
                    ",(?,?,?,?,?,?,?,?,?)"
                });
            }
            let mut query = sqlx::query(&sql);
            for p in part {
                let seq = self.next_seq;
                self.next_seq += 1;
                links.extend(p.tag_ids.iter().map(|tag| (seq, *tag)));
                let tag_refs = (!p.tag_ids.is_empty()).then(|| {
                    p.tag_ids
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                query = query
                    .bind(seq)
                    .bind(
                        p.uuid
                            .clone()
                            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
                    )
                    .bind(p.description.as_str())
                    .bind(p.project_id)
                    .bind(p.start_ms)
                    .bind(p.stop_ms)
                    .bind(p.billable)
                    .bind(p.source_id.as_deref())
                    .bind(tag_refs);
            }
            query.execute(&mut self.conn).await?;
        }
        for part in statement_sized(&links, 2048) {
            let mut sql = String::from("INSERT INTO staging.entry_tags (seq, tag_ref) VALUES ");
            for i in 0..part.len() {
                sql.push_str(if i == 0 { "(?,?)" } else { ",(?,?)" });
            }
            let mut query = sqlx::query(&sql);
            for (seq, tag) in part {
                query = query.bind(seq).bind(tag);
            }
            query.execute(&mut self.conn).await?;
        }
        sqlx::query("COMMIT").execute(&mut self.conn).await?;
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

    /// Publishes the staged rows (see the module's documentation) and fills in what that
    /// settled in `report`: the batch id (`None` when nothing was new: then there is no batch
    /// to undo), and the counts, which change if another process added some of the same
    /// entries meanwhile. On failure, whatever was published is taken back.
    pub(crate) async fn publish(mut self, report: &mut ImportReport) -> Result<()> {
        if self.new == 0 {
            return Ok(());
        }
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut self.conn)
            .await?;
        let batch_id = match self.open_batch().await {
            Ok(id) => id,
            Err(err) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut self.conn).await;
                return Err(err);
            }
        };
        let published = self.publish_slices(batch_id).await;
        match published {
            Ok(()) => {
                report.batch_id = Some(batch_id);
                report.new = self.new;
                report.duplicates = self.duplicates;
                report.projects_created = self.projects_created;
                report.tags_created = self.tags_created;
                Ok(())
            }
            Err(err) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut self.conn).await;
                // If this fails too, the next Stint to open the file takes the batch back.
                if sqlx::query("BEGIN IMMEDIATE")
                    .execute(&mut self.conn)
                    .await
                    .is_ok()
                {
                    let end = match take_back(&mut self.conn, batch_id).await {
                        Ok(()) => "COMMIT",
                        Err(_) => "ROLLBACK",
                    };
                    let _ = sqlx::query(end).execute(&mut self.conn).await;
                }
                Err(err)
            }
        }
    }

    /// In the first publishing transaction: the batch row, and the projects and tags the
    /// staged rows need (a project or tag another process created meanwhile is used as it is).
    async fn open_batch(&mut self) -> Result<i64> {
        let batch_id = sqlx::query(
            "INSERT INTO import_batches (created_at, format, file_name, publishing_at) VALUES (?, ?, ?, ?)",
        )
        .bind(to_ms(self.now))
        .bind(self.format.id())
        .bind(&self.file_name)
        .bind(to_ms(Utc::now()))
        .execute(&mut self.conn)
        .await?
        .last_insert_rowid();
        let mut used: Vec<i64> = self.pending_used.iter().copied().collect();
        used.sort_unstable_by(|a, b| b.cmp(a));
        self.projects_created = 0;
        self.tags_created = 0;
        // Projects made here take palette colours as `ensure_project` does, so that thirty
        // projects brought from Toggl do not all show in one colour.
        let mut colors: Vec<String> = sqlx::query_scalar(
            "SELECT color FROM projects WHERE deleted_at IS NULL AND color IS NOT NULL",
        )
        .fetch_all(&mut self.conn)
        .await?;
        for pending in used {
            let (kind, name) = self.pending_names[(-pending - 1) as usize].clone();
            let existing: Option<i64> = match kind {
                NameKind::Project => sqlx::query_scalar(
                    "SELECT id FROM projects WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL",
                ),
                NameKind::Tag => {
                    sqlx::query_scalar("SELECT id FROM tags WHERE name = ? COLLATE NOCASE")
                }
            }
            .bind(&name)
            .fetch_optional(&mut self.conn)
            .await?;
            let id = match existing {
                Some(id) => id,
                None => {
                    let created = match kind {
                        NameKind::Project => {
                            self.projects_created += 1;
                            let color = crate::projects::least_used_color(&colors);
                            colors.push(color.to_string());
                            sqlx::query(
                                "INSERT INTO projects (name, created_at, client, import_batch_id, color) VALUES (?, ?, ?, ?, ?)",
                            )
                            .bind(&name)
                            .bind(to_ms(self.now))
                            .bind(self.project_clients.get(&pending).cloned().flatten())
                            .bind(batch_id)
                            .bind(color)
                        }
                        NameKind::Tag => {
                            self.tags_created += 1;
                            sqlx::query(
                                "INSERT INTO tags (name, created_at, import_batch_id) VALUES (?, ?, ?)",
                            )
                            .bind(&name)
                            .bind(to_ms(self.now))
                            .bind(batch_id)
                        }
                    };
                    created.execute(&mut self.conn).await?.last_insert_rowid()
                }
            };
            sqlx::query("INSERT INTO staging.refs (ref, id) VALUES (?, ?)")
                .bind(pending)
                .bind(id)
                .execute(&mut self.conn)
                .await?;
        }
        Ok(batch_id)
    }

    /// Copies the staged rows in slices, the first inside the transaction [`Self::publish`]
    /// began; leaves no transaction open when it returns `Ok`.
    async fn publish_slices(&mut self, batch_id: i64) -> Result<()> {
        let last_seq = self.next_seq - 1;
        let mut published_to = 0i64;
        // Entries above this id that are not the batch's were added by another process.
        let mut watermark = self.last_id_before;
        let source = self.format.source();
        loop {
            self.recheck_against_others(batch_id, watermark, published_to)
                .await?;
            let slice_began = Instant::now();
            // Within one transaction nobody else adds entries, so ids follow on from the
            // largest there is; staging rows left out as duplicates leave gaps, which is fine.
            let base: i64 = sqlx::query_scalar("SELECT IFNULL(MAX(id), 0) FROM entries")
                .fetch_one(&mut self.conn)
                .await?;
            let base = base - published_to;
            while published_to < last_seq && slice_began.elapsed() < PUBLISH_SLICE {
                let upto = (published_to + PUBLISH_ROWS).min(last_seq);
                sqlx::query(
                    "INSERT INTO entries (id, uuid, description, project_id, start_ms, stop_ms, created_at, updated_at, billable, import_batch_id, source, source_id)
                     SELECT ?1 + s.seq, s.uuid, s.description,
                            CASE WHEN s.project_ref < 0 THEN (SELECT id FROM staging.refs WHERE ref = s.project_ref) ELSE s.project_ref END,
                            s.start_ms, s.stop_ms, ?2, ?2, s.billable, ?3,
                            CASE WHEN s.source_id IS NULL THEN NULL ELSE ?4 END, s.source_id
                     FROM staging.entries s WHERE s.seq > ?5 AND s.seq <= ?6 ORDER BY s.seq",
                )
                .bind(base)
                .bind(to_ms(self.now))
                .bind(batch_id)
                .bind(source)
                .bind(published_to)
                .bind(upto)
                .execute(&mut self.conn)
                .await?;
                sqlx::query(
                    "INSERT INTO entry_tags (entry_id, tag_id)
                     SELECT ?1 + t.seq,
                            CASE WHEN t.tag_ref < 0 THEN (SELECT id FROM staging.refs WHERE ref = t.tag_ref) ELSE t.tag_ref END
                     FROM staging.entry_tags t WHERE t.seq > ?2 AND t.seq <= ?3",
                )
                .bind(base)
                .bind(published_to)
                .bind(upto)
                .execute(&mut self.conn)
                .await?;
                published_to = upto;
            }
            let done = published_to >= last_seq;
            let still_ours = if done {
                sqlx::query(
                    "UPDATE import_batches SET publishing_at = NULL, entries = ?1
                     WHERE id = ?2 AND publishing_at IS NOT NULL",
                )
                .bind(self.new)
            } else {
                sqlx::query(
                    "UPDATE import_batches SET publishing_at = ?1
                     WHERE id = ?2 AND publishing_at IS NOT NULL",
                )
                .bind(to_ms(Utc::now()))
            }
            .bind(batch_id)
            .execute(&mut self.conn)
            .await?
            .rows_affected()
                == 1;
            if !still_ours {
                return Err(Error::ImportInterrupted {
                    reason: "another Stint took it for abandoned (it had made no progress for a minute).".into(),
                });
            }
            watermark = sqlx::query_scalar("SELECT IFNULL(MAX(id), 0) FROM entries")
                .fetch_one(&mut self.conn)
                .await?;
            sqlx::query("COMMIT").execute(&mut self.conn).await?;
            if done {
                return Ok(());
            }
            // Room for a writer that waited.
            tokio::time::sleep(PUBLISH_PAUSE).await;
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut self.conn)
                .await?;
        }
    }

    /// Before a slice: entries another process added since the last slice may be the same as
    /// rows not yet published (same uuid or same id in the same tracker): those rows become
    /// duplicates. A timer started meanwhile stops a running row from being published.
    async fn recheck_against_others(
        &mut self,
        batch_id: i64,
        watermark: i64,
        published_to: i64,
    ) -> Result<()> {
        let others: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT uuid, source, source_id FROM entries
             WHERE id > ?1 AND import_batch_id IS NOT ?2",
        )
        .bind(watermark)
        .bind(batch_id)
        .fetch_all(&mut self.conn)
        .await?;
        if others.is_empty() {
            return Ok(());
        }
        let uuids: Vec<&str> = others.iter().map(|o| o.0.as_str()).collect();
        let source = self.format.source();
        let source_ids: Vec<&str> = others
            .iter()
            .filter(|o| o.1.is_some() && o.1.as_deref() == source)
            .filter_map(|o| o.2.as_deref())
            .collect();
        let same = "SELECT seq FROM staging.entries WHERE seq > ?1 AND (
                        uuid IN (SELECT value FROM json_each(?2))
                        OR source_id IN (SELECT value FROM json_each(?3)))";
        let uuids = serde_json::to_string(&uuids).unwrap_or_default();
        let source_ids = serde_json::to_string(&source_ids).unwrap_or_default();
        sqlx::query(&format!(
            "DELETE FROM staging.entry_tags WHERE seq IN ({same})"
        ))
        .bind(published_to)
        .bind(&uuids)
        .bind(&source_ids)
        .execute(&mut self.conn)
        .await?;
        let removed = sqlx::query(&format!(
            "DELETE FROM staging.entries WHERE seq IN ({same})"
        ))
        .bind(published_to)
        .bind(&uuids)
        .bind(&source_ids)
        .execute(&mut self.conn)
        .await?
        .rows_affected() as u32;
        self.new -= removed;
        self.duplicates += removed;
        let running_staged: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM staging.entries WHERE seq > ? AND stop_ms IS NULL)",
        )
        .bind(published_to)
        .fetch_one(&mut self.conn)
        .await?;
        if running_staged {
            let running: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM entries WHERE stop_ms IS NULL AND deleted_at IS NULL)",
            )
            .fetch_one(&mut self.conn)
            .await?;
            if running {
                return Err(Error::ImportInterrupted {
                    reason: "a timer was started while it ran, and the file has a running entry too (Stint runs one timer at a time).".into(),
                });
            }
        }
        Ok(())
    }
}

/// Takes back a batch that was being published: its contents and its row.
async fn take_back(conn: &mut sqlx::SqliteConnection, batch_id: i64) -> Result<()> {
    remove_contents(conn, batch_id).await?;
    sqlx::query("DELETE FROM import_batches WHERE id = ? AND publishing_at IS NOT NULL")
        .bind(batch_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes a batch's entries, and the projects and tags it created that nothing else uses.
async fn remove_contents(conn: &mut sqlx::SqliteConnection, batch_id: i64) -> Result<()> {
    for sql in [
        "DELETE FROM entry_tags WHERE entry_id IN (SELECT id FROM entries WHERE import_batch_id = ?1)",
        "DELETE FROM entries WHERE import_batch_id = ?1",
        "DELETE FROM projects WHERE import_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM entries WHERE project_id = projects.id)",
        "DELETE FROM tags WHERE import_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = tags.id)",
    ] {
        sqlx::query(sql).bind(batch_id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Whether an import was left part way through publishing before the given time.
pub(crate) const ABANDONED_IMPORT_EXISTS: &str =
    "SELECT EXISTS (SELECT 1 FROM import_batches WHERE publishing_at < ?)";

/// An import still publishing since before this, at `now`, was abandoned by its writer.
pub(crate) fn abandoned_before(now: DateTime<Utc>) -> i64 {
    to_ms(now) - ABANDONED_AFTER_MS
}

/// Takes back imports whose publisher stopped part way (killed, or the machine lost power):
/// an import is all or nothing. Run when a writable database is opened; returns how many.
pub(crate) async fn take_back_abandoned(store: &Store, now: DateTime<Utc>) -> Result<u32> {
    let stale = abandoned_before(now);
    let abandoned: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM import_batches WHERE publishing_at < ?")
            .bind(stale)
            .fetch_all(&store.pool)
            .await?;
    if abandoned.is_empty() {
        return Ok(0);
    }
    let mut writer = store.writer().await?;
    let mut tx = writer.begin_immediate().await?;
    let mut taken = 0;
    for id in abandoned {
        // Looked at again inside the transaction: its publisher may have finished meanwhile.
        let still: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM import_batches WHERE id = ? AND publishing_at < ?)",
        )
        .bind(id)
        .bind(stale)
        .fetch_one(&mut *tx)
        .await?;
        if still {
            take_back(&mut tx, id).await?;
            taken += 1;
        }
    }
    tx.commit().await?;
    Ok(taken)
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

/// Batches being published are not listed, and cannot be undone, until they are finished.
const BATCH_SELECT: &str =
    "SELECT id, created_at, format, file_name, entries, undone_at IS NOT NULL FROM import_batches
     WHERE publishing_at IS NULL";

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
    let mut writer = store.writer().await?;
    let mut tx = writer.begin_immediate().await?;
    let row: Option<BatchRow> = match target {
        UndoTarget::Last => {
            sqlx::query_as(&format!(
                "{BATCH_SELECT} AND undone_at IS NULL ORDER BY id DESC LIMIT 1"
            ))
            .fetch_optional(&mut *tx)
            .await?
        }
        UndoTarget::Batch(id) => {
            sqlx::query_as(&format!("{BATCH_SELECT} AND id = ?"))
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
    remove_contents(&mut tx, batch.id).await?;
    sqlx::query("UPDATE import_batches SET undone_at = ? WHERE id = ?")
        .bind(to_ms(now))
        .bind(batch.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(batch)
}
