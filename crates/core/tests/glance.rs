//! `stint status` at a glance (stint_core::glance): it answers exactly what the store would, on
//! real files, and hands every case it does not cover back to the store.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use stint_core::away::AwayCause;
use stint_core::glance::{running_timer, Glance};
use stint_core::tracking::TrackingSettings;
use stint_core::{Store, TimerStart};

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A store on a fresh file, and that file's path (the folder lives as long as the first part).
async fn opened() -> (tempfile::TempDir, Store, std::path::PathBuf) {
    let (dir, store) = common::store().await;
    let path = dir.path().join("stint.db");
    (dir, store, path)
}

/// Records migration `version` as applied or not, as an interrupted upgrade leaves it.
async fn mark_applied(store: &Store, version: i64, applied: bool) {
    sqlx::query("UPDATE _sqlx_migrations SET success = ? WHERE version = ?")
        .bind(applied)
        .bind(version)
        .execute(store.pool())
        .await
        .unwrap();
}

/// What the store itself says is running.
async fn store_says(store: &Store) -> Glance {
    Glance::Settled(store.running().await.unwrap())
}

#[tokio::test]
async fn answers_what_the_store_answers_with_and_without_a_timer() {
    let (_dir, store, path) = opened().await;
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::Settled(None));

    let project = store.create_project("Acme", now()).await.unwrap();
    let start = TimerStart {
        description: "Quarterly plan".into(),
        project_id: Some(project.id),
        tags: vec!["writing".into(), "Deep".into()],
        start: Some("-25m".into()),
        billable: Some(true),
    };
    store.start_timer(&start, &Berlin, now()).await.unwrap();
    let glance = running_timer(&path, &Berlin, now());
    assert_eq!(glance, store_says(&store).await);
    let Glance::Settled(Some(entry)) = glance else {
        panic!("a running timer, read at a glance: {glance:?}");
    };
    assert_eq!(entry.description, "Quarterly plan");
    assert_eq!(
        entry.project.as_ref().map(|p| p.name.as_str()),
        Some("Acme")
    );
    assert_eq!(entry.tags, ["Deep", "writing"]);
    assert!(entry.billable);

    // A deleted project still names the entry, marked as deleted, as the store shows it.
    store.delete_project(project.id, now()).await.unwrap();
    assert_eq!(
        running_timer(&path, &Berlin, now()),
        store_says(&store).await
    );

    store.stop_timer(now()).await.unwrap();
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::Settled(None));
    store.close().await;
}

#[tokio::test]
async fn a_missing_file_is_left_to_the_store_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::NeedsStore);
    assert!(!path.exists(), "a glance creates nothing");
}

#[tokio::test]
async fn a_glance_changes_nothing_in_the_file() {
    let (_dir, store, path) = opened().await;
    store
        .start_timer(&common::start("Steady"), &Berlin, now())
        .await
        .unwrap();
    store.close().await;
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert!(matches!(
        running_timer(&path, &Berlin, now()),
        Glance::Settled(Some(_))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[tokio::test]
async fn a_timer_due_to_stop_itself_is_left_to_the_store_and_one_not_due_is_answered() {
    let (_dir, store, path) = opened().await;
    // Started 09:00 Berlin time with "stop timers at 18:00".
    let started = Berlin
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    store
        .set_tracking_settings(&TrackingSettings {
            stop_at: Some("18:00".into()),
            ..TrackingSettings::default()
        })
        .await
        .unwrap();
    store
        .start_timer(&common::start("Long day"), &Berlin, started)
        .await
        .unwrap();

    let before_six = started + Duration::hours(8);
    assert_eq!(
        running_timer(&path, &Berlin, before_six),
        store_says(&store).await
    );
    let after_six = started + Duration::hours(10);
    assert_eq!(running_timer(&path, &Berlin, after_six), Glance::NeedsStore);
    // Nothing was stopped by the glance: the store does that.
    assert!(store.running().await.unwrap().is_some());
    store.close().await;
}

#[tokio::test]
async fn an_unanswered_question_about_time_away_is_left_to_the_store() {
    let (_dir, store, path) = opened().await;
    let t0 = now() - Duration::hours(1);
    store
        .start_timer(&common::start("Reading"), &Berlin, t0)
        .await
        .unwrap();
    store
        .note_away(
            AwayCause::Idle,
            t0 + Duration::minutes(10),
            t0 + Duration::minutes(20),
        )
        .await
        .unwrap()
        .expect("a question");
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::NeedsStore);
    store.close().await;
}

#[tokio::test]
async fn an_abandoned_import_is_left_to_the_store_to_take_back() {
    let (_dir, store, path) = opened().await;
    sqlx::query(
        "INSERT INTO import_batches (created_at, format, file_name, publishing_at)
         VALUES (?, 'csv', 'history.csv', ?)",
    )
    .bind(now().timestamp_millis())
    .bind((now() - Duration::minutes(5)).timestamp_millis())
    .execute(store.pool())
    .await
    .unwrap();
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::NeedsStore);
    store.close().await;
}

#[tokio::test]
async fn a_file_to_upgrade_or_from_a_newer_stint_is_left_to_the_store() {
    let (_dir, store, path) = opened().await;
    let last: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(store.pool())
        .await
        .unwrap();
    mark_applied(&store, last, false).await;
    assert_eq!(
        running_timer(&path, &Berlin, now()),
        Glance::NeedsStore,
        "an upgrade is due"
    );
    mark_applied(&store, last, true).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (?, 'from a newer Stint', 1, x'00', 0)",
    )
    .bind(last + 1)
    .execute(store.pool())
    .await
    .unwrap();
    assert_eq!(
        running_timer(&path, &Berlin, now()),
        Glance::NeedsStore,
        "a newer schema"
    );
    store.close().await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_others_can_read_is_left_to_the_store_to_tighten() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, store, path) = opened().await;
    store.close().await;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::NeedsStore);
    let reopened = Store::open_for_reading(&path).await.unwrap();
    reopened.close().await;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::Settled(None));
}

#[test]
fn a_file_that_is_not_a_database_is_left_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    std::fs::write(&path, b"these are not the pages you are looking for").unwrap();
    assert_eq!(running_timer(&path, &Berlin, now()), Glance::NeedsStore);
}
