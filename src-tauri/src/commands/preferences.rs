//! Start at login, the global start/stop shortcut, and the answer about crash reports.

use std::str::FromStr;

use serde::Serialize;
use specta::Type;
use stint_core::{settings, Store};
use tauri::State;
use tauri_plugin_global_shortcut::Shortcut;

use crate::desktop::Desktop;
use crate::error::{CommandError, CommandResult, ErrorKind};
use crate::logging::LogFolder;
use crate::reporting;

#[derive(Debug, Clone, Serialize, Type)]
pub struct Preferences {
    pub start_at_login: bool,
    /// The key combination that starts and stops the timer from anywhere, e.g. `Ctrl+Alt+T`.
    pub shortcut: Option<String>,
    /// Why a global shortcut cannot be offered here, if it cannot.
    pub shortcut_unavailable: Option<String>,
    /// The answer to "send crash reports?"; `None` until the person answers.
    pub crash_reports: Option<bool>,
    /// Whether this build can send reports at all (it was built with a DSN).
    pub crash_reports_available: bool,
    /// Where the app's log is written, for a bug report.
    pub log_folder: String,
}

#[tauri::command]
#[specta::specta]
pub async fn get_preferences(
    desktop: State<'_, Desktop>,
    store: State<'_, Store>,
    log: State<'_, LogFolder>,
) -> CommandResult<Preferences> {
    Ok(Preferences {
        start_at_login: (desktop.start_at_login)().unwrap_or(false),
        shortcut: store.get(&settings::TOGGLE_SHORTCUT).await?,
        shortcut_unavailable: desktop.shortcut_unavailable.clone(),
        crash_reports: store.get(&settings::CRASH_REPORTS).await?,
        crash_reports_available: reporting::available(),
        log_folder: log.0.display().to_string(),
    })
}

/// Opens the folder holding the app's log in the file manager, to attach it to a bug report.
#[tauri::command]
#[specta::specta]
pub async fn open_log_folder(log: State<'_, LogFolder>) -> CommandResult<()> {
    crate::desktop::show_folder(&log.0).map_err(|err| {
        CommandError::new(
            ErrorKind::Unavailable,
            format!(
                "Stint could not open the log folder ({}). Open {} in your file manager.",
                stint_core::error::io_words(&err),
                log.0.display()
            ),
        )
    })
}

/// Records the answer about crash reports; it applies at once, in every process of the app.
#[tauri::command]
#[specta::specta]
pub async fn set_crash_reports(store: State<'_, Store>, enabled: bool) -> CommandResult<()> {
    store.set(&settings::CRASH_REPORTS, Some(enabled)).await?;
    reporting::set_consent(enabled);
    reporting::redactions::refresh(&store).await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn set_start_at_login(desktop: State<'_, Desktop>, enabled: bool) -> CommandResult<()> {
    (desktop.set_start_at_login)(enabled).map_err(|err| {
        CommandError::new(
            ErrorKind::Unavailable,
            format!("Could not change starting at login: {err}"),
        )
    })
}

/// Sets (or with `None` removes) the global shortcut that starts and stops the timer.
#[tauri::command]
#[specta::specta]
pub async fn set_shortcut(
    desktop: State<'_, Desktop>,
    store: State<'_, Store>,
    shortcut: Option<String>,
) -> CommandResult<()> {
    if let Some(reason) = &desktop.shortcut_unavailable {
        return Err(CommandError::new(ErrorKind::Unavailable, reason.clone()));
    }
    let parsed = match shortcut.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => Some(Shortcut::from_str(text).map_err(|_| {
            CommandError::new(
                ErrorKind::InvalidShortcut,
                format!(
                    "“{text}” is not a key combination Stint understands; try one like Ctrl+Alt+T."
                ),
            )
        })?),
        None => None,
    };
    (desktop.register_shortcut)(parsed).map_err(|_| {
        CommandError::new(
            ErrorKind::ShortcutTaken,
            "Another app already uses that key combination; choose another.",
        )
    })?;
    store
        .set(
            &settings::TOGGLE_SHORTCUT,
            shortcut.map(|s| s.trim().to_string()),
        )
        .await?;
    Ok(())
}

/// The person read that closing the window keeps Stint in the tray: do not say it again.
#[tauri::command]
#[specta::specta]
pub async fn acknowledge_tray_hint(
    hint: State<'_, crate::window::TrayHint>,
    store: State<'_, Store>,
) -> CommandResult<()> {
    store.set(&settings::TRAY_HINT_SHOWN, true).await?;
    hint.mark_shown();
    Ok(())
}

/// How times and totals are shown: week start, clock, duration format.
#[tauri::command]
#[specta::specta]
pub async fn get_display_preferences(
    store: State<'_, Store>,
) -> CommandResult<stint_core::display::DisplayPreferences> {
    Ok(store.display_preferences().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_display_preferences(
    store: State<'_, Store>,
    preferences: stint_core::display::DisplayPreferences,
) -> CommandResult<()> {
    Ok(store.set_display_preferences(&preferences).await?)
}
