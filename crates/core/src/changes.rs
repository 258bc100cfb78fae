//! Noticing changes to the database, cheaply, and telling another process's from this one's:
//! SQLite's `data_version` moves on a connection only when a *different* connection commits.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::SqliteConnection;
use tokio::sync::Mutex;

use crate::error::Result;
use crate::store::Store;

/// The watched connection, shared by every clone of the [`Store`] once something watches.
#[derive(Debug)]
pub(crate) struct Watched {
    conn: Mutex<SqliteConnection>,
    /// Changes this process made through `conn` ([`Store::writer`]), counted while holding it,
    /// so a poll (which holds it too) sees a change counted only once it is committed.
    own: AtomicU64,
}

/// What changed since the last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Nothing,
    /// Only this process's own changes (the window already shows what it did; the tray may not).
    Own,
    /// Another connection committed: another process, or this one's import (it writes through
    /// a connection of its own). Perhaps this process's own changes too.
    Others,
}

/// Watches through one connection taken out of the pool (the pool's stay free for reading).
/// From then on this process makes its changes through that same connection, so the
/// connection's `data_version` moves for the commits of others only.
pub struct ChangeWatcher {
    store: Store,
    last_version: i64,
    last_own: u64,
}

impl Store {
    /// Starts watching. A second call watches the same connection.
    pub async fn watch_changes(&self) -> Result<ChangeWatcher> {
        if self.watched.get().is_none() {
            let conn = self.pool.acquire().await?.detach();
            // Another caller may have won the race; its connection is the one kept.
            let _ = self.watched.set(Watched {
                conn: Mutex::new(conn),
                own: AtomicU64::new(0),
            });
        }
        let mut watcher = ChangeWatcher {
            store: self.clone(),
            last_version: 0,
            last_own: 0,
        };
        watcher.changed().await?;
        Ok(watcher)
    }

    /// The connection to make a change through: the watched one once there is a watcher, so
    /// that the watcher can tell this process's changes from another's. Its lock is not
    /// re-entrant: while holding the writer, pass its transaction on; never call a `Store`
    /// method that asks for the writer again.
    pub(crate) async fn writer(&self) -> Result<Writer<'_>> {
        Ok(match self.watched.get() {
            Some(watched) => {
                let conn = watched.conn.lock().await;
                watched.own.fetch_add(1, Ordering::Relaxed);
                Writer::Watched(conn)
            }
            None => Writer::Pool(self.pool.acquire().await?),
        })
    }
}

impl ChangeWatcher {
    pub async fn changed(&mut self) -> Result<Change> {
        let Some(watched) = self.store.watched.get() else {
            return Ok(Change::Nothing);
        };
        let mut conn = watched.conn.lock().await;
        let version: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut *conn)
            .await?;
        let own = watched.own.load(Ordering::Relaxed);
        drop(conn);
        let change = if version != self.last_version {
            Change::Others
        } else if own != self.last_own {
            Change::Own
        } else {
            Change::Nothing
        };
        self.last_version = version;
        self.last_own = own;
        Ok(change)
    }
}

/// The connection a change is made through: the watched one if there is one (see
/// `Store::watched`), otherwise any of the pool's.
pub(crate) enum Writer<'a> {
    Pool(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Watched(tokio::sync::MutexGuard<'a, SqliteConnection>),
}

impl Writer<'_> {
    pub(crate) async fn begin(&mut self) -> sqlx::Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
        sqlx::Connection::begin(&mut **self).await
    }

    /// A transaction that takes SQLite's write lock at once, so what it reads first is still
    /// true when it writes.
    pub(crate) async fn begin_immediate(
        &mut self,
    ) -> sqlx::Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
        sqlx::Connection::begin_with(&mut **self, "BEGIN IMMEDIATE").await
    }
}

impl std::ops::Deref for Writer<'_> {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        match self {
            Writer::Pool(conn) => conn,
            Writer::Watched(conn) => conn,
        }
    }
}

impl std::ops::DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        match self {
            Writer::Pool(conn) => conn,
            Writer::Watched(conn) => conn,
        }
    }
}
