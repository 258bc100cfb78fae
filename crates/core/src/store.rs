//! The SQLite store: opening it, its settings and its one migration history.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::{schema_changed, Error, Result};

/// Every schema change, embedded from `migrations/`. The desktop app hands the same list to
/// tauri-plugin-sql (see [`migrations`]), so the app, the CLI and the tests share one history.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// One migration as plain static text, for hosts (tauri-plugin-sql) that run migrations
/// themselves. sqlx records version and checksum, so either runner accepts the other's work.
#[derive(Debug, Clone, Copy)]
pub struct MigrationScript {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
}

pub fn migrations() -> impl Iterator<Item = MigrationScript> {
    MIGRATOR.iter().map(|m| MigrationScript {
        version: m.version,
        description: m.description.as_ref(),
        sql: m.sql.as_ref(),
    })
}

/// The file name of the database inside Stint's data directory.
pub const DATABASE_FILE: &str = "stint.db";

/// Handle to the database. Cheap to clone: it shares one connection pool.
/// Whether opening runs the full-file check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Integrity {
    Check,
    CheckBeforeUpgrade,
}

#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
    /// The database file, when this process checked it whole (or found it as a Stint last left
    /// it after a check) and so may record, on close, that the file as it then is was verified.
    verified: Option<std::sync::Arc<std::path::PathBuf>>,
    /// The watcher's connection, once something watches ([`Store::watch_changes`]): this
    /// process's changes then go through it (see `changes.rs`).
    pub(crate) watched: std::sync::Arc<std::sync::OnceLock<crate::changes::Watched>>,
}

/// Beside the database: the size and modification time of `stint.db` as a Stint left it after a
/// passing `quick_check`, its own writes and a checkpoint that merged the whole log. A file that
/// still matches was changed by nothing else since, so a writing command need not read it whole
/// again (~80 ms at 100,000 entries); any other change — another program, a copy put in place,
/// the app merging its own log — changes size or time and brings the full check back. The log
/// itself is left out: SQLite checksums every frame of it. The app checks at every launch.
const VERIFIED_SUFFIX: &str = "-verified";

fn file_stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{} {mtime}\n", meta.len()))
}

fn verified_path(path: &Path) -> std::path::PathBuf {
    side_file(path, VERIFIED_SUFFIX)
}

/// A file SQLite or Stint keeps beside the database: `stint.db-wal`, `stint.db-verified`.
pub(crate) fn side_file(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    std::path::PathBuf::from(side)
}

/// Marks the file, once its last connection has closed, as checked and then written only by
/// SQLite with its log merged whole; `merged` is what `PRAGMA wal_checkpoint(PASSIVE)` said just
/// before the close. With part of the log still unmerged (another process was reading) the file
/// alone does not say what the database holds: vouch for nothing.
pub(crate) fn vouch(path: &Path, merged: Option<(i64, i64, i64)>) {
    let marker = verified_path(path);
    match merged {
        Some((0, log, done)) if log == done => vouch_as_left(path),
        _ => {
            let _ = std::fs::remove_file(marker);
        }
    }
}

/// Marks the file as this process leaves it after its own writes to a file it found vouched for
/// (`stint start`/`stop` directly): stint.db changed only by SQLite merging those writes, and
/// what the log still holds is SQLite's own checksummed frames, which the next connection reads
/// or, torn, drops.
pub(crate) fn vouch_as_left(path: &Path) {
    let Some(stamp) = file_stamp(path) else {
        return;
    };
    let marker = verified_path(path);
    // Mostly stint.db was not touched (the writes are in the log): then the marker already
    // says so, and rewriting it costs about half a millisecond (its truncating open, measured).
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(stamp.as_str()) {
        let _ = std::fs::write(marker, stamp);
    }
}

