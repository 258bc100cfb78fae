//! Every command through Tauri's IPC on the mock runtime, against a real SQLite file opened and
//! migrated by tauri-plugin-sql, exactly as the app wires it.

mod common;

use common::{harness, Harness};
use serde_json::{json, Value};
use tauri::Manager;

fn start(description: &str) -> Value {
    json!({ "start": { "description": description, "project_id": null, "tags": [], "start": null } })
}

#[test]
fn timer_starts_and_stops() {
    let h = harness();
    assert_eq!(h.ok("get_running", json!({})), Value::Null);
    let started = h.ok("start_timer", start("Writing report"));
    assert_eq!(started["description"], "Writing report");
    assert_eq!(started["stop_ms"], Value::Null);
    assert_eq!(h.ok("get_running", json!({}))["id"], started["id"]);
    let stopped = h.ok("stop_timer", json!({}));
    assert_eq!(stopped["id"], started["id"]);
    assert!(stopped["stop_ms"].as_i64().unwrap() >= started["start_ms"].as_i64().unwrap());
    assert_eq!(h.ok("get_running", json!({})), Value::Null);
}

fn fields(description: &str, start: &str, stop: Option<&str>) -> Value {
    json!({ "fields": { "description": description, "project_id": null, "tags": [], "start": start, "stop": stop } })
}

#[test]
fn starting_twice_and_stopping_nothing_are_typed_errors() {
    let h = harness();
    assert_eq!(h.err_kind("stop_timer", json!({})), "NoTimerRunning");
    h.ok("start_timer", start("One"));
    assert_eq!(
        h.err_kind("start_timer", start("Two")),
        "TimerAlreadyRunning"
    );
    // Malformed arguments never reach the command: Tauri refuses them and says what is missing.
    let malformed = h
        .invoke("start_timer", json!({ "start": { "description": "x" } }))
        .unwrap_err();
    assert!(
        malformed
            .as_str()
            .is_some_and(|m| m.contains("missing field `tags`")),
        "{malformed}"
    );
}

#[test]
fn bad_input_is_refused_with_its_own_kind() {
    let h = harness();
    assert_eq!(h.err_kind("start_timer", start("   ")), "EmptyDescription");
    assert_eq!(
        h.err_kind("start_timer", start(&"x".repeat(10_000))),
        "DescriptionTooLong"
    );
    let future = fields(
        "Later",
        "2999-01-01T09:00:00Z",
        Some("2999-01-01T10:00:00Z"),
    );
    assert_eq!(h.err_kind("add_entry", future), "InFuture");
    let backwards = fields(
        "Backwards",
        "2026-01-02T10:00:00Z",
        Some("2026-01-02T09:00:00Z"),
    );
    assert_eq!(h.err_kind("add_entry", backwards), "StopBeforeStart");
    let malformed = fields("Bad time", "half past nine", Some("2026-01-02T09:00:00Z"));
    let err = h.invoke("add_entry", malformed).unwrap_err();
    assert_eq!(err["kind"], "InvalidTime");
    assert!(
        err["message"].as_str().unwrap().contains("half past nine"),
        "{err}"
    );
    assert_eq!(
        h.err_kind("add_entry", fields("Open", "2026-01-02T09:00:00Z", None)),
        "EndTimeRequired"
    );
    let project = h.ok("create_project", json!({ "name": "Old" }));
    h.ok("delete_project", json!({ "id": project["id"] }));
    let mut on_deleted = fields(
        "On deleted",
        "2026-01-02T09:00:00Z",
        Some("2026-01-02T10:00:00Z"),
    );
    on_deleted["fields"]["project_id"] = project["id"].clone();
    assert_eq!(h.err_kind("add_entry", on_deleted), "ProjectDeleted");
    assert_eq!(h.err_kind("update_entry", json!({ "id": 404, "fields": fields("x", "2026-01-02T09:00:00Z", Some("2026-01-02T10:00:00Z"))["fields"] })), "EntryNotFound");
    // Nothing above was written.
    let timeline = h.ok("get_timeline", json!({ "days": 36500 }));
    assert_eq!(timeline["days"], json!([]));
    assert_eq!(timeline["running"], Value::Null);
}

