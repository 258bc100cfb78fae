//! The change watcher: it tells the app about other processes' commits, never its own.
mod common;

use chrono::{Duration, Utc};
use common::{fields, start, utc};
use stint_core::settings::CRASH_REPORTS;
use stint_core::ProjectChanges;
use stint_core::{Change, Store};

async fn two_processes() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    let app = Store::open(&path).await.unwrap();
    let cli = Store::open(&path).await.unwrap();
    (dir, app, cli)
}

#[tokio::test]
async fn a_watcher_notices_commits_from_another_process() {
    let (_dir, app, cli) = two_processes().await;
    let mut watcher = app.watch_changes().await.unwrap();
    assert_eq!(
        watcher.changed().await.unwrap(),
        Change::Nothing,
        "nothing happened yet"
    );
    cli.start_timer(&start("From the CLI"), &Utc, Utc::now())
        .await
        .unwrap();
    assert_eq!(watcher.changed().await.unwrap(), Change::Others);
    assert_eq!(
        watcher.changed().await.unwrap(),
        Change::Nothing,
        "reported once"
    );
    let _ = cli.running().await.unwrap();
    assert_eq!(
        watcher.changed().await.unwrap(),
        Change::Nothing,
        "reads are not changes"
    );
}

#[tokio::test]
async fn the_watcher_does_not_report_the_watching_process_s_own_changes() {
    let (_dir, app, _cli) = two_processes().await;
    let mut watcher = app.watch_changes().await.unwrap();
    let now = utc(2026, 11, 2, 12, 0);

    let running = app.start_timer(&start("Writing"), &Utc, now).await.unwrap();
    app.stop_timer(now + Duration::minutes(5)).await.unwrap();
    app.toggle_timer(&start("Toggled"), &Utc, now + Duration::minutes(6))
        .await
        .unwrap();
    app.toggle_timer(&start("Toggled"), &Utc, now + Duration::minutes(7))
        .await
        .unwrap();
    let added = app
        .add_entry(
            &fields(
                "Added",
                "2026-11-02T08:00:00Z",
                Some("2026-11-02T09:00:00Z"),
            ),
            &Utc,
            now,
        )
        .await
        .unwrap();
    app.update_entry_named(
        added.id,
        &fields(
            "Edited",
            "2026-11-02T08:00:00Z",
            Some("2026-11-02T09:30:00Z"),
        ),
        Some("New from an edit"),
        &Utc,
        now,
    )
    .await
    .unwrap();
    app.delete_entry(running.id, now).await.unwrap();
    app.restore_entry(running.id, now).await.unwrap();
    let project = app.create_project("Stint", now).await.unwrap();
    app.update_project(
        project.id,
        ProjectChanges {
            name: "Stint app".into(),
            color: project.color.clone(),
            client: None,
            rate_minor: None,
            currency: None,
            archived: false,
            billable: false,
        },
    )
    .await
    .unwrap();
    app.delete_project(project.id, now).await.unwrap();
    app.restore_project(project.id).await.unwrap();
    app.ensure_project("Another", now).await.unwrap();
    app.set(&CRASH_REPORTS, Some(false)).await.unwrap();
    app.config_set("clock", Some("12h")).await.unwrap();
    app.purge_deleted(now + Duration::days(365)).await.unwrap();
    app.checkpoint().await;

    assert_eq!(
        watcher.changed().await.unwrap(),
        Change::Own,
        "the app's own changes are its own"
    );
    assert_eq!(watcher.changed().await.unwrap(), Change::Nothing);
    let _ = app.timeline(&Utc, now, 14).await.unwrap();
    assert_eq!(
        watcher.changed().await.unwrap(),
        Change::Nothing,
        "reads are not changes"
    );
}

#[tokio::test]
async fn a_commit_from_elsewhere_between_two_of_the_app_s_own_is_still_reported() {
    let (_dir, app, cli) = two_processes().await;
    let mut watcher = app.watch_changes().await.unwrap();
    let now = utc(2026, 11, 2, 12, 0);
    app.start_timer(&start("In the app"), &Utc, now)
        .await
        .unwrap();
    cli.stop_timer(now + Duration::minutes(1)).await.unwrap();
    app.start_timer(&start("In the app again"), &Utc, now + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(
        watcher.changed().await.unwrap(),
        Change::Others,
        "the CLI's stop is news"
    );
    assert_eq!(watcher.changed().await.unwrap(), Change::Nothing);
}

#[tokio::test]
async fn the_app_s_reads_and_writes_go_on_while_it_watches() {
    let (_dir, app, _cli) = two_processes().await;
    let mut watcher = app.watch_changes().await.unwrap();
    let now = utc(2026, 11, 2, 12, 0);
    // Many changes and reads at once, with the watcher polling among them: none waits on
    // another for ever (they share the watched connection for writing).
    let mut tasks = Vec::new();
    for i in 0..20 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let at = now - Duration::hours(i + 1);
            let f = fields(
                &format!("Entry {i}"),
                &at.to_rfc3339(),
                Some(&(at + Duration::minutes(30)).to_rfc3339()),
            );
            app.add_entry(&f, &Utc, now).await.unwrap();
            app.timeline(&Utc, now, 14).await.unwrap();
        }));
    }
    for _ in 0..5 {
        assert_ne!(watcher.changed().await.unwrap(), Change::Others);
    }
    for task in tasks {
        tokio::time::timeout(std::time::Duration::from_secs(30), task)
            .await
            .expect("every change finished")
            .unwrap();
    }
    assert_eq!(app.entry_count().await.unwrap(), 20);
    assert_ne!(watcher.changed().await.unwrap(), Change::Others);
}
