//! The Reports view's commands on the mock runtime: a report with its chart, the range presets
//! and steps, projects priced and archived, and every export written whole where the person
//! chose (the save dialog itself is driven in e2e/reports.test.mjs).

mod common;

use common::harness;
use serde_json::{json, Value};
use stint_app::commands::reports::{write_export, ReportExport};
use stint_core::Store;
use tauri::Manager;

fn add(h: &common::Harness, description: &str, start: &str, stop: &str, project: Option<i64>) {
    h.ok(
        "add_entry",
        json!({ "fields": { "description": description, "project_id": project, "tags": [], "start": start, "stop": stop } }),
    );
}

fn query(h: &common::Harness, extra: Value) -> Value {
    let range = h.ok("get_report_range", json!({ "preset": "all_time" }));
    let mut query = json!({
        "from_ms": range["from_ms"], "to_ms": range["to_ms"],
        "filter": { "projects": [], "tags": [], "tag_match": "any", "text": "", "billable": null },
        "group_by": "project", "then_by": "description", "rounding": null, "week_start": "monday",
    });
    for (key, value) in extra.as_object().unwrap() {
        query[key] = value.clone();
    }
    query
}

#[test]
fn a_report_of_priced_projects_with_its_chart() {
    let h = harness();
    let acme = h.ok("create_project", json!({ "name": "Acme" }));
    let id = acme["id"].as_i64().unwrap();
    let updated = h.ok(
        "update_project",
        json!({ "id": id, "changes": { "name": "Acme", "color": "#112233", "client": "ACME Inc.", "rate_minor": 9000, "currency": "eur", "archived": true, "billable": true } }),
    );
    assert_eq!(
        (&updated["currency"], &updated["archived"]),
        (&json!("EUR"), &json!(true))
    );
    assert_eq!(
        h.err_kind("update_project", json!({ "id": id, "changes": { "name": "Acme", "color": "red", "client": null, "rate_minor": null, "currency": null, "archived": false, "billable": false } })),
        "InvalidProjectSetting"
    );
    add(
        &h,
        "Design",
        "2026-11-23 09:00",
        "2026-11-23 10:30",
        Some(id),
    );
    add(&h, "Email", "2026-11-23 11:00", "2026-11-23 11:30", None);
    let report = h.ok("get_report", json!({ "query": query(&h, json!({})) }));
    assert_eq!(report["total_ms"], 2 * 3_600_000);
    assert_eq!(report["groups"][0]["key"], "Acme");
    assert_eq!(report["groups"][0]["color"], "#112233");
    assert_eq!(report["groups"][0]["children"][0]["key"], "Design");
    assert_eq!(
        report["amounts"],
        json!([{ "currency": "EUR", "minor": 13500 }])
    );
    assert_eq!(
        report["chart"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["ms"].as_i64().unwrap())
            .sum::<i64>(),
        2 * 3_600_000
    );

    let unknown = query(
        &h,
        json!({ "filter": { "projects": [], "tags": ["nope"], "tag_match": "any", "text": "", "billable": null } }),
    );
    assert_eq!(
        h.err_kind("get_report", json!({ "query": unknown })),
        "TagNotFound"
    );

    let week = h.ok("get_report_range", json!({ "preset": "this_week" }));
    let before = h.ok(
        "step_report_range",
        json!({ "first": week["first"], "last": week["last"], "steps": -1 }),
    );
    assert_eq!(
        before["to_ms"].as_i64().unwrap(),
        week["from_ms"].as_i64().unwrap()
    );

    // Deleted, then brought back by Undo.
    h.ok("delete_project", json!({ "id": id }));
    assert_eq!(h.ok("restore_project", json!({ "id": id }))["name"], "Acme");
}

#[test]
fn every_export_is_written_whole_and_a_failed_one_keeps_the_old_file() {
    let h = harness();
    add(
        &h,
        "Design, phase 1",
        "2026-11-23 09:00",
        "2026-11-23 10:30",
        None,
    );
    add(&h, "Later", "2026-11-30 09:00", "2026-11-30 09:30", None);
    let store = h.app.state::<Store>();
    let query: stint_core::report::ReportQuery =
        serde_json::from_value(query(&h, json!({}))).unwrap();
    let dir = h.dir.path();
    let write = |what, name: &str| {
        let path = dir.join(name);
        tauri::async_runtime::block_on(write_export(&store, &query, what, &path))
            .map(|done| (done.file_name, std::fs::read(&path).unwrap()))
    };
    let (name, csv) = write(ReportExport::ReportCsv, "report.csv").unwrap();
    assert_eq!(name, "report.csv");
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with("group,subgroup,duration,hours,share\n"),
        "{csv}"
    );
    assert!(
        csv.contains("(no project),\"Design, phase 1\",1:30:00,1.50,"),
        "{csv}"
    );
    assert!(
        csv.trim_end().ends_with("Total,,2:00:00,2.00,100.0%"),
        "{csv}"
    );
    let (_, json) = write(ReportExport::ReportJson, "report.json").unwrap();
    let json: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["report"]["total_ms"], 2 * 3_600_000);
    let (_, entries) = write(ReportExport::EntriesCsv, "entries.csv").unwrap();
    assert_eq!(String::from_utf8(entries).unwrap().lines().count(), 3);
    let (_, ics) = write(ReportExport::EntriesIcal, "entries.ics").unwrap();
    assert_eq!(
        String::from_utf8(ics)
            .unwrap()
            .matches("BEGIN:VEVENT")
            .count(),
        2
    );
    let (_, pdf) = write(ReportExport::TimesheetPdf, "timesheet.pdf").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    // A filter the core refuses: the file already there stays as it was.
    std::fs::write(dir.join("kept.csv"), "old").unwrap();
    let mut refused = query.clone();
    refused.filter.projects = vec!["Nope".into()];
    let err = tauri::async_runtime::block_on(write_export(
        &store,
        &refused,
        ReportExport::EntriesCsv,
        &dir.join("kept.csv"),
    ))
    .unwrap_err();
    assert_eq!(format!("{:?}", err.kind), "ProjectNotFound");
    assert_eq!(
        std::fs::read_to_string(dir.join("kept.csv")).unwrap(),
        "old"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
