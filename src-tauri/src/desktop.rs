//! The desktop integrations the commands reach (start at login, the global shortcut), behind one
//! runtime-independent handle: the typed commands cannot be generic over Tauri's runtime, and the
//! mock runtime of the tests has neither plugin.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::AutoLaunchManager;
use tauri_plugin_global_shortcut::{GlobalShortcut, GlobalShortcutExt, Shortcut};

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
                    return Err("Global shortcuts are not available here.".into());
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
    if app.try_state::<GlobalShortcut<R>>().is_none() {
        return Some("Global shortcuts are not available here.".into());
    }
    None
}
