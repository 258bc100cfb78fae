//! Every schema Stint has had, upgraded by this build: a fixture database is built from each
//! prefix of the migration history, filled with data in every table it has, and opened with
//! `Store::open`. Data stays intact and a backup is written first; a migration that fails
//! leaves the original as it was and says so.

mod common;

use std::borrow::Cow;
use std::path::Path;

use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;
use stint_core::backup::list_backups;
use stint_core::{Error, Store, MIGRATOR};

/// A database at the schema after the first `applied` migrations, with a project, two tags, a
/// finished entry with both tags, a running entry, a deleted entry and (if the table exists) a
/// setting.
async fn fixture(path: &Path, applied: usize) {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .connect()
        .await
        .unwrap();
    let prefix = Migrator {
        migrations: Cow::Owned(MIGRATOR.iter().take(applied).cloned().collect()),
        ignore_missing: false,
        locking: true,
        no_tx: false,
    };
    prefix.run(&mut conn).await.unwrap();
    for sql in [
        "INSERT INTO projects (id, name, created_at) VALUES (1, 'Acme', 1700000000000)",
        "INSERT INTO tags (id, name, created_at) VALUES (1, 'deep', 1700000000000), (2, 'writing', 1700000000000)",
        "INSERT INTO entries (id, uuid, description, project_id, start_ms, stop_ms, created_at, updated_at)
         VALUES (1, '11111111-1111-4111-8111-111111111111', 'Finished', 1, 1700000000000, 1700003600000, 1700000000000, 1700003600000)",
        "INSERT INTO entries (id, uuid, description, project_id, start_ms, stop_ms, created_at, updated_at)
         VALUES (2, '22222222-2222-4222-8222-222222222222', 'Running', NULL, 1700010000000, NULL, 1700010000000, 1700010000000)",
        "INSERT INTO entries (id, uuid, description, project_id, start_ms, stop_ms, created_at, updated_at, deleted_at)
         VALUES (3, '33333333-3333-4333-8333-333333333333', 'Deleted', 1, 1700005000000, 1700006000000, 1700005000000, 1700006000000, 1700007000000)",
        "INSERT INTO entry_tags (entry_id, tag_id) VALUES (1, 1), (1, 2)",
    ] {
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }
    let has_settings: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'settings')")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    if has_settings {
        sqlx::query("INSERT INTO settings (key, value) VALUES ('update_channel', '\"beta\"')")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let has_imports: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'import_batches')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    if has_imports {
        sqlx::query(
            "INSERT INTO import_batches (id, created_at, format, file_name, entries)
             VALUES (1, 1700000000000, 'toggl-csv', 'toggl.csv', 1)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::query("UPDATE entries SET import_batch_id = 1, source = 'toggl', source_id = '7' WHERE id = 1")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::Connection::close(conn).await.unwrap();
}

#[tokio::test]
async fn every_earlier_schema_upgrades_with_its_data_and_a_backup() {
    let total = MIGRATOR.iter().count();
    assert!(total >= 3, "the history has {total} migrations");
    for applied in 1..total {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("stint.db");
        fixture(&db, applied).await;

        let store = Store::open(&db).await.unwrap();
        let csv = common::export_csv(&store).await;
        assert!(csv.contains("Finished"), "schema {applied}: {csv}");
        assert!(
            csv.contains("Acme,\"deep,writing\",Finished"),
            "schema {applied}: {csv}"
        );
        assert!(!csv.contains("Deleted"), "schema {applied}");
        assert_eq!(
            store.running().await.unwrap().unwrap().description,
            "Running"
        );
        assert_eq!(store.entry_count().await.unwrap(), 2);
        if MIGRATOR
            .iter()
            .take(applied)
            .any(|m| m.sql.contains("import_batches"))
        {
            // A finished import from before stays listed (and so can be undone).
            let batches = store.import_batches().await.unwrap();
            assert_eq!(batches.len(), 1, "schema {applied}");
            assert_eq!(batches[0].file_name, "toggl.csv");
        }
        store.close().await;

        let backups = list_backups(&db).unwrap();
        assert_eq!(
            backups.len(),
            1,
            "schema {applied}: one backup before the upgrade"
        );
        assert_eq!(backups[0].occasion, "before-upgrade");
        // The backup is the database as it was: at the old schema, with the same data.
        let old = SqliteConnectOptions::new()
            .filename(&backups[0].path)
            .read_only(true)
            .connect()
            .await;
        let mut old = old.unwrap();
        let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&mut old)
            .await
            .unwrap();
        assert_eq!(versions, applied as i64);
        let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entries")
            .fetch_one(&mut old)
            .await
            .unwrap();
        assert_eq!(entries, 3);
    }
}

