//! Import…: the window asks Rust to show the native file chooser, then to preview, import or
//! undo. The chosen path stays on this side; the window only ever sees the file's name, and
//! gets no file-system permission of its own. The work is in `stint_core::import`.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{Local, Utc};
use serde::Serialize;
use specta::Type;
use stint_core::import::{
    ImportBatch, ImportInput, ImportOptions, ImportProgress, ImportReport, UndoTarget,
};
use stint_core::Store;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::error::{CommandError, CommandResult, ErrorKind};

/// The file or folder the person chose last, waiting to be previewed and imported.
#[derive(Default)]
pub struct PendingImport(pub Mutex<Option<PathBuf>>);

/// Shows the native file chooser (a folder chooser when asked) and hands back what was chosen.
/// Made in setup, where the runtime is known, so the commands need no `AppHandle`.
pub struct FileChooser(
    pub Box<dyn Fn(bool) -> tokio::sync::oneshot::Receiver<Option<PathBuf>> + Send + Sync>,
);

impl FileChooser {
    pub fn native<R: Runtime>(app: AppHandle<R>) -> FileChooser {
        FileChooser(Box::new(move |folder| {
            use tauri_plugin_dialog::DialogExt;
            let (tx, rx) = tokio::sync::oneshot::channel();
            let send = move |path: Option<tauri_plugin_dialog::FilePath>| {
                let _ = tx.send(path.and_then(|p| p.into_path().ok()));
            };
            let chooser = app.dialog().file();
            if folder {
                chooser
                    .set_title("Import Timewarrior's data folder")
                    .pick_folder(send);
            } else {
                chooser
                    .set_title("Import time entries")
                    .add_filter(
                        "Time entries (CSV, JSON, Timewarrior)",
                        &["csv", "json", "data", "txt"],
                    )
                    .add_filter("All files", &["*"])
                    .pick_file(send);
            }
            rx
        }))
    }
}

/// What the person chose in the file chooser.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ChosenImport {
    pub name: String,
    /// The CSV's columns, for the mapping step (empty for other files).
    pub columns: Vec<String>,
}

/// Shows the native chooser: a file, or (`folder`) Timewarrior's data folder. `None` when the
/// person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_import_file(
    chooser: State<'_, FileChooser>,
    pending: State<'_, PendingImport>,
    folder: bool,
) -> CommandResult<Option<ChosenImport>> {
    let Some(path) = (chooser.0)(folder).await.ok().flatten() else {
        return Ok(None);
    };
    Ok(Some(remember(&pending, path)))
}

/// Keeps `path` as the file to import and says what it is.
pub fn remember(pending: &PendingImport, path: PathBuf) -> ChosenImport {
    let input = ImportInput::Path(path.clone());
    let chosen = ChosenImport {
        name: input.name(),
        columns: stint_core::import::csv_columns(&input).unwrap_or_default(),
    };
    *pending.0.lock().expect("import lock") = Some(path);
    chosen
}

fn chosen(pending: &PendingImport) -> CommandResult<ImportInput> {
    pending
        .0
        .lock()
        .expect("import lock")
        .clone()
        .map(ImportInput::Path)
        .ok_or_else(|| CommandError {
            kind: ErrorKind::ImportRefused,
            message: "Choose a file to import first.".into(),
        })
}

/// Reads the chosen file and says what importing it would do; changes nothing. `progress`
/// hears how far it has read.
#[tauri::command]
#[specta::specta]
pub async fn preview_import(
    store: State<'_, Store>,
    pending: State<'_, PendingImport>,
    options: ImportOptions,
    progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    let input = chosen(&pending)?;
    Ok(store
        .preview_import(&input, &options, &Local, Utc::now(), |p| {
            let _ = progress.send(p);
        })
        .await?)
}

/// Imports the chosen file as one batch. The window hears of the new entries the way it hears
/// of any commit (`DataChanged`, from the watcher).
#[tauri::command]
#[specta::specta]
pub async fn import_file(
    store: State<'_, Store>,
    pending: State<'_, PendingImport>,
    options: ImportOptions,
    progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    let input = chosen(&pending)?;
    Ok(store
        .import(&input, &options, &Local, Utc::now(), |p| {
            let _ = progress.send(p);
        })
        .await?)
}

/// Takes back a whole import.
#[tauri::command]
#[specta::specta]
pub async fn undo_import(store: State<'_, Store>, batch_id: i64) -> CommandResult<ImportBatch> {
    Ok(store
        .undo_import(UndoTarget::Batch(batch_id), Utc::now())
        .await?)
}
