use chrono::Utc;
use stint_core::{Project, Store, Tag};
use tauri::State;

use crate::error::CommandResult;
use crate::reporting::kpi::Timed;

#[tauri::command]
#[specta::specta]
pub async fn list_projects(store: State<'_, Store>) -> CommandResult<Vec<Project>> {
    Ok(store.projects().timed("list_projects").await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_project(store: State<'_, Store>, name: String) -> CommandResult<Project> {
    Ok(store
        .create_project(&name, Utc::now())
        .timed("create_project")
        .await?)
}

/// The live project called `name` (ignoring case), created if there is none: what a project
/// typed into the timer or an entry means. Looked up in the database, not in the window's list,
/// so a project another process just created is found rather than refused as taken.
#[tauri::command]
#[specta::specta]
pub async fn ensure_project(store: State<'_, Store>, name: String) -> CommandResult<Project> {
    Ok(store
        .ensure_project(&name, Utc::now())
        .timed("ensure_project")
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_project(store: State<'_, Store>, id: i64) -> CommandResult<()> {
    Ok(store
        .delete_project(id, Utc::now())
        .timed("delete_project")
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_tags(store: State<'_, Store>) -> CommandResult<Vec<Tag>> {
    Ok(store.tags().timed("list_tags").await?)
}

/// Renames, recolours or archives a project, or sets its client, rate and billable default.
#[tauri::command]
#[specta::specta]
pub async fn update_project(
    store: State<'_, Store>,
    id: i64,
    changes: stint_core::ProjectChanges,
) -> CommandResult<Project> {
    Ok(store
        .update_project(id, changes)
        .timed("update_project")
        .await?)
}

/// Brings back a project deleted a moment ago (the Undo of a delete).
#[tauri::command]
#[specta::specta]
pub async fn restore_project(store: State<'_, Store>, id: i64) -> CommandResult<Project> {
    Ok(store.restore_project(id).timed("restore_project").await?)
}
