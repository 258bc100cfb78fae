mod common;

use chrono::{Duration, Utc};
use common::{count_entries, fields, start, store, utc};
use stint_core::{EntryFields, Error, Store, TimeField};

/// A refused input and the error it must produce.
type Case = (EntryFields, fn(&Error) -> bool);
type EntryColumns = (i64, String, Option<i64>, i64, Option<i64>, Option<i64>);

/// Every entry and tag link, to prove a refused change wrote nothing.
async fn snapshot(store: &Store) -> String {
    let rows: Vec<EntryColumns> = sqlx::query_as(
        "SELECT id, description, project_id, start_ms, stop_ms, deleted_at FROM entries ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let tags: Vec<(i64, i64)> =
        sqlx::query_as("SELECT entry_id, tag_id FROM entry_tags ORDER BY 1, 2")
            .fetch_all(store.pool())
            .await
            .unwrap();
    format!("{rows:?}{tags:?}")
}

#[tokio::test]
async fn a_manual_entry_is_added_with_project_and_tags() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let project = store.create_project("Acme", now).await.unwrap();
    let mut f = fields(
        "Forgot to track",
        "2026-11-02T09:00:00Z",
        Some("2026-11-02T10:30:00Z"),
    );
    f.project_id = Some(project.id);
    f.tags = vec![" writing ".into(), "Deep".into(), "deep".into()];
    let entry = store.add_entry(&f, &Utc, now).await.unwrap();
    assert_eq!(entry.description, "Forgot to track");
    assert_eq!(entry.project.as_ref().unwrap().name, "Acme");
    assert_eq!(
        entry.tags,
        vec!["Deep", "writing"],
        "trimmed, deduplicated ignoring case, sorted"
    );
    assert_eq!(entry.duration_ms(0), 90 * 60 * 1000);
    assert_eq!(entry.uuid.len(), 36);
    assert_eq!(store.tags().await.unwrap().len(), 2);
}

#[tokio::test]
async fn local_times_are_read_in_the_given_zone() {
    let (_dir, store) = store().await;
    let tz = chrono_tz::Europe::Berlin;
    let now = utc(2026, 11, 2, 12, 0);
    let f = fields("Local", "2026-11-02 09:00", Some("2026-11-02T10:00:15"));
    let entry = store.add_entry(&f, &tz, now).await.unwrap();
    assert_eq!(entry.start_ms, utc(2026, 11, 2, 8, 0).timestamp_millis());
    assert_eq!(
        entry.stop_ms,
        Some(utc(2026, 11, 2, 9, 0).timestamp_millis() + 15_000)
    );
}

#[tokio::test]
async fn bad_input_gets_a_specific_error_and_changes_nothing() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let gone = store.create_project("Gone", now).await.unwrap();
    store.delete_project(gone.id, now).await.unwrap();
    let existing = store
        .add_entry(
            &fields(
                "Keep me",
                "2026-11-02T08:00:00Z",
                Some("2026-11-02T09:00:00Z"),
            ),
            &Utc,
            now,
        )
        .await
        .unwrap();
    let before = snapshot(&store).await;

    let ok = || fields("Fine", "2026-11-02T09:00:00Z", Some("2026-11-02T10:00:00Z"));
    let cases: Vec<Case> = vec![
        (
            EntryFields {
                description: "   ".into(),
                ..ok()
            },
            |e| matches!(e, Error::EmptyDescription),
        ),
        (
            EntryFields {
                description: "x".repeat(10_000),
                ..ok()
            },
            |e| matches!(e, Error::DescriptionTooLong { actual: 10_000 }),
        ),
        (
            EntryFields {
                description: "two\nlines".into(),
                ..ok()
            },
            |e| matches!(e, Error::DescriptionControlCharacters),
        ),
        (
            EntryFields {
                stop: Some("2026-11-02T08:59:59Z".into()),
                ..ok()
            },
            |e| matches!(e, Error::StopBeforeStart),
        ),
        (
            EntryFields {
                start: "2026-11-02T13:00:00Z".into(),
                stop: Some("2026-11-02T14:00:00Z".into()),
                ..ok()
            },
            |e| {
                matches!(
                    e,
                    Error::InFuture {
                        which: TimeField::Start
                    }
                )
            },
        ),
        (
            EntryFields {
                stop: Some("2026-11-02T12:00:01Z".into()),
                ..ok()
            },
            |e| {
                matches!(
                    e,
                    Error::InFuture {
                        which: TimeField::End
                    }
                )
            },
        ),
        (
            EntryFields {
                start: "9:3O yesterday".into(),
                ..ok()
            },
            |e| matches!(e, Error::InvalidTime { .. }),
        ),
        (
            EntryFields {
                start: "2026-13-02 09:00".into(),
                ..ok()
            },
            |e| matches!(e, Error::InvalidTime { .. }),
        ),
        (
            EntryFields {
                project_id: Some(gone.id),
                ..ok()
            },
            |e| matches!(e, Error::ProjectDeleted { name } if name == "Gone"),
        ),
        (
            EntryFields {
                project_id: Some(999),
                ..ok()
            },
            |e| matches!(e, Error::ProjectNotFound { id: 999 }),
        ),
        (
            EntryFields {
                tags: vec!["a,b".into()],
                ..ok()
            },
            |e| matches!(e, Error::InvalidName { .. }),
        ),
        (
            EntryFields {
                tags: vec!["".into()],
                ..ok()
            },
            |e| matches!(e, Error::EmptyName),
        ),
        (EntryFields { stop: None, ..ok() }, |e| {
            matches!(e, Error::EndTimeRequired)
        }),
    ];
    for (input, expected) in cases {
        let add = store.add_entry(&input, &Utc, now).await.unwrap_err();
        assert!(expected(&add), "add {input:?}: {add:?}");
        assert!(!add.is_internal());
        assert!(!add.to_string().is_empty());
        let update = store
            .update_entry(existing.id, &input, &Utc, now)
            .await
            .unwrap_err();
        assert!(expected(&update), "update {input:?}: {update:?}");
        assert_eq!(
            snapshot(&store).await,
            before,
            "{input:?} changed the database"
        );
    }
}

