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
/// meanwhile. On a multi-threaded runtime (the app's) the work may wait for another process's
/// write lock, so it runs as blocking work rather than stalling the other tasks of its thread.
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
    let run = || work(&sqlite);
    let multi_threaded = tokio::runtime::Handle::try_current()
        .is_ok_and(|rt| rt.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi_threaded {
        tokio::task::block_in_place(run)
    } else {
        run()
    }
}

/// [`on_sqlite`] inside a transaction that takes the write lock at once (so what it reads first
/// is still true when it writes), committed when `work` succeeds and rolled back otherwise.
pub(crate) async fn write_on_sqlite<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    on_sqlite(conn, |sqlite| in_write_transaction(sqlite, work)).await
}

/// Runs `work` in a write transaction of its own on `conn`: see [`write_on_sqlite`].
pub(crate) fn in_write_transaction<T>(
    conn: &rusqlite::Connection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let done = work(&tx)?;
    tx.commit()?;
    Ok(done)
}
