//! Watches the database for commits made by other processes and tells the UI, about once a
//! second: one cheap `PRAGMA data_version` on a connection of its own, nothing else.

use std::time::Duration;

use stint_core::Store;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::events::DataChanged;

pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

pub fn spawn<R: Runtime>(app: AppHandle<R>, store: Store) {
    tauri::async_runtime::spawn(async move {
        let mut watcher = match store.watch_changes().await {
            Ok(watcher) => watcher,
            Err(err) => return log::warn!("not watching for outside changes: {err}"),
        };
        let mut ticks = tokio::time::interval(POLL_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match watcher.changed().await {
                Ok(true) => announce(&app).await,
                Ok(false) => {}
                Err(err) => log::warn!("checking for outside changes failed: {err}"),
            }
        }
    });
}

/// Tells everyone who shows the data that it changed: the window (an event) and the tray; and
/// follows an answer about crash reports given elsewhere (`stint config set crash_reports`).
pub async fn announce<R: Runtime>(app: &AppHandle<R>) {
    let _ = DataChanged.emit(app);
    crate::tray::refresh(app).await;
    let store = app.state::<Store>();
    crate::reporting::redactions::refresh(&store).await;
    if let Ok(answer) = store.get(&stint_core::settings::CRASH_REPORTS).await {
        let granted = answer == Some(true);
        if granted != crate::reporting::granted() {
            crate::reporting::set_consent(granted);
        }
    }
}
