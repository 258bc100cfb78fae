//! `stint start` and `stint stop` without the store (stint_core::direct): on real files they
//! write exactly what the store writes, refuse what it refuses with nothing written, and hand
//! every case they do not cover back to the store, untouched.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use stint_core::direct::{start_timer, stop_timer, Direct};
use stint_core::tracking::TrackingSettings;
use stint_core::{Entry, Error, Store, TimerStart};

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A database a Stint checked and closed, as the CLI finds it between commands.
async fn closed_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, store) = common::store().await;
    store.close().await;
    let path = dir.path().join("stint.db");
    (dir, path)
}

fn done(direct: Direct<Entry>) -> Result<Entry, Error> {
    match direct {
        Direct::Done(result) => result,
        Direct::NeedsStore => panic!("expected the direct path to answer"),
    }
}

async fn everything(path: &std::path::Path) -> (Vec<Entry>, Vec<String>, Vec<String>) {
    let store = Store::open(path).await.unwrap();
    let entries = store.recent(100).await.unwrap();
    let projects = store
        .projects()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    let tags = store
        .tags()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    store.close().await;
    (entries, projects, tags)
}

#[tokio::test]
async fn start_and_stop_write_what_the_store_writes() {
    let (_dir, path) = closed_store().await;
    let store = Store::open(&path).await.unwrap();
    let acme = store.create_project("Acme", now()).await.unwrap();
    let mut changes = stint_core::ProjectChanges {
        name: acme.name.clone(),
        color: acme.color.clone(),
        client: None,
        rate_minor: None,
        currency: None,
        archived: false,
        billable: true,
    };
    store
        .update_project(acme.id, changes.clone())
        .await
        .unwrap();
    store.close().await;

    let start = TimerStart {
        description: "Quarterly plan".into(),
        tags: vec!["writing".into(), "Deep".into()],
        start: Some("-25m".into()),
        ..Default::default()
    };
    let t = now();
    // The project is found ignoring case, and its billable default applies.
    let started = done(start_timer(&path, &start, Some("acme"), &Berlin, t)).unwrap();
    assert!(started.is_running());
    assert_eq!(started.description, "Quarterly plan");
    assert_eq!(started.project.as_ref().map(|p| p.id), Some(acme.id));
    assert_eq!(started.tags, ["Deep", "writing"]);
    assert!(started.billable);
    assert_eq!(
        started.start_ms,
        (t - Duration::minutes(25)).timestamp_millis()
    );

    let stopped = done(stop_timer(&path, &Berlin, t + Duration::minutes(5))).unwrap();
    assert_eq!(stopped.id, started.id);
    assert_eq!(
        stopped.stop_ms,
        Some((t + Duration::minutes(5)).timestamp_millis())
    );

    // A new project is made with the entry, with a colour of its own, as the store makes it.
    let next = TimerStart {
        description: "Call".into(),
        ..Default::default()
    };
    let t2 = t + Duration::minutes(6);
    let call = done(start_timer(&path, &next, Some("Globex"), &Berlin, t2)).unwrap();
    let (entries, projects, tags) = everything(&path).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0], call);
    assert_eq!(entries[1], stopped);
    assert_eq!(projects, ["Acme", "Globex"]);
    assert_eq!(tags, ["Deep", "writing"]);
    let store = Store::open(&path).await.unwrap();
    let globex = store.ensure_project("globex", t2).await.unwrap();
    assert_ne!(globex.color, acme.color);
    // The store stops what the direct path started.
    changes.archived = true;
    store.update_project(acme.id, changes).await.unwrap();
    assert_eq!(store.stop_timer(t2).await.unwrap().id, call.id);
    store.close().await;
}

