//! Backups: consistent copies of the database in a `backups/` folder beside it, written before
//! every schema upgrade, once a day while Stint runs and whenever a person asks; pruned to 7
//! daily and 4 weekly copies. Restoring one replaces the data in one transaction, after backing
//! up what is there now.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use serde::Serialize;

use crate::atomic_file::AtomicFile;
use crate::error::{Error, Result};
use crate::store::Store;

/// The folder, beside the database, that holds its backups.
pub const BACKUPS_DIR: &str = "backups";
const PREFIX: &str = "stint-";
const STAMP: &str = "%Y%m%d-%H%M%S";
const KEEP_DAILY: usize = 7;
const KEEP_WEEKLY: usize = 4;

/// Why a backup was written; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// Asked for by a person (`stint backup`, Settings → Data).
    Manual,
    /// The daily copy while Stint runs.
    Daily,
    BeforeUpgrade,
    BeforeRestore,
}

impl Occasion {
    fn tag(self) -> &'static str {
        match self {
            Occasion::Manual => "manual",
            Occasion::Daily => "daily",
            Occasion::BeforeUpgrade => "before-upgrade",
            Occasion::BeforeRestore => "before-restore",
        }
    }
}

/// One backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Backup {
    pub path: PathBuf,
    /// When it was taken (from its name), UTC milliseconds.
    pub taken_ms: i64,
    /// Why it was taken: manual, daily, before-upgrade or before-restore.
    pub occasion: String,
    /// Live entries in it; `None` when the copy cannot be read.
    pub entries: Option<i64>,
    pub bytes: u64,
}

pub fn backups_dir(database: &Path) -> PathBuf {
    database
        .parent()
        .unwrap_or(Path::new("."))
        .join(BACKUPS_DIR)
}

impl Store {
    /// Writes a consistent copy of the whole database to `dest` (`VACUUM INTO`, which reads one
    /// snapshot while other connections keep writing). `dest` appears only when complete; an
    /// existing file there is replaced.
    pub async fn backup_to(&self, dest: &Path) -> Result<()> {
        let file = AtomicFile::create(dest)?;
        // VACUUM INTO refuses an existing file, and the temporary file exists: take its name
        // and let SQLite create it afresh.
        let temp = file.temp_path().to_path_buf();
        std::fs::remove_file(&temp)?;
        sqlx::query("VACUUM INTO ?")
            .bind(temp.to_string_lossy().as_ref())
            .execute(&self.pool)
            .await?;
        file.commit()?;
        Ok(())
    }

    /// Writes a backup into the backups folder beside `database`, then prunes old ones.
    pub async fn backup(&self, database: &Path, occasion: Occasion) -> Result<PathBuf> {
        write_backup(self, database, occasion).await
    }

    /// Writes the daily backup unless one was taken in the last 24 hours. Returns its path.
    pub async fn daily_backup(
        &self,
        database: &Path,
        now: DateTime<Utc>,
    ) -> Result<Option<PathBuf>> {
        let newest = list_backups(database)?
            .into_iter()
            .map(|b| b.taken_ms)
            .max();
        if newest
            .is_some_and(|ms| now.timestamp_millis() - ms < Duration::hours(24).num_milliseconds())
        {
            return Ok(None);
        }
        write_backup(self, database, Occasion::Daily)
            .await
            .map(Some)
    }

