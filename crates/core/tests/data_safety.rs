//! Backups, restore, salvage, damage detection and upgrades, on real SQLite files.

mod common;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use common::{fields, utc};
use stint_core::backup::{keep, list_backups, list_backups_with_counts, Occasion};
use stint_core::{Error, Store};

async fn add(store: &Store, description: &str, hour: u32) {
    let start = utc(2026, 11, 2, hour, 0).to_rfc3339();
    let stop = utc(2026, 11, 2, hour, 30).to_rfc3339();
    store
        .add_entry(
            &fields(description, &start, Some(&stop)),
            &Berlin,
            utc(2026, 11, 3, 0, 0),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_backup_is_a_consistent_copy_and_restore_brings_it_back() {
    let (dir, store) = common::store().await;
    let db = dir.path().join("stint.db");
    add(&store, "Before the backup", 8).await;
    let backup = store.backup(&db, Occasion::Manual).await.unwrap();
    let at_backup = common::export_csv(&store).await;
    add(&store, "After the backup", 10).await;

    let listed = list_backups_with_counts(&db).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].path, backup);
    assert_eq!(listed[0].entries, Some(1));
    assert_eq!(listed[0].occasion, "manual");
    assert!(listed[0].bytes > 0);

    let saved = store.restore(&db, &backup).await.unwrap();
    assert_eq!(common::export_csv(&store).await, at_backup);
    // What was there before the restore is itself a backup, with both entries.
    let before = Store::open(&saved).await.unwrap();
    assert_eq!(before.entry_count().await.unwrap(), 2);
    before.close().await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "backups are readable by their owner only");
    }
}

#[tokio::test]
async fn a_backup_file_appears_whole_or_not_at_all() {
    let (dir, store) = common::store().await;
    add(&store, "Kept", 8).await;
    let dest = dir.path().join("copy.db");
    std::fs::write(&dest, b"an older copy").unwrap();
    store.backup_to(&dest).await.unwrap();
    let copy = Store::open(&dest).await.unwrap();
    assert_eq!(copy.entry_count().await.unwrap(), 1);
    copy.close().await;
    // No temporary files are left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn pruning_keeps_seven_daily_and_four_weekly_backups() {
    // Two backups a day for sixty days, newest first.
    let newest = Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap();
    let taken: Vec<DateTime<Utc>> = (0..120).map(|i| newest - Duration::hours(12 * i)).collect();
    let kept: Vec<DateTime<Utc>> = taken
        .iter()
        .zip(keep(&taken))
        .filter(|(_, k)| *k)
        .map(|(t, _)| *t)
        .collect();
    // The newest of each of the last 7 days...
    for day in 0..7 {
        assert!(kept.contains(&(newest - Duration::days(day))), "day {day}");
    }
    // ...and of 4 ISO weeks (three of which reach past the daily ones), nothing else.
    let weeks: std::collections::BTreeSet<_> = kept
        .iter()
        .map(|t| {
            (
                t.date_naive().iso_week().year(),
                t.date_naive().iso_week().week(),
            )
        })
        .collect();
    assert_eq!(weeks.len(), 4);
    assert!(kept.len() <= 7 + 4 && kept.len() >= 7, "{}", kept.len());
    assert!(kept.iter().all(|t| *t > newest - Duration::days(28)));
}

#[tokio::test]
async fn the_daily_backup_is_written_once_a_day() {
    let (dir, store) = common::store().await;
    let db = dir.path().join("stint.db");
    add(&store, "Daily", 8).await;
    let now = Utc::now();
    assert!(store.daily_backup(&db, now).await.unwrap().is_some());
    assert!(store.daily_backup(&db, now).await.unwrap().is_none());
    assert_eq!(list_backups(&db).unwrap().len(), 1);
}

/// Imports `n` entries of 50 minutes, one every two hours from 2020-01-01, described
/// "Entry number {i} {words}", spread over `projects` projects.
async fn import_history(store: &Store, n: u32, words: &str, projects: u32) {
    let mut csv = String::from("start,stop,description,project\n");
    for i in 0..n {
        let start = utc(2020, 1, 1, 0, 0) + Duration::hours(i64::from(i) * 2);
        csv.push_str(&format!(
            "{},{},Entry number {i} {words},p{}\n",
            start.to_rfc3339(),
            (start + Duration::minutes(50)).to_rfc3339(),
            i % projects
        ));
    }
    store
        .import(
            &stint_core::import::ImportInput::bytes("seed.csv", csv.as_bytes()),
            &stint_core::import::ImportOptions::default(),
            &Berlin,
            Utc::now(),
            |_| {},
        )
        .await
        .unwrap();
}

