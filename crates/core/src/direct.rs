//! `stint start` and `stint stop` without opening the [`Store`](crate::Store): the timer's own
//! rules (`timer::start_in`, `timer::stop_in`, the very functions the store runs) on a
//! connection of their own, on the calling thread.
//!
//! Opening the store costs more than the write: sqlx's connection thread and its pragmas, and a
//! round trip to that thread for each of a dozen statements. Like the glance, this handles only
//! the plain case, and asks about it inside the write transaction itself, so nothing can change
//! in between: a file a Stint checked and left as it was (the `-verified` marker), every upgrade
//! applied, no import to take back, no question about time away, no timer due to stop itself.
//! Anything else — and any failure of the database itself, after which nothing was written —
//! goes to the store, which keeps every other duty and every error's wording in one place.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::entry::{Entry, TimerStart};
use crate::error::{Error, Result};

/// What a direct write did.
#[derive(Debug)]
pub enum Direct<T> {
    /// The command's whole outcome: what it wrote, or why a person's request was refused
    /// (nothing written).
    Done(Result<T>),
    /// Nothing was written: open the store and do it there.
    NeedsStore,
}

/// `stint start`: [`Store::start_timer_named`](crate::Store::start_timer_named), directly.
pub fn start_timer<Tz: TimeZone>(
    path: &Path,
    start: &TimerStart,
    project: Option<&str>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Direct<Entry> {
    write(path, tz, now, |tx| {
        crate::timer::start_in(tx, start, project, tz, now)
    })
}

/// `stint stop`: [`Store::stop_timer`](crate::Store::stop_timer), directly.
pub fn stop_timer<Tz: TimeZone>(path: &Path, tz: &Tz, now: DateTime<Utc>) -> Direct<Entry> {
    write(path, tz, now, |tx| crate::timer::stop_in(tx, now))
}

fn write<T, Tz: TimeZone>(
    path: &Path,
    tz: &Tz,
    now: DateTime<Utc>,
    work: impl FnOnce(&Connection) -> Result<T>,
) -> Direct<T> {
    if !crate::glance::private_file(path) || !crate::store::still_verified(path) {
        return Direct::NeedsStore;
    }
    let Ok(conn) = open(path) else {
        return Direct::NeedsStore;
    };
    let outcome = in_plain_state(&conn, tz, now, work);
    close(conn, path);
    match &outcome {
        // The store checks the whole file again before it tries.
        Err(err) if store_problem(err) => crate::store::vouch(path, None),
        _ => crate::store::vouch_as_left(path),
    }
    match outcome {
        Ok(Some(done)) => Direct::Done(Ok(done)),
        Err(err) if !store_problem(&err) => Direct::Done(Err(err)),
        Ok(None) | Err(_) => Direct::NeedsStore,
    }
}

/// The connection as the store sets up its own (`store::connect_options`), but for
/// `synchronous`. WAL is the file's own setting, kept since the store that checked it.
fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = crate::glance::open_existing(path)?;
    // FULL, as the app's pool: the commit syncs the log, so what the command reported written
    // survives a power cut as well as a crash, with the log left unmerged (`close`).
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
    Ok(conn)
}

/// Closes the connection, leaving its writes in the log (`glance::open_existing`) until the log
/// holds `LOG_BYTES`: then SQLite's own close merges it into stint.db and removes it, if this is
/// the last connection.
///
/// A write in the log is as durable as one merged (`synchronous = FULL`: one fsync of the log at
/// commit), without the three or four fsyncs of a merge, which were most of a start's cost. The
/// log has to be merged this way rather than by `wal_autocheckpoint`: each new process rebuilds
/// the log's index and counts nothing in it as merged, so a log merged mid-command is never
/// started afresh and only grows. Any other command and the app's quit merge it whole
/// (`Store::close`).
fn close(conn: Connection, path: &Path) {
    let log = std::fs::metadata(crate::store::side_file(path, "-wal")).map_or(0, |m| m.len());
    if log >= LOG_BYTES {
        let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false);
    }
    drop(conn);
}

/// ~512 KiB, about twenty starts and stops: every process reads the whole log when it opens the
/// file (~0.8 ms per MiB here).
const LOG_BYTES: u64 = 512 * 1024;

/// `Ok(None)`: not the plain state, nothing written.
fn in_plain_state<T, Tz: TimeZone>(
    conn: &Connection,
    tz: &Tz,
    now: DateTime<Utc>,
    work: impl FnOnce(&Connection) -> Result<T>,
) -> Result<Option<T>> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    if crate::glance::settled(&tx, tz, now)?.is_none() {
        return Ok(None);
    }
    let done = work(&tx)?;
    tx.commit()?;
    Ok(Some(done))
}

/// Errors of the database rather than of the request: the store tries again and says what is
/// wrong in its own words.
fn store_problem(err: &Error) -> bool {
    err.is_internal() || matches!(err, Error::Busy | Error::ReadOnly)
}
