mod common;

use chrono::{Duration, Utc};
use common::{count_entries, start, store, utc};
use stint_core::{Error, Store, TimerStart};

#[tokio::test]
async fn a_started_timer_is_running_until_stopped() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    assert_eq!(store.running().await.unwrap(), None);

    let entry = store
        .start_timer(&start("Writing report"), &Utc, t0)
        .await
        .unwrap();
    assert!(entry.is_running());
    assert_eq!(entry.start_ms, t0.timestamp_millis());
    assert_eq!(store.running().await.unwrap().unwrap().id, entry.id);

    let stopped = store.stop_timer(t0 + Duration::minutes(42)).await.unwrap();
    assert_eq!(stopped.id, entry.id);
    assert_eq!(
        stopped.stop_ms,
        Some((t0 + Duration::minutes(42)).timestamp_millis())
    );
    assert_eq!(stopped.duration_ms(0), 42 * 60 * 1000);
    assert_eq!(store.running().await.unwrap(), None);
}

#[tokio::test]
async fn the_running_timer_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    let t0 = utc(2026, 11, 2, 9, 0);
    {
        let store = Store::open(&path).await.unwrap();
        store
            .start_timer(&start("Deep work"), &Utc, t0)
            .await
            .unwrap();
        // Dropped without stopping: as if the app were killed.
    }
    let store = Store::open(&path).await.unwrap();
    let running = store.running().await.unwrap().expect("still running");
    assert_eq!(running.description, "Deep work");
    assert_eq!(running.start_ms, t0.timestamp_millis());
}

#[tokio::test]
async fn starting_while_running_is_refused_and_changes_nothing() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    store.start_timer(&start("First"), &Utc, t0).await.unwrap();
    let err = store
        .start_timer(&start("Second"), &Utc, t0)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::TimerAlreadyRunning { ref description } if description == "First")
    );
    assert_eq!(
        err.to_string(),
        "A timer is already running (“First”). Stop it first."
    );
    assert_eq!(count_entries(&store).await, 1);
}

#[tokio::test]
async fn stopping_with_nothing_running_is_an_error() {
    let (_dir, store) = store().await;
    assert!(matches!(
        store.stop_timer(Utc::now()).await,
        Err(Error::NoTimerRunning)
    ));
}

#[tokio::test]
async fn the_database_itself_allows_one_running_entry() {
    let (_dir, store) = store().await;
    let insert = "INSERT INTO entries (uuid, description, start_ms, created_at, updated_at)
                  VALUES (?, 'x', 1, 1, 1)";
    sqlx::query(insert)
        .bind("a")
        .execute(store.pool())
        .await
        .unwrap();
    let err = sqlx::query(insert)
        .bind("b")
        .execute(store.pool())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("entries_one_running"), "{err}");
    // A stopped or deleted entry does not count as running.
    sqlx::query("UPDATE entries SET deleted_at = 5")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query(insert)
        .bind("c")
        .execute(store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn two_processes_racing_to_start_leave_exactly_one_timer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    // Two separate pools on one file stand in for the app and the CLI.
    let a = Store::open(&path).await.unwrap();
    let b = Store::open(&path).await.unwrap();
    let now = Utc::now();
    for round in 0..10 {
        let (sa, sb) = (
            start(&format!("app {round}")),
            start(&format!("cli {round}")),
        );
        let (ra, rb) = tokio::join!(a.start_timer(&sa, &Utc, now), b.start_timer(&sb, &Utc, now));
        let loser = match (ra, rb) {
            (Ok(_), Err(loser)) | (Err(loser), Ok(_)) => loser,
            other => panic!("round {round}: exactly one start must win, got {other:?}"),
        };
        assert!(
            matches!(loser, Error::TimerAlreadyRunning { .. }),
            "{loser:?}"
        );
        a.stop_timer(now).await.unwrap();
    }
}

#[tokio::test]
async fn continuing_copies_the_entry_and_switches_from_a_running_timer() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    let project = store.create_project("Acme", t0).await.unwrap();
    let first = store
        .start_timer(
            &TimerStart {
                description: "Report".into(),
                project_id: Some(project.id),
                tags: vec!["writing".into(), "deep".into()],
                start: None,
                billable: None,
            },
            &Utc,
            t0,
        )
        .await
        .unwrap();
    store.stop_timer(t0 + Duration::hours(1)).await.unwrap();
    store
        .start_timer(&start("Email"), &Utc, t0 + Duration::hours(2))
        .await
        .unwrap();

    let t3 = t0 + Duration::hours(3);
    let continued = store.continue_entry(first.id, &Utc, t3).await.unwrap();
    assert_ne!(continued.id, first.id);
    assert_ne!(continued.uuid, first.uuid);
    assert_eq!(continued.description, "Report");
    assert_eq!(continued.project.unwrap().name, "Acme");
    assert_eq!(continued.tags, vec!["deep", "writing"]);
    assert_eq!(continued.start_ms, t3.timestamp_millis());
    // The email timer was stopped at the moment of switching.
    let email = store
        .entries_between(t0, t3 + Duration::hours(1))
        .await
        .unwrap();
    let email = email.iter().find(|e| e.description == "Email").unwrap();
    assert_eq!(email.stop_ms, Some(t3.timestamp_millis()));
}

#[tokio::test]
async fn continuing_leaves_off_a_project_deleted_since() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    let project = store.create_project("Gone", t0).await.unwrap();
    let mut s = start("Old work");
    s.project_id = Some(project.id);
    let first = store.start_timer(&s, &Utc, t0).await.unwrap();
    store.stop_timer(t0 + Duration::minutes(5)).await.unwrap();
    store
        .delete_project(project.id, t0 + Duration::minutes(6))
        .await
        .unwrap();
    let continued = store
        .continue_entry(first.id, &Utc, t0 + Duration::minutes(7))
        .await
        .unwrap();
    assert_eq!(continued.project, None);
}

#[tokio::test]
async fn a_timer_can_start_in_the_past_but_not_the_future() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 9, 0);
    let mut s = start("Late start");
    s.start = Some("2026-11-02T08:45:00Z".into());
    assert_eq!(
        store.start_timer(&s, &Utc, now).await.unwrap().start_ms,
        utc(2026, 11, 2, 8, 45).timestamp_millis()
    );
    store.stop_timer(now).await.unwrap();
    s.start = Some("2026-11-02T09:30:00Z".into());
    assert!(matches!(
        store.start_timer(&s, &Utc, now).await,
        Err(Error::InFuture {
            which: stint_core::TimeField::Start
        })
    ));
}

#[tokio::test]
async fn the_toggle_stops_what_runs_and_starts_when_nothing_does() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    let started = store
        .toggle_timer(&start("Untitled"), &chrono::Utc, t0)
        .await
        .unwrap();
    let stint_core::Toggled::Started(entry) = started else {
        panic!("expected a start, got {started:?}");
    };
    assert!(entry.is_running());
    let stopped = store
        .toggle_timer(
            &start("Untitled"),
            &chrono::Utc,
            t0 + chrono::Duration::minutes(30),
        )
        .await
        .unwrap();
    assert_eq!(
        stopped,
        stint_core::Toggled::Stopped(stint_core::Entry {
            stop_ms: Some(entry.start_ms + 30 * 60_000),
            ..entry
        })
    );
    assert_eq!(store.running().await.unwrap(), None);
}
