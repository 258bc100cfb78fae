//! The question about time away and Settings → Tracking through the real IPC, on the mock
//! runtime (the signals themselves are driven for real in e2e/away.test.mjs).

mod common;

use chrono::{Duration, Utc};
use common::harness;
use serde_json::json;
use stint_core::away::AwayCause;
use stint_core::Store;
use tauri::Manager;

#[test]
fn the_question_is_read_answered_and_undone_through_the_commands() {
    let h = harness();
    assert_eq!(
        h.ok("get_away_question", json!({})),
        serde_json::Value::Null
    );
    let started = h.ok(
        "start_timer",
        json!({ "start": { "description": "Writing report", "project_id": null, "tags": [], "start": "-60m" } }),
    );
    let store = h.app.state::<Store>().inner().clone();
    let now = Utc::now();
    tauri::async_runtime::block_on(async {
        store
            .note_away(AwayCause::Lock, now - Duration::minutes(40), now)
            .await
            .unwrap();
        store
            .note_back(now - Duration::minutes(13), now)
            .await
            .unwrap();
    });
    let prompt = h.ok("get_away_question", json!({}));
    assert_eq!(prompt["question"]["cause"], "lock");
    assert_eq!(prompt["question"]["entry"]["id"], started["id"]);
    let sentence = prompt["sentence"].as_str().unwrap();
    assert!(sentence.starts_with("You were away from "), "{sentence}");
    assert!(
        sentence.ends_with("(27 min) while “Writing report” ran."),
        "{sentence}"
    );

    let id = prompt["question"]["id"].clone();
    let answered = h.ok(
        "answer_away",
        json!({ "id": id, "answer": { "kind": "keep_as_new", "description": "Meeting", "project_id": null, "tags": ["call"] } }),
    );
    assert_eq!(answered["made"][0]["description"], "Meeting");
    assert_eq!(answered["made"][0]["tags"], json!(["call"]));
    assert_eq!(answered["made"][1]["stop_ms"], serde_json::Value::Null);
    assert_eq!(
        h.err_kind(
            "answer_away",
            json!({ "id": id, "answer": { "kind": "keep" } })
        ),
        "NoAwayQuestion"
    );
    let back = h.ok("undo_away_answer", json!({ "id": id }));
    assert_eq!(back["id"], id);
    let running = h.ok("get_running", json!({}));
    assert_eq!(running["id"], started["id"]);
}

#[test]
fn tracking_settings_are_saved_whole_and_a_bad_value_is_named() {
    let h = harness();
    let tracking = h.ok("get_tracking", json!({}));
    let mut settings = tracking["settings"].clone();
    assert_eq!(settings["idle_minutes"], 5);
    assert_eq!(settings["idle_detection"], true);
    assert_eq!(settings["reminders"], false);
    // The mock runtime has no display: Settings says so instead of pretending.
    assert!(
        tracking["idle_source"].is_string() || tracking["idle_unavailable"].is_string(),
        "{tracking}"
    );
    settings["idle_minutes"] = json!(1);
    settings["stop_at"] = json!("19:00");
    h.ok("set_tracking", json!({ "settings": settings }));
    assert_eq!(h.ok("get_tracking", json!({}))["settings"], settings);

    let mut wrong = settings.clone();
    wrong["work_end"] = json!("08:00");
    let err = h
        .invoke("set_tracking", json!({ "settings": wrong }))
        .unwrap_err();
    assert_eq!(err["kind"], "InvalidSetting");
    assert_eq!(
        err["message"],
        "Working hours: the end must be after the start"
    );
    assert_eq!(h.ok("get_tracking", json!({}))["settings"], settings);
}
