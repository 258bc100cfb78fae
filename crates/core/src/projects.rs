//! Projects group entries. Deleting one keeps its entries (and their link to it) intact.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::entry::clean_name;
use crate::error::{Error, Result};
use crate::local_time::to_ms;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Project {
    pub id: i64,
    pub name: String,
}

impl Store {
    /// Live projects, by name.
    pub async fn projects(&self) -> Result<Vec<Project>> {
        Ok(sqlx::query_as(
            "SELECT id, name FROM projects WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn create_project(&self, name: &str, now: DateTime<Utc>) -> Result<Project> {
        let name = clean_name(name)?;
        let inserted = sqlx::query("INSERT INTO projects (name, created_at) VALUES (?, ?)")
            .bind(&name)
            .bind(to_ms(now))
            .execute(&self.pool)
            .await;
        match inserted {
            Ok(done) => Ok(Project {
                id: done.last_insert_rowid(),
                name,
            }),
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Err(Error::ProjectNameTaken { name })
            }
            Err(err) => Err(err.into()),
        }
    }

    /// The live project called `name` (ignoring case), created if there is none.
    pub async fn ensure_project(&self, name: &str, now: DateTime<Utc>) -> Result<Project> {
        let mut conn = self.pool.acquire().await?;
        let name = clean_name(name)?;
        let id = ensure_project(&mut conn, &name, now).await?;
        Ok(sqlx::query_as("SELECT id, name FROM projects WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?)
    }

    /// Deletes a project. Its entries keep showing it; it can no longer be chosen.
    pub async fn delete_project(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        ensure_live(&mut conn, id).await?;
        sqlx::query("UPDATE projects SET deleted_at = ? WHERE id = ?")
            .bind(to_ms(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// Fails unless the project exists and has not been deleted.
pub(crate) async fn ensure_live(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT name, deleted_at FROM projects WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        None => Err(Error::ProjectNotFound { id }),
        Some((name, Some(_))) => Err(Error::ProjectDeleted { name }),
        Some(_) => Ok(()),
    }
}

/// The id of the live project called `name` (already cleaned), creating it if needed.
pub(crate) async fn ensure_project(
    conn: &mut SqliteConnection,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM projects WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL",
    )
    .bind(name)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let done = sqlx::query("INSERT INTO projects (name, created_at) VALUES (?, ?)")
        .bind(name)
        .bind(to_ms(now))
        .execute(&mut *conn)
        .await?;
    Ok(done.last_insert_rowid())
}

/// The id of the project a person named, created if new, inside the caller's transaction so
/// that a refused command leaves no project behind. `None` when no name was given.
pub(crate) async fn named_project(
    conn: &mut SqliteConnection,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    match name {
        Some(name) => Ok(Some(ensure_project(conn, &clean_name(name)?, now).await?)),
        None => Ok(None),
    }
}