#[tokio::test]
async fn refusals_are_the_stores_and_leave_nothing_behind() {
    let (_dir, path) = closed_store().await;
    assert!(matches!(
        done(stop_timer(&path, &Berlin, now())),
        Err(Error::NoTimerRunning)
    ));
    let too_long = common::start(&"x".repeat(501));
    assert!(matches!(
        done(start_timer(&path, &too_long, None, &Berlin, now())),
        Err(Error::DescriptionTooLong { .. })
    ));
    done(start_timer(
        &path,
        &common::start("Writing"),
        None,
        &Berlin,
        now(),
    ))
    .unwrap();
    // Refused while a timer runs: the project it named is not made.
    let refused = start_timer(&path, &common::start("Other"), Some("New"), &Berlin, now());
    match done(refused) {
        Err(Error::TimerAlreadyRunning { description }) => assert_eq!(description, "Writing"),
        other => panic!("expected a refusal: {other:?}"),
    }
    let (entries, projects, _) = everything(&path).await;
    assert_eq!(entries.len(), 1);
    assert!(projects.is_empty(), "no project left behind: {projects:?}");
}

#[tokio::test]
async fn a_start_in_the_future_is_refused_with_the_stores_words() {
    let (_dir, path) = closed_store().await;
    let later = TimerStart {
        description: "Tomorrow".into(),
        start: Some("+1h".into()),
        ..Default::default()
    };
    let direct = done(start_timer(&path, &later, None, &Berlin, now())).unwrap_err();
    let store = Store::open(&path).await.unwrap();
    let stored = store.start_timer(&later, &Berlin, now()).await.unwrap_err();
    store.close().await;
    assert_eq!(direct.to_string(), stored.to_string());
}

#[tokio::test]
async fn a_file_not_known_as_checked_is_left_to_the_store_untouched() {
    let (_dir, path) = closed_store().await;
    // Changed by something else since a Stint checked it: same bytes, new time.
    std::thread::sleep(std::time::Duration::from_millis(5));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(
        start_timer(&path, &common::start("Writing"), None, &Berlin, now()),
        Direct::NeedsStore
    ));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // Once the store has checked it again, the direct path works.
    Store::open(&path).await.unwrap().close().await;
    done(start_timer(
        &path,
        &common::start("Writing"),
        None,
        &Berlin,
        now(),
    ))
    .unwrap();
    // A direct write leaves the file known as checked, so the next one is direct too.
    done(stop_timer(&path, &Berlin, now())).unwrap();
}

#[tokio::test]
async fn a_missing_file_is_left_to_the_store_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    assert!(matches!(
        start_timer(&path, &common::start("Writing"), None, &Berlin, now()),
        Direct::NeedsStore
    ));
    assert!(!path.exists());
}

#[tokio::test]
async fn a_timer_due_to_stop_itself_is_left_to_the_store() {
    let (_dir, path) = closed_store().await;
    let started = Berlin
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let store = Store::open(&path).await.unwrap();
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
    store.close().await;
    // After 18:00 the store stops it at 18:00 ("Stopped at the set time"), not now.
    let after_six = started + Duration::hours(10);
    assert!(matches!(
        stop_timer(&path, &Berlin, after_six),
        Direct::NeedsStore
    ));
    let store = Store::open(&path).await.unwrap();
    assert!(store.running().await.unwrap().is_some(), "nothing stopped");
    store.close().await;
    // Before it, a plain stop.
    let before_six = started + Duration::hours(8);
    let stopped = done(stop_timer(&path, &Berlin, before_six)).unwrap();
    assert_eq!(stopped.stop_ms, Some(before_six.timestamp_millis()));
}

#[tokio::test]
async fn an_abandoned_import_is_left_to_the_store_to_take_back() {
    let (dir, store) = common::store().await;
    sqlx::query(
        "INSERT INTO import_batches (created_at, format, file_name, publishing_at)
         VALUES (?, 'csv', 'history.csv', ?)",
    )
    .bind(now().timestamp_millis())
    .bind((now() - Duration::minutes(5)).timestamp_millis())
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let path = dir.path().join("stint.db");
    assert!(matches!(
        start_timer(&path, &common::start("Writing"), None, &Berlin, now()),
        Direct::NeedsStore
    ));
}

