//! Where Stint keeps its data. By default tauri-plugin-sql resolves a relative `sqlite:` URL in
//! the OS's per-user app config directory; `STINT_DATA_DIR` moves everything to one folder.

use std::path::PathBuf;

use stint_core::DATABASE_FILE;

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

/// The `sqlite:` URL tauri-plugin-sql opens: absolute under the override, else relative to the
/// app config directory.
pub fn database_url(data_dir: Option<&std::path::Path>) -> String {
    match data_dir {
        Some(dir) => format!("sqlite:{}", dir.join(DATABASE_FILE).display()),
        None => format!("sqlite:{DATABASE_FILE}"),
    }
}
