//! The main window. Closing it releases the webview (Stint's state lives in Rust, so nothing is
//! lost) and keeps Stint in the tray; showing it builds a fresh one where the last was.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use stint_core::Store;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};

/// The label of the main window.
pub const MAIN_WINDOW: &str = "main";

/// Where the window was, in logical pixels (outer position, inner size), so it comes back
/// where the person left it: after Show Stint, and after Stint itself restarts.
pub use stint_core::settings::WindowGeometry as Geometry;

/// A monitor's area in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screen {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Whether a remembered place can still be reached.
pub trait Reachable {
    fn reachable_on(&self, screens: &[Screen]) -> bool;
}

impl Reachable for Geometry {
    /// Whether the window's title bar would be on one of these screens. A window remembered on
    /// a monitor that is gone since is placed by the system instead of somewhere unreachable.
    fn reachable_on(&self, screens: &[Screen]) -> bool {
        // A point a little into the title bar: enough of it to grab with the mouse.
        let (grab_x, grab_y) = (self.x + (self.width / 2.0).min(60.0), self.y + 10.0);
        screens.iter().any(|s| {
            grab_x >= s.x && grab_x < s.x + s.width && grab_y >= s.y && grab_y < s.y + s.height
        })
    }
}

/// Where the window was when it was closed, and where WebKit keeps its storage.
pub struct MainWindow {
    data_dir: Option<PathBuf>,
    geometry: Mutex<Option<Geometry>>,
}

impl MainWindow {
    pub fn new(data_dir: Option<PathBuf>, geometry: Option<Geometry>) -> Self {
        MainWindow {
            data_dir,
            geometry: Mutex::new(geometry),
        }
    }

    fn geometry(&self) -> Option<Geometry> {
        *self.geometry.lock().expect("window state lock")
    }
}

/// Builds the main window from its configuration, where it last was. With `STINT_DATA_DIR`
/// set, WebKit's storage goes there too, so nothing Stint writes lands in the user's profile.
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
    if let Some(geometry) = state.geometry() {
        builder = builder.inner_size(geometry.width, geometry.height);
        if geometry.reachable_on(&screens(app)) {
            builder = builder.position(geometry.x, geometry.y);
        }
    }
    builder.build()
}

fn screens<R: Runtime>(app: &AppHandle<R>) -> Vec<Screen> {
    let monitors = app.available_monitors().unwrap_or_default();
    monitors
        .iter()
        .map(|monitor| {
            let scale = monitor.scale_factor();
            let position = monitor.position().to_logical::<f64>(scale);
            let size = monitor.size().to_logical::<f64>(scale);
            Screen {
                x: position.x,
                y: position.y,
                width: size.width,
                height: size.height,
            }
        })
        .collect()
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
        Err(err) => log::error!("could not open the window: {err}"),
    }
}

/// Remembers where the window is, just before it closes.
pub fn remember_geometry<R: Runtime>(window: &tauri::Window<R>) {
    let (Ok(position), Ok(size), Ok(scale)) = (
        window.outer_position(),
        window.inner_size(),
        window.scale_factor(),
    ) else {
        return;
    };
    let (position, size) = (
        position.to_logical::<f64>(scale),
        size.to_logical::<f64>(scale),
    );
    *window
        .state::<MainWindow>()
        .geometry
        .lock()
        .expect("window state lock") = Some(Geometry {
        x: position.x,
        y: position.y,
        width: size.width,
        height: size.height,
    });
}

/// Writes where the window last was to the settings, for the next time Stint starts.
pub async fn save_geometry<R: Runtime>(app: &AppHandle<R>) {
    let Some(geometry) = app.state::<MainWindow>().geometry() else {
        return;
    };
    if let Err(err) = app
        .state::<Store>()
        .set(&stint_core::settings::WINDOW_GEOMETRY, Some(geometry))
        .await
    {
        log::warn!("could not remember where the window was: {err}");
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Screen = Screen {
        x: 0.0,
        y: 0.0,
        width: 1440.0,
        height: 900.0,
    };
    const LEFT_OF_LAPTOP: Screen = Screen {
        x: -1920.0,
        y: 0.0,
        width: 1920.0,
        height: 1080.0,
    };

    fn at(x: f64, y: f64) -> Geometry {
        Geometry {
            x,
            y,
            width: 760.0,
            height: 720.0,
        }
    }

    #[test]
    fn a_window_on_a_screen_is_reachable() {
        assert!(at(100.0, 80.0).reachable_on(&[LAPTOP]));
        assert!(at(-1500.0, 100.0).reachable_on(&[LAPTOP, LEFT_OF_LAPTOP]));
    }

    #[test]
    fn a_window_mostly_off_screen_is_reachable_while_its_title_bar_is() {
        assert!(at(1300.0, 850.0).reachable_on(&[LAPTOP]));
        assert!(at(-50.0, 0.0).reachable_on(&[LAPTOP]));
    }

    #[test]
    fn a_window_whose_title_bar_is_off_every_screen_is_not() {
        assert!(!at(1400.0, 100.0).reachable_on(&[LAPTOP]));
        assert!(!at(100.0, -40.0).reachable_on(&[LAPTOP]));
        assert!(!at(-700.0, 100.0).reachable_on(&[LAPTOP]));
    }

    #[test]
    fn a_window_left_on_a_monitor_since_unplugged_is_not() {
        assert!(!at(-1500.0, 100.0).reachable_on(&[LAPTOP]));
        assert!(!at(100.0, 100.0).reachable_on(&[]));
    }
}
