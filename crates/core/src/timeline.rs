//! The main window's picture of the recent past: entries grouped by local calendar day, newest
//! first, with each day's total and today's and this week's totals. Day boundaries come from the
//! time zone, so a day is 23, 24 or 25 hours long as the calendar says.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::entry::Entry;
use crate::error::Result;
use crate::local_time::{day_bounds, day_start, from_ms, local_date, to_ms, week_start};
use crate::overlap::{overlap_floor, CLIPPED_MS, OVERLAPS};
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Timeline {
    /// The instant the totals were computed at. A running timer adds the time since then.
    pub as_of_ms: i64,
    pub running: Option<Entry>,
    /// Local days that have entries, newest first.
    pub days: Vec<Day>,
    pub today: Period,
    /// The ISO week (Monday to Sunday) containing today.
    pub week: Period,
    /// Where the listed window begins; older entries are not in `days`.
    pub from_ms: i64,
    pub has_older: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Day {
    /// The local calendar date, `YYYY-MM-DD`.
    pub date: String,
    /// Sum of the durations of the entries that started this day (a running one up to `as_of`).
    pub total_ms: i64,
    pub entries: Vec<Entry>,
}

/// A stretch of local time and how much of it was tracked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Period {
    pub start_ms: i64,
    pub end_ms: i64,
    /// Tracked time inside the period; entries that cross its edges count only their inside part.
    pub total_ms: i64,
}

impl Store {
    /// Entries of the last `days` local days (today included), grouped and totalled.
    pub async fn timeline<Tz: TimeZone>(
        &self,
        tz: &Tz,
        now: DateTime<Utc>,
        days: u32,
    ) -> Result<Timeline> {
        let today = local_date(now, tz);
        let first_day = today - Duration::days(i64::from(days.max(1)) - 1);
        let from = day_start(first_day, tz);
        let entries = self.entries_between(from, DateTime::<Utc>::MAX_UTC).await?;
        let (today_start, today_end) = day_bounds(today, tz);
        let monday = week_start(today);
        let (week_start, week_end) = (
            day_start(monday, tz),
            day_start(monday + Duration::days(7), tz),
        );
        let has_older: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE deleted_at IS NULL AND start_ms < ?)",
        )
        .bind(to_ms(from))
        .fetch_one(&self.pool)
        .await?;
        Ok(Timeline {
            as_of_ms: to_ms(now),
            running: self.running().await?,
            days: group_days(entries, tz, now),
            today: self.period(today_start, today_end, now).await?,
            week: self.period(week_start, week_end, now).await?,
            from_ms: to_ms(from),
            has_older,
        })
    }

    /// Tracked time within `[start, end)`, counting only the part of each entry inside it and a
    /// running entry up to `now`.
    pub async fn period(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Period> {
        let mut conn = self.pool.acquire().await?;
        let floor = overlap_floor(&mut conn, to_ms(start)).await?;
        let sql = format!("SELECT COALESCE(SUM({CLIPPED_MS}), 0) FROM entries e WHERE {OVERLAPS}");
        let total_ms: i64 = sqlx::query_scalar(&sql)
            .bind(to_ms(now))
            .bind(to_ms(start))
            .bind(to_ms(end))
            .bind(floor)
            .fetch_one(&mut *conn)
            .await?;
        Ok(Period {
            start_ms: to_ms(start),
            end_ms: to_ms(end),
            total_ms,
        })
    }
}

/// Groups entries (newest first) by the local day they started on.
pub fn group_days<Tz: TimeZone>(entries: Vec<Entry>, tz: &Tz, now: DateTime<Utc>) -> Vec<Day> {
    let mut days: Vec<(NaiveDate, Day)> = Vec::new();
    for entry in entries {
        let date = local_date(from_ms(entry.start_ms), tz);
        let duration = entry.duration_ms(to_ms(now));
        match days.last_mut() {
            Some((last, day)) if *last == date => {
                day.total_ms += duration;
                day.entries.push(entry);
            }
            _ => days.push((
                date,
                Day {
                    date: date.format("%Y-%m-%d").to_string(),
                    total_ms: duration,
                    entries: vec![entry],
                },
            )),
        }
    }
    days.into_iter().map(|(_, day)| day).collect()
}
