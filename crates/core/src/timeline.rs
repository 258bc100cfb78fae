//! The main window's picture of the recent past: entries grouped by local calendar day, newest
//! first, with each day's total and today's and this week's totals. Day boundaries come from the
//! time zone, so a day is 23, 24 or 25 hours long as the calendar says. Overlapping time counts
//! once (see `counting`), and entries that overlap are said to.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::counting::Sweep;
use crate::entry::Entry;
use crate::error::Result;
use crate::local_time::{day_bounds, day_start, from_ms, local_date, to_ms};
use crate::overlap::{overlap_floor, OVERLAPS};
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
    /// The week containing today, starting on the day chosen in the display preferences
    /// (Monday unless changed).
    pub week: Period,
    /// Where the listed window begins; older entries are not in `days`.
    pub from_ms: i64,
    pub has_older: bool,
    /// The latest day before the listed window that has entries (see [`DayRange::older_day`]).
    pub older_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Day {
    /// The local calendar date, `YYYY-MM-DD`.
    pub date: String,
    /// The time counted for the entries that started this day (a running one up to
    /// `as_of`), time shared with another entry counted once (see `counting`).
    pub total_ms: i64,
    pub entries: Vec<Entry>,
    /// The day's entries that overlap another entry, each with the first one it overlaps.
    pub overlaps: Vec<Overlap>,
}

/// An entry that shares time with another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overlap {
    pub entry_id: i64,
    pub other_id: i64,
    pub other_description: String,
    pub other_start_ms: i64,
    /// `None` while the other entry runs.
    pub other_stop_ms: Option<i64>,
}

/// Local days `first` to `last` (`YYYY-MM-DD`, both whole) and the days among them that have
/// entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DayRange {
    pub first: String,
    pub last: String,
    pub days: Vec<Day>,
    /// Whether any entry starts before `first` / after `last`.
    pub has_older: bool,
    /// The latest day before `first` that has entries, so the list can load up to it at once
    /// instead of stepping through empty months.
    pub older_day: Option<String>,
    pub has_newer: bool,
}

/// A stretch of local time and how much of it was tracked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Period {
    pub start_ms: i64,
    pub end_ms: i64,
    /// Tracked time inside the period; entries that cross its edges count only their inside
    /// part, and time two entries share counts once.
    pub total_ms: i64,
}

