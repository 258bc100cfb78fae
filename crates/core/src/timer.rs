//! The running timer: an entry with no end, written the moment it starts so that a crash, a
//! kill or a reboot loses nothing. The database allows at most one (`entries_one_running`).

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::bridge::{on_sqlite, write_on_sqlite};
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
        on_sqlite(&mut conn, running_entry).await
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
        write_on_sqlite(&mut writer, |tx| start_in(tx, start, project, tz, now)).await
    }

    /// Stops the running timer now.
    pub async fn stop_timer(&self, now: DateTime<Utc>) -> Result<Entry> {
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| stop_in(tx, now)).await
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
        write_on_sqlite(&mut writer, |tx| {
            Ok(match running_entry(tx)? {
                Some(running) => Toggled::Stopped(stop_entry(tx, &running, now)?),
                None => Toggled::Started(insert_running(tx, start, tz, now)?),
            })
        })
        .await
    }

    /// Stops the running entry `id` at `at`, an instant already past (a `stop_at` time). Does
    /// nothing to an entry that no longer runs.
    pub async fn stop_running_at(&self, id: i64, at: DateTime<Utc>) -> Result<Entry> {
        let mut writer = self.writer().await?;
        write_on_sqlite(&mut writer, |tx| {
            match running_entry(tx)?.filter(|r| r.id == id) {
                Some(running) => stop_entry(tx, &running, at),
                None => entry_by_id(tx, id),
            }
        })
        .await
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
        write_on_sqlite(&mut writer, |tx| {
            let source = live_entry(tx, id)?;
            if let Some(running) = running_entry(tx)? {
                stop_entry(tx, &running, now)?;
            }
            let start = TimerStart {
                description: source.description,
                project_id: source.project.filter(|p| !p.deleted).map(|p| p.id),
                tags: source.tags,
                start: None,
                billable: Some(source.billable),
            };
            insert_running(tx, &start, tz, now)
        })
        .await
    }
}

/// What [`Store::toggle_timer`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toggled {
    Started(Entry),
    Stopped(Entry),
}

/// `stint start`'s rule, inside the caller's write transaction: refused while a timer runs; the
/// project named is found (ignoring case) or made.
pub(crate) fn start_in<Tz: TimeZone>(
    tx: &Connection,
    start: &TimerStart,
    project: Option<&str>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<Entry> {
    if let Some(running) = running_entry(tx)? {
        return Err(Error::TimerAlreadyRunning {
            description: running.description,
        });
    }
    let mut start = start.clone();
    if let Some(id) = crate::projects::named_project(tx, project, now)? {
        start.project_id = Some(id);
    }
    insert_running(tx, &start, tz, now)
}

/// `stint stop`'s rule, inside the caller's write transaction.
pub(crate) fn stop_in(tx: &Connection, now: DateTime<Utc>) -> Result<Entry> {
    let running = running_entry(tx)?.ok_or(Error::NoTimerRunning)?;
    stop_entry(tx, &running, now)
}

fn insert_running<Tz: TimeZone>(
    tx: &Connection,
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
    let clean = clean_fields(tx, &fields, None, tz, now)?;
    let id = insert_entry(tx, &clean, now)?;
    entry_by_id(tx, id)
}

fn stop_entry(conn: &Connection, running: &Entry, now: DateTime<Utc>) -> Result<Entry> {
    // If the system clock went back while the timer ran, end it at its start rather than
    // leave a timer nobody can stop.
    let stop = to_ms(now).max(running.start_ms);
    conn.prepare_cached("UPDATE entries SET stop_ms = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute([stop, to_ms(now), running.id])?;
    entry_by_id(conn, running.id)
}

pub(crate) fn running_entry(conn: &Connection) -> Result<Option<Entry>> {
    let row = conn
        .prepare_cached(RUNNING_ENTRY_SELECT)?
        .query_row([], EntryRow::from_rusqlite)
        .optional()?;
    Ok(row.map(Entry::from))
}

/// Turns a violation of the one-running index (another process won the race) into the error a
/// person understands; other errors pass through.
pub(crate) fn running_conflict(conn: &Connection, err: Error) -> Error {
    if !err.is_second_running_timer() {
        return err;
    }
    match running_entry(conn) {
        Ok(Some(running)) => Error::TimerAlreadyRunning {
            description: running.description,
        },
        Ok(None) => err,
        Err(other) => other,
    }
}
