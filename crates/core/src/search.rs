//! Searching the whole history: words in descriptions (through the FTS5 index of migration
//! 0006), a project and a tag, optionally within a range. Results come grouped by local day,
//! newest first, with day totals counted as everywhere else (`counting`).

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::entries::{EntryRow, ENTRY_SELECT};
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::timeline::{group_days, Day};

/// At most this many entries come back unless asked otherwise; `more` says if there were more.
pub const DEFAULT_LIMIT: u32 = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchQuery {
    /// Words that must all occur in the description, each matching from a word's start
    /// ("rev" finds "Review"), ignoring case and accents. Empty: any description.
    pub text: String,
    /// A project name (any case); only its entries.
    pub project: Option<String>,
    /// A tag name (any case); only entries with it.
    pub tag: Option<String>,
    /// Only entries that started at or after this instant (UTC ms)...
    pub from_ms: Option<i64>,
    /// ...and before this one.
    pub to_ms: Option<i64>,
    /// Most entries to return; [`DEFAULT_LIMIT`] when `None`.
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchResults {
    pub days: Vec<Day>,
    /// How many entries are in `days`.
    pub count: u32,
    /// True when more entries matched than the limit let through (the oldest were left out).
    pub more: bool,
}

impl SearchQuery {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.project.is_none() && self.tag.is_none()
    }
}

/// The FTS5 query for what a person typed: every word must occur, each as a prefix. Words are
/// quoted, so FTS5's own syntax (`OR`, `NEAR`, `*`, `"`, `-`) typed by someone is read as text.
pub fn match_expression(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Store {
    /// Entries matching `query`, newest first, grouped by local day in `tz`.
    pub async fn search<Tz: TimeZone>(
        &self,
        query: &SearchQuery,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<SearchResults> {
        let mut conn = self.pool.acquire().await?;
        let project_id = match &query.project {
            None => None,
            Some(name) => Some(
                sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM projects WHERE name = ? COLLATE NOCASE
                     ORDER BY deleted_at IS NOT NULL, id DESC LIMIT 1",
                )
                .bind(name.trim())
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| Error::UnknownProject {
                    name: name.trim().to_string(),
                })?,
            ),
        };
        let tag_id = match &query.tag {
            None => None,
            Some(name) => Some(
                sqlx::query_scalar::<_, i64>("SELECT id FROM tags WHERE name = ? COLLATE NOCASE")
                    .bind(name.trim())
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or_else(|| Error::UnknownTag {
                        name: name.trim().to_string(),
                    })?,
            ),
        };
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT).max(1);
        // Only the conditions asked for are written, so SQLite can start from the most
        // selective one: the word index, the tag's links, or the project's index.
        let text = match_expression(&query.text);
        let mut conditions = vec![
            "e.deleted_at IS NULL",
            "e.start_ms >= ?4",
            "e.start_ms < ?5",
        ];
        if text.is_some() {
            conditions.push("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1)");
        }
        if project_id.is_some() {
            conditions.push("e.project_id = ?2");
        }
        if tag_id.is_some() {
            conditions.push("e.id IN (SELECT entry_id FROM entry_tags WHERE tag_id = ?3)");
        }
        // The matches are found and ordered on cheap columns first; only the page kept is then
        // read whole (its project and tags), not every match.
        // For words alone, walking the history newest first and stopping at the page's end
        // beats sorting every match (a common word matches a quarter of the history); a
        // project or tag narrows enough to start from it instead.
        let walk = if text.is_some() && project_id.is_none() && tag_id.is_none() {
            "INDEXED BY entries_live_start"
        } else {
            ""
        };
        let sql = format!(
            "WITH hits AS MATERIALIZED (
                 SELECT e.id FROM entries e {walk} WHERE {}
                 ORDER BY e.start_ms DESC, e.id DESC LIMIT ?6)
             {ENTRY_SELECT} WHERE e.id IN (SELECT id FROM hits)
             ORDER BY e.start_ms DESC, e.id DESC",
            conditions.join(" AND ")
        );
        let rows: Vec<EntryRow> = sqlx::query_as(&sql)
            .bind(text)
            .bind(project_id)
            .bind(tag_id)
            .bind(query.from_ms.unwrap_or(i64::MIN))
            .bind(query.to_ms.unwrap_or(i64::MAX))
            .bind(i64::from(limit) + 1)
            .fetch_all(&mut *conn)
            .await?;
        let more = rows.len() > limit as usize;
        let entries: Vec<Entry> = rows
            .into_iter()
            .take(limit as usize)
            .map(Entry::from)
            .collect();
        let count = entries.len() as u32;
        Ok(SearchResults {
            days: group_days(entries, tz, now),
            count,
            more,
        })
    }
}
