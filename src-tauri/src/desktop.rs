//! The desktop integrations the commands reach (start at login, the global shortcut), behind one
//! runtime-independent handle: the typed commands cannot be generic over Tauri's runtime, and the
//! mock runtime of the tests has neither plugin.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::AutoLaunchManager;
use tauri_plugin_global_shortcut::{GlobalShortcut, GlobalShortcutExt, Shortcut, ShortcutState};

/// Opens `dir` in the system's file manager, creating it first if it is not there yet.
pub fn show_folder(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    open::that_detached(dir)
}

/// Managed by the real app: install the global-shortcut plugin when a shortcut is first set.
/// On X11 the plugin's thread wakes twenty times a second whether or not a key is registered,
/// which nobody without a shortcut should pay for (the mock runtime of the tests has none).
pub struct ShortcutsOnDemand;

/// Installs the plugin on the main thread: on Windows its hotkey window must live on the thread
/// that runs the event loop.
fn install_shortcut_plugin<R: Runtime>(app: &AppHandle<R>) -> Result<(), String> {
    let (done, installed) = std::sync::mpsc::channel();
    let handle = app.clone();
    app.run_on_main_thread(move || {
        let _ = done.send(handle.plugin(shortcut_plugin()).map_err(|e| e.to_string()));
    })
    .map_err(|e| e.to_string())?;
    installed.recv().map_err(|e| e.to_string())?
}

/// The plugin, with the one thing a shortcut does: start or stop the timer.
fn shortcut_plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state == ShortcutState::Pressed {
                let app = app.clone();
                tauri::async_runtime::spawn(async move { crate::tray::toggle_timer(&app).await });
            }
        })
        .build()
}

type Check = Box<dyn Fn() -> Result<bool, String> + Send + Sync>;
type Switch = Box<dyn Fn(bool) -> Result<(), String> + Send + Sync>;
type Register = Box<dyn Fn(Option<Shortcut>) -> Result<(), String> + Send + Sync>;

pub struct Desktop {
    pub start_at_login: Check,
    pub set_start_at_login: Switch,
    /// Makes the given shortcut the only one Stint holds (none when `None`).
    pub register_shortcut: Register,
    /// Why a global shortcut cannot be offered here, if it cannot.
    pub shortcut_unavailable: Option<String>,
}

impl Desktop {
    pub fn new<R: Runtime>(app: &AppHandle<R>) -> Desktop {
        let (a, b, c) = (app.clone(), app.clone(), app.clone());
        Desktop {
            start_at_login: Box::new(move || match a.try_state::<AutoLaunchManager>() {
                Some(autostart) => autostart.is_enabled().map_err(|e| e.to_string()),
                None => Ok(false),
            }),
            set_start_at_login: Box::new(move |enabled| {
                let autostart = b
                    .try_state::<AutoLaunchManager>()
                    .ok_or("Starting at login is not available here.")?;
                let done = if enabled {
                    autostart.enable()
                } else {
                    autostart.disable()
                };
                done.map_err(|e| e.to_string())
            }),
            register_shortcut: Box::new(move |shortcut| {
                if c.try_state::<GlobalShortcut<R>>().is_none() {
                    if shortcut.is_none() {
                        return Ok(()); // none was ever registered
                    }
                    if c.try_state::<ShortcutsOnDemand>().is_none() {
                        return Err("Global shortcuts are not available here.".into());
                    }
                    install_shortcut_plugin(&c)?;
                }
                let shortcuts = c.global_shortcut();
                shortcuts.unregister_all().map_err(|e| e.to_string())?;
                match shortcut {
                    Some(shortcut) => shortcuts.register(shortcut).map_err(|e| e.to_string()),
                    None => Ok(()),
                }
            }),
            shortcut_unavailable: shortcut_unavailable(app),
        }
    }
}

/// Wayland gives apps no global shortcuts; and the test runtime has no shortcut plugin.
fn shortcut_unavailable<R: Runtime>(app: &AppHandle<R>) -> Option<String> {
    let wayland = std::env::var("XDG_SESSION_TYPE").is_ok_and(|t| t == "wayland")
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if wayland {
        return Some(
            "Wayland does not let apps listen for keys globally. Set a shortcut in your desktop's keyboard settings that runs `stint start` or `stint stop` instead."
                .into(),
        );
    }
    if app.try_state::<ShortcutsOnDemand>().is_none()
        && app.try_state::<GlobalShortcut<R>>().is_none()
    {
        return Some("Global shortcuts are not available here.".into());
    }
    None
}
