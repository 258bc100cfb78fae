//! Tags label entries. They are identified by name, ignoring case, and created on first use.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::error::Result;
use crate::local_time::to_ms;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

impl Store {
    /// Every tag, by name.
    pub async fn tags(&self) -> Result<Vec<Tag>> {
        Ok(
            sqlx::query_as("SELECT id, name FROM tags ORDER BY name COLLATE NOCASE")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

/// The id of the tag called `name` (already cleaned), creating it if needed.
pub(crate) async fn ensure_tag(
    conn: &mut SqliteConnection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query("INSERT INTO tags (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(name)
        .bind(to_ms(now))
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query_scalar("SELECT id FROM tags WHERE name = ? COLLATE NOCASE")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?,
    )
}
