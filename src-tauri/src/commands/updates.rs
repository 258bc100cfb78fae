//! Update settings, checking and installing. The work is in `crate::updates`.

use serde::Serialize;
use specta::Type;
use stint_core::Store;
use tauri::ipc::Channel as ProgressChannel;
use tauri::State;

use crate::error::CommandResult;
use crate::updates::{self, InstallProgress, UpdateChannel, UpdateStatus, Updates};

#[derive(Debug, Clone, Serialize, Type)]
pub struct UpdateSettings {
    pub channel: UpdateChannel,
    /// At launch and every six hours while Stint runs.
    pub auto_check: bool,
    pub current_version: String,
    /// A newer version found by the last check, waiting to be installed.
    pub available: Option<UpdateStatus>,
}

#[tauri::command]
#[specta::specta]
pub async fn get_update_settings(
    store: State<'_, Store>,
    updater: State<'_, Updates>,
) -> CommandResult<UpdateSettings> {
    Ok(UpdateSettings {
        channel: updates::channel(&store).await,
        auto_check: updates::auto_check_enabled(&store).await,
        current_version: updater.current_version(),
        available: updater.available(),
    })
}

/// Switches channel. What the old channel offered no longer applies.
#[tauri::command]
#[specta::specta]
pub async fn set_update_channel(
    store: State<'_, Store>,
    updater: State<'_, Updates>,
    channel: UpdateChannel,
) -> CommandResult<()> {
    store
        .set(&stint_core::settings::UPDATE_CHANNEL, channel)
        .await?;
    updater.forget();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn set_auto_update(store: State<'_, Store>, enabled: bool) -> CommandResult<()> {
    store
        .set(&stint_core::settings::UPDATE_AUTO_CHECK, enabled)
        .await?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn check_for_update(
    store: State<'_, Store>,
    updater: State<'_, Updates>,
) -> CommandResult<UpdateStatus> {
    Ok(updater.check(updates::channel(&store).await).await?)
}

/// Installs what the last check offered (or, when Stint is ahead of its channel, reinstalls
/// the channel's version: the person asked for exactly that) and restarts.
#[tauri::command]
#[specta::specta]
pub async fn install_update(
    updater: State<'_, Updates>,
    on_progress: ProgressChannel<InstallProgress>,
) -> CommandResult<()> {
    Ok(updater
        .install(|progress| {
            let _ = on_progress.send(progress);
        })
        .await?)
}
