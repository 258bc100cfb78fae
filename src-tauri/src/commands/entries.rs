use chrono::{Local, Utc};
use stint_core::timeline::Timeline;
use stint_core::{Entry, EntryFields, Store};
use tauri::State;

use crate::error::CommandResult;
use crate::reporting::kpi::Timed;

/// The last `days` local days of entries, grouped by day, with today's and this week's totals.
#[tauri::command]
#[specta::specta]
pub async fn get_timeline(store: State<'_, Store>, days: u32) -> CommandResult<Timeline> {
    Ok(store
        .timeline(&Local, Utc::now(), days)
        .timed("get_timeline")
        .await?)
}

/// The local days `first` to `last` (`YYYY-MM-DD`, both whole): the list loads the history a
/// stretch at a time as the person scrolls or jumps to a date.
#[tauri::command]
#[specta::specta]
pub async fn get_days(
    store: State<'_, Store>,
    first: String,
    last: String,
) -> CommandResult<stint_core::timeline::DayRange> {
    let now = Utc::now();
    let first = stint_core::parse_day(&first, &Local, now)?;
    let last = stint_core::parse_day(&last, &Local, now)?;
    Ok(store
        .days_between(first, last, &Local, now)
        .timed("get_days")
        .await?)
}

/// Entries across the whole history matching words, a project and a tag, grouped by day.
#[tauri::command]
#[specta::specta]
pub async fn search_entries(
    store: State<'_, Store>,
    query: stint_core::search::SearchQuery,
) -> CommandResult<stint_core::search::SearchResults> {
    Ok(store
        .search(&query, &Local, Utc::now())
        .timed("search_entries")
        .await?)
}

/// Adds an entry for time that was not tracked live.
#[tauri::command]
#[specta::specta]
pub async fn add_entry(store: State<'_, Store>, fields: EntryFields) -> CommandResult<Entry> {
    Ok(store
        .add_entry(&fields, &Local, Utc::now())
        .timed("add_entry")
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_entry(
    store: State<'_, Store>,
    id: i64,
    fields: EntryFields,
) -> CommandResult<Entry> {
    Ok(store
        .update_entry(id, &fields, &Local, Utc::now())
        .timed("update_entry")
        .await?)
}

/// Deletes an entry; `restore_entry` undoes it.
#[tauri::command]
#[specta::specta]
pub async fn delete_entry(store: State<'_, Store>, id: i64) -> CommandResult<Entry> {
    Ok(store
        .delete_entry(id, Utc::now())
        .timed("delete_entry")
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn restore_entry(store: State<'_, Store>, id: i64) -> CommandResult<Entry> {
    Ok(store
        .restore_entry(id, Utc::now())
        .timed("restore_entry")
        .await?)
}