#[test]
fn entries_are_added_edited_listed_deleted_and_restored() {
    let h = harness();
    let project = h.ok("create_project", json!({ "name": "Acme" }));
    assert_eq!(
        h.err_kind("create_project", json!({ "name": "acme" })),
        "ProjectNameTaken"
    );
    assert_eq!(h.ok("list_projects", json!({})), json!([project]));

    let mut add = fields(
        "Forgot",
        "2026-01-02T09:00:00Z",
        Some("2026-01-02T10:00:00Z"),
    );
    add["fields"]["tags"] = json!(["writing"]);
    let entry = h.ok("add_entry", add);
    assert_eq!(entry["tags"], json!(["writing"]));
    assert_eq!(h.ok("list_tags", json!({}))[0]["name"], "writing");

    let mut edit = fields(
        "Remembered",
        "2026-01-02T08:30:00Z",
        Some("2026-01-02T10:00:00Z"),
    );
    edit["fields"]["project_id"] = project["id"].clone();
    edit["id"] = entry["id"].clone();
    let edited = h.ok("update_entry", edit);
    assert_eq!(edited["description"], "Remembered");
    assert_eq!(edited["project"]["name"], "Acme");
    assert_eq!(
        edited["stop_ms"].as_i64().unwrap() - edited["start_ms"].as_i64().unwrap(),
        90 * 60_000
    );

    let timeline = h.ok("get_timeline", json!({ "days": 36500 }));
    assert_eq!(timeline["days"][0]["entries"][0]["id"], entry["id"]);
    assert_eq!(timeline["days"][0]["total_ms"], 90 * 60_000);

    h.ok("delete_entry", json!({ "id": entry["id"] }));
    assert_eq!(
        h.ok("get_timeline", json!({ "days": 36500 }))["days"],
        json!([])
    );
    assert_eq!(
        h.err_kind("delete_entry", json!({ "id": entry["id"] })),
        "EntryNotFound"
    );
    let restored = h.ok("restore_entry", json!({ "id": entry["id"] }));
    assert_eq!(restored, edited);
    assert_eq!(
        h.err_kind("restore_entry", json!({ "id": entry["id"] })),
        "NothingToUndo"
    );
}

#[test]
fn continue_starts_a_copy_and_stops_the_running_timer() {
    let h = harness();
    let mut add = fields(
        "Earlier",
        "2026-01-02T09:00:00Z",
        Some("2026-01-02T10:00:00Z"),
    );
    add["fields"]["tags"] = json!(["deep"]);
    let earlier = h.ok("add_entry", add);
    let other = h.ok("start_timer", start("Other"));
    let continued = h.ok("continue_entry", json!({ "id": earlier["id"] }));
    assert_eq!(continued["description"], "Earlier");
    assert_eq!(continued["tags"], json!(["deep"]));
    assert_eq!(continued["stop_ms"], Value::Null);
    assert_eq!(h.ok("get_running", json!({}))["id"], continued["id"]);
    let timeline = h.ok("get_timeline", json!({ "days": 1 }));
    let stopped = timeline["days"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == other["id"])
        .unwrap()
        .clone();
    assert!(stopped["stop_ms"].is_i64());
    assert_eq!(
        h.err_kind("continue_entry", json!({ "id": 9999 })),
        "EntryNotFound"
    );
}

#[test]
fn the_webview_cannot_reach_the_sql_plugin() {
    let h = harness();
    let denied = h
        .invoke(
            "plugin:sql|select",
            json!({ "db": "x", "query": "SELECT 1", "values": [] }),
        )
        .expect_err("sql:* must not be granted");
    assert!(
        denied.as_str().is_some_and(|m| m.contains("not allowed")),
        "{denied}"
    );
}

