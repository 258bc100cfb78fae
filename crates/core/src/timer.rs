//! The running timer: an entry with no end, written the moment it starts so that a crash, a
//! kill or a reboot loses nothing. The database allows at most one (`entries_one_running`).

use chrono::{DateTime, TimeZone, Utc};
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::entries::{
    clean_fields, entry_by_id, insert_entry, live_entry, EntryRow, RUNNING_ENTRY_SELECT,
};
use crate::entry::{Entry, EntryFields, TimerStart};
use crate::error::{Error, Result};
use crate::local_time::to_ms;
use crate::store::Store;

impl Store {
    /// The running timer, if any.
    pub async fn running(&self) -> Result<Option<Entry>> {
        let mut conn = self.pool.acquire().await?;
        running_entry(&mut conn).await
    }

    /// Starts a timer, now or at `start.start`.
    pub async fn start_timer<Tz: TimeZone>(
        &self,
        start: &TimerStart,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        self.start_timer_named(start, None, tz, now).await
    }

    /// [`Store::start_timer`] in the project called `project` (ignoring case), which is created
    /// with the entry: when the start is refused, no project is left behind.
    pub async fn start_timer_named<Tz: TimeZone>(
        &self,
        start: &TimerStart,
        project: Option<&str>,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        if let Some(running) = running_entry(&mut tx).await? {
            return Err(Error::TimerAlreadyRunning {
                description: running.description,
            });
        }
        let mut start = start.clone();
        if let Some(id) = crate::projects::named_project(&mut tx, project, now).await? {
            start.project_id = Some(id);
        }
        let entry = insert_running(&mut tx, &start, tz, now).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Stops the running timer now.
    pub async fn stop_timer(&self, now: DateTime<Utc>) -> Result<Entry> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let running = running_entry(&mut tx).await?.ok_or(Error::NoTimerRunning)?;
        let entry = stop_entry(&mut tx, &running, now).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Stops the running timer, or starts `start` when none runs, in one write transaction: the
    /// tray's and the global shortcut's toggle, which another process cannot slip between.
    pub async fn toggle_timer<Tz: TimeZone>(
        &self,
        start: &TimerStart,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Toggled> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let toggled = match running_entry(&mut tx).await? {
            Some(running) => Toggled::Stopped(stop_entry(&mut tx, &running, now).await?),
            None => Toggled::Started(insert_running(&mut tx, start, tz, now).await?),
        };
        tx.commit().await?;
        Ok(toggled)
    }

    /// Stops the running entry `id` at `at`, an instant already past (a `stop_at` time). Does
    /// nothing to an entry that no longer runs.
    pub async fn stop_running_at(&self, id: i64, at: DateTime<Utc>) -> Result<Entry> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let running = running_entry(&mut tx).await?.filter(|r| r.id == id);
        let entry = match running {
            Some(running) => stop_entry(&mut tx, &running, at).await?,
            None => entry_by_id(&mut tx, id).await?,
        };
        tx.commit().await?;
        Ok(entry)
    }

    /// Starts a new timer with an earlier entry's description, project and tags, stopping the
    /// running timer (if any) at the same instant. A project deleted since then is left off
    /// rather than refusing to continue.
    pub async fn continue_entry<Tz: TimeZone>(
        &self,
        id: i64,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Entry> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let source = live_entry(&mut tx, id).await?;
        if let Some(running) = running_entry(&mut tx).await? {
            stop_entry(&mut tx, &running, now).await?;
        }
        let start = TimerStart {
            description: source.description,
            project_id: source.project.filter(|p| !p.deleted).map(|p| p.id),
            tags: source.tags,
            start: None,
            billable: Some(source.billable),
        };
        let entry = insert_running(&mut tx, &start, tz, now).await?;
        tx.commit().await?;
        Ok(entry)
    }
}

/// What [`Store::toggle_timer`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toggled {
    Started(Entry),
    Stopped(Entry),
}

async fn insert_running<Tz: TimeZone>(
    tx: &mut Transaction<'_, Sqlite>,
    start: &TimerStart,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<Entry> {
    let fields = EntryFields {
        description: start.description.clone(),
        project_id: start.project_id,
        tags: start.tags.clone(),
        start: start.start.clone().unwrap_or_else(|| now.to_rfc3339()),
        stop: None,
        billable: start.billable,
    };
    let clean = clean_fields(tx, &fields, None, tz, now).await?;
    let id = insert_entry(tx, &clean, now).await?;
    entry_by_id(tx, id).await
}

async fn stop_entry(
    conn: &mut SqliteConnection,
    running: &Entry,
    now: DateTime<Utc>,
) -> Result<Entry> {
    // If the system clock went back while the timer ran, end it at its start rather than
    // leave a timer nobody can stop.
    let stop = to_ms(now).max(running.start_ms);
    sqlx::query("UPDATE entries SET stop_ms = ?, updated_at = ? WHERE id = ?")
        .bind(stop)
        .bind(to_ms(now))
        .bind(running.id)
        .execute(&mut *conn)
        .await?;
    entry_by_id(conn, running.id).await
}

pub(crate) async fn running_entry(conn: &mut SqliteConnection) -> Result<Option<Entry>> {
    let row: Option<EntryRow> = sqlx::query_as(RUNNING_ENTRY_SELECT)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(Entry::from))
}

/// Turns a violation of the one-running index (another process won the race) into the error a
/// person understands; other database errors pass through.
pub(crate) async fn running_conflict(conn: &mut SqliteConnection, err: sqlx::Error) -> Error {
    let is_conflict = matches!(&err, sqlx::Error::Database(db)
        if db.message().contains("entries_one_running"));
    if !is_conflict {
        return Error::from(err);
    }
    match running_entry(conn).await {
        Ok(Some(running)) => Error::TimerAlreadyRunning {
            description: running.description,
        },
        Ok(None) => Error::from(err),
        Err(other) => other,
    }
}