    /// Replaces every entry, project and tag with those in `backup` (settings, which belong to
    /// this machine, stay). The current data is backed up first; it all happens in one
    /// transaction, so other Stint processes see either the old data or the restored data.
    pub async fn restore(&self, database: &Path, backup: &Path) -> Result<PathBuf> {
        // Bring a copy of the backup to today's schema (and check it) without touching it.
        let staging = tempfile::Builder::new()
            .prefix(".restore-")
            .suffix(".db")
            .tempdir_in(database.parent().unwrap_or(Path::new(".")))?;
        let copy = staging.path().join("stint.db");
        std::fs::copy(backup, &copy).map_err(|err| {
            Error::Io(std::io::Error::new(
                err.kind(),
                format!("cannot read the backup {}: {err}", backup.display()),
            ))
        })?;
        let upgraded = Store::open(&copy).await?;
        upgraded.close().await;

        let saved = write_backup(self, database, Occasion::BeforeRestore).await?;
        let mut conn = self.pool.acquire().await?;
        sqlx::query("ATTACH DATABASE ? AS restored")
            .bind(copy.to_string_lossy().as_ref())
            .execute(&mut *conn)
            .await?;
        let copied = async {
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await?;
            // Children first when emptying, parents first when filling.
            for table in ["entry_tags", "entries", "tags", "projects"] {
                sqlx::query(&format!("DELETE FROM main.{table}"))
                    .execute(&mut *tx)
                    .await?;
            }
            for table in ["projects", "tags", "entries", "entry_tags"] {
                sqlx::query(&format!(
                    "INSERT INTO main.{table} SELECT * FROM restored.{table}"
                ))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<(), Error>(())
        }
        .await;
        let _ = sqlx::query("DETACH DATABASE restored")
            .execute(&mut *conn)
            .await;
        copied?;
        Ok(saved)
    }
}

/// Puts a copy of `backup` in place of a database that cannot be opened (damaged, from a newer
/// Stint): the backup is checked and brought to today's schema first; the file there now is
/// kept beside it as `stint.db.replaced-<time>` (with its -wal and -shm). Returns that name.
/// Nothing else may have the database open.
pub async fn replace_with_backup(database: &Path, backup: &Path) -> Result<PathBuf> {
    let dir = database.parent().unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".restore-")
        .tempdir_in(dir)?;
    let copy = staging.path().join("stint.db");
    std::fs::copy(backup, &copy)?;
    let checked = Store::open(&copy).await?;
    checked.close().await;
    let stamp = Utc::now().format(STAMP);
    let name = database
        .file_name()
        .map_or_else(|| "stint.db".into(), |n| n.to_string_lossy().into_owned());
    let kept = dir.join(format!("{name}.replaced-{stamp}"));
    if database.exists() {
        std::fs::rename(database, &kept)?;
    }
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", database.display()));
        if side.exists() {
            std::fs::rename(&side, format!("{}{suffix}", kept.display()))?;
        }
    }
    std::fs::rename(&copy, database)?;
    Ok(kept)
}

/// Writes a backup named for `occasion` and now, and prunes the folder.
pub(crate) async fn write_backup(
    store: &Store,
    database: &Path,
    occasion: Occasion,
) -> Result<PathBuf> {
    let dir = backups_dir(database);
    crate::data_dir::create_private_dir(&dir)?;
    let mut now = Utc::now();
    let mut dest;
    // Two backups in one second (an upgrade right after a manual one) get distinct names.
    loop {
        dest = dir.join(format!(
            "{PREFIX}{}-{}.db",
            now.format(STAMP),
            occasion.tag()
        ));
        if !dest.exists() {
            break;
        }
        now += Duration::seconds(1);
    }
    let copied = match occasion {
        Occasion::Daily => copy_gently(database, &dest).await,
        _ => store.backup_to(&dest).await,
    };
    if let Err(err) = copied {
        // Several Stints opening one new file at once each back it up before upgrading, in the
        // same second, under the same name; Windows refuses to replace a file that another
        // process is replacing ("Access denied", seen under Wine). The copy already in place
        // is of the same moment: keep it.
        if !(matches!(err, Error::Io(_)) && dest.is_file()) {
            return Err(err);
        }
    }
    prune(database, now)?;
    Ok(dest)
}

/// Pages the daily backup copies at a time (256 KiB of Stint's 4 KiB pages), and the pause
/// after each: the copy then takes at most a tenth of a core.
const PAGES_PER_STEP: std::ffi::c_int = 64;
const PAUSE_BETWEEN_STEPS: std::time::Duration = std::time::Duration::from_millis(5);
/// Pages written between flushes of the copy to disk (4 MiB), so that a long history's copy
/// does not wait in memory to reach the disk in one burst of tens of megabytes at the end.
const PAGES_PER_FLUSH: std::ffi::c_int = 1024;

