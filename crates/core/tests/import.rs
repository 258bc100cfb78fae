//! Importing from other trackers, on real SQLite files, from fixtures hand-written after each
//! tool's documented format (`tests/import-fixtures/`). Times are read in Europe/Berlin.

mod common;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use common::{store, utc};
use serde_json::Value;
use stint_core::import::{
    parse_mapping, DateOrder, ImportFormat, ImportInput, ImportOptions, ImportReport, ProjectTag,
    RowStatus, UndoTarget,
};
use stint_core::transfer::ExportFormat;
use stint_core::{Error, Store};

fn fixture(name: &str) -> ImportInput {
    ImportInput::Path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/import-fixtures")
            .join(name),
    )
}

fn now() -> DateTime<Utc> {
    utc(2026, 12, 1, 12, 0)
}

async fn import(
    store: &Store,
    input: &ImportInput,
    options: &ImportOptions,
) -> stint_core::Result<ImportReport> {
    store.import(input, options, &Berlin, now(), |_| {}).await
}

/// Every live entry, as Stint's JSON export writes it.
async fn entries(store: &Store) -> Vec<Value> {
    let mut out = Vec::new();
    store
        .export(ExportFormat::Json, None, None, &mut out)
        .await
        .unwrap();
    serde_json::from_slice::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(entries: &'a [Value], description: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["description"] == description)
        .unwrap_or_else(|| panic!("no entry “{description}” in {entries:#?}"))
}

#[tokio::test]
async fn toggl_detailed_csv_keeps_everything_it_can_and_names_the_rest() {
    let (_dir, store) = store().await;
    let report = import(
        &store,
        &fixture("toggl-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.format, ImportFormat::TogglCsv);
    assert_eq!(
        (report.new, report.duplicates, report.refused),
        (4, 0, 0),
        "{report:#?}"
    );
    let all = entries(&store).await;
    // Quotes and commas in the description; local times in Berlin (CET, +01:00).
    let hero = find(&all, "Homepage \"hero\", take 2");
    assert_eq!(hero["start"], "2026-03-02T08:00:00Z");
    assert_eq!(hero["stop"], "2026-03-02T09:30:00Z");
    assert_eq!(hero["project"], "Website");
    assert_eq!(hero["client"], "Acme Corp");
    assert_eq!(hero["billable"], true);
    assert_eq!(hero["tags"], serde_json::json!(["client", "design"]));
    // Across midnight.
    let planning = find(&all, "Planning");
    assert_eq!(
        (&planning["start"], &planning["stop"]),
        (
            &"2026-03-02T22:30:00Z".into(),
            &"2026-03-02T23:45:00Z".into()
        )
    );
    assert_eq!(planning["billable"], false);
    // Across the spring-forward gap: 01:30 CET to 03:30 CEST is one hour.
    let notes = find(&all, "Notes over two lines");
    assert_eq!(
        (&notes["start"], &notes["stop"]),
        (
            &"2026-03-29T00:30:00Z".into(),
            &"2026-03-29T01:30:00Z".into()
        )
    );
    // 02:30 on the autumn night happens twice: the first, by Stint's one rule.
    let blank = find(&all, "(no description)");
    assert_eq!(blank["start"], "2026-10-25T00:30:00Z");
    let said = report.notes.join(" ");
    for unkept in ["Task (1 row)", "User (4 rows)", "Email (4 rows)"] {
        assert!(said.contains(unkept), "“{unkept}” not named in {said}");
    }
    assert!(said.contains("line breaks"), "{said}");

    let again = import(
        &store,
        &fixture("toggl-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!((again.new, again.duplicates, again.batch_id), (0, 4, None));
    assert_eq!(entries(&store).await.len(), 4);
}

#[tokio::test]
async fn date_orders_and_twelve_hour_clocks_are_read_from_the_data() {
    let (_dir, store) = store().await;
    let us = import(&store, &fixture("toggl-us.csv"), &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(us.date_order, Some(DateOrder::Mdy));
    let all = entries(&store).await;
    assert_eq!(find(&all, "Review")["start"], "2026-03-24T12:00:00Z");
    assert_eq!(find(&all, "Standup")["start"], "2026-03-02T08:00:00Z");

    // A fresh database: an existing project keeps the client it has.
    let (_dir, store) = common::store().await;
    let clockify = import(
        &store,
        &fixture("clockify-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        (clockify.format, clockify.date_order),
        (ImportFormat::ClockifyCsv, Some(DateOrder::Dmy))
    );
    let all = entries(&store).await;
    let copy = find(&all, "Copy, edits");
    assert_eq!(
        (&copy["start"], &copy["billable"], &copy["client"]),
        (
            &"2026-03-24T13:00:00Z".into(),
            &true.into(),
            &"Acme Corp".into()
        )
    );
    assert!(
        clockify.notes.join(" ").contains("Billable Rate (EUR)"),
        "{:?}",
        clockify.notes
    );
}

#[tokio::test]
async fn ambiguous_dates_are_refused_with_their_lines_until_an_order_is_chosen() {
    let (_dir, store) = store().await;
    let err = import(
        &store,
        &fixture("toggl-ambiguous.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::ImportDatesAmbiguous { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("line 2: “03/02/2026”") && text.contains("--date-format"),
        "{text}"
    );
    assert_eq!(store.entry_count().await.unwrap(), 0);
    let options = ImportOptions {
        date_order: Some(DateOrder::Dmy),
        ..Default::default()
    };
    import(&store, &fixture("toggl-ambiguous.csv"), &options)
        .await
        .unwrap();
    assert_eq!(
        find(&entries(&store).await, "Standup")["start"],
        "2026-02-03T08:00:00Z"
    );
}

#[tokio::test]
async fn toggl_json_keeps_ids_and_says_when_a_project_has_only_a_number() {
    let (_dir, store) = store().await;
    let report = import(
        &store,
        &fixture("toggl-entries.json"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!((report.format, report.new), (ImportFormat::TogglJson, 2));
    let all = entries(&store).await;
    assert_eq!(find(&all, "Wireframes")["project"], "Website");
    assert_eq!(find(&all, "Call")["project"], "Toggl project 502");
    assert!(
        report.notes.join(" ").contains("Toggl project NUMBER"),
        "{:?}",
        report.notes
    );
    let again = import(
        &store,
        &fixture("toggl-entries.json"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!((again.new, again.duplicates), (0, 2));
}

#[tokio::test]
async fn watson_frames_and_log_are_the_same_frames() {
    let (_dir, store) = store().await;
    let frames = import(
        &store,
        &fixture("watson-frames.json"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!((frames.format, frames.new), (ImportFormat::WatsonFrames, 2));
    let all = entries(&store).await;
    let design = all.iter().find(|e| e["project"] == "website").unwrap();
    assert_eq!(
        (&design["start"], &design["stop"]),
        (
            &"2026-03-02T09:00:00Z".into(),
            &"2026-03-02T10:00:00Z".into()
        )
    );
    assert_eq!(design["tags"], serde_json::json!(["client call", "design"]));
    let log = import(
        &store,
        &fixture("watson-log.json"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        (log.format, log.new, log.duplicates),
        (ImportFormat::WatsonLog, 0, 2)
    );
}

#[tokio::test]
async fn timewarrior_export_and_data_folder_agree_and_tags_can_become_projects() {
    let (_dir, store) = store().await;
    let options = ImportOptions {
        project_tag: ProjectTag::First,
        ..Default::default()
    };
    let export = import(&store, &fixture("timew-export.json"), &options)
        .await
        .unwrap();
    assert_eq!(
        (export.format, export.new),
        (ImportFormat::TimewarriorExport, 3)
    );
    assert!(export
        .notes
        .iter()
        .any(|n| n.contains("first tag became its project")));
    let all = entries(&store).await;
    let review = find(&all, "Code review, \"quoted\" #1");
    assert_eq!(
        (&review["project"], &review["tags"]),
        (&"review".into(), &serde_json::json!([]))
    );
    let deep = all
        .iter()
        .find(|e| e["start"] == "2026-03-02T09:00:00Z")
        .unwrap();
    assert_eq!(
        (&deep["project"], &deep["tags"]),
        (&"website".into(), &serde_json::json!(["deep work"]))
    );
    let folder = import(&store, &fixture("timewarrior"), &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (folder.format, folder.new, folder.duplicates),
        (ImportFormat::TimewarriorData, 0, 3)
    );
    assert!(folder
        .notes
        .iter()
        .any(|n| n.contains("--project-tag first")));
}

#[tokio::test]
async fn any_csv_imports_through_a_mapping() {
    let (_dir, store) = store().await;
    let unmapped = import(
        &store,
        &fixture("hours-mapped.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(
        unmapped.to_string().contains("Day, Begin, End, What"),
        "{unmapped}"
    );
    let options = ImportOptions {
        mapping: parse_mapping("start_date=Day,start_time=Begin,stop_time=End,description=What,project=Customer project,tags=Labels").unwrap(),
        ..Default::default()
    };
    let report = import(&store, &fixture("hours-mapped.csv"), &options)
        .await
        .unwrap();
    assert_eq!((report.format, report.new), (ImportFormat::MappedCsv, 2));
    let all = entries(&store).await;
    let night = find(&all, "Night deploy");
    assert_eq!(
        (&night["start"], &night["stop"]),
        (
            &"2026-03-06T21:00:00Z".into(),
            &"2026-03-07T00:00:00Z".into()
        )
    );
    assert_eq!(
        find(&all, "Report writing")["tags"],
        serde_json::json!(["q1", "writing"])
    );
    let wrong = ImportOptions {
        mapping: parse_mapping("start=Beginning").unwrap(),
        ..Default::default()
    };
    let err = import(&store, &fixture("hours-mapped.csv"), &wrong)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("“Beginning”"), "{err}");
}

#[tokio::test]
async fn imported_projects_take_the_palette_colours_least_used() {
    let (_dir, store) = store().await;
    let acme = store.ensure_project("Acme", now()).await.unwrap();
    import(
        &store,
        &stint_csv(&[
            "2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,One,Acme",
            "2026-11-02T10:00:00Z,2026-11-02T11:00:00Z,Two,Globex",
            "2026-11-02T11:00:00Z,2026-11-02T12:00:00Z,Three,Initech",
            "2026-11-02T12:00:00Z,2026-11-02T13:00:00Z,Four,Umbrella",
        ]),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let projects = store.projects().await.unwrap();
    let color = |name: &str| {
        projects
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no project {name}"))
            .color
            .clone()
    };
    // Acme keeps its own; the three new ones take the next colours, each different.
    assert_eq!(color("Acme"), acme.color);
    let new: Vec<String> = ["Globex", "Initech", "Umbrella"].map(color).to_vec();
    let expected: Vec<String> = stint_core::PALETTE[1..4]
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(new, expected);
}

fn stint_csv(rows: &[&str]) -> ImportInput {
    ImportInput::bytes(
        "rows.csv",
        format!("start,stop,description,project\n{}\n", rows.join("\n")),
    )
}

#[tokio::test]
async fn refused_rows_refuse_the_file_unless_skipped_and_the_preview_counts_everything() {
    let (_dir, store) = store().await;
    import(
        &store,
        &stint_csv(&["2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,There first,"]),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let file = stint_csv(&[
        "2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,There first,",
        "2026-11-02T09:30:00Z,2026-11-02T11:00:00Z,Overlaps it,acme",
        "2026-11-03T09:00:00Z,2026-11-03T08:00:00Z,Backwards,",
        "2026-11-04T09:00:00Z,2027-01-01T00:00:00Z,Future,",
        "2026-11-05T09:00:00Z,2026-11-05T10:00:00Z,Fine,acme",
    ]);
    let preview = store
        .preview_import(&file, &ImportOptions::default(), &Berlin, now(), |_| {})
        .await
        .unwrap();
    assert_eq!(
        (
            preview.rows,
            preview.new,
            preview.duplicates,
            preview.overlapping,
            preview.refused
        ),
        (5, 2, 1, 1, 2)
    );
    assert_eq!(preview.overlap_lines, [3]);
    assert_eq!(
        preview.refusals.iter().map(|r| r.line).collect::<Vec<_>>(),
        [4, 5]
    );
    assert!(preview.refusals[0].reason.contains("end time is before"));
    assert_eq!(preview.sample[1].status, RowStatus::Overlapping);
    assert_eq!(
        (preview.batch_id, store.entry_count().await.unwrap()),
        (None, 1)
    );
    assert!(
        store.projects().await.unwrap().is_empty(),
        "a preview created a project"
    );

    let err = import(&store, &file, &ImportOptions::default())
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Line 4:")
            && text.contains("Line 5:")
            && text.contains("Nothing was imported"),
        "{text}"
    );
    assert_eq!(store.entry_count().await.unwrap(), 1);

    let skip = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };
    let done = import(&store, &file, &skip).await.unwrap();
    assert_eq!((done.new, done.refused), (2, 2));
    assert_eq!(store.entry_count().await.unwrap(), 3);
}

#[tokio::test]
async fn an_import_is_undone_as_a_whole_and_can_then_be_imported_again() {
    let (_dir, store) = store().await;
    store.ensure_project("Website", now()).await.unwrap();
    let first = import(
        &store,
        &fixture("toggl-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let second = import(
        &store,
        &fixture("clockify-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(store.entry_count().await.unwrap(), 6);
    let undone = store.undo_import(UndoTarget::Last, now()).await.unwrap();
    assert_eq!((undone.id, undone.entries), (second.batch_id.unwrap(), 2));
    assert_eq!(store.entry_count().await.unwrap(), 4);
    let undone = store
        .undo_import(UndoTarget::Batch(first.batch_id.unwrap()), now())
        .await
        .unwrap();
    assert_eq!(undone.entries, 4);
    assert_eq!(store.entry_count().await.unwrap(), 0);
    // The project that was there before stays; the ones the import made go.
    let names: Vec<String> = store
        .projects()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Website"]);
    assert!(store.tags().await.unwrap().is_empty());
    assert!(matches!(
        store.undo_import(UndoTarget::Last, now()).await,
        Err(Error::NoImportToUndo)
    ));
    assert!(matches!(
        store
            .undo_import(UndoTarget::Batch(first.batch_id.unwrap()), now())
            .await,
        Err(Error::ImportAlreadyUndone { .. })
    ));
    let again = import(
        &store,
        &fixture("toggl-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.new, 4);
    let batches = store.import_batches().await.unwrap();
    assert_eq!(batches.iter().filter(|b| b.undone).count(), 2);
}

#[tokio::test]
async fn stint_exports_round_trip_into_a_fresh_database() {
    let (_dir, store) = store().await;
    import(
        &store,
        &fixture("toggl-detailed.csv"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    import(
        &store,
        &fixture("watson-frames.json"),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    for format in [ExportFormat::Csv, ExportFormat::Json] {
        let mut first = Vec::new();
        store.export(format, None, None, &mut first).await.unwrap();
        let (_d, fresh) = common::store().await;
        let report = import(
            &fresh,
            &ImportInput::bytes("export", first.clone()),
            &ImportOptions::default(),
        )
        .await
        .unwrap();
        assert_eq!(report.new, 6);
        let mut second = Vec::new();
        fresh.export(format, None, None, &mut second).await.unwrap();
        assert_eq!(
            String::from_utf8(first).unwrap(),
            String::from_utf8(second).unwrap()
        );
    }
}

#[tokio::test]
async fn a_running_interval_imports_running_unless_a_timer_already_runs() {
    let running = ImportInput::bytes(
        "timew.json",
        r#"[{"id":2,"start":"20261130T090000Z","end":"20261130T100000Z","tags":["a"]},
            {"id":1,"start":"20261201T080000Z","tags":["still going"]}]"#,
    );
    let (_dir, store) = store().await;
    let report = import(&store, &running, &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(report.new, 2);
    let entry = store
        .running()
        .await
        .unwrap()
        .expect("the open interval runs in Stint");
    assert_eq!(entry.description, "still going");

    let (_dir, busy) = common::store().await;
    busy.start_timer(&common::start("Already running"), &Berlin, now())
        .await
        .unwrap();
    let err = import(&busy, &running, &ImportOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("Entry 2: it is still running"),
        "{err}"
    );
    let skip = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };
    assert_eq!(import(&busy, &running, &skip).await.unwrap().new, 1);
    assert_eq!(
        busy.running().await.unwrap().unwrap().description,
        "Already running"
    );
}

fn big_csv(rows: i64) -> ImportInput {
    let mut csv = String::from("start,stop,description,project,tags\n");
    let first = utc(2020, 1, 1, 8, 0);
    for i in 0..rows {
        let start = first + chrono::Duration::minutes(i * 10);
        let stop = start + chrono::Duration::minutes(8);
        csv.push_str(&format!(
            "{},{},Entry {i},p{},t{}\n",
            start.to_rfc3339(),
            stop.to_rfc3339(),
            i % 7,
            i % 3
        ));
    }
    ImportInput::bytes("big.csv", csv)
}

/// Issue 11's last item: a large import is published in short transactions, so a write from
/// another process (the app, the CLI) made while it publishes gets in between them and is done
/// before the import is, instead of waiting for all of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_write_gets_in_while_a_large_import_publishes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    let importer = Store::open(&path).await.unwrap();
    let writer = Store::open(&path).await.unwrap();
    let watcher = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let file = big_csv(150_000);
    let import = tokio::spawn(async move {
        let report = importer
            .import(&file, &ImportOptions::default(), &Berlin, now(), |_| {})
            .await;
        (report, std::time::Instant::now())
    });
    // Wait until the import has begun publishing: part of it is in the file, not all.
    loop {
        let publishing: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM import_batches WHERE publishing_at IS NOT NULL",
        )
        .fetch_one(&watcher)
        .await
        .unwrap();
        if publishing > 0 {
            break;
        }
        if import.is_finished() {
            let (report, _) = import.await.unwrap();
            panic!("the import ended before it was seen publishing: {report:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let added = writer
        .add_entry(
            &common::fields(
                "Quick note",
                "2026-11-30T09:00:00Z",
                Some("2026-11-30T09:10:00Z"),
            ),
            &Berlin,
            now(),
        )
        .await;
    let added_at = std::time::Instant::now();
    added.expect("the short write got in while the import published");
    let (report, import_done) = import.await.unwrap();
    let report = report.unwrap();
    assert!(
        added_at < import_done,
        "the short write waited for the whole import"
    );
    assert_eq!(report.new, 150_000);
    assert_eq!(writer.entry_count().await.unwrap(), 150_001);
    // Entries and their tags arrived whole, ids and all.
    let tagged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM entries e JOIN entry_tags et ON et.entry_id = e.id
         JOIN tags t ON t.id = et.tag_id WHERE t.name = 't' || (CAST(substr(e.description, 7) AS INTEGER) % 3)",
    )
    .fetch_one(&watcher)
    .await
    .unwrap();
    assert_eq!(tagged, 150_000);
    let batches = writer.import_batches().await.unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].entries, 150_000);
}

/// An import whose writer died while publishing (power cut, kill -9) is taken back whole by
/// the next Stint that opens the file once the import has made no progress for a minute.
#[tokio::test]
async fn an_import_abandoned_while_publishing_is_taken_back_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stint.db");
    let store = Store::open(&path).await.unwrap();
    store
        .add_entry(
            &common::fields("Mine", "2026-11-30T09:00:00Z", Some("2026-11-30T09:10:00Z")),
            &Berlin,
            now(),
        )
        .await
        .unwrap();
    let done = import(&store, &big_csv(10), &ImportOptions::default())
        .await
        .unwrap();
    // Make it look as the file would after a writer died mid-way: the batch still marked as
    // publishing, last heard of two minutes ago.
    let two_minutes_ago = chrono::Utc::now().timestamp_millis() - 120_000;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("UPDATE import_batches SET publishing_at = ? WHERE id = ?")
        .bind(two_minutes_ago)
        .bind(done.batch_id.unwrap())
        .execute(&pool)
        .await
        .unwrap();
    // A batch still being published (heard of just now) is left alone.
    let live = import(
        &store,
        &stint_csv(&["2026-11-29T09:00:00Z,2026-11-29T10:00:00Z,Live one,"]),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE import_batches SET publishing_at = ? WHERE id = ?")
        .bind(chrono::Utc::now().timestamp_millis())
        .bind(live.batch_id.unwrap())
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(store.entry_count().await.unwrap(), 12);
    store.close().await;

    let reopened = Store::open(&path).await.unwrap();
    assert_eq!(
        reopened.entry_count().await.unwrap(),
        2,
        "the abandoned import is gone, the rest stays"
    );
    let projects: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(projects, 0, "the projects it created went with it");
    let batches: Vec<i64> = sqlx::query_scalar("SELECT id FROM import_batches")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(batches, vec![live.batch_id.unwrap()]);
    // A batch being published is neither listed nor undone.
    assert!(reopened.import_batches().await.unwrap().is_empty());
    assert!(matches!(
        reopened.undo_import(UndoTarget::Last, now()).await,
        Err(Error::NoImportToUndo)
    ));
}
