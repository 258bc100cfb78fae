//! Reading and changing entries: manual entries, edits, deletion and its undo.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sqlx::SqliteConnection;

use crate::bridge::{on_sqlite, write_on_sqlite};

use crate::entry::{clean_description, clean_tags, Entry, EntryEdit, EntryFields, ProjectRef};
use crate::error::{Error, Result, TimeField};
use crate::local_time::{parse_end, parse_human, to_ms};
use crate::store::Store;

/// Tags are folded into one column; the unit separator cannot occur in a name (see `clean_name`).
const TAG_SEPARATOR: char = '\u{1f}';

/// How long deleted entries stay restorable before [`Store::purge_deleted`] removes them.
pub const UNDO_WINDOW_DAYS: i64 = 30;

macro_rules! entry_select {
    ($from:literal) => {
        concat!(
            "SELECT e.id, e.uuid, e.description, e.start_ms, e.stop_ms, e.billable,
                    p.id AS project_id, p.name AS project_name,
                    p.deleted_at IS NOT NULL AS project_deleted,
                    (SELECT group_concat(t.name, char(31)) FROM entry_tags et
                     JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id) AS tags
             FROM ",
            $from,
            " LEFT JOIN projects p ON p.id = e.project_id"
        )
    };
}

/// Selects everything an [`Entry`] needs; append a `WHERE`.
pub(crate) const ENTRY_SELECT: &str = entry_select!("entries e");

/// The same, for the running entry: without the hint SQLite walks the whole start index to find
/// the one row with no stop.
pub(crate) const RUNNING_ENTRY_SELECT: &str = concat!(
    entry_select!("entries e INDEXED BY entries_one_running"),
    " WHERE e.stop_ms IS NULL AND e.deleted_at IS NULL"
);

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    id: i64,
    uuid: String,
    description: String,
    start_ms: i64,
    stop_ms: Option<i64>,
    billable: bool,
    project_id: Option<i64>,
    project_name: Option<String>,
    project_deleted: Option<bool>,
    tags: Option<String>,
}

impl EntryRow {
    /// The same columns read through rusqlite (`glance`), by the names the select gives them.
    pub(crate) fn from_rusqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<EntryRow> {
        Ok(EntryRow {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            description: row.get("description")?,
            start_ms: row.get("start_ms")?,
            stop_ms: row.get("stop_ms")?,
            billable: row.get("billable")?,
            project_id: row.get("project_id")?,
            project_name: row.get("project_name")?,
            project_deleted: row.get("project_deleted")?,
            tags: row.get("tags")?,
        })
    }
}

impl From<EntryRow> for Entry {
    fn from(row: EntryRow) -> Entry {
        let project = match (row.project_id, row.project_name) {
            (Some(id), Some(name)) => Some(ProjectRef {
                id,
                name,
                deleted: row.project_deleted.unwrap_or(false),
            }),
            _ => None,
        };
        Entry {
            id: row.id,
            uuid: row.uuid,
            description: row.description,
            project,
            tags: row.tags.map(|t| sorted_tags(&t)).unwrap_or_default(),
            start_ms: row.start_ms,
            stop_ms: row.stop_ms,
            billable: row.billable,
        }
    }
}

/// Splits the folded tag column and sorts it case-insensitively (cheaper here than in SQL).
fn sorted_tags(folded: &str) -> Vec<String> {
    let mut tags: Vec<String> = folded.split(TAG_SEPARATOR).map(str::to_string).collect();
    tags.sort_by_cached_key(|t| t.to_lowercase());
    tags
}

/// Validated, parsed entry fields, ready to write.
pub(crate) struct CleanFields {
    pub description: String,
    pub project_id: Option<i64>,
    pub tags: Vec<String>,
    pub start_ms: i64,
    pub stop_ms: Option<i64>,
    /// `None`: the project's default for a new entry, unchanged for an edit.
    pub billable: Option<bool>,
}

