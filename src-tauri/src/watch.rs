//! Watches the database about once a second — one cheap `PRAGMA data_version` on the connection
//! the app writes through — and tells whoever shows the data. Another process's commit (the CLI)
//! goes to the window, the tray and the crash-report scrubber; the app's own changes only to the
//! tray and the scrubber, since the window reads again after each of its own actions.

use std::time::Duration;

use stint_core::{Change, Store};
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
                Ok(Change::Others) => announce(&app).await,
                Ok(Change::Own) => follow(&app).await,
                Ok(Change::Nothing) => {}
                Err(err) => log::warn!("checking for outside changes failed: {err}"),
            }
        }
    });
}

/// Tells everyone who shows the data that it changed: the window (an event) and the tray; and
/// follows an answer about crash reports given elsewhere (`stint config set crash_reports`).
pub async fn announce<R: Runtime>(app: &AppHandle<R>) {
    let _ = DataChanged.emit(app);
    follow(app).await;
    let store = app.state::<Store>();
    if let Ok(answer) = store.get(&stint_core::settings::CRASH_REPORTS).await {
        let granted = answer == Some(true);
        if granted != crate::reporting::granted() {
            crate::reporting::set_consent(granted);
        }
    }
}

/// Brings the tray and the crash-report scrubber's list of the person's words up to date.
async fn follow<R: Runtime>(app: &AppHandle<R>) {
    crate::tray::refresh(app).await;
    crate::reporting::redactions::refresh(&app.state::<Store>()).await;
}