/// Whether the file is exactly as a Stint left it after checking it.
pub(crate) fn still_verified(path: &Path) -> bool {
    let mark = std::fs::read_to_string(verified_path(path)).ok();
    mark.is_some() && mark == file_stamp(path)
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// Before anything is written it checks the file (`PRAGMA quick_check`): a damaged database
    /// is refused, untouched. Before a schema upgrade it writes a backup into `backups/`.
    pub async fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Integrity::Check).await
    }

    /// [`Store::open`] for a process that will only read: the full-file check is skipped (it
    /// costs ~70 ms at 100,000 entries; see README), since reading cannot make damage worse and
    /// SQLite still reports a damaged page it reads as [`Error::Damaged`]. A file that needs an
    /// upgrade is checked all the same.
    pub async fn open_for_reading(path: &Path) -> Result<Store> {
        Store::open_with(path, Integrity::CheckBeforeUpgrade).await
    }

    async fn open_with(path: &Path, integrity: Integrity) -> Result<Store> {
        create_private(path)?;
        // One connection: a process of Stint's (the CLI, the app's launch check) runs one thing
        // at a time. sqlx returns a released connection through a spawned task, so with more
        // allowed, each next query on a single-threaded runtime opened another (~2 ms each);
        // the import's and the change watcher's connections leave the pool (`detach`).
        let pool = connect_pool(path).await?;
        let mut store = Store {
            pool,
            verified: None,
            watched: Default::default(),
        };
        match store.prepare(path, integrity).await {
            Ok(verified) => {
                store.verified = verified.then(|| std::sync::Arc::new(path.to_path_buf()));
                Ok(store)
            }
            Err(err) => {
                store.pool.close().await;
                Err(err)
            }
        }
    }

    /// Checks, backs up and upgrades as needed; true when the file is known sound (checked now,
    /// or unchanged since a Stint checked it).
    async fn prepare(&self, path: &Path, integrity: Integrity) -> Result<bool> {
        let mut applied = self.check_versions().await?;
        let pending = MIGRATOR.iter().any(|m| !applied.contains(&m.version));
        let mut verified = false;
        if pending || (integrity == Integrity::Check && !still_verified(path)) {
            applied = self.check_file().await?;
            verified = true;
        } else if integrity == Integrity::Check {
            verified = true;
        }
        if pending && !applied.is_empty() {
            crate::backup::write_backup(self, path, crate::backup::Occasion::BeforeUpgrade).await?;
        }
        // Nothing to do when every migration is applied (a failed one reads as not applied, so
        // sqlx still reports it), and the migrator's own bookkeeping costs a few statements.
        if pending {
            self.migrate().await?;
        }
        // An import whose writer died part way through publishing is taken back whole. A file
        // that cannot be written now (busy, read-only) is left for the next open.
        let _ = crate::import::take_back_abandoned(self, chrono::Utc::now()).await;
        Ok(verified)
    }

    /// Applies the pending migrations. Another Stint may be upgrading the same new file at the
    /// same moment (the app creating it while a `stint` command starts): sqlx takes no lock on
    /// SQLite, so one of the two fails on a table the other just made, and its transaction is
    /// rolled back. Then the upgrade is tried again a few times, each time only with what is
    /// still missing, until nothing is.
    async fn migrate(&self) -> Result<()> {
        let mut tries = 0;
        loop {
            match MIGRATOR.run(&self.pool).await {
                Ok(()) => return Ok(()),
                Err(err) => {
                    tries += 1;
                    let applied = self.check_versions().await?;
                    if MIGRATOR.iter().all(|m| applied.contains(&m.version)) {
                        return Ok(());
                    }
                    if tries >= 20 {
                        return Err(err.into());
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    /// Opens the database at `path` for reading only: nothing is created, upgraded or written,
    /// so it works on a read-only folder or mount. Every write through it fails with
    /// [`Error::ReadOnly`].
    pub async fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("there is no database at {}", path.display()),
            )));
        }
        // `immutable` lets SQLite read a WAL database where it cannot create the -shm file;
        // the WAL, if any, was folded back by the last writer that closed.
        let writable_dir = path
            .parent()
            .and_then(|d| std::fs::metadata(d).ok())
            .is_some_and(|m| !m.permissions().readonly() && dir_writable(path));
        let options = connect_options(path)
            .read_only(true)
            .immutable(!writable_dir);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        let store = Store {
            pool,
            verified: None,
            watched: Default::default(),
        };
        let check = async {
            let applied = store.check_file().await?;
            if MIGRATOR.iter().any(|m| !applied.contains(&m.version)) {
                // Reading an older schema with today's queries could misread it.
                return Err(Error::ReadOnly);
            }
            Ok(())
        };
        if let Err(err) = check.await {
            store.pool.close().await;
            return Err(err);
        }
        Ok(store)
    }

    /// Adopts a pool somebody else opened and migrated (the desktop app's tauri-plugin-sql).
    /// WAL is a property of the file, so setting it once here covers every connection;
    /// sqlx already turns foreign keys on and sets a busy timeout on each connection it opens.
    pub async fn from_pool(pool: SqlitePool) -> Result<Store> {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await?;
        Ok(Store {
            pool,
            verified: None,
            watched: Default::default(),
        })
    }

    /// Refuses a damaged file and one with upgrades this build does not know; returns the
    /// versions applied.
    async fn check_file(&self) -> Result<Vec<i64>> {
        self.quick_check().await?;
        self.check_versions().await
    }

    /// Refuses a database with upgrades this build does not know; returns the versions applied.
    async fn check_versions(&self) -> Result<Vec<i64>> {
        let applied = applied_migrations(&self.pool).await?;
        match applied
            .iter()
            .find(|v| MIGRATOR.iter().all(|m| m.version != **v))
        {
            Some(newer) => Err(Error::NewerDatabase {
                version: *newer,
                running: env!("CARGO_PKG_VERSION"),
            }),
            None => Ok(applied),
        }
    }

    /// SQLite's cheap consistency check of every page and index. Fails with [`Error::Damaged`].
    pub async fn quick_check(&self) -> Result<()> {
        // The check opens the search table, and that fails with SQLITE_SCHEMA when another
        // Stint changes the schema meanwhile (upgrading a new file at the same moment). SQLite
        // retries a changed schema for ordinary statements, not inside a table's constructor:
        // the check is simply run again on the new schema.
        let mut tries = 0;
        let problems: Vec<String> = loop {
            match sqlx::query_scalar("PRAGMA quick_check(5)")
                .fetch_all(&self.pool)
                .await
            {
                Err(err) if schema_changed(&err) && tries < 20 => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                result => break result?,
            }
        };
        match problems.as_slice() {
            [ok] if ok == "ok" => Ok(()),
            _ => Err(Error::Damaged {
                detail: "SQLite's integrity check found damaged pages".into(),
            }),
        }
    }

    /// Folds the write-ahead log back into the database file, as far as no reader holds it.
    /// PASSIVE: it never waits, so a command that exits while an import holds the write lock
    /// does not stall; once nothing else is reading, it copies every committed write.
    pub async fn checkpoint(&self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&self.pool)
            .await;
    }

    /// Folds the write-ahead log back into the database file and closes every connection, so
    /// that the one file holds everything written. Another process that has the database open
    /// (the app) may keep a WAL of its own writes; `stint backup` copies safely at any time.
    pub async fn close(self) {
        // Only a file to vouch for needs to know how far the log was merged. Otherwise SQLite's
        // own close merges it when this is the last connection, and a process that only read
        // has nothing of its own in it: one statement fewer for `stint status` and the rest.
        let merged: Option<(i64, i64, i64)> = match &self.verified {
            Some(_) => sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_optional(&self.pool)
                .await
                .ok()
                .flatten(),
            None => None,
        };
        self.pool.close().await;
        if let Some(path) = &self.verified {
            vouch(path, merged);
        }
    }

    /// The pool itself, for tests that look at rows directly (feature `test-util`; the app and
    /// the CLI only go through the methods above).
    #[cfg(any(test, feature = "test-util"))]
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// The pool of one connection (see `open_with`). Switching a brand-new file to WAL needs it to
/// itself, and SQLite does not wait for that: when another Stint is creating the same file at
/// that moment, connecting is tried again for up to a second.
async fn connect_pool(path: &Path) -> Result<SqlitePool> {
    let mut tries = 0;
    loop {
        let connected = SqlitePoolOptions::new()
            .max_connections(1)
            // A file on this machine does not hang up: no ping before every statement.
            .test_before_acquire(false)
            .connect_with(connect_options(path).create_if_missing(true))
            .await;
        match connected.map_err(Error::from) {
            Err(Error::Busy) if tries < 20 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return other,
        }
    }
}