impl Store {
    /// Entries of the last `days` local days (today included), grouped and totalled. Read in
    /// one transaction, so a write by another process between its reads (the CLI stopping the
    /// timer, say) cannot make "running" disagree with the days and totals.
    pub async fn timeline<Tz: TimeZone>(
        &self,
        tz: &Tz,
        now: DateTime<Utc>,
        days: u32,
    ) -> Result<Timeline> {
        let today = local_date(now, tz);
        let first_day = today - Duration::days(i64::from(days.max(1)) - 1);
        let from = day_start(first_day, tz);
        let (today_start, today_end) = day_bounds(today, tz);
        let mut tx = self.pool.begin().await?;
        let week_start_day = crate::settings::get_on(&mut tx, &crate::settings::WEEK_START).await?;
        let first = week_start_day.week_of(today);
        let (week_start, week_end) = (
            day_start(first, tz),
            day_start(first + Duration::days(7), tz),
        );
        let entries =
            crate::entries::entries_between_on(&mut tx, from, DateTime::<Utc>::MAX_UTC).await?;
        let older: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(start_ms) FROM entries WHERE deleted_at IS NULL AND start_ms < ?",
        )
        .bind(to_ms(from))
        .fetch_one(&mut *tx)
        .await?;
        let running = crate::bridge::on_sqlite(&mut tx, crate::timer::running_entry).await?;
        let today_total = period_on(&mut tx, today_start, today_end, now).await?;
        let week_total = period_on(&mut tx, week_start, week_end, now).await?;
        tx.commit().await?;
        Ok(Timeline {
            as_of_ms: to_ms(now),
            running,
            days: group_days(entries, tz, now),
            today: today_total,
            week: week_total,
            from_ms: to_ms(from),
            has_older: older.is_some(),
            older_day: older.map(|ms| local_date(from_ms(ms), tz).format("%Y-%m-%d").to_string()),
        })
    }

    /// The local days from `first` to `last` (both whole, newest first), with their entries,
    /// totals and overlaps: the window loads the history a stretch at a time with this, as the
    /// person scrolls or jumps to a date. Also says whether there are entries before and after.
    pub async fn days_between<Tz: TimeZone>(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<DayRange> {
        let from = day_start(first, tz);
        let to = day_start(last + Duration::days(1), tz);
        let entries = self.entries_between(from, to).await?;
        let (older, has_newer): (Option<i64>, bool) = sqlx::query_as(
            "SELECT (SELECT MAX(start_ms) FROM entries WHERE deleted_at IS NULL AND start_ms < ?1),
                    EXISTS (SELECT 1 FROM entries WHERE deleted_at IS NULL AND start_ms >= ?2)",
        )
        .bind(to_ms(from))
        .bind(to_ms(to))
        .fetch_one(&self.pool)
        .await?;
        Ok(DayRange {
            first: first.format("%Y-%m-%d").to_string(),
            last: last.format("%Y-%m-%d").to_string(),
            days: group_days(entries, tz, now),
            has_older: older.is_some(),
            older_day: older.map(|ms| local_date(from_ms(ms), tz).format("%Y-%m-%d").to_string()),
            has_newer,
        })
    }

    /// Tracked time within `[start, end)`, counting only the part of each entry inside it, a
    /// running entry up to `now`, and time entries share once.
    pub async fn period(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Period> {
        let mut conn = self.pool.acquire().await?;
        period_on(&mut conn, start, end, now).await
    }
}

async fn period_on(
    conn: &mut sqlx::SqliteConnection,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Period> {
    let floor = overlap_floor(conn, to_ms(start)).await?;
    let sql = format!(
        "SELECT e.start_ms, COALESCE(e.stop_ms, ?1) FROM entries e WHERE {OVERLAPS}
         ORDER BY e.start_ms, e.id"
    );
    let spans: Vec<(i64, i64)> = sqlx::query_as(&sql)
        .bind(to_ms(now))
        .bind(to_ms(start))
        .bind(to_ms(end))
        .bind(floor)
        .fetch_all(&mut *conn)
        .await?;
    let total_ms = crate::counting::counted_ms(&spans, to_ms(start), to_ms(end))
        .iter()
        .sum();
    Ok(Period {
        start_ms: to_ms(start),
        end_ms: to_ms(end),
        total_ms,
    })
}

/// Groups entries (newest first) by the local day they started on, with each day's counted
/// total and its overlaps.
pub fn group_days<Tz: TimeZone>(entries: Vec<Entry>, tz: &Tz, now: DateTime<Utc>) -> Vec<Day> {
    let now_ms = to_ms(now);
    // Counted time and first overlap of each entry, swept oldest first.
    let mut counted = vec![0i64; entries.len()];
    let mut overlaps: Vec<Option<usize>> = vec![None; entries.len()];
    let mut sweep = Sweep::new(i64::MIN, i64::MAX);
    let mut add = |i: &usize, a: i64, b: i64| counted[*i] += b - a;
    for i in (0..entries.len()).rev() {
        let entry = &entries[i];
        let stop = entry.stop_ms.unwrap_or(now_ms).max(entry.start_ms);
        for other in sweep.open_at(entry.start_ms) {
            overlaps[i].get_or_insert(*other);
            overlaps[*other].get_or_insert(i);
        }
        sweep.push(entry.start_ms, stop, i, &mut add);
    }
    sweep.finish(&mut add);

    let mut days: Vec<(NaiveDate, Day)> = Vec::new();
    let notes: Vec<Option<Overlap>> = overlaps
        .iter()
        .enumerate()
        .map(|(i, other)| {
            other.map(|o| Overlap {
                entry_id: entries[i].id,
                other_id: entries[o].id,
                other_description: entries[o].description.clone(),
                other_start_ms: entries[o].start_ms,
                other_stop_ms: entries[o].stop_ms,
            })
        })
        .collect();
    for ((entry, counted), note) in entries.into_iter().zip(counted).zip(notes) {
        let date = local_date(from_ms(entry.start_ms), tz);
        if !matches!(days.last(), Some((last, _)) if *last == date) {
            days.push((
                date,
                Day {
                    date: date.format("%Y-%m-%d").to_string(),
                    total_ms: 0,
                    entries: Vec::new(),
                    overlaps: Vec::new(),
                },
            ));
        }
        let (_, day) = days.last_mut().expect("pushed above");
        day.total_ms += counted;
        day.entries.push(entry);
        day.overlaps.extend(note);
    }
    days.into_iter().map(|(_, day)| day).collect()
}
