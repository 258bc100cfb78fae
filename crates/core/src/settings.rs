//! Preferences and one-time flags, kept in the database as JSON values by key.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

impl Store {
    /// The value stored under `key`, or `None` if there is none (or it no longer parses).
    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let mut conn = self.pool.acquire().await?;
        setting_on(&mut conn, key).await
    }

    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|e| crate::Error::Io(e.into()))?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(json)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// [`Store::setting`] on `conn` (a transaction's, say).
pub(crate) async fn setting_on<T: DeserializeOwned>(
    conn: &mut sqlx::SqliteConnection,
    key: &str,
) -> Result<Option<T>> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
}

/// Settings read straight from a database file, before anything opens it for writing: the app
/// decides what to start (crash reporting, its channel) from these before its database exists.
#[derive(Debug, Default, Clone)]
pub struct SettingsSnapshot(std::collections::HashMap<String, String>);

impl SettingsSnapshot {
    /// Reads every setting from the file at `path`, read-only. A missing file or a database
    /// from before settings existed reads as no settings; anything else is an error.
    pub async fn read(path: &std::path::Path) -> Result<SettingsSnapshot> {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::{ConnectOptions, Connection};
        if !path.exists() {
            return Ok(SettingsSnapshot::default());
        }
        let mut conn = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .connect()
            .await?;
        let has_table: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings')",
        )
        .fetch_one(&mut conn)
        .await?;
        let rows: Vec<(String, String)> = if has_table {
            sqlx::query_as("SELECT key, value FROM settings")
                .fetch_all(&mut conn)
                .await?
        } else {
            Vec::new()
        };
        conn.close().await?;
        Ok(SettingsSnapshot(rows.into_iter().collect()))
    }

    /// The value under `key`, or `None` if there is none (or it no longer parses).
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.0.get(key).and_then(|v| serde_json::from_str(v).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_snapshot_reads_what_the_store_wrote_and_a_missing_file_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stint.db");
        let empty = SettingsSnapshot::read(&path).await.unwrap();
        assert_eq!(empty.get::<bool>("crash_reports"), None);
        assert!(!path.exists(), "reading must not create the database");

        let store = Store::open(&path).await.unwrap();
        store.set_setting("crash_reports", &true).await.unwrap();
        store.set_setting("channel", &"beta").await.unwrap();
        let snapshot = SettingsSnapshot::read(&path).await.unwrap();
        assert_eq!(snapshot.get::<bool>("crash_reports"), Some(true));
        assert_eq!(snapshot.get::<String>("channel").as_deref(), Some("beta"));
        // A value of the wrong type reads as absent rather than failing start-up.
        assert_eq!(snapshot.get::<bool>("channel"), None);
        store.close().await;
    }
}
