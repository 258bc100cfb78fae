use chrono::{Local, NaiveDate, Utc};
use stint_core::date_range::{DateSpan, RangePreset};
use stint_core::local_time::{day_start, local_date, to_ms};
use stint_core::report::{ReportQuery, SummaryReport};
use stint_core::Store;
use tauri::State;

use crate::error::CommandResult;
use crate::reporting::kpi::Timed;

/// Where the time in a range went: the Reports view's groups, totals, amounts and chart.
#[tauri::command]
#[specta::specta]
pub async fn get_report(
    store: State<'_, Store>,
    query: ReportQuery,
) -> CommandResult<SummaryReport> {
    Ok(store
        .summary(&query, to_ms(Utc::now()), &Local)
        .timed("get_report")
        .await?)
}

/// The local days a named range covers today, weeks starting as the person chose.
#[tauri::command]
#[specta::specta]
pub async fn get_report_range(
    store: State<'_, Store>,
    preset: RangePreset,
) -> CommandResult<ReportSpan> {
    let week_start = store.display_preferences().await?.week_start;
    let first_entry = match preset {
        RangePreset::AllTime => store.first_start().await?.map(|t| local_date(t, &Local)),
        _ => None,
    };
    Ok(span(preset.days(
        local_date(Utc::now(), &Local),
        week_start,
        first_entry,
    )))
}

/// `span` moved `steps` of its own size (a month by months, a week by weeks, ...).
#[tauri::command]
#[specta::specta]
pub async fn step_report_range(
    first: NaiveDate,
    last: NaiveDate,
    steps: i32,
) -> CommandResult<ReportSpan> {
    Ok(span(DateSpan { first, last }.step(steps)))
}

/// The days of a range and the instants a report query takes for them.
#[derive(serde::Serialize, specta::Type)]
pub struct ReportSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub from_ms: i64,
    pub to_ms: i64,
}

fn span(days: DateSpan) -> ReportSpan {
    let after = days.last.succ_opt().unwrap_or(days.last);
    ReportSpan {
        first: days.first,
        last: days.last,
        from_ms: to_ms(day_start(days.first, &Local)),
        to_ms: to_ms(day_start(after, &Local)),
    }
}
