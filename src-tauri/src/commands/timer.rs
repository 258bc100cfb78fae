use chrono::{Local, Utc};
use stint_core::{Entry, Store, TimerStart};
use tauri::State;

use crate::error::CommandResult;
use crate::reporting::kpi::Timed;

/// The running timer, if any.
#[tauri::command]
#[specta::specta]
pub async fn get_running(store: State<'_, Store>) -> CommandResult<Option<Entry>> {
    Ok(store.running().timed("get_running").await?)
}

#[tauri::command]
#[specta::specta]
pub async fn start_timer(store: State<'_, Store>, start: TimerStart) -> CommandResult<Entry> {
    Ok(store
        .start_timer(&start, &Local, Utc::now())
        .timed("start_timer")
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn stop_timer(store: State<'_, Store>) -> CommandResult<Entry> {
    Ok(store.stop_timer(Utc::now()).timed("stop_timer").await?)
}

/// Starts a new timer with an earlier entry's description, project and tags.
#[tauri::command]
#[specta::specta]
pub async fn continue_entry(store: State<'_, Store>, id: i64) -> CommandResult<Entry> {
    Ok(store
        .continue_entry(id, &Local, Utc::now())
        .timed("continue_entry")
        .await?)
}