/// Writes noise over the middle of a database of `n` entries; returns the file.
async fn damaged_database(n: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, store) = common::store().await;
    let db = dir.path().join("stint.db");
    import_history(&store, n, "with a few words", 5).await;
    store.close().await;
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    for (i, b) in bytes[middle..middle + 3000].iter_mut().enumerate() {
        *b = (i * 37 % 251) as u8;
    }
    std::fs::write(&db, bytes).unwrap();
    (dir, db)
}

#[tokio::test]
async fn a_damaged_database_is_refused_untouched_and_its_readable_rows_can_be_saved() {
    let (dir, db) = damaged_database(3000).await;
    let before = std::fs::read(&db).unwrap();
    match Store::open(&db).await {
        Err(Error::Damaged { .. }) => {}
        other => panic!("expected Damaged, got {:?}", other.map(|_| ())),
    }
    assert!(matches!(
        Store::open_read_only(&db).await,
        Err(Error::Damaged { .. })
    ));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the damaged file is unchanged"
    );

    let dest = dir.path().join("salvaged.db");
    let saved = stint_core::salvage::salvage(&db, &dest).await.unwrap();
    assert!(saved.entries > 2000 && saved.entries <= 3000, "{saved:?}");
    assert_eq!(saved.projects, 5);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let salvaged = Store::open(&dest).await.unwrap();
    salvaged.quick_check().await.unwrap();
    assert_eq!(salvaged.entry_count().await.unwrap() as u64, saved.entries);
    salvaged.close().await;
}

#[tokio::test]
async fn not_a_database_and_a_folder_are_refused_with_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stint.db");
    std::fs::write(&db, vec![b'x'; 8192]).unwrap();
    let err = Store::open(&db).await.err().unwrap();
    assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    assert_eq!(std::fs::read(&db).unwrap(), vec![b'x'; 8192]);

    let folder = dir.path().join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    let err = Store::open(&folder).await.err().unwrap();
    assert!(err.to_string().contains("is a folder"), "{err}");
}

#[tokio::test]
async fn a_database_from_a_newer_stint_is_refused_untouched() {
    let (dir, store) = common::store().await;
    let db = dir.path().join("stint.db");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(&db).await.err().unwrap();
    assert!(
        matches!(
            err,
            Error::NewerDatabase {
                version: 99990101000000,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version of Stint"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[tokio::test]
async fn files_are_created_for_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("a").join("data");
    stint_core::data_dir::create_private_dir(&data).unwrap();
    let store = Store::open(&data.join("stint.db")).await.unwrap();
    add(&store, "Private", 8).await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        for name in ["stint.db", "stint.db-wal", "stint.db-shm"] {
            assert_eq!(mode(&data.join(name)), 0o600, "{name}");
        }
    }
    store.close().await;
}

#[tokio::test]
async fn closing_folds_every_write_into_the_one_file() {
    let (dir, store) = common::store().await;
    let db = dir.path().join("stint.db");
    for hour in 0..20 {
        add(&store, "Written", hour).await;
    }
    store.close().await;
    // A copy of stint.db alone, without its -wal, has every entry.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let copied = Store::open(&copy).await.unwrap();
    assert_eq!(copied.entry_count().await.unwrap(), 20);
    copied.close().await;
}

/// The daily backup copies pages a few at a time with pauses between, while the app keeps
/// writing: the copy must still be one consistent moment, whole, and a single file.
#[tokio::test]
async fn the_daily_backup_is_one_consistent_moment_while_writes_go_on() {
    let (dir, store) = common::store().await;
    let db = dir.path().join("stint.db");
    // Enough history for the copy to take many steps (a few MiB, with the search index).
    import_history(&store, 4000, "with several words to index", 9).await;
    let before = common::count_entries(&store).await;

    let writes = async {
        for hour in 0..20 {
            add(&store, "Written during the backup", hour).await;
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        }
    };
    let (backup, ()) = tokio::join!(store.daily_backup(&db, Utc::now()), writes);
    let backup = backup
        .unwrap()
        .expect("no backup was due yet, so one is written");

    let copy =
        rusqlite::Connection::open_with_flags(&backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mode: String = copy
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        mode, "delete",
        "a backup is one file, not a database with a log"
    );
    let count = |sql: &str| -> i64 { copy.query_row(sql, [], |row| row.get(0)).unwrap() };
    let in_copy = count("SELECT count(*) FROM entries WHERE deleted_at IS NULL");
    assert!(
        (before..=before + 20).contains(&in_copy),
        "{in_copy} entries in the copy; {before} before the writes, 20 written"
    );
    let search_rows = count("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'several'");
    assert_eq!(search_rows, before, "the search index came along whole");
    drop(copy);
    let beside: Vec<_> = std::fs::read_dir(backup.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside.len(),
        1,
        "only the backup is left in its folder: {beside:?}"
    );
    assert_eq!(common::count_entries(&store).await, before + 20);
}