#[test]
fn the_webview_cannot_drive_the_updater_or_report_to_sentry_beyond_envelopes() {
    let h = harness();
    for (command, args) in [
        ("plugin:updater|check", json!({})),
        ("plugin:updater|download_and_install", json!({ "rid": 1 })),
        ("plugin:sentry|breadcrumb", json!({ "breadcrumb": {} })),
    ] {
        let denied = h.invoke(command, args).expect_err(command);
        assert!(
            denied.as_str().is_some_and(|m| m.contains("not allowed")),
            "{command}: {denied}"
        );
    }
}

#[test]
fn the_app_and_the_cli_resolve_the_same_default_folder() {
    let h = harness();
    let app_dir = h.window.app_handle().path().app_config_dir().unwrap();
    assert_eq!(Some(app_dir), stint_core::data_dir::default_dir());
}

/// Every `data-changed` event the window would hear, one message each.
fn data_changed_events(h: &Harness) -> std::sync::mpsc::Receiver<()> {
    use tauri::Listener;
    let (tx, rx) = std::sync::mpsc::channel();
    h.app.listen_any("data-changed", move |_| {
        let _ = tx.send(());
    });
    rx
}

#[test]
fn a_change_made_by_another_process_reaches_the_ui_as_an_event() {
    let h = harness();
    let rx = data_changed_events(&h);
    // The CLI is another process with its own connection to the same file.
    let path = h.dir.path().join("stint.db");
    tauri::async_runtime::block_on(async {
        let cli = stint_core::Store::open(&path).await.unwrap();
        let start = stint_core::TimerStart {
            description: "From the CLI".into(),
            ..Default::default()
        };
        cli.start_timer(&start, &chrono::Utc, chrono::Utc::now())
            .await
            .unwrap();
    });
    rx.recv_timeout(std::time::Duration::from_secs(5))
        .expect("data-changed within a few seconds");
    assert_eq!(
        h.ok("get_running", json!({}))["description"],
        "From the CLI"
    );
}

#[test]
fn the_window_s_own_changes_do_not_come_back_to_it_as_an_event() {
    let h = harness();
    let rx = data_changed_events(&h);
    let started = h.ok("start_timer", start("In the window"));
    h.ok("stop_timer", json!({}));
    let project = h.ok("create_project", json!({ "name": "Acme" }));
    h.ok("delete_entry", json!({ "id": started["id"] }));
    h.ok("restore_entry", json!({ "id": started["id"] }));
    h.ok("delete_project", json!({ "id": project["id"] }));
    // The watcher looks once a second: three looks, none of which may report these.
    assert!(
        rx.recv_timeout(std::time::Duration::from_millis(3500))
            .is_err(),
        "the window reads again after its own actions; an event would make it read twice"
    );
    // It still hears of another process's change made after them.
    let path = h.dir.path().join("stint.db");
    tauri::async_runtime::block_on(async {
        let cli = stint_core::Store::open(&path).await.unwrap();
        cli.stop_timer(chrono::Utc::now()).await.ok();
        cli.create_project("From the CLI", chrono::Utc::now())
            .await
            .unwrap();
    });
    rx.recv_timeout(std::time::Duration::from_secs(5))
        .expect("data-changed within a few seconds");
}

#[test]
fn preferences_say_what_this_platform_offers() {
    let h = harness();
    let prefs = h.ok("get_preferences", json!({}));
    assert_eq!(prefs["start_at_login"], false);
    assert_eq!(prefs["shortcut"], Value::Null);
    // The mock runtime has no shortcut plugin: the setting says so instead of failing silently.
    assert_eq!(
        prefs["shortcut_unavailable"],
        "Global shortcuts are not available here."
    );
    assert_eq!(
        h.err_kind("set_shortcut", json!({ "shortcut": "Ctrl+Alt+T" })),
        "Unavailable"
    );
    assert_eq!(
        h.err_kind("set_start_at_login", json!({ "enabled": true })),
        "Unavailable"
    );
}

