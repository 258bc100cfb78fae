//! Totals over a time range, optionally grouped by project, tag or local day. Only the part of
//! each entry inside the range counts, a running entry up to now, and time entries share counts
//! once (`counting`). Memory stays flat however long the history: rows are streamed in start
//! order through one sweep.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Utc};
use futures_util::TryStreamExt;

use crate::counting::Sweep;
use crate::error::Result;
use crate::local_time::{day_bounds, from_ms, local_date, to_ms};
use crate::overlap::{overlap_floor, OVERLAPS};
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
    /// Time entries share counts once, for the later one (see `counting`), so groups add up to
    /// the total (except by tag, where an entry with several tags counts in each).
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
        // Tag names joined by a control character, which names cannot hold.
        let sql = format!(
            "SELECT e.start_ms, COALESCE(e.stop_ms, ?1), p.name,
                    (SELECT group_concat(t.name, char(31)) FROM entry_tags et
                     JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id)
             FROM entries e LEFT JOIN projects p ON p.id = e.project_id
             WHERE {OVERLAPS} ORDER BY e.start_ms, e.id"
        );
        let mut rows = params
            .into_iter()
            .fold(
                sqlx::query_as::<_, (i64, i64, Option<String>, Option<String>)>(&sql),
                |query, value| query.bind(value),
            )
            .fetch(&mut *conn);
        let mut total_ms = 0;
        let mut groups: BTreeMap<Option<String>, i64> = BTreeMap::new();
        let mut counted = |keys: &Vec<Option<String>>, a: i64, b: i64| {
            total_ms += b - a;
            match by {
                GroupBy::Nothing => {}
                GroupBy::Day => {
                    let mut days = BTreeMap::new();
                    split_by_day(a, b, tz, &mut days);
                    for (date, ms) in days {
                        *groups.entry(Some(date)).or_default() += ms;
                    }
                }
                GroupBy::Project | GroupBy::Tag => {
                    for key in keys {
                        *groups.entry(key.clone()).or_default() += b - a;
                    }
                }
            }
        };
        let mut sweep = Sweep::new(to_ms(from), to_ms(to));
        while let Some((start, stop, project, tags)) = rows.try_next().await? {
            let keys = match by {
                GroupBy::Project => vec![project],
                GroupBy::Tag => match tags {
                    Some(tags) => tags.split('\u{1f}').map(|t| Some(t.to_string())).collect(),
                    None => vec![None],
                },
                GroupBy::Nothing | GroupBy::Day => Vec::new(),
            };
            sweep.push(start, stop, keys, &mut counted);
        }
        sweep.finish(&mut counted);
        let mut groups: Vec<ReportGroup> = groups
            .into_iter()
            .filter(|(_, ms)| *ms > 0)
            .map(|(key, ms)| ReportGroup { key, ms })
            .collect();
        if matches!(by, GroupBy::Project | GroupBy::Tag) {
            groups.sort_by(|a, b| b.ms.cmp(&a.ms).then_with(|| a.key.cmp(&b.key)));
        }
        Ok(Report {
            from,
            to,
            total_ms,
            groups,
        })
    }
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
