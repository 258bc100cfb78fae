//! Runs synchronous rusqlite code on one of sqlx's connections.
//!
//! The timer's rules (start, stop, the entry fields they check, the projects and tags they
//! make) are written once, as plain functions over a [`rusqlite::Connection`]. The store runs
//! them here, on its own sqlx connection (the desktop app's is tauri-plugin-sql's); the CLI's
//! `start` and `stop` run the very same functions on a connection of their own without opening
//! the store at all (`direct`), which is what makes those commands cheap. Both crates link the
//! one bundled SQLite (libsqlite3-sys), so the handle sqlx holds is the handle rusqlite expects.

use sqlx::SqliteConnection;

use crate::error::Result;

/// Runs `work` on `conn`'s SQLite handle, inside whatever transaction `conn` has open.
///
/// sqlx's connection thread is parked while the handle is lent out, so nothing else uses it
/// meanwhile. The work runs on the calling task's thread: callers start their transactions
/// through sqlx ([`write_on_sqlite`]), so any wait for another process's write lock happens on
/// sqlx's thread, and what runs here only reads and writes under the lock already held.
pub(crate) async fn on_sqlite<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let mut locked = conn.lock_handle().await?;
    let handle = locked.as_raw_handle();
    // The one unsafe call of stint-core.
    // SAFETY: the handle is open and lent to this thread alone until `locked` drops, which is
    // after `sqlite` (declared later, dropped first). `from_handle` borrows it: dropping the
    // rusqlite connection finalises its own statements and leaves the handle open for sqlx.
    #[allow(unsafe_code)]
    let sqlite = unsafe { rusqlite::Connection::from_handle(handle.as_ptr()) }?;
    work(&sqlite)
}

/// [`on_sqlite`] inside a transaction that takes the write lock at once (so what it reads first
/// is still true when it writes), committed when `work` succeeds and rolled back otherwise.
pub(crate) async fn write_on_sqlite<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let mut tx = sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?;
    let done = on_sqlite(&mut tx, work).await?;
    tx.commit().await?;
    Ok(done)
}
