//! The main window. Closing it releases the webview (Stint's state lives in Rust, so nothing is
//! lost) and keeps the process in the tray; showing it builds a fresh one where the last was.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tauri::{AppHandle, Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow};

/// The label of the main window.
pub const MAIN_WINDOW: &str = "main";

/// Where the window was when it was closed, and where WebKit keeps its storage.
pub struct MainWindow {
    data_dir: Option<PathBuf>,
    geometry: Mutex<Option<(PhysicalPosition<i32>, PhysicalSize<u32>)>>,
}

impl MainWindow {
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        MainWindow {
            data_dir,
            geometry: Mutex::new(None),
        }
    }
}

/// Builds the main window from its configuration. With `STINT_DATA_DIR` set, WebKit's storage
/// goes there too, so nothing Stint writes lands in the user's profile.
pub fn open<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<WebviewWindow<R>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
        .ok_or(tauri::Error::WindowNotFound)?;
    let state = app.state::<MainWindow>();
    let mut builder = tauri::WebviewWindowBuilder::from_config(app, &config)?;
    if let Some(dir) = &state.data_dir {
        builder = builder.data_directory(dir.join("webview"));
    }
    let geometry = *state.geometry.lock().expect("window state lock");
    let window = builder.build()?;
    if let Some((position, size)) = geometry {
        window.set_size(size)?;
        window.set_position(position)?;
    }
    Ok(window)
}

/// Shows and focuses the main window, building it if it was closed.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    let window = match app.get_webview_window(MAIN_WINDOW) {
        Some(window) => Ok(window),
        None => open(app),
    };
    match window {
        Ok(window) => {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        Err(err) => eprintln!("stint: could not open the window: {err}"),
    }
}

/// Remembers where the window is, just before it closes.
pub fn remember_geometry<R: Runtime>(window: &tauri::Window<R>) {
    if let (Ok(position), Ok(size)) = (window.outer_position(), window.inner_size()) {
        *window
            .state::<MainWindow>()
            .geometry
            .lock()
            .expect("window state lock") = Some((position, size));
    }
}

/// The settings key recording that the person was told closing keeps Stint in the tray.
pub const TRAY_HINT_SETTING: &str = "tray_hint_shown";

/// Whether the person has been told that closing the window keeps Stint in the tray; read once
/// at start-up so the close handler needs no database round trip.
pub struct TrayHint(AtomicBool);

impl TrayHint {
    pub fn new(shown: bool) -> Self {
        TrayHint(AtomicBool::new(shown))
    }

    pub fn shown(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub fn mark_shown(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}