impl Store {
    /// Adds an entry for time that was not tracked live.
    pub async fn add_entry<Tz: TimeZone>(
        &self,
        fields: &EntryFields,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        self.add_entry_named(fields, None, tz, now).await
    }

    /// [`Store::add_entry`] in the project called `project`, created with the entry only.
    pub async fn add_entry_named<Tz: TimeZone>(
        &self,
        fields: &EntryFields,
        project: Option<&str>,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        if fields.stop.is_none() {
            return Err(Error::EndTimeRequired);
        }
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| {
            let mut fields = fields.clone();
            if let Some(id) = crate::projects::named_project(tx, project, now)? {
                fields.project_id = Some(id);
            }
            let clean = clean_fields(tx, &fields, None, tz, now)?;
            let id = insert_entry(tx, &clean, now)?;
            entry_by_id(tx, id)
        })
        .await
    }

    /// Replaces an entry's editable fields. The running entry may keep running (`stop: None`)
    /// or be stopped at the given time; an entry that has ended must keep an end time.
    pub async fn update_entry<Tz: TimeZone>(
        &self,
        id: i64,
        fields: &EntryFields,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        self.update_entry_named(id, fields, None, tz, now).await
    }

    /// [`Store::update_entry`] into the project called `project`, created with the change only.
    pub async fn update_entry_named<Tz: TimeZone>(
        &self,
        id: i64,
        fields: &EntryFields,
        project: Option<&str>,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| {
            let current = live_entry(tx, id)?;
            write_update(tx, &current, fields, project, tz, now)
        })
        .await
    }

    /// Changes only the fields `edit` names, keeping the rest as they are: the merge the CLI's
    /// `stint edit` needs, read and written in one transaction so nothing changes in between.
    pub async fn edit_entry<Tz: TimeZone>(
        &self,
        id: i64,
        edit: &EntryEdit,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| {
            let current = live_entry(tx, id)?;
            // Kept times go back in as RFC 3339 to the millisecond, which reads back exactly; a
            // new end is read against the start it will have (`+1h`, a bare `17:30`).
            let exact = |ms: i64| {
                crate::local_time::from_ms(ms).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            };
            let fields = EntryFields {
                description: edit
                    .description
                    .clone()
                    .unwrap_or_else(|| current.description.clone()),
                project_id: match &edit.project {
                    Some(_) => None,
                    None => current.project.as_ref().map(|p| p.id),
                },
                tags: edit.tags.clone().unwrap_or_else(|| current.tags.clone()),
                start: edit
                    .start
                    .clone()
                    .unwrap_or_else(|| exact(current.start_ms)),
                stop: edit.stop.clone().or_else(|| current.stop_ms.map(exact)),
                billable: edit.billable,
            };
            let project = edit.project.as_ref().and_then(|p| p.as_deref());
            write_update(tx, &current, &fields, project, tz, now)
        })
        .await
    }
}

