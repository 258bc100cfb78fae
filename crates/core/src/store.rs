//! The SQLite store: opening it, its settings and its one migration history.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::Result;

/// Every schema change, embedded from `migrations/`. The desktop app hands the same list to
/// tauri-plugin-sql (see [`migrations`]), so the app, the CLI and the tests share one history.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// One migration as plain static text, for hosts (tauri-plugin-sql) that run migrations
/// themselves. sqlx records version and checksum, so either runner accepts the other's work.
#[derive(Debug, Clone, Copy)]
pub struct MigrationScript {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
}

pub fn migrations() -> impl Iterator<Item = MigrationScript> {
    MIGRATOR.iter().map(|m| MigrationScript {
        version: m.version,
        description: m.description.as_ref(),
        sql: m.sql.as_ref(),
    })
}

/// The file name of the database inside Stint's data directory.
pub const DATABASE_FILE: &str = "stint.db";

/// Handle to the database. Cheap to clone: it shares one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // sqlx hands rows from its SQLite thread through a channel; a deeper one lets a long
            // export stream without the two threads waking each other for every few rows.
            .row_buffer_size(1024);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Store { pool })
    }

    /// Adopts a pool somebody else opened and migrated (the desktop app's tauri-plugin-sql).
    /// WAL is a property of the file, so setting it once here covers every connection;
    /// sqlx already turns foreign keys on and sets a busy timeout on each connection it opens.
    pub async fn from_pool(pool: SqlitePool) -> Result<Store> {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await?;
        Ok(Store { pool })
    }

    /// Closes every connection. The last one to close checkpoints the WAL into the database and
    /// removes it; a process that exits without this leaves the WAL for the next one to replay.
    pub async fn close(self) {
        self.pool.close().await;
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}
