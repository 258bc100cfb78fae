//! Files that appear whole or not at all. An export, a backup or a restored database is written
//! to a temporary file beside its target and renamed over it only once every byte is on disk, so
//! a failure halfway (a damaged database, a full disk, a kill) leaves the old file as it was.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file being written in place of `target`. Dropping it without [`AtomicFile::commit`]
/// removes the temporary file and leaves `target` untouched.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    /// Starts a file that will replace `target`. The temporary file lives in the same folder
    /// (a rename is atomic only within one file system) and, like every file Stint creates,
    /// only its owner can read it; an existing target's permissions carry over on commit.
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map_or_else(|| "stint".into(), |n| n.to_string_lossy().into_owned());
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// The temporary file's path, for writers that need a name (SQLite's `VACUUM INTO`).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Flushes the data to disk and renames the file over the target.
    pub fn commit(self) -> io::Result<()> {
        let AtomicFile { temp, target } = self;
        // The file at the temporary path may have been re-created by someone else (SQLite's
        // VACUUM INTO), so set the permissions by path: the old target's, or owner-only.
        if let Ok(old) = std::fs::metadata(&target) {
            std::fs::set_permissions(temp.path(), old.permissions())?;
        } else {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o600))?;
            }
        }
        // Opened for writing: Windows flushes a file only through a handle that may write
        // (a read-only one is refused with "Access denied"; found running the tests under Wine).
        std::fs::OpenOptions::new()
            .write(true)
            .open(temp.path())?
            .sync_all()?;
        temp.persist(&target).map_err(|err| err.error)?;
        sync_parent(&target);
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// Makes a rename durable: on Unix the new directory entry is on disk only once the folder is
/// synced. Best effort; Windows has no such call and some file systems refuse it.
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(dir) = File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
