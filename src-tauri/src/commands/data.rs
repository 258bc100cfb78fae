//! Settings → Data: where the data lives, backing up now, and restoring a backup. The work is
//! in `stint_core::backup`; backups are named by file name only, never by a path the window
//! chooses.

use std::path::PathBuf;

use serde::Serialize;
use specta::Type;
use stint_core::backup::{backups_dir, list_backups_with_counts, Backup, Occasion};
use stint_core::Store;
use tauri::State;

use crate::error::{CommandError, CommandResult, ErrorKind};

/// The database file the app uses.
pub struct DatabasePath(pub PathBuf);

#[derive(Debug, Clone, Serialize, Type)]
pub struct BackupInfo {
    /// The file name in the backups folder.
    pub name: String,
    /// When it was taken, UTC milliseconds.
    pub taken_ms: i64,
    /// manual, daily, before-upgrade or before-restore.
    pub occasion: String,
    /// Live entries in it; null when it cannot be read.
    pub entries: Option<i64>,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct DataInfo {
    pub database: String,
    pub backups_folder: String,
    pub entries: i64,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

fn info(backup: Backup) -> BackupInfo {
    BackupInfo {
        name: backup
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        taken_ms: backup.taken_ms,
        occasion: backup.occasion,
        entries: backup.entries,
        bytes: backup.bytes,
    }
}

#[tauri::command]
#[specta::specta]
pub async fn get_data_info(
    store: State<'_, Store>,
    database: State<'_, DatabasePath>,
) -> CommandResult<DataInfo> {
    let backups = list_backups_with_counts(&database.0).await?;
    Ok(DataInfo {
        database: database.0.display().to_string(),
        backups_folder: backups_dir(&database.0).display().to_string(),
        entries: store.entry_count().await?,
        backups: backups.into_iter().map(info).collect(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn back_up_now(
    store: State<'_, Store>,
    database: State<'_, DatabasePath>,
) -> CommandResult<String> {
    let path = store.backup(&database.0, Occasion::Manual).await?;
    Ok(path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default())
}

/// Restores the backup called `name` from the backups folder; returns the live entries now.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    store: State<'_, Store>,
    database: State<'_, DatabasePath>,
    name: String,
) -> CommandResult<i64> {
    let backups = stint_core::backup::list_backups(&database.0)?;
    let backup = backups
        .into_iter()
        .find(|b| {
            b.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == name)
        })
        .ok_or_else(|| {
            CommandError::new(
                ErrorKind::BackupNotFound,
                format!("There is no backup called {name} any more. Pick one from the list."),
            )
        })?;
    store.restore(&database.0, &backup.path).await?;
    Ok(store.entry_count().await?)
}
