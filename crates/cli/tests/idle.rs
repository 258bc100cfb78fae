//! `stint status` shows the question about time away; `stint idle` answers it, with the same
//! rules the window uses (stint-core's `away`).

mod common;

use chrono::{Duration, Utc};
use common::Cli;
use stint_core::away::AwayCause;

/// A timer started 60 minutes ago; away from 40 to 10 minutes ago, noted as the app would.
fn away_question(cli: &Cli) {
    cli.ok(&[
        "start", "Writing", "report", "-p", "Acme", "-t", "deep", "--at", "-60m",
    ]);
    cli.with_store(async |store| {
        let now = Utc::now();
        store
            .note_away(AwayCause::Idle, now - Duration::minutes(40), now)
            .await
            .unwrap();
        store
            .note_back(now - Duration::minutes(10), now)
            .await
            .unwrap();
    });
}

fn minutes_between(a: &serde_json::Value, b: &serde_json::Value) -> i64 {
    let at = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
            .unwrap()
            .timestamp()
    };
    (at(b) - at(a) + 30) / 60
}

#[test]
fn status_shows_the_question_and_how_to_answer() {
    let cli = Cli::new();
    away_question(&cli);
    let text = cli.ok(&["status"]);
    assert!(text.contains("Running"), "{text}");
    assert!(text.contains("You were away from"), "{text}");
    assert!(
        text.contains("(30 min) while “Writing report” ran."),
        "{text}"
    );
    assert!(text.contains("stint idle keep"), "{text}");
    let json = cli.json(&["status"]);
    assert_eq!(json["away"]["cause"], "idle");
    assert_eq!(
        minutes_between(&json["away"]["from"], &json["away"]["to"]),
        30
    );
    assert_eq!(json["away"]["entry_id"], json["running"]["id"]);
    assert_eq!(cli.json(&["idle"])["away"]["id"], json["away"]["id"]);
}

#[test]
fn discard_ends_the_entry_when_the_absence_began_and_undo_takes_it_back() {
    let cli = Cli::new();
    away_question(&cli);
    let out = cli.ok(&["idle", "discard"]);
    assert!(out.starts_with("Discarded the time away."), "{out}");
    let log = cli.json(&["log", "--today"]);
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["running"], false);
    assert_eq!(entries[0]["seconds"].as_i64().unwrap() / 60, 20);
    assert!(cli.ok(&["status"]).contains("No timer is running."));

    let undo_line = out.lines().last().unwrap();
    let id = undo_line
        .trim_start_matches("Undo with `stint idle undo ")
        .trim_end_matches("`.");
    let undone = cli.ok(&["idle", "undo", id]);
    assert!(undone.starts_with("Took the answer back."), "{undone}");
    let status = cli.json(&["status"]);
    assert_eq!(status["running"]["description"], "Writing report");
    assert!(status["away"].is_object(), "asked again: {status}");
}

#[test]
fn continue_and_new_split_the_entry_and_the_timer_runs_on() {
    let cli = Cli::new();
    away_question(&cli);
    let answered = cli.json(&["idle", "new", "Meeting", "-p", "Meetings", "-t", "call"]);
    assert_eq!(answered["made"][0]["description"], "Meeting");
    assert_eq!(answered["made"][0]["project"], "Meetings");
    assert_eq!(answered["made"][0]["seconds"].as_i64().unwrap() / 60, 30);
    assert_eq!(answered["made"][1]["description"], "Writing report");
    assert_eq!(answered["made"][1]["project"], "Acme");
    assert_eq!(answered["made"][1]["running"], true);
    assert_eq!(cli.json(&["log", "--today"]).as_array().unwrap().len(), 3);

    let again = cli.run(&["idle", "keep"]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        "stint: There is no question about time away: nothing to answer.\n"
    );

    let other = Cli::new();
    away_question(&other);
    let answered = other.json(&["idle", "continue"]);
    assert_eq!(answered["entry"]["seconds"].as_i64().unwrap() / 60, 20);
    assert_eq!(answered["made"][0]["running"], true);
    assert_eq!(answered["made"].as_array().unwrap().len(), 1);
    assert_eq!(other.json(&["idle"])["away"], serde_json::Value::Null);
}

#[test]
fn a_set_stop_time_stops_the_timer_as_of_that_time() {
    let cli = Cli::new();
    cli.ok(&["start", "Late", "work", "--at", "-3h"]);
    // The CLI runs in Berlin time (common::Cli).
    let stop_at = (Utc::now().with_timezone(&chrono_tz::Europe::Berlin) - Duration::hours(1))
        .format("%H:%M")
        .to_string();
    cli.with_store(async |store| {
        let mut settings = store.tracking_settings().await.unwrap();
        settings.stop_at = Some(stop_at.clone());
        store.set_tracking_settings(&settings).await.unwrap();
    });
    let text = cli.ok(&["status"]);
    assert!(text.contains("Stopped at the set time"), "{text}");
    assert!(text.contains(&format!("–{stop_at}")), "{text}");
    assert!(text.contains("No timer is running."), "{text}");
}
