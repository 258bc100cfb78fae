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
            let path = std::path::Path::new(&dir);
            if path.exists() && !path.is_dir() {
                return Err(std::io::Error::other(format!(
                    "{DATA_DIR_ENV} names {}, which is a file, not a folder",
                    path.display()
                )));
            }
            create_private_dir(path)?;
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
    create_private_dir(&dir)?;
    Ok(dir)
}

/// Creates `dir` (and its missing parents) so that only its owner can enter it: time entries
/// are personal. A folder that already exists keeps its permissions.
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