#[tokio::test]
async fn writes_beside_a_running_app_and_the_app_sees_them() {
    let (_dir, path) = closed_store().await;
    // The app keeps its own connection open the whole time.
    let app = Store::open(&path).await.unwrap();
    app.close().await;
    let app = Store::open(&path).await.unwrap();
    assert!(app.running().await.unwrap().is_none());
    // The app's open store has not written, so the file is as the last check left it.
    let started = done(start_timer(
        &path,
        &common::start("Beside"),
        None,
        &Berlin,
        now(),
    ));
    let started = started.unwrap();
    assert_eq!(app.running().await.unwrap(), Some(started));
    app.close().await;
}

fn log_bytes(path: &std::path::Path) -> u64 {
    std::fs::metadata(path.with_file_name("stint.db-wal")).map_or(0, |m| m.len())
}

fn stamp(path: &std::path::Path) -> (u64, std::time::SystemTime) {
    let meta = std::fs::metadata(path).unwrap();
    (meta.len(), meta.modified().unwrap())
}

#[tokio::test]
async fn writes_wait_in_a_short_log_and_the_file_stays_vouched_for() {
    let (_dir, path) = closed_store().await;
    let start = |n: usize| TimerStart {
        description: format!("Task {n}"),
        tags: vec!["deep".into()],
        ..Default::default()
    };
    // A start leaves its write in the log: stint.db itself is not touched, so it does not pay
    // for a merge.
    let before = stamp(&path);
    let t = now() - Duration::hours(3);
    done(start_timer(&path, &start(0), None, &Berlin, t)).unwrap();
    assert!(log_bytes(&path) > 0, "the write is in the log");
    assert_eq!(stamp(&path), before, "stint.db untouched by a start");
    done(stop_timer(&path, &Berlin, t + Duration::seconds(30))).unwrap();

    // Many commands later the log has been merged along the way and never grew long, and every
    // command still found the file vouched for (a NeedsStore would panic in `done`).
    let (mut longest, mut merged) = (0, false);
    for n in 1..60 {
        let at = t + Duration::minutes(n);
        done(start_timer(&path, &start(n as usize), None, &Berlin, at)).unwrap();
        done(stop_timer(&path, &Berlin, at + Duration::seconds(30))).unwrap();
        let log = log_bytes(&path);
        merged |= log < longest;
        longest = longest.max(log);
    }
    assert!(merged, "the log was merged on the way");
    assert!(
        longest < 1024 * 1024,
        "the log stayed short: {longest} bytes"
    );

    // Everything written is there for the store, in order.
    let (entries, _, tags) = everything(&path).await;
    assert_eq!(entries.len(), 60);
    assert_eq!(entries[0].description, "Task 59");
    assert_eq!(entries[59].description, "Task 0");
    assert!(entries.iter().all(|e| !e.is_running()));
    assert_eq!(tags, ["deep"]);
    // The store's close merges the rest: stint.db alone holds everything again.
    assert_eq!(log_bytes(&path), 0);
}

#[tokio::test]
async fn a_glance_reads_the_log_without_merging_it() {
    let (_dir, path) = closed_store().await;
    let t = now() - Duration::minutes(5);
    let start = TimerStart {
        description: "Review".into(),
        ..Default::default()
    };
    done(start_timer(&path, &start, None, &Berlin, t)).unwrap();
    let before = (stamp(&path), log_bytes(&path));
    assert!(before.1 > 0, "the start waits in the log");
    match stint_core::glance::running_timer(&path, &Berlin, now()) {
        stint_core::glance::Glance::Settled(Some(entry)) => {
            assert_eq!(entry.description, "Review")
        }
        other => panic!("expected the running timer, got {other:?}"),
    }
    assert_eq!((stamp(&path), log_bytes(&path)), before);
    // And the next write still goes straight to the file.
    done(stop_timer(&path, &Berlin, now())).unwrap();
}
