//! Projects group entries. Deleting one keeps its entries (and their link to it) intact;
//! archiving one hides it from pickers and keeps it in reports. A project has a colour for
//! charts, and optionally a client and an hourly rate in a currency for billable amounts.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::bridge::on_sqlite;

use crate::entry::clean_name;
use crate::error::{Error, Result};
use crate::local_time::to_ms;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Project {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`, picked from [`PALETTE`] when the project is made.
    pub color: String,
    pub client: Option<String>,
    /// Per hour, in the currency's minor unit (cents).
    pub rate_minor: Option<i64>,
    /// ISO 4217, e.g. `EUR`; set whenever `rate_minor` is.
    pub currency: Option<String>,
    pub archived: bool,
    /// Whether its new entries are billable.
    pub billable: bool,
}

/// What can change about a project (all of it at once, as a settings form sends it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectChanges {
    pub name: String,
    pub color: String,
    pub client: Option<String>,
    /// A rate needs a currency.
    pub rate_minor: Option<i64>,
    pub currency: Option<String>,
    pub archived: bool,
    pub billable: bool,
}

/// Chart colours that stay apart on light and dark backgrounds; new projects take the one used
/// least.
pub const PALETTE: [&str; 10] = [
    "#0d9488", "#6366f1", "#f59e0b", "#ec4899", "#0ea5e9", "#84cc16", "#f97316", "#8b5cf6",
    "#14b8a6", "#ef4444",
];

pub(crate) const PROJECT_SELECT: &str =
    "SELECT id, name, COALESCE(color, '#0d9488') AS color, client,
    rate_minor, currency, archived_at IS NOT NULL AS archived, billable FROM projects";

impl Store {
    /// Live projects (archived ones too, marked so), by name.
    pub async fn projects(&self) -> Result<Vec<Project>> {
        let sql = format!("{PROJECT_SELECT} WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE");
        Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
    }

    pub async fn create_project(&self, name: &str, now: DateTime<Utc>) -> Result<Project> {
        let name = clean_name(name)?;
        let mut conn = self.writer().await?;
        match on_sqlite(&mut conn, |conn| insert_project(conn, &name, now)).await {
            Ok(id) => project_by_id(&mut conn, id).await,
            Err(err) if err.is_unique_violation() => Err(Error::ProjectNameTaken { name }),
            Err(err) => Err(err),
        }
    }

    /// Brings back a deleted project (Undo after a delete), unless its name was taken since.
    pub async fn restore_project(&self, id: i64) -> Result<Project> {
        let mut conn = self.writer().await?;
        let restored = sqlx::query("UPDATE projects SET deleted_at = NULL WHERE id = ?")
            .bind(id)
            .execute(&mut *conn)
            .await;
        match restored {
            Ok(done) if done.rows_affected() == 0 => Err(Error::ProjectNotFound { id }),
            Ok(_) => project_by_id(&mut conn, id).await,
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                let name: String = sqlx::query_scalar("SELECT name FROM projects WHERE id = ?")
                    .bind(id)
                    .fetch_one(&mut *conn)
                    .await?;
                Err(Error::ProjectNameTaken { name })
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Renames, recolours, archives or sets the client, rate and billable default of a project.
    pub async fn update_project(&self, id: i64, changes: ProjectChanges) -> Result<Project> {
        let name = clean_name(&changes.name)?;
        let color = clean_color(&changes.color)?;
        let client = match changes.client.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(client) => Some(clean_name(client)?),
        };
        let (rate_minor, currency) = match (changes.rate_minor, changes.currency.as_deref()) {
            (None, _) => (None, None),
            (Some(rate), _) if rate < 0 => return Err(Error::InvalidRate),
            (Some(rate), Some(currency)) => (Some(rate), Some(clean_currency(currency)?)),
            (Some(_), None) => {
                return Err(Error::InvalidCurrency {
                    input: String::new(),
                })
            }
        };
        let mut writer = self.writer().await?;
        let mut tx = writer.begin().await?;
        on_sqlite(&mut tx, |conn| ensure_live(conn, id)).await?;
        let updated = sqlx::query(
            "UPDATE projects SET name = ?, color = ?, client = ?, rate_minor = ?, currency = ?,
                billable = ?,
                archived_at = CASE WHEN ? THEN COALESCE(archived_at, ?) END
             WHERE id = ?",
        )
        .bind(&name)
        .bind(&color)
        .bind(&client)
        .bind(rate_minor)
        .bind(&currency)
        .bind(changes.billable)
        .bind(changes.archived)
        .bind(to_ms(Utc::now()))
        .bind(id)
        .execute(&mut *tx)
        .await;
        match updated {
            Ok(_) => {}
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return Err(Error::ProjectNameTaken { name })
            }
            Err(err) => return Err(err.into()),
        }
        let project = project_by_id(&mut tx, id).await?;
        tx.commit().await?;
        Ok(project)
    }

    /// The live project called `name` (ignoring case), created if there is none.
    pub async fn ensure_project(&self, name: &str, now: DateTime<Utc>) -> Result<Project> {
        let mut conn = self.writer().await?;
        let name = clean_name(name)?;
        let id = on_sqlite(&mut conn, |conn| ensure_project(conn, &name, now)).await?;
        project_by_id(&mut conn, id).await
    }

    /// Deletes a project. Its entries keep showing it; it can no longer be chosen.
    pub async fn delete_project(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.writer().await?;
        on_sqlite(&mut conn, |conn| ensure_live(conn, id)).await?;
        sqlx::query("UPDATE projects SET deleted_at = ? WHERE id = ?")
            .bind(to_ms(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// Fails unless the project exists and has not been deleted.
pub(crate) fn ensure_live(conn: &Connection, id: i64) -> Result<()> {
    let row: Option<(String, Option<i64>)> = conn
        .prepare_cached("SELECT name, deleted_at FROM projects WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match row {
        None => Err(Error::ProjectNotFound { id }),
        Some((name, Some(_))) => Err(Error::ProjectDeleted { name }),
        Some(_) => Ok(()),
    }
}

/// The id of the live project called `name` (already cleaned), creating it if needed.
pub(crate) fn ensure_project(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<i64> {
    let existing: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM projects WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL",
        )?
        .query_row([name], |row| row.get(0))
        .optional()?;
    match existing {
        Some(id) => Ok(id),
        None => insert_project(conn, name, now),
    }
}

/// Adds a project called `name` (already cleaned) with the palette colour used least.
fn insert_project(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<i64> {
    let used: Vec<String> = conn
        .prepare_cached(
            "SELECT color FROM projects WHERE deleted_at IS NULL AND color IS NOT NULL",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let color = least_used_color(&used);
    conn.prepare_cached("INSERT INTO projects (name, created_at, color) VALUES (?1, ?2, ?3)")?
        .execute(params![name, to_ms(now), color])?;
    Ok(conn.last_insert_rowid())
}

/// The [`PALETTE`] colour that `used` (the colours of the projects there are) holds least, the
/// first of them on a tie: a new project, made here or by an import, looks unlike the others.
pub(crate) fn least_used_color(used: &[String]) -> &'static str {
    PALETTE
        .iter()
        .min_by_key(|c| used.iter().filter(|u| u.eq_ignore_ascii_case(c)).count())
        .expect("the palette has colours")
}

pub(crate) async fn project_by_id(conn: &mut SqliteConnection, id: i64) -> Result<Project> {
    let sql = format!("{PROJECT_SELECT} WHERE id = ?");
    sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::ProjectNotFound { id })
}

/// `#rrggbb`, lower case.
fn clean_color(input: &str) -> Result<String> {
    let color = input.trim().to_ascii_lowercase();
    let hex = color.strip_prefix('#').unwrap_or(&color);
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{hex}"))
    } else {
        Err(Error::InvalidColor {
            input: input.to_string(),
        })
    }
}

/// An ISO 4217 code: three letters, upper case.
fn clean_currency(input: &str) -> Result<String> {
    let code = input.trim().to_ascii_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(code)
    } else {
        Err(Error::InvalidCurrency {
            input: input.to_string(),
        })
    }
}

/// The id of the project a person named, created if new, inside the caller's transaction so
/// that a refused command leaves no project behind. `None` when no name was given.
pub(crate) fn named_project(
    conn: &Connection,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    match name {
        Some(name) => Ok(Some(ensure_project(conn, &clean_name(name)?, now)?)),
        None => Ok(None),
    }
}
