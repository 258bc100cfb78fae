//! Turning `--today`, `--week`, `--from 2026-11-02 --to 2026-11-08` ... into an instant range that
//! covers whole local days.

use chrono::{DateTime, Datelike, Duration, Local, NaiveDate, Utc};
use stint_core::local_time::{day_start, local_date};
use stint_core::{parse_day, Store};

use crate::args::Range;
use crate::failure::Failure;

/// The default when no range option is given.
pub enum Default {
    Today,
    LastWeekOfDays,
    /// From the first entry to today.
    Everything,
}

pub async fn resolve(
    range: &Range,
    default: Default,
    store: &Store,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Failure> {
    let today = local_date(now, &Local);
    let (first, last) = if range.today {
        (today, today)
    } else if range.week {
        // The week starts on the day the app's Settings chose (Monday unless changed).
        let first = store.display_preferences().await?.week_start.week_of(today);
        (first, first + Duration::days(6))
    } else if range.month {
        let first = today.with_day(1).unwrap_or(today);
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        };
        (first, next.map_or(today, |n| n - Duration::days(1)))
    } else if range.all {
        let first = store
            .first_start()
            .await?
            .map_or(today, |t| local_date(t, &Local));
        (first, today)
    } else if let Some(from) = &range.from {
        let first = parse_day(from, &Local, now)?;
        let last = match &range.to {
            Some(to) => parse_day(to, &Local, now)?,
            None => today,
        };
        if last < first {
            return Err(Failure::refused(format!(
                "The range ends ({last}) before it starts ({first})."
            )));
        }
        (first, last)
    } else {
        match default {
            Default::Today => (today, today),
            Default::LastWeekOfDays => (today - Duration::days(6), today),
            Default::Everything => (
                store
                    .first_start()
                    .await?
                    .map_or(today, |t| local_date(t, &Local)),
                today,
            ),
        }
    };
    let after_last = last.succ_opt().unwrap_or(last);
    Ok((day_start(first, &Local), day_start(after_last, &Local)))
}
