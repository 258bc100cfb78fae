//! Tags label entries. They are identified by name, ignoring case, and created on first use.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
pub(crate) fn ensure_tag(
    conn: &rusqlite::Connection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO tags (name, created_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?
    .execute(rusqlite::params![name, to_ms(now)])?;
    Ok(conn
        .prepare_cached("SELECT id FROM tags WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], |row| row.get(0))?)
}