fn connect_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // sqlx hands rows from its SQLite thread through a channel; a deeper one lets a long
        // export stream without the two threads waking each other for every few rows.
        .row_buffer_size(1024)
}

pub(crate) const APPLIED_MIGRATIONS: &str =
    "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";

/// The versions recorded as applied; none for a new file. One statement, run by every `stint`
/// command: a file without the table yet is SQLite's "no such table", not a question asked first.
async fn applied_migrations(pool: &SqlitePool) -> Result<Vec<i64>> {
    let applied = sqlx::query_scalar(APPLIED_MIGRATIONS).fetch_all(pool).await;
    match applied {
        Err(sqlx::Error::Database(err)) if err.message().starts_with("no such table") => {
            Ok(Vec::new())
        }
        other => Ok(other?),
    }
}

fn dir_writable(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    tempfile::tempfile_in(dir).is_ok()
}

/// Creates the database file empty and readable by its owner only, before SQLite does (SQLite
/// gives its -wal and -shm files the database file's permissions). A file Stint 0.1 created
/// readable by everyone is tightened.
pub(crate) fn create_private(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Io(std::io::Error::other(format!(
            "{} is a folder, not a database file",
            path.display()
        ))));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                for suffix in ["", "-wal", "-shm"] {
                    let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
                    if let Ok(meta) = std::fs::metadata(&file) {
                        if meta.permissions().mode() & 0o077 != 0 {
                            let _ = std::fs::set_permissions(
                                &file,
                                std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700),
                            );
                        }
                    }
                }
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_as_a_checked_store_left_it_is_known_sound_until_anything_else_touches_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        assert!(!still_verified(&path), "nothing is known of a new file");
        let store = Store::open(&path).await.unwrap();
        store
            .set(&crate::settings::TRAY_HINT_SHOWN, true)
            .await
            .unwrap();
        store.close().await;
        assert!(
            still_verified(&path),
            "closed after its check and its own writes"
        );

        // Only reading leaves it as it was.
        let reader = Store::open_for_reading(&path).await.unwrap();
        reader.running().await.unwrap();
        reader.close().await;
        assert!(still_verified(&path));

        // Any other change to the bytes moves the time (and maybe the size): checked again.
        std::thread::sleep(std::time::Duration::from_millis(5));
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        assert!(!still_verified(&path));
        // A read-only open never vouches for the file.
        let read_only = Store::open_read_only(&path).await.unwrap();
        read_only.close().await;
        assert!(!still_verified(&path));
    }
}
