//! Searching the whole history on a real SQLite file: words as prefixes, accents and case
//! ignored, project and tag filters, edits, deletes and imports kept in step with the index.

mod common;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use common::{fields, store};
use stint_core::import::{ImportInput, ImportOptions};
use stint_core::search::{match_expression, SearchQuery};
use stint_core::{EntryFields, Error, Store};

fn now() -> DateTime<Utc> {
    common::utc(2026, 11, 30, 12, 0)
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..Default::default()
    }
}

async fn found(store: &Store, q: &SearchQuery) -> Vec<String> {
    let results = store.search(q, &Berlin, now()).await.unwrap();
    results
        .days
        .iter()
        .flat_map(|d| d.entries.iter().map(|e| e.description.clone()))
        .collect()
}

async fn add(
    store: &Store,
    description: &str,
    day: u32,
    project: Option<i64>,
    tags: &[&str],
) -> i64 {
    store
        .add_entry(
            &EntryFields {
                project_id: project,
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..fields(
                    description,
                    &format!("2026-11-{day:02}T09:00:00Z"),
                    Some(&format!("2026-11-{day:02}T10:00:00Z")),
                )
            },
            &Berlin,
            now(),
        )
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn words_match_from_their_start_ignoring_case_and_accents() {
    let (_dir, store) = store().await;
    add(&store, "Review the Café menu", 2, None, &[]).await;
    add(&store, "Write report", 3, None, &[]).await;
    add(&store, "Preview build", 4, None, &[]).await;
    assert_eq!(found(&store, &query("rev")).await, ["Review the Café menu"]);
    assert_eq!(
        found(&store, &query("CAFE")).await,
        ["Review the Café menu"]
    );
    assert_eq!(
        found(&store, &query("review menu")).await,
        ["Review the Café menu"]
    );
    assert!(found(&store, &query("review report")).await.is_empty());
    // Newest first, grouped by day.
    let results = store.search(&query(""), &Berlin, now()).await.unwrap();
    assert_eq!(results.count, 3);
    assert_eq!(results.days.len(), 3);
    assert_eq!(results.days[0].date, "2026-11-04");
    // FTS5's own syntax typed by a person is text, never an error.
    for odd in [
        "\"", "a OR", "NEAR(x", "*", "-", "col:x", "(", "AND", "report\"",
    ] {
        store.search(&query(odd), &Berlin, now()).await.unwrap();
    }
    assert_eq!(match_expression("  "), None);
}

#[tokio::test]
async fn project_and_tag_filters_and_the_range() {
    let (_dir, store) = store().await;
    let acme = store.create_project("Acme", now()).await.unwrap().id;
    add(&store, "Call", 2, Some(acme), &["phone"]).await;
    add(&store, "Call", 3, None, &["phone"]).await;
    add(&store, "Mail", 4, Some(acme), &[]).await;
    let q = SearchQuery {
        project: Some("acme".into()),
        ..query("")
    };
    assert_eq!(found(&store, &q).await, ["Mail", "Call"]);
    let q = SearchQuery {
        project: Some("Acme".into()),
        tag: Some("PHONE".into()),
        ..query("call")
    };
    let results = store.search(&q, &Berlin, now()).await.unwrap();
    assert_eq!(results.count, 1);
    assert_eq!(results.days[0].date, "2026-11-02");
    assert_eq!(results.days[0].total_ms, 3_600_000);
    let q = SearchQuery {
        from_ms: Some(common::utc(2026, 11, 3, 0, 0).timestamp_millis()),
        ..query("call")
    };
    assert_eq!(found(&store, &q).await, ["Call"]);
    let unknown = SearchQuery {
        project: Some("Nope".into()),
        ..query("")
    };
    assert!(matches!(
        store.search(&unknown, &Berlin, now()).await,
        Err(Error::UnknownProject { .. })
    ));
    let unknown = SearchQuery {
        tag: Some("nope".into()),
        ..query("")
    };
    assert!(matches!(
        store.search(&unknown, &Berlin, now()).await,
        Err(Error::UnknownTag { .. })
    ));
}

#[tokio::test]
async fn the_index_follows_edits_deletes_and_imports() {
    let (_dir, store) = store().await;
    let id = add(&store, "Draft chapter", 2, None, &[]).await;
    store
        .update_entry(
            id,
            &fields(
                "Final chapter",
                "2026-11-02T09:00:00Z",
                Some("2026-11-02T10:00:00Z"),
            ),
            &Berlin,
            now(),
        )
        .await
        .unwrap();
    assert!(found(&store, &query("draft")).await.is_empty());
    assert_eq!(found(&store, &query("final")).await, ["Final chapter"]);
    store.delete_entry(id, now()).await.unwrap();
    assert!(found(&store, &query("final")).await.is_empty());
    store.restore_entry(id, now()).await.unwrap();
    assert_eq!(found(&store, &query("final")).await, ["Final chapter"]);

    let csv = "start,stop,description,project\n2026-11-05T09:00:00Z,2026-11-05T10:00:00Z,Imported standup,\n";
    let report = store
        .import(
            &ImportInput::bytes("a.csv", csv),
            &ImportOptions::default(),
            &Berlin,
            now(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(found(&store, &query("standup")).await, ["Imported standup"]);
    store
        .undo_import(
            stint_core::import::UndoTarget::Batch(report.batch_id.unwrap()),
            now(),
        )
        .await
        .unwrap();
    assert!(found(&store, &query("standup")).await.is_empty());
}

#[tokio::test]
async fn the_limit_keeps_the_newest_and_says_there_is_more() {
    let (_dir, store) = store().await;
    for day in 1..=5 {
        add(&store, "Standup", day, None, &[]).await;
    }
    let q = SearchQuery {
        limit: Some(3),
        ..query("standup")
    };
    let results = store.search(&q, &Berlin, now()).await.unwrap();
    assert_eq!(results.count, 3);
    assert!(results.more);
    assert_eq!(results.days[0].date, "2026-11-05");
    assert_eq!(results.days[2].date, "2026-11-03");
}