/// Copies `database` to `dest` a few pages at a time with a pause between (SQLite's online
/// backup), for the daily backup, which nobody waits for. `VACUUM INTO` rebuilds every table
/// and index, the search index with them: at 100,000 entries that took a whole core for long
/// enough, a minute after launch, to stall the window's frames (85 ms, in
/// e2e/history.bench.mjs). Pages copied as they are take a fraction of that work. The copy
/// reads one snapshot, so other connections' writes neither reach it nor make it start over;
/// it is left in rollback mode, like `VACUUM INTO`'s, so it opens as one file.
async fn copy_gently(database: &Path, dest: &Path) -> Result<()> {
    let (database, dest) = (database.to_path_buf(), dest.to_path_buf());
    tokio::task::spawn_blocking(move || -> Result<()> {
        let mut file = AtomicFile::create(&dest)?;
        let source = crate::glance::open_existing(&database)?;
        source.execute_batch("BEGIN")?;
        source.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        // The copy is flushed here as it grows and whole by the commit below; a journal and
        // SQLite's own syncs would only add writes while it is half made (and a half-made copy
        // is thrown away).
        const UNSYNCED: &str = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;";
        let mut copy = rusqlite::Connection::open(file.temp_path())?;
        copy.execute_batch(UNSYNCED)?;
        {
            let backup = rusqlite::backup::Backup::new(&source, &mut copy)?;
            let mut unflushed = 0;
            while backup.step(PAGES_PER_STEP)? != rusqlite::backup::StepResult::Done {
                unflushed += PAGES_PER_STEP;
                if unflushed >= PAGES_PER_FLUSH {
                    file.file().sync_data()?;
                    unflushed = 0;
                }
                std::thread::sleep(PAUSE_BETWEEN_STEPS);
            }
        }
        source.execute_batch("COMMIT")?;
        drop(source);
        copy.close().map_err(|(_, err)| err)?;
        // The pages came with the source's "WAL" mark; opened afresh, SQLite reads it and can
        // take the copy out of WAL mode.
        let copy = rusqlite::Connection::open(file.temp_path())?;
        copy.execute_batch("PRAGMA synchronous = OFF;")?;
        let mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))?;
        debug_assert_eq!(mode, "delete");
        copy.close().map_err(|(_, err)| err)?;
        file.commit()?;
        Ok(())
    })
    .await
    .map_err(|_| {
        Error::Io(std::io::Error::other(
            "the backup stopped before it was complete",
        ))
    })?
}

/// The backups beside `database`, newest first. Each is opened read-only to count its entries.
pub async fn list_backups_with_counts(database: &Path) -> Result<Vec<Backup>> {
    let mut backups = list_backups(database)?;
    for backup in &mut backups {
        backup.entries = count_entries(&backup.path).await;
    }
    Ok(backups)
}

async fn count_entries(path: &Path) -> Option<i64> {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let mut conn = sqlx::ConnectOptions::connect(&options).await.ok()?;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE deleted_at IS NULL")
        .fetch_one(&mut conn)
        .await
        .ok();
    let _ = sqlx::Connection::close(conn).await;
    count
}

/// The backups beside `database`, newest first, without opening them.
pub fn list_backups(database: &Path) -> Result<Vec<Backup>> {
    let dir = backups_dir(database);
    let read = match std::fs::read_dir(&dir) {
        Ok(read) => read,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err.into()),
    };
    let mut backups = Vec::new();
    for item in read {
        let item = item?;
        let name = item.file_name().to_string_lossy().into_owned();
        let Some((taken, occasion)) = parse_name(&name) else {
            continue;
        };
        backups.push(Backup {
            path: item.path(),
            taken_ms: taken.timestamp_millis(),
            occasion,
            entries: None,
            bytes: item.metadata()?.len(),
        });
    }
    backups.sort_by(|a, b| b.taken_ms.cmp(&a.taken_ms).then(b.path.cmp(&a.path)));
    Ok(backups)
}

/// `stint-20261201-093000-daily.db` → (its time, "daily").
fn parse_name(name: &str) -> Option<(DateTime<Utc>, String)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    let stamp = rest.get(..15)?;
    let occasion = rest.get(16..)?.to_string();
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((taken, occasion))
}

/// Which backups to keep: the newest of each of the last [`KEEP_DAILY`] days that have one, and
/// the newest of each of the last [`KEEP_WEEKLY`] ISO weeks; `taken` is newest first.
pub fn keep(taken: &[DateTime<Utc>]) -> Vec<bool> {
    let mut keep = vec![false; taken.len()];
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for (i, t) in taken.iter().enumerate() {
        let day = t.date_naive();
        if !days.contains(&day) && days.len() < KEEP_DAILY {
            days.push(day);
            keep[i] = true;
        }
        let week = (day.iso_week().year(), day.iso_week().week());
        if !weeks.contains(&week) && weeks.len() < KEEP_WEEKLY {
            weeks.push(week);
            keep[i] = true;
        }
    }
    keep
}

/// Deletes the backups [`keep`] does not keep, except any taken in the last day: the copy just
/// written and the one made before a restore or upgrade minutes ago stay, whatever their day.
fn prune(database: &Path, now: DateTime<Utc>) -> Result<()> {
    let recent = (now - Duration::hours(24)).timestamp_millis();
    let backups = list_backups(database)?;
    let taken: Vec<DateTime<Utc>> = backups
        .iter()
        .map(|b| crate::local_time::from_ms(b.taken_ms))
        .collect();
    for (backup, keep) in backups.iter().zip(keep(&taken)) {
        if !keep && backup.taken_ms < recent {
            let _ = std::fs::remove_file(&backup.path);
        }
    }
    Ok(())
}