/// Writes `fields` over `current` inside the caller's write transaction:
/// [`Store::update_entry_named`] and [`Store::edit_entry`] after each has read the entry.
fn write_update<Tz: TimeZone>(
    tx: &Connection,
    current: &Entry,
    fields: &EntryFields,
    project: Option<&str>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<Entry> {
    let id = current.id;
    if fields.stop.is_none() && !current.is_running() {
        return Err(Error::EndTimeRequired);
    }
    let mut fields = fields.clone();
    if let Some(project_id) = crate::projects::named_project(tx, project, now)? {
        fields.project_id = Some(project_id);
    }
    let current_project = current.project.as_ref().map(|p| p.id);
    let clean = clean_fields(tx, &fields, current_project, tz, now)?;
    tx.prepare_cached(
        "UPDATE entries SET description = ?1, project_id = ?2, start_ms = ?3, stop_ms = ?4,
             billable = COALESCE(?5, billable), updated_at = ?6 WHERE id = ?7",
    )?
    .execute(params![
        clean.description,
        clean.project_id,
        clean.start_ms,
        clean.stop_ms,
        clean.billable,
        to_ms(now),
        id
    ])?;
    set_entry_tags(tx, id, &clean.tags, now)?;
    entry_by_id(tx, id)
}

impl Store {
    /// Deletes an entry so that [`Store::restore_entry`] can bring it back.
    pub async fn delete_entry(&self, id: i64, now: DateTime<Utc>) -> Result<Entry> {
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| {
            let entry = live_entry(tx, id)?;
            tx.prepare_cached("UPDATE entries SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2")?
                .execute(params![to_ms(now), id])?;
            Ok(entry)
        })
        .await
    }

    /// Undoes the deletion of one entry. A deleted running timer comes back running, unless
    /// another timer was started meanwhile.
    pub async fn restore_entry(&self, id: i64, now: DateTime<Utc>) -> Result<Entry> {
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| {
            let restored = tx
                .prepare_cached(
                    "UPDATE entries SET deleted_at = NULL, updated_at = ?1
                     WHERE id = ?2 AND deleted_at IS NOT NULL",
                )?
                .execute(params![to_ms(now), id]);
            match restored {
                Ok(0) => return Err(Error::NothingToUndo),
                Ok(_) => {}
                Err(err) => return Err(crate::timer::running_conflict(tx, err.into())),
            }
            entry_by_id(tx, id)
        })
        .await
    }

    /// Undoes the most recent deletion.
    pub async fn restore_last_deleted(&self, now: DateTime<Utc>) -> Result<Entry> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM entries WHERE deleted_at IS NOT NULL
             ORDER BY deleted_at DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        self.restore_entry(id.ok_or(Error::NothingToUndo)?, now)
            .await
    }

    /// Removes deleted entries whose undo window has passed. Returns how many went.
    pub async fn purge_deleted(&self, now: DateTime<Utc>) -> Result<u64> {
        let cutoff = to_ms(now) - UNDO_WINDOW_DAYS * 24 * 60 * 60 * 1000;
        let done =
            sqlx::query("DELETE FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?")
                .bind(cutoff)
                .execute(&mut *self.writer().await?)
                .await?;
        Ok(done.rows_affected())
    }

    /// How many live entries there are.
    pub async fn entry_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE deleted_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// The live entry that started last, running or not.
    pub async fn last_entry(&self) -> Result<Option<Entry>> {
        let sql = format!(
            "{ENTRY_SELECT} WHERE e.deleted_at IS NULL ORDER BY e.start_ms DESC, e.id DESC LIMIT 1"
        );
        let row: Option<EntryRow> = sqlx::query_as(&sql).fetch_optional(&self.pool).await?;
        Ok(row.map(Entry::from))
    }

    /// The `limit` live entries that started last, newest first.
    pub async fn recent(&self, limit: u32) -> Result<Vec<Entry>> {
        let sql = format!(
            "{ENTRY_SELECT} WHERE e.deleted_at IS NULL ORDER BY e.start_ms DESC, e.id DESC LIMIT ?"
        );
        let rows: Vec<EntryRow> = sqlx::query_as(&sql)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Entry::from).collect())
    }

    /// The start of the earliest live entry, if there is any.
    pub async fn first_start(&self) -> Result<Option<DateTime<Utc>>> {
        let ms: Option<i64> =
            sqlx::query_scalar("SELECT MIN(start_ms) FROM entries WHERE deleted_at IS NULL")
                .fetch_one(&self.pool)
                .await?;
        Ok(ms.map(crate::local_time::from_ms))
    }

    /// One live entry.
    pub async fn entry(&self, id: i64) -> Result<Entry> {
        let mut conn = self.pool.acquire().await?;
        on_sqlite(&mut conn, |conn| live_entry(conn, id)).await
    }

    /// Live entries that started in `[from, to)`, newest first.
    pub async fn entries_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Entry>> {
        let mut conn = self.pool.acquire().await?;
        entries_between_on(&mut conn, from, to).await
    }
}

