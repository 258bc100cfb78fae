//! `stint backup`, `backups`, `restore` and `recover`: keeping the data safe and getting it back.

use std::path::{Path, PathBuf};

use chrono::{Local, Utc};
use serde_json::json;
use stint_core::backup::{backups_dir, list_backups_with_counts, Occasion};
use stint_core::{Store, DATABASE_FILE};

use crate::failure::Failure;
use crate::output::print_json;

pub async fn backup(
    store: &Store,
    database: &Path,
    file: Option<&Path>,
    json_out: bool,
) -> Result<(), Failure> {
    let dest = match file {
        Some(file) => {
            store.backup_to(file).await?;
            file.to_path_buf()
        }
        None => store.backup(database, Occasion::Manual).await?,
    };
    let bytes = std::fs::metadata(&dest).map_or(0, |m| m.len());
    if json_out {
        print_json(&json!({ "path": dest, "bytes": bytes }));
    } else {
        println!("Backed up to {} ({}).", dest.display(), size(bytes));
    }
    Ok(())
}

pub async fn list(database: &Path, json_out: bool) -> Result<(), Failure> {
    let backups = list_backups_with_counts(database).await?;
    if json_out {
        print_json(&json!(backups));
        return Ok(());
    }
    if backups.is_empty() {
        println!(
            "No backups yet in {}. `stint backup` makes one now.",
            backups_dir(database).display()
        );
        return Ok(());
    }
    println!("Backups in {}:", backups_dir(database).display());
    for b in &backups {
        let taken = stint_core::local_time::from_ms(b.taken_ms)
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M");
        let entries = b
            .entries
            .map_or_else(|| "unreadable".to_string(), |n| format!("{n} entries"));
        let name = b.path.file_name().map_or_else(
            || b.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        println!(
            "  {taken}  {:<15}{entries:>16}{:>10}  {name}",
            b.occasion,
            size(b.bytes)
        );
    }
    Ok(())
}

pub async fn restore(
    store: &Store,
    database: &Path,
    backup: &Path,
    json_out: bool,
) -> Result<(), Failure> {
    let source = find_backup(database, backup)?;
    let saved = store.restore(database, &source).await?;
    let entries = store.entry_count().await?;
    if json_out {
        print_json(&json!({ "restored": source, "entries": entries, "saved_current": saved }));
    } else {
        println!(
            "Restored {entries} entries from {}. What was there before is saved as {}.",
            source.display(),
            saved.display()
        );
    }
    Ok(())
}

/// `stint restore` when the database itself cannot be opened (damaged, from a newer Stint):
/// the backup takes its place and the file is kept beside it.
pub async fn replace(database: &Path, backup: &Path, json_out: bool) -> Result<(), Failure> {
    let source = find_backup(database, backup)?;
    let kept = stint_core::backup::replace_with_backup(database, &source).await?;
    let store = Store::open(database).await?;
    let entries = store.entry_count().await?;
    store.close().await;
    if json_out {
        print_json(&json!({ "restored": source, "entries": entries, "saved_current": kept }));
    } else {
        println!(
            "Restored {entries} entries from {}. The database that could not be opened is kept as {}.",
            source.display(),
            kept.display()
        );
    }
    Ok(())
}

/// A path as given, or the name of a file in the backups folder.
fn find_backup(database: &Path, backup: &Path) -> Result<PathBuf, Failure> {
    if backup.is_file() {
        return Ok(backup.to_path_buf());
    }
    let in_folder = backups_dir(database).join(backup);
    if in_folder.is_file() {
        return Ok(in_folder);
    }
    Err(Failure::refused(format!(
        "There is no backup called {}. `stint backups` lists them.",
        backup.display()
    )))
}

pub async fn recover(
    database: &Path,
    output: Option<&Path>,
    json_out: bool,
) -> Result<(), Failure> {
    let dir = database.parent().unwrap_or(Path::new("."));
    if !database.is_file() {
        return Err(Failure::refused(format!(
            "There is no database at {} to recover.",
            database.display()
        )));
    }
    if output.is_none() {
        if let Ok(store) = Store::open_read_only(database).await {
            store.close().await;
            return Err(Failure::refused(format!(
                "The database at {} is not damaged; there is nothing to recover. (`stint recover -o FILE` copies what it holds anyway.)",
                database.display()
            )));
        }
    }
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let dest = match output {
        Some(path) if path.exists() => {
            return Err(Failure::refused(format!(
                "{} already exists; choose a new file name.",
                path.display()
            )))
        }
        Some(path) => path.to_path_buf(),
        None => dir.join(format!(".stint-recovering-{stamp}.db")),
    };
    let saved = match stint_core::salvage::salvage(database, &dest).await {
        Ok(saved) => saved,
        Err(err) => {
            let _ = std::fs::remove_file(&dest);
            return Err(Failure::from(err));
        }
    };
    let kept = if output.is_none() {
        let kept = dir.join(format!("stint.db.damaged-{stamp}"));
        std::fs::rename(database, &kept)?;
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("{DATABASE_FILE}{suffix}"));
            if side.exists() {
                std::fs::rename(&side, dir.join(format!("stint.db.damaged-{stamp}{suffix}")))?;
            }
        }
        std::fs::rename(&dest, database)?;
        Some(kept)
    } else {
        None
    };
    if json_out {
        print_json(&json!({
            "entries": saved.entries,
            "projects": saved.projects,
            "tags": saved.tags,
            "unreadable_ranges": saved.unreadable_ranges,
            "database": output.unwrap_or(database),
            "damaged_kept_as": kept,
        }));
    } else {
        println!(
            "Saved {} entries, {} projects and {} tags{}.",
            saved.entries,
            saved.projects,
            saved.tags,
            if saved.unreadable_ranges > 0 {
                format!(
                    "; {} damaged row ranges could not be read",
                    saved.unreadable_ranges
                )
            } else {
                String::new()
            }
        );
        match kept {
            Some(kept) => println!(
                "Stint now uses the recovered database. The damaged file is kept as {}.",
                kept.display()
            ),
            None => println!(
                "Written to {}; the damaged database was left as it was.",
                dest.display()
            ),
        }
    }
    Ok(())
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