#[test]
fn the_tray_hint_is_remembered_once_acknowledged() {
    let h = harness();
    h.ok("acknowledge_tray_hint", json!({}));
    let path = h.dir.path().join("stint.db");
    let shown = tauri::async_runtime::block_on(async {
        let store = stint_core::Store::open(&path).await.unwrap();
        store
            .get(&stint_core::settings::TRAY_HINT_SHOWN)
            .await
            .unwrap()
    });
    assert!(shown);
}

#[test]
fn the_answer_about_crash_reports_is_kept_and_applies_at_once() {
    let h = harness();
    let prefs = h.ok("get_preferences", json!({}));
    // Not asked yet, and nothing may be sent before the answer.
    assert_eq!(prefs["crash_reports"], Value::Null);
    assert_eq!(prefs["crash_reports_available"], false, "no DSN in tests");
    assert!(!stint_app::reporting::granted());

    h.ok("set_crash_reports", json!({ "enabled": true }));
    assert!(stint_app::reporting::granted());
    assert_eq!(h.ok("get_preferences", json!({}))["crash_reports"], true);
    h.ok("set_crash_reports", json!({ "enabled": false }));
    assert!(!stint_app::reporting::granted());
    // Read back the way start-up reads it, before the app opens its database.
    let path = h.dir.path().join("stint.db");
    let snapshot =
        tauri::async_runtime::block_on(stint_core::SettingsSnapshot::read(&path)).unwrap();
    assert_eq!(
        snapshot.get(&stint_core::settings::CRASH_REPORTS),
        Some(false)
    );
}

/// The triggers themselves are exercised by e2e/reporting.test.mjs on the test build.
#[cfg(not(feature = "test-triggers"))]
#[test]
fn a_normal_build_has_no_crash_test_triggers() {
    let h = harness();
    for trigger in ["debug_panic", "debug_crash"] {
        let err = h
            .invoke(trigger, json!({}))
            .expect_err("no trigger in a normal build");
        assert!(err.to_string().contains(trigger), "{err}");
    }
}