/// Live entries that started in `[from, to)`, newest first, on `conn` (a transaction's, say).
pub(crate) async fn entries_between_on(
    conn: &mut SqliteConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Entry>> {
    let sql = format!(
        "{ENTRY_SELECT} WHERE e.deleted_at IS NULL AND e.start_ms >= ? AND e.start_ms < ?
         ORDER BY e.start_ms DESC, e.id DESC"
    );
    let rows: Vec<EntryRow> = sqlx::query_as(&sql)
        .bind(to_ms(from))
        .bind(to_ms(to))
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(Entry::from).collect())
}

pub(crate) fn entry_by_id(conn: &Connection, id: i64) -> Result<Entry> {
    let sql = format!("{ENTRY_SELECT} WHERE e.id = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], EntryRow::from_rusqlite)
        .optional()?;
    row.map(Entry::from).ok_or(Error::EntryNotFound { id })
}

pub(crate) fn live_entry(conn: &Connection, id: i64) -> Result<Entry> {
    let sql = format!("{ENTRY_SELECT} WHERE e.id = ?1 AND e.deleted_at IS NULL");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], EntryRow::from_rusqlite)
        .optional()?;
    row.map(Entry::from).ok_or(Error::EntryNotFound { id })
}

/// Checks and parses every field. `keep_project` is the entry's current project, which it may
/// keep even if that project has since been deleted.
pub(crate) fn clean_fields<Tz: TimeZone>(
    conn: &Connection,
    fields: &EntryFields,
    keep_project: Option<i64>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<CleanFields> {
    let description = clean_description(&fields.description)?;
    let tags = clean_tags(&fields.tags)?;
    // Every form the CLI reads (`9:30`, `yesterday 17:00`, `-15m`, …); the end may also be a
    // length after the start (`+1h30`) or a clock time on the start's day.
    let start = parse_human(&fields.start, tz, now)?;
    let stop = fields
        .stop
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_end(s, start, tz, now))
        .transpose()?;
    if start > now {
        return Err(Error::InFuture {
            which: TimeField::Start,
        });
    }
    if let Some(stop) = stop {
        if stop > now {
            return Err(Error::InFuture {
                which: TimeField::End,
            });
        }
        if stop < start {
            return Err(Error::StopBeforeStart);
        }
    }
    if let Some(project_id) = fields.project_id {
        if keep_project != Some(project_id) {
            crate::projects::ensure_live(conn, project_id)?;
        }
    }
    Ok(CleanFields {
        description,
        project_id: fields.project_id,
        tags,
        start_ms: to_ms(start),
        stop_ms: stop.map(to_ms),
        billable: fields.billable,
    })
}

pub(crate) fn insert_entry(
    tx: &Connection,
    clean: &CleanFields,
    now: DateTime<Utc>,
) -> Result<i64> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO entries (uuid, description, project_id, start_ms, stop_ms, billable, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5,
                     COALESCE(?6, (SELECT billable FROM projects WHERE id = ?3), 0), ?7, ?7)",
        )?
        .execute(params![
            uuid::Uuid::new_v4().to_string(),
            clean.description,
            clean.project_id,
            clean.start_ms,
            clean.stop_ms,
            clean.billable,
            to_ms(now),
        ]);
    if let Err(err) = inserted {
        return Err(crate::timer::running_conflict(tx, err.into()));
    }
    let id = tx.last_insert_rowid();
    link_tags(tx, id, &clean.tags, now)?;
    Ok(id)
}

fn set_entry_tags(
    tx: &Connection,
    entry_id: i64,
    tags: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM entry_tags WHERE entry_id = ?1")?
        .execute([entry_id])?;
    link_tags(tx, entry_id, tags, now)
}

fn link_tags(tx: &Connection, entry_id: i64, tags: &[String], now: DateTime<Utc>) -> Result<()> {
    for name in tags {
        let tag_id = crate::tags::ensure_tag(tx, name, now)?;
        tx.prepare_cached("INSERT INTO entry_tags (entry_id, tag_id) VALUES (?1, ?2)")?
            .execute([entry_id, tag_id])?;
    }
    Ok(())
}