#[tokio::test]
async fn an_up_to_date_database_is_not_backed_up_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stint.db");
    fixture(&db, MIGRATOR.iter().count()).await;
    Store::open(&db).await.unwrap().close().await;
    assert!(list_backups(&db).unwrap().is_empty());
}

#[tokio::test]
async fn a_migration_that_fails_leaves_the_database_as_it_was() {
    let total = MIGRATOR.iter().count();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stint.db");
    fixture(&db, total - 1).await;
    // Something the last migration will trip over: what it creates or adds exists already.
    let last = MIGRATOR.iter().last().unwrap();
    let words: Vec<&str> = last
        .sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .flat_map(str::split_whitespace)
        .collect();
    let after = |keyword: &[&str]| {
        words
            .windows(keyword.len() + 1)
            .find(|w| {
                w[..keyword.len()]
                    .iter()
                    .zip(keyword)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .map(|w| w[keyword.len()].trim_end_matches(';').to_string())
    };
    let trip = if let Some(table) = after(&["ALTER", "TABLE"]) {
        let column = after(&["ADD", "COLUMN"]).unwrap();
        format!("ALTER TABLE {table} ADD COLUMN {column} INTEGER")
    } else {
        let created = after(&["TABLE"]).or_else(|| after(&["INDEX"])).unwrap();
        format!("CREATE VIEW {created} AS SELECT 1")
    };
    let mut conn = SqliteConnectOptions::new()
        .filename(&db)
        .connect()
        .await
        .unwrap();
    sqlx::query(&trip).execute(&mut conn).await.unwrap();
    sqlx::Connection::close(conn).await.unwrap();

    let err = Store::open(&db).await.expect_err("the upgrade must fail");
    assert!(matches!(err, Error::Migration(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("left as it was"), "{text}");
    assert!(!text.contains("code:"), "{text}");
    // Nothing of the failed migration is applied, the data is all there, and the backup exists.
    let mut conn = SqliteConnectOptions::new()
        .filename(&db)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(versions, (total - 1) as i64);
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entries")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(entries, 3);
    assert_eq!(list_backups(&db).unwrap().len(), 1);
}

/// The app creating a new database while `stint` commands start on it: every opener upgrades
/// what is still missing, none fails on a table another just made (nor its check on a schema
/// another is changing), and every upgrade ends applied once.
#[test]
fn several_stints_opening_a_new_file_at_once_all_succeed() {
    for round in 0..25 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stint.db");
        let gate = std::sync::Arc::new(std::sync::Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let (path, gate) = (path.clone(), gate.clone());
                std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    gate.wait();
                    runtime.block_on(async {
                        let store = stint_core::Store::open(&path).await?;
                        store.running().await?;
                        store.close().await;
                        Ok::<_, stint_core::Error>(())
                    })
                })
            })
            .collect();
        for opener in openers {
            let opened = opener.join().unwrap();
            assert!(opened.is_ok(), "round {round}: {opened:?}");
        }
        let versions: Vec<i64> = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let store = stint_core::Store::open(&path).await.unwrap();
                let versions =
                    sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                        .fetch_all(store.pool())
                        .await
                        .unwrap();
                store.close().await;
                versions
            });
        let expected: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
        assert_eq!(versions, expected, "round {round}");
    }
}
