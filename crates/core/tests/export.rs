//! Stint's own exports (CSV, JSON, iCalendar) from stint-core, on a real SQLite file: what each
//! row holds, ranges, running entries, quoting and escaping, pages of thousands, and the export
//! behind a filtered report.

mod common;

use chrono::Utc;
use common::{fields, start, store, utc};
use stint_core::report::ReportFilter;
use stint_core::transfer::{ExportFormat, CSV_COLUMNS};
use stint_core::Store;

async fn export(store: &Store, format: ExportFormat, range: Option<(u32, u32)>) -> (u64, String) {
    let mut out = Vec::new();
    let (from, to) = match range {
        Some((a, b)) => (Some(utc(2026, 11, a, 0, 0)), Some(utc(2026, 11, b, 0, 0))),
        None => (None, None),
    };
    let count = store.export(format, from, to, &mut out).await.unwrap();
    (count, String::from_utf8(out).unwrap())
}

/// Three entries on 2 to 4 November and a timer running since the 5th.
async fn history(store: &Store) {
    let now = utc(2026, 11, 5, 12, 0);
    let mut first = fields(
        "Call, \"quoted\"; with a \\ backslash",
        "2026-11-02T09:00:00.250Z",
        Some("2026-11-02T10:00:00Z"),
    );
    first.tags = vec!["calls".into(), "phone".into()];
    store
        .add_entry_named(&first, Some("Acme"), &Utc, now)
        .await
        .unwrap();
    store
        .add_entry(
            &fields(
                "=SUM(A1:A9)",
                "2026-11-03T09:00:00Z",
                Some("2026-11-03T09:30:00Z"),
            ),
            &Utc,
            now,
        )
        .await
        .unwrap();
    let long = "Überarbeitung der Jahresplanung für das Team ".repeat(3);
    store
        .add_entry(
            &fields(
                long.trim(),
                "2026-11-04T13:00:00Z",
                Some("2026-11-04T15:00:00Z"),
            ),
            &Utc,
            now,
        )
        .await
        .unwrap();
    let mut running = start("Still going");
    running.start = Some("2026-11-05T08:00:00Z".into());
    store.start_timer(&running, &Utc, now).await.unwrap();
}

#[tokio::test]
async fn csv_has_a_header_and_a_row_per_entry_quoted_and_defused() {
    let (_dir, store) = store().await;
    history(&store).await;
    let (count, text) = export(&store, ExportFormat::Csv, None).await;
    assert_eq!(count, 4);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_COLUMNS.to_vec()
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    // start, stop, project, tags, description, client, billable
    assert_eq!(&rows[0][1], "2026-11-02T09:00:00.250Z", "milliseconds kept");
    assert_eq!(&rows[0][2], "2026-11-02T10:00:00Z");
    assert_eq!(&rows[0][3], "Acme");
    assert_eq!(&rows[0][4], "calls,phone");
    assert_eq!(&rows[0][5], "Call, \"quoted\"; with a \\ backslash");
    assert_eq!(&rows[0][7], "no");
    // A description a spreadsheet would run as a formula is written as text.
    assert_eq!(&rows[1][5], "'=SUM(A1:A9)");
    // The running entry has no end yet.
    assert_eq!(&rows[3][5], "Still going");
    assert_eq!(&rows[3][2], "");
}

#[tokio::test]
async fn a_range_takes_the_entries_that_start_in_it() {
    let (_dir, store) = store().await;
    history(&store).await;
    let (count, text) = export(&store, ExportFormat::Json, Some((3, 5))).await;
    assert_eq!(count, 2);
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    let starts: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2026-11-03T09:00:00Z", "2026-11-04T13:00:00Z"]);
    let (none, empty) = export(&store, ExportFormat::Json, Some((20, 21))).await;
    assert_eq!(none, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&empty).unwrap(),
        serde_json::json!([])
    );
}

#[tokio::test]
async fn json_keeps_every_field_and_a_running_entry_has_no_stop() {
    let (_dir, store) = store().await;
    history(&store).await;
    let (_, text) = export(&store, ExportFormat::Json, None).await;
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = &rows[0];
    assert_eq!(first["project"], "Acme");
    assert_eq!(first["tags"], serde_json::json!(["calls", "phone"]));
    assert_eq!(
        first["description"],
        "Call, \"quoted\"; with a \\ backslash"
    );
    assert_eq!(first["billable"], false);
    assert_eq!(first["uuid"].as_str().unwrap().len(), 36);
    assert_eq!(rows[3]["stop"], serde_json::Value::Null);
    // JSON is not a spreadsheet: the text stays as typed.
    assert_eq!(rows[1]["description"], "=SUM(A1:A9)");
}

#[tokio::test]
async fn icalendar_escapes_text_folds_long_lines_and_gives_a_running_entry_no_end() {
    let (_dir, store) = store().await;
    history(&store).await;
    let (count, text) = export(&store, ExportFormat::Ical, None).await;
    assert_eq!(count, 4);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), 4);
    assert!(
        text.split("\r\n").all(|line| line.len() <= 75),
        "lines fold at 75 octets"
    );
    // Unfolded, the text reads back exactly.
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains("SUMMARY:Call\\, \"quoted\"\\; with a \\\\ backslash\r\n"));
    assert!(unfolded.contains("CATEGORIES:calls,phone\r\n"));
    assert!(unfolded.contains("DESCRIPTION:Project: Acme\r\n"));
    let long = "Überarbeitung der Jahresplanung für das Team ".repeat(3);
    assert!(unfolded.contains(&format!("SUMMARY:{}\r\n", long.trim())));
    assert!(unfolded.contains("DTSTART:20261102T090000Z\r\nDTEND:20261102T100000Z\r\n"));
    let running = unfolded.split("BEGIN:VEVENT").nth(4).unwrap();
    assert!(running.contains("DTSTART:20261105T080000Z") && !running.contains("DTEND"));
}

#[tokio::test]
async fn thousands_of_entries_come_out_whole_and_in_order_across_pages() {
    let (_dir, store) = store().await;
    // 9,001 entries straight into the table (pages are 4,000), two sharing each start.
    let mut tx = store.pool().begin().await.unwrap();
    for i in 0..9_001i64 {
        let start = 1_790_000_000_000 + (i / 2) * 60_000;
        sqlx::query(
            "INSERT INTO entries (uuid, description, start_ms, stop_ms, created_at, updated_at)
             VALUES (?, ?, ?, ?, 0, 0)",
        )
        .bind(format!("00000000-0000-4000-8000-{i:012}"))
        .bind(format!("Entry {i}"))
        .bind(start)
        .bind(start + 30_000)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut out = Vec::new();
    let count = store
        .export(ExportFormat::Csv, None, None, &mut out)
        .await
        .unwrap();
    assert_eq!(count, 9_001);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let descriptions: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[5].to_string())
        .collect();
    let expected: Vec<String> = (0..9_001).map(|i| format!("Entry {i}")).collect();
    assert_eq!(descriptions, expected);
}

#[tokio::test]
async fn the_export_behind_a_report_takes_only_what_its_filter_lets_through() {
    let (_dir, store) = store().await;
    history(&store).await;
    let filter = ReportFilter {
        projects: vec!["acme".into()],
        ..Default::default()
    };
    let mut out = Vec::new();
    let count = store
        .export_matching(ExportFormat::Json, None, None, Some(&filter), &mut out)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let rows: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(rows[0]["project"], "Acme");
}