#[tokio::test]
async fn edits_replace_every_field() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let acme = store.create_project("Acme", now).await.unwrap();
    let mut f = fields(
        "Draft",
        "2026-11-02T08:00:00Z",
        Some("2026-11-02T09:00:00Z"),
    );
    f.tags = vec!["old".into()];
    let entry = store.add_entry(&f, &Utc, now).await.unwrap();

    let mut edit = fields(
        "Final",
        "2026-11-02T07:30:00Z",
        Some("2026-11-02T09:15:00Z"),
    );
    edit.project_id = Some(acme.id);
    edit.tags = vec!["new".into()];
    let edited = store
        .update_entry(entry.id, &edit, &Utc, now)
        .await
        .unwrap();
    assert_eq!(edited.id, entry.id);
    assert_eq!(edited.uuid, entry.uuid);
    assert_eq!(edited.description, "Final");
    assert_eq!(edited.project.as_ref().unwrap().id, acme.id);
    assert_eq!(edited.tags, vec!["new"]);
    assert_eq!(edited.start_ms, utc(2026, 11, 2, 7, 30).timestamp_millis());
    assert_eq!(
        edited.stop_ms,
        Some(utc(2026, 11, 2, 9, 15).timestamp_millis())
    );
    assert_eq!(store.entry(entry.id).await.unwrap(), edited);
}

#[tokio::test]
async fn an_entry_keeps_its_deleted_project_through_an_edit() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let old = store.create_project("Old client", now).await.unwrap();
    let mut f = fields(
        "Past work",
        "2026-11-02T08:00:00Z",
        Some("2026-11-02T09:00:00Z"),
    );
    f.project_id = Some(old.id);
    let entry = store.add_entry(&f, &Utc, now).await.unwrap();
    store.delete_project(old.id, now).await.unwrap();
    let shown = store.entry(entry.id).await.unwrap().project.unwrap();
    assert!(shown.deleted);
    f.description = "Past work, renamed".into();
    let edited = store.update_entry(entry.id, &f, &Utc, now).await.unwrap();
    assert_eq!(edited.project.unwrap().id, old.id);
    // The name is free again for a new project.
    store.create_project("old CLIENT", now).await.unwrap();
}

#[tokio::test]
async fn the_running_entry_can_be_edited_and_stays_running_or_stops() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    let running = store.start_timer(&start("Typo"), &Utc, t0).await.unwrap();
    let now = t0 + Duration::minutes(30);
    let still = store
        .update_entry(
            running.id,
            &fields("Fixed", "2026-11-02T08:50:00Z", None),
            &Utc,
            now,
        )
        .await
        .unwrap();
    assert!(still.is_running());
    assert_eq!(still.description, "Fixed");
    assert_eq!(still.start_ms, utc(2026, 11, 2, 8, 50).timestamp_millis());
    let stopped = store
        .update_entry(
            running.id,
            &fields(
                "Fixed",
                "2026-11-02T08:50:00Z",
                Some("2026-11-02T09:20:00Z"),
            ),
            &Utc,
            now,
        )
        .await
        .unwrap();
    assert!(!stopped.is_running());
    assert_eq!(store.running().await.unwrap(), None);
    // Once ended, an entry cannot lose its end time.
    let err = store
        .update_entry(
            running.id,
            &fields("Fixed", "2026-11-02T08:50:00Z", None),
            &Utc,
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::EndTimeRequired));
}

