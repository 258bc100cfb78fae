//! `stint status` at a glance: the running timer read straight from SQLite on the calling
//! thread, without opening the [`Store`](crate::Store).
//!
//! Opening the store for a read costs about 2 ms more than the read itself: sqlx's connection
//! thread, its pragmas, and a round trip to that thread for each of some nine statements. For
//! `stint status`, run by prompts and status bars many times a minute, that was most of the
//! command. The glance answers only the plain case and otherwise says so; the caller then opens
//! the store, which keeps every other duty and every error's wording in one place: a file to
//! create or upgrade, an import to take back, a timer due to stop itself, a question about time
//! away, and a file that cannot be read.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::entries::{EntryRow, RUNNING_ENTRY_SELECT};
use crate::entry::Entry;
use crate::local_time::from_ms;
use crate::settings::{read_or_default, TRACKING};
use crate::store::{APPLIED_MIGRATIONS, MIGRATOR};

/// What a glance found.
#[derive(Debug, Clone, PartialEq)]
pub enum Glance {
    /// The whole answer: the running timer, if any, and nothing else to do.
    Settled(Option<Entry>),
    /// Open the store: there is something a glance does not do, or the file could not be read
    /// this way (the store then says what is wrong).
    NeedsStore,
}

/// Looks at the database at `path` as it is at `now`. Never writes, never creates the file.
pub fn running_timer<Tz: TimeZone>(path: &Path, tz: &Tz, now: DateTime<Utc>) -> Glance {
    if !private_file(path) {
        return Glance::NeedsStore;
    }
    match look(path, tz, now) {
        Ok(Some(running)) => Glance::Settled(running),
        Ok(None) | Err(_) => Glance::NeedsStore,
    }
}

/// A file that exists and that only its owner can read: one that others can read (made by Stint
/// 0.1) is the store's to tighten.
pub(crate) fn private_file(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return false;
        }
    }
    meta.is_file()
}

/// `Ok(None)`: the store is needed.
fn look<Tz: TimeZone>(
    path: &Path,
    tz: &Tz,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<Option<Entry>>> {
    let mut conn = open_existing(path)?;
    // One snapshot for every question below, as the store's own reads would see one moment.
    let tx = conn.transaction()?;
    settled(&tx, tz, now)
}

/// Opens the file read-write as the store opens it (a reader of a WAL file may need to create
/// `-shm`), but never creates it: a missing file is the store's to make.
///
/// Closing it leaves the log as it is. SQLite's last connection otherwise merges the log into
/// `stint.db` on close, at the cost of three fsyncs, which is most of what a quick command
/// costs; and a merge by a glance would change `stint.db` behind the `-verified` marker.
pub(crate) fn open_existing(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    Ok(conn)
}

/// The running timer when the database is in its plain state: every upgrade applied, no import
/// to take back, no question about time away, no timer due to stop itself. `Ok(None)` when any
/// of those is the store's to handle. Asked inside the caller's transaction (`direct` asks
/// inside the write it is about to make).
pub(crate) fn settled<Tz: TimeZone>(
    tx: &Connection,
    tz: &Tz,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<Option<Entry>>> {
    let applied: Vec<i64> = tx
        .prepare(APPLIED_MIGRATIONS)?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !applied
        .iter()
        .copied()
        .eq(MIGRATOR.iter().map(|m| m.version))
    {
        return Ok(None);
    }
    let abandoned_import: bool = tx.query_row(
        crate::import::ABANDONED_IMPORT_EXISTS,
        [crate::import::abandoned_before(now)],
        |row| row.get(0),
    )?;
    let unanswered_away: bool =
        tx.query_row(crate::away::UNANSWERED_EXISTS, [], |row| row.get(0))?;
    if abandoned_import || unanswered_away {
        return Ok(None);
    }
    let running = tx
        .query_row(RUNNING_ENTRY_SELECT, [], EntryRow::from_rusqlite)
        .optional()?
        .map(Entry::from);
    if let Some(entry) = &running {
        let raw: Option<String> = tx
            .query_row(crate::settings::RAW_SETTING, [TRACKING.key], |row| {
                row.get(0)
            })
            .optional()?;
        let tracking = read_or_default(&TRACKING, raw.as_deref());
        if tracking
            .auto_stop(from_ms(entry.start_ms), tz, now)
            .is_some()
        {
            return Ok(None);
        }
    }
    Ok(Some(running))
}
