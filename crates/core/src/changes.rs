//! Noticing changes other processes (the CLI, a second app) made to the database, cheaply:
//! SQLite's `data_version` changes on one connection when any other connection commits.

use sqlx::SqliteConnection;

use crate::error::Result;
use crate::store::Store;

/// Holds one connection of its own, taken out of the pool (so the pool's own connections stay
/// free for everything else), so that every commit made elsewhere shows up in it.
pub struct ChangeWatcher {
    conn: SqliteConnection,
    last: i64,
}

impl Store {
    pub async fn watch_changes(&self) -> Result<ChangeWatcher> {
        let mut conn = self.pool.acquire().await?.detach();
        let last = data_version(&mut conn).await?;
        Ok(ChangeWatcher { conn, last })
    }
}

impl ChangeWatcher {
    /// True if anything was committed through another connection since the last call.
    pub async fn changed(&mut self) -> Result<bool> {
        let now = data_version(&mut self.conn).await?;
        let changed = now != self.last;
        self.last = now;
        Ok(changed)
    }
}

async fn data_version(conn: &mut sqlx::SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(conn)
        .await?)
}