#[test]
fn data_settings_back_up_list_and_restore_by_name_only() {
    let h = harness();
    h.invoke("start_timer", start("Before the backup")).unwrap();
    h.invoke("stop_timer", json!({})).unwrap();
    let info = h.invoke("get_data_info", json!({})).unwrap();
    assert_eq!(info["entries"], 1);
    assert!(info["database"].as_str().unwrap().ends_with("stint.db"));
    // (The daily backup may already be there: it is taken soon after launch.)
    let manual = |info: &Value| {
        info["backups"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["occasion"] == "manual")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(manual(&info).is_empty());

    let name = h.invoke("back_up_now", json!({})).unwrap();
    let name = name.as_str().unwrap().to_string();
    assert!(name.ends_with("-manual.db"), "{name}");
    h.invoke("start_timer", start("After the backup")).unwrap();
    let info = h.invoke("get_data_info", json!({})).unwrap();
    assert_eq!(info["entries"], 2);
    let made = manual(&info);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0]["name"], name.as_str());
    assert_eq!(made[0]["entries"], 1);

    // Only names from the backups folder: no paths, no files elsewhere.
    for bad in ["../stint.db", "/etc/passwd", "nope.db"] {
        let err = h
            .invoke("restore_backup", json!({ "name": bad }))
            .unwrap_err();
        assert_eq!(err["kind"], "BackupNotFound", "{bad}: {err}");
    }
    let entries = h.invoke("restore_backup", json!({ "name": name })).unwrap();
    assert_eq!(entries, 1);
    assert_eq!(h.invoke("get_running", json!({})).unwrap(), Value::Null);
    let info = h.invoke("get_data_info", json!({})).unwrap();
    assert!(info["backups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["occasion"] == "before-restore" && b["entries"] == 2));
}

#[test]
fn a_chosen_file_is_previewed_imported_and_undone_without_the_window_seeing_its_path() {
    let h = harness();
    let progress = json!("__CHANNEL__:1");
    // Nothing chosen yet.
    let err = h
        .invoke(
            "preview_import",
            json!({ "options": {}, "progress": progress }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "ImportRefused", "{err}");

    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/core/tests/import-fixtures/toggl-detailed.csv");
    let chosen = stint_app::commands::import::remember(
        &h.app.state::<stint_app::commands::import::PendingImport>(),
        fixture,
    );
    assert_eq!(chosen.name, "toggl-detailed.csv");
    assert!(chosen.columns.iter().any(|c| c == "Start date"));

    let options = json!({ "format": null, "date_order": null, "mapping": [], "project_tag": { "kind": "none" }, "skip_invalid": false });
    let preview = h.ok(
        "preview_import",
        json!({ "options": options, "progress": progress }),
    );
    assert_eq!(
        (&preview["format"], &preview["new"]),
        (&json!("toggl-csv"), &json!(4))
    );
    assert_eq!(preview["batch_id"], Value::Null);
    assert_eq!(h.ok("get_data_info", json!({}))["entries"], 0);

    let report = h.ok(
        "import_file",
        json!({ "options": options, "progress": progress }),
    );
    assert_eq!(report["new"], 4);
    assert_eq!(h.ok("get_data_info", json!({}))["entries"], 4);
    let batch = h.ok("undo_import", json!({ "batchId": report["batch_id"] }));
    assert_eq!(batch["entries"], 4);
    assert_eq!(h.ok("get_data_info", json!({}))["entries"], 0);
    assert_eq!(
        h.err_kind("undo_import", json!({ "batchId": report["batch_id"] })),
        "NothingToUndo"
    );
}

#[test]
fn search_reaches_the_whole_history_through_its_command() {
    let h = harness();
    h.ok(
        "add_entry",
        fields(
            "Review the café menu",
            "2019-05-02T09:00:00Z",
            Some("2019-05-02T10:00:00Z"),
        ),
    );
    h.ok(
        "add_entry",
        fields(
            "Write report",
            "2026-01-02T09:00:00Z",
            Some("2026-01-02T10:00:00Z"),
        ),
    );
    let found = h.ok(
        "search_entries",
        json!({ "query": { "text": "cafe", "project": null, "tag": null, "from_ms": null, "to_ms": null, "limit": null } }),
    );
    assert_eq!(found["count"], 1);
    assert_eq!(found["more"], false);
    assert_eq!(found["days"][0]["date"], "2019-05-02");
    assert_eq!(
        found["days"][0]["entries"][0]["description"],
        "Review the café menu"
    );
    assert_eq!(
        h.err_kind(
            "search_entries",
            json!({ "query": { "text": "", "project": "Nope", "tag": null, "from_ms": null, "to_ms": null, "limit": null } }),
        ),
        "ProjectNotFound"
    );
}

#[test]
fn a_project_typed_in_the_window_is_found_even_when_another_process_just_made_it() {
    let h = harness();
    let path = h.dir.path().join("stint.db");
    // The CLI, on its own connection, creates the project the window has not listed yet.
    let made = tauri::async_runtime::block_on(async {
        let cli = stint_core::Store::open(&path).await.unwrap();
        let project = cli
            .ensure_project("Acme Ltd", chrono::Utc::now())
            .await
            .unwrap();
        cli.close().await;
        project
    });
    let found = h.ok("ensure_project", json!({ "name": "  acme ltd " }));
    assert_eq!(found["id"], made.id);
    assert_eq!(found["name"], "Acme Ltd");
    let new = h.ok("ensure_project", json!({ "name": "Beta" }));
    assert_ne!(new["id"], made.id);
    assert_eq!(
        h.err_kind("ensure_project", json!({ "name": "   " })),
        "EmptyName"
    );
}
