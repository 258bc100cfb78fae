//! Where Stint keeps its data, resolved the same way by the desktop app and the CLI.

use std::path::PathBuf;

/// The app's identifier: Tauri's `app_config_dir` is the OS config directory joined with it.
/// Must equal `identifier` in `src-tauri/tauri.conf.json` (a test in src-tauri checks).
pub const APP_IDENTIFIER: &str = "org.stint.Stint";

/// Set to a folder to keep the database (and everything else Stint writes) there instead.
pub const DATA_DIR_ENV: &str = "STINT_DATA_DIR";

/// The folder named by `STINT_DATA_DIR`, created and made absolute, or `None` when unset.
pub fn override_dir() -> std::io::Result<Option<PathBuf>> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => {
            std::fs::create_dir_all(&dir)?;
            Ok(Some(std::fs::canonicalize(dir)?))
        }
        _ => Ok(None),
    }
}

/// The OS's per-user app config directory for Stint, where the app keeps its database by default.
pub fn default_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join(APP_IDENTIFIER))
}

/// The data folder in effect: the override if set, else the default, created if missing.
pub fn resolve() -> std::io::Result<PathBuf> {
    if let Some(dir) = override_dir()? {
        return Ok(dir);
    }
    let dir = default_dir().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no per-user config directory on this system; set {DATA_DIR_ENV}"),
        )
    })?;
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
