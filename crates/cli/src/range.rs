//! Turning `--today`, `--last-week`, `--from 2026-11-02 --to 2026-11-08` ... into an instant range
//! that covers whole local days (the named ranges are stint-core's `RangePreset`s).

use chrono::{DateTime, Duration, Local, Utc};
use stint_core::date_range::RangePreset;
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
    let presets = [
        (range.today, RangePreset::Today),
        (range.yesterday, RangePreset::Yesterday),
        (range.week, RangePreset::ThisWeek),
        (range.last_week, RangePreset::LastWeek),
        (range.month, RangePreset::ThisMonth),
        (range.last_month, RangePreset::LastMonth),
        (range.year, RangePreset::ThisYear),
        (range.last_year, RangePreset::LastYear),
        (range.all, RangePreset::AllTime),
    ];
    let chosen = presets
        .iter()
        .find(|(set, _)| *set)
        .map(|(_, preset)| *preset);
    let (first, last) = if let Some(preset) = chosen {
        // Weeks start on the day the app's Settings chose (Monday unless changed).
        let week_start = store.display_preferences().await?.week_start;
        let first_entry = match preset {
            RangePreset::AllTime => store.first_start().await?.map(|t| local_date(t, &Local)),
            _ => None,
        };
        let days = preset.days(today, week_start, first_entry);
        (days.first, days.last)
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
