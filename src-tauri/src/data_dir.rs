//! The `sqlite:` URL tauri-plugin-sql opens, from stint-core's data-dir rules.

use std::path::{Path, PathBuf};

use stint_core::DATABASE_FILE;

/// Absolute under the `STINT_DATA_DIR` override; otherwise relative, which the plugin resolves
/// in the app config directory (the same folder `stint_core::data_dir::default_dir` names).
pub fn database_url(data_dir: Option<&Path>) -> String {
    match data_dir {
        Some(dir) => format!("sqlite:{}", dir.join(DATABASE_FILE).display()),
        None => format!("sqlite:{DATABASE_FILE}"),
    }
}

/// The file a `sqlite:` URL from [`database_url`] names: absolute as given, or relative to the
/// app config directory (as tauri-plugin-sql resolves it).
pub fn database_file(database_url: &str) -> PathBuf {
    let path = PathBuf::from(database_url.trim_start_matches("sqlite:"));
    if path.is_absolute() {
        return path;
    }
    stint_core::data_dir::default_dir()
        .map(|dir| dir.join(&path))
        .unwrap_or(path)
}
