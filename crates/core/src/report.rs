//! Totals over a time range, optionally grouped by project, tag or local day. Only the part of
//! each entry inside the range counts, a running entry up to now. Memory stays flat however long
//! the history: grouping by project or tag happens in SQL, grouping by day over a row stream.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use futures_util::TryStreamExt;

use crate::error::Result;
use crate::local_time::{day_bounds, from_ms, local_date, to_ms};
use crate::overlap::{overlap_floor, CLIPPED_MS, OVERLAPS};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One total, no groups.
    Nothing,
    Project,
    /// An entry with several tags counts in each of their groups; one without counts under `None`.
    Tag,
    Day,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub total_ms: i64,
    pub groups: Vec<ReportGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportGroup {
    /// The project or tag name, or the local date (`YYYY-MM-DD`); `None` for entries with no
    /// project or no tag.
    pub key: Option<String>,
    pub ms: i64,
}

impl Store {
    /// Tracked time in `[from, to)`. Groups by project or tag are largest first; days run in order.
    pub async fn report<Tz: TimeZone>(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
        by: GroupBy,
        tz: &Tz,
    ) -> Result<Report> {
        let mut conn = self.pool.acquire().await?;
        let floor = overlap_floor(&mut conn, to_ms(from)).await?;
        let params = [to_ms(now), to_ms(from), to_ms(to), floor];
        let total_sql =
            format!("SELECT NULL, COALESCE(SUM({CLIPPED_MS}), 0) FROM entries e WHERE {OVERLAPS}");
        let (_, total_ms) = keyed_ms(&total_sql, params).fetch_one(&mut *conn).await?;
        let grouped_sql = match by {
            GroupBy::Nothing | GroupBy::Day => None,
            GroupBy::Project => Some(format!(
                "SELECT p.name, SUM({CLIPPED_MS}) AS ms FROM entries e
                 LEFT JOIN projects p ON p.id = e.project_id
                 WHERE {OVERLAPS} GROUP BY e.project_id ORDER BY ms DESC, p.name"
            )),
            GroupBy::Tag => Some(format!(
                "SELECT t.name, SUM({CLIPPED_MS}) AS ms FROM entries e
                 LEFT JOIN entry_tags et ON et.entry_id = e.id LEFT JOIN tags t ON t.id = et.tag_id
                 WHERE {OVERLAPS} GROUP BY t.id ORDER BY ms DESC, t.name"
            )),
        };
        let groups = match (by, grouped_sql) {
            (_, Some(sql)) => keyed_ms(&sql, params)
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .filter(|(_, ms)| *ms > 0)
                .map(|(key, ms)| ReportGroup { key, ms })
                .collect(),
            (GroupBy::Day, _) => {
                let sql = format!(
                    "SELECT e.start_ms, COALESCE(e.stop_ms, ?1) FROM entries e WHERE {OVERLAPS}"
                );
                let mut rows = params
                    .into_iter()
                    .fold(sqlx::query_as::<_, (i64, i64)>(&sql), |query, value| {
                        query.bind(value)
                    })
                    .fetch(&mut *conn);
                let mut days = BTreeMap::new();
                while let Some((start, stop)) = rows.try_next().await? {
                    split_by_day(start.max(to_ms(from)), stop.min(to_ms(to)), tz, &mut days);
                }
                days.into_iter()
                    .map(|(date, ms)| ReportGroup {
                        key: Some(date),
                        ms,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Report {
            from,
            to,
            total_ms,
            groups,
        })
    }
}

/// A query returning `(key, ms)` rows with the four overlap parameters bound in order.
fn keyed_ms(
    sql: &str,
    params: [i64; 4],
) -> sqlx::query::QueryAs<'_, sqlx::Sqlite, (Option<String>, i64), sqlx::sqlite::SqliteArguments<'_>>
{
    params
        .into_iter()
        .fold(sqlx::query_as(sql), |query, value| query.bind(value))
}

/// Adds the span `[start, stop)` (ms) to the local days it covers.
fn split_by_day<Tz: TimeZone>(start: i64, stop: i64, tz: &Tz, days: &mut BTreeMap<String, i64>) {
    let mut cursor = start;
    while cursor < stop {
        let date = local_date(from_ms(cursor), tz);
        let day_end = to_ms(day_bounds(date, tz).1);
        let end = stop.min(day_end);
        *days.entry(date.format("%Y-%m-%d").to_string()).or_default() += end - cursor;
        cursor = end;
    }
}
