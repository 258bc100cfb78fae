//! Saving what can still be read from a damaged database into a new one, row range by row
//! range: a damaged page costs the rows on it, not the whole history. The damaged file is
//! only read (opened immutable), never changed.

use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

/// What a salvage brought over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Salvaged {
    pub entries: u64,
    pub projects: u64,
    pub tags: u64,
    /// Row ranges that could not be read and were left behind.
    pub unreadable_ranges: u64,
}

/// Tables in the order their rows can be inserted, each with the column its rows are read by.
const TABLES: [(&str, &str); 5] = [
    ("import_batches", "rowid"),
    ("projects", "rowid"),
    ("tags", "rowid"),
    ("entries", "rowid"),
    ("entry_tags", "entry_id"),
];
const CHUNK: i64 = 512;

/// Copies every readable project, tag and entry of `damaged` into a new database at `dest`
/// (which must not exist yet), at today's schema.
pub async fn salvage(damaged: &Path, dest: &Path) -> Result<Salvaged> {
    let store = Store::open(dest).await?;
    let result = copy_readable(&store, damaged).await;
    store.close().await;
    result
}

async fn copy_readable(store: &Store, damaged: &Path) -> Result<Salvaged> {
    let mut conn = store.pool.acquire().await?;
    sqlx::query("ATTACH DATABASE ? AS damaged")
        .bind(format!("file:{}?mode=ro&immutable=1", uri_path(damaged)))
        .execute(&mut *conn)
        .await?;
    // The copy may hold entries whose project or tag was on an unreadable page.
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let mut counts = [0u64; 5];
    let mut unreadable = 0;
    for (i, (table, key)) in TABLES.iter().enumerate() {
        let columns = common_columns(&mut conn, table).await;
        if columns.is_empty() {
            unreadable += 1;
            continue;
        }
        let max: i64 = sqlx::query_scalar(&format!("SELECT MAX({key}) FROM damaged.{table}"))
            .fetch_one(&mut *conn)
            .await
            .ok()
            .flatten()
            .unwrap_or(0);
        let copy = format!(
            "INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM damaged.{table}
             WHERE {key} BETWEEN ? AND ?"
        );
        let mut low = 0;
        while low <= max {
            let high = low + CHUNK - 1;
            match sqlx::query(&copy)
                .bind(low)
                .bind(high)
                .execute(&mut *conn)
                .await
            {
                Ok(done) => counts[i] += done.rows_affected(),
                // One bad page fails the whole range: try its rows one by one.
                Err(_) => {
                    for key_value in low..=high {
                        match sqlx::query(&copy)
                            .bind(key_value)
                            .bind(key_value)
                            .execute(&mut *conn)
                            .await
                        {
                            Ok(done) => counts[i] += done.rows_affected(),
                            Err(_) => unreadable += 1,
                        }
                    }
                }
            }
            low = high + 1;
        }
    }
    // Nothing may stay "running" twice, and links must point somewhere.
    sqlx::query("DELETE FROM main.entry_tags WHERE entry_id NOT IN (SELECT id FROM main.entries) OR tag_id NOT IN (SELECT id FROM main.tags)")
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE main.entries SET project_id = NULL WHERE project_id NOT IN (SELECT id FROM main.projects)")
        .execute(&mut *conn)
        .await?;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    let _ = sqlx::query("DETACH DATABASE damaged")
        .execute(&mut *conn)
        .await;
    Ok(Salvaged {
        projects: counts[1],
        tags: counts[2],
        entries: counts[3],
        unreadable_ranges: unreadable,
    })
}

/// The columns both databases' `table` have, comma-separated; empty when the damaged one's
/// schema cannot be read.
async fn common_columns(conn: &mut sqlx::SqliteConnection, table: &str) -> String {
    let names = |schema: &str| {
        format!("SELECT name FROM pragma_table_info('{table}', '{schema}') ORDER BY cid")
    };
    let ours: Vec<String> = sqlx::query_scalar(&names("main"))
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    let theirs: Vec<String> = sqlx::query_scalar(&names("damaged"))
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    ours.into_iter()
        .filter(|c| theirs.contains(c))
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A path as the path part of an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '?' | '#' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            '\\' => out.push('/'),
            c => out.push(c),
        }
    }
    out
}