#[tokio::test]
async fn a_delete_can_be_undone() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let mut f = fields("Oops", "2026-11-02T08:00:00Z", Some("2026-11-02T09:00:00Z"));
    f.tags = vec!["t".into()];
    let entry = store.add_entry(&f, &Utc, now).await.unwrap();
    let deleted = store.delete_entry(entry.id, now).await.unwrap();
    assert_eq!(deleted, entry);
    assert!(matches!(
        store.entry(entry.id).await,
        Err(Error::EntryNotFound { .. })
    ));
    assert!(store
        .entries_between(utc(2026, 11, 2, 0, 0), now)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.delete_entry(entry.id, now).await,
        Err(Error::EntryNotFound { .. })
    ));

    let restored = store.restore_entry(entry.id, now).await.unwrap();
    assert_eq!(restored, entry, "everything, tags included, comes back");
    assert!(matches!(
        store.restore_entry(entry.id, now).await,
        Err(Error::NothingToUndo)
    ));
}

#[tokio::test]
async fn undo_restores_the_most_recent_delete_first() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let a = store
        .add_entry(
            &fields("A", "2026-11-02T08:00:00Z", Some("2026-11-02T09:00:00Z")),
            &Utc,
            now,
        )
        .await
        .unwrap();
    let b = store
        .add_entry(
            &fields("B", "2026-11-02T09:00:00Z", Some("2026-11-02T10:00:00Z")),
            &Utc,
            now,
        )
        .await
        .unwrap();
    store.delete_entry(a.id, now).await.unwrap();
    store
        .delete_entry(b.id, now + Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(store.restore_last_deleted(now).await.unwrap().id, b.id);
    assert_eq!(store.restore_last_deleted(now).await.unwrap().id, a.id);
    assert!(matches!(
        store.restore_last_deleted(now).await,
        Err(Error::NothingToUndo)
    ));
}

#[tokio::test]
async fn undoing_the_delete_of_a_running_timer_fails_if_another_runs() {
    let (_dir, store) = store().await;
    let t0 = utc(2026, 11, 2, 9, 0);
    let first = store.start_timer(&start("First"), &Utc, t0).await.unwrap();
    store.delete_entry(first.id, t0).await.unwrap();
    assert_eq!(store.running().await.unwrap(), None);
    store.start_timer(&start("Second"), &Utc, t0).await.unwrap();
    let err = store.restore_entry(first.id, t0).await.unwrap_err();
    assert!(
        matches!(err, Error::TimerAlreadyRunning { ref description } if description == "Second"),
        "{err:?}"
    );
    assert_eq!(count_entries(&store).await, 2);
    // With the other one stopped, the first comes back running.
    store.stop_timer(t0).await.unwrap();
    assert!(store
        .restore_entry(first.id, t0)
        .await
        .unwrap()
        .is_running());
}

#[tokio::test]
async fn deleted_entries_are_purged_after_the_undo_window() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let old = store
        .add_entry(
            &fields("Old", "2026-10-01T08:00:00Z", Some("2026-10-01T09:00:00Z")),
            &Utc,
            now,
        )
        .await
        .unwrap();
    let recent = store
        .add_entry(
            &fields(
                "Recent",
                "2026-11-01T08:00:00Z",
                Some("2026-11-01T09:00:00Z"),
            ),
            &Utc,
            now,
        )
        .await
        .unwrap();
    store
        .delete_entry(old.id, now - Duration::days(31))
        .await
        .unwrap();
    store
        .delete_entry(recent.id, now - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(store.purge_deleted(now).await.unwrap(), 1);
    assert!(matches!(
        store.restore_entry(old.id, now).await,
        Err(Error::NothingToUndo)
    ));
    store.restore_entry(recent.id, now).await.unwrap();
}

#[tokio::test]
async fn project_names_are_checked_and_unique_ignoring_case() {
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    store.create_project("Acme", now).await.unwrap();
    assert!(matches!(
        store.create_project("ACME", now).await,
        Err(Error::ProjectNameTaken { .. })
    ));
    assert!(matches!(
        store.create_project("  ", now).await,
        Err(Error::EmptyName)
    ));
    assert!(matches!(
        store.create_project(&"p".repeat(61), now).await,
        Err(Error::NameTooLong { actual: 61, .. })
    ));
    assert!(matches!(
        store.delete_project(42, now).await,
        Err(Error::ProjectNotFound { id: 42 })
    ));
    let names: Vec<_> = store
        .projects()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Acme"]);
}

#[tokio::test]
async fn migrations_bring_an_empty_file_up_to_date_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested-name.db");
    let store = Store::open(&path).await.unwrap();
    let applied: Vec<(i64, bool)> = sqlx::query_as("SELECT version, success FROM _sqlx_migrations")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(applied.len(), stint_core::MIGRATOR.iter().count());
    assert!(applied.iter().all(|(_, ok)| *ok));
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: bool = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(fk);
    drop(store);
    // Opening again applies nothing new and keeps the data.
    let store = Store::open(&path).await.unwrap();
    store
        .start_timer(&start("After reopen"), &Utc, Utc::now())
        .await
        .unwrap();
    assert_eq!(count_entries(&store).await, 1);
}

#[tokio::test]
async fn settings_are_kept_by_key_with_their_defaults_until_set() {
    use stint_core::settings::{TOGGLE_SHORTCUT, UPDATE_AUTO_CHECK};
    let (_dir, store) = store().await;
    assert!(
        store.get(&UPDATE_AUTO_CHECK).await.unwrap(),
        "on by default"
    );
    store.set(&UPDATE_AUTO_CHECK, false).await.unwrap();
    assert!(!store.get(&UPDATE_AUTO_CHECK).await.unwrap());
    assert_eq!(store.get(&TOGGLE_SHORTCUT).await.unwrap(), None);
    store
        .set(&TOGGLE_SHORTCUT, Some("Ctrl+Alt+T".to_string()))
        .await
        .unwrap();
    assert_eq!(
        store.get(&TOGGLE_SHORTCUT).await.unwrap().as_deref(),
        Some("Ctrl+Alt+T")
    );
}

#[tokio::test]
async fn an_edit_changes_only_what_it_names() {
    use stint_core::EntryEdit;
    let (_dir, store) = store().await;
    let now = utc(2026, 11, 2, 12, 0);
    let mut f = fields(
        "Write report",
        "2026-11-02T09:00:00.250Z",
        Some("2026-11-02T10:30:00.750Z"),
    );
    f.tags = vec!["writing".into()];
    let added = store
        .add_entry_named(&f, Some("Acme"), &Utc, now)
        .await
        .unwrap();
    let billable = added.billable;

    // A new description only: times kept to the millisecond, project, tags, billable kept.
    let edit = EntryEdit {
        description: Some("Write the report".into()),
        ..Default::default()
    };
    let e = store.edit_entry(added.id, &edit, &Utc, now).await.unwrap();
    assert_eq!(e.description, "Write the report");
    assert_eq!((e.start_ms, e.stop_ms), (added.start_ms, added.stop_ms));
    assert_eq!(e.project.as_ref().map(|p| p.name.as_str()), Some("Acme"));
    assert_eq!(e.tags, vec!["writing".to_string()]);
    assert_eq!(e.billable, billable);

    // A new end as a length is read from the start it keeps.
    let edit = EntryEdit {
        stop: Some("+2h".into()),
        ..Default::default()
    };
    let e = store.edit_entry(added.id, &edit, &Utc, now).await.unwrap();
    assert_eq!(e.stop_ms, Some(added.start_ms + 2 * 3_600_000));

    // Moved into a project by name (created), tags replaced, then both removed.
    let edit = EntryEdit {
        project: Some(Some("Beta Corp".into())),
        tags: Some(vec!["calls".into()]),
        ..Default::default()
    };
    let e = store.edit_entry(added.id, &edit, &Utc, now).await.unwrap();
    assert_eq!(
        e.project.as_ref().map(|p| p.name.as_str()),
        Some("Beta Corp")
    );
    assert_eq!(e.tags, vec!["calls".to_string()]);
    let edit = EntryEdit {
        project: Some(None),
        tags: Some(Vec::new()),
        ..Default::default()
    };
    let e = store.edit_entry(added.id, &edit, &Utc, now).await.unwrap();
    assert!(e.project.is_none() && e.tags.is_empty());
    assert_eq!(e.description, "Write the report");

    // A refused edit writes nothing, not even the project it names.
    let before = snapshot(&store).await;
    let edit = EntryEdit {
        project: Some(Some("Gamma".into())),
        start: Some("2026-11-02T11:30:00Z".into()),
        ..Default::default()
    };
    let err = store
        .edit_entry(added.id, &edit, &Utc, now)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::StopBeforeStart), "{err:?}");
    assert_eq!(snapshot(&store).await, before);
    assert!(store
        .projects()
        .await
        .unwrap()
        .iter()
        .all(|p| p.name != "Gamma"));
}
