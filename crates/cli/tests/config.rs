//! `stint config`: the app's preferences by name, checked by the same rules, kept where the app
//! reads them.

mod common;

use common::Cli;
use stint_core::display::{Clock, DurationFormat, WeekStart};

#[test]
fn lists_every_preference_with_its_value_and_whether_it_is_the_default() {
    let cli = Cli::new();
    let text = cli.ok(&["config"]);
    for name in [
        "week_start",
        "clock",
        "duration_format",
        "tracking.idle_minutes",
        "tracking.stop_at",
        "crash_reports",
        "update_channel",
        "update_auto_check",
        "toggle_shortcut",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} in {text}"));
        assert!(line.ends_with("(default)"), "{line}");
    }
    let all = cli.json(&["config"]);
    assert_eq!(all["week_start"], "monday");
    assert_eq!(all["tracking.idle_minutes"], 5);
    assert_eq!(all["update_auto_check"], true);
    // The listing follows the app's order, not the alphabet.
    let names: Vec<_> = all.as_object().unwrap().keys().cloned().collect();
    assert_eq!(names[0], "week_start");
    assert_eq!(names[1], "clock");
}

#[test]
fn what_is_set_here_is_what_the_app_reads() {
    let cli = Cli::new();
    assert_eq!(
        cli.ok(&["config", "set", "week_start", "sunday"]).trim(),
        "week_start is now sunday."
    );
    cli.ok(&["config", "set", "clock", "12h"]);
    cli.ok(&["config", "set", "duration_format", "decimal"]);
    cli.ok(&["config", "set", "tracking.idle_minutes", "10"]);
    cli.ok(&["config", "set", "tracking.stop_at", "18:30"]);
    cli.ok(&["config", "set", "tracking.work_days", "[5,1,1]"]);
    cli.ok(&["config", "set", "update_auto_check", "off"]);
    let (display, tracking, auto) = cli.with_store(async |store| {
        (
            store.display_preferences().await.unwrap(),
            store.tracking_settings().await.unwrap(),
            store
                .get(&stint_core::settings::UPDATE_AUTO_CHECK)
                .await
                .unwrap(),
        )
    });
    assert_eq!(display.week_start, WeekStart::Sunday);
    assert_eq!(display.clock, Clock::H12);
    assert_eq!(display.duration_format, DurationFormat::Decimal);
    assert_eq!(tracking.idle_minutes, 10);
    assert_eq!(tracking.stop_at.as_deref(), Some("18:30"));
    assert_eq!(
        tracking.work_days,
        vec![1, 5],
        "tidied as the app tidies it"
    );
    assert!(!auto);
    assert_eq!(cli.ok(&["config", "get", "clock"]), "12h\n");
    assert_eq!(cli.json(&["config", "get", "tracking.idle_minutes"]), 10);
    // The other parts of Tracking are untouched by setting one.
    assert_eq!(
        cli.json(&["config", "get", "tracking"])["tracking.idle_detection"],
        true
    );
}

#[test]
fn reports_follow_the_duration_format_set_here() {
    let cli = Cli::new();
    cli.ok(&[
        "add",
        "--from",
        "2026-11-23 09:00",
        "--to",
        "2026-11-23 10:30",
        "Write",
    ]);
    let range = ["report", "--from", "2026-11-23", "--to", "2026-11-23"];
    assert!(cli.ok(&range).contains("1:30:00"), "{}", cli.ok(&range));
    cli.ok(&["config", "set", "duration_format", "decimal"]);
    let text = cli.ok(&range);
    assert!(text.contains("1.50") && !text.contains("1:30:00"), "{text}");
}

#[test]
fn a_value_it_does_not_take_is_refused_in_words_and_nothing_changes() {
    let cli = Cli::new();
    cli.ok(&["config", "set", "tracking.idle_minutes", "10"]);
    let cases: [(&[&str], &str); 6] = [
        (
            &["week_start", "sundy"],
            "week_start: “sundy” is not a value it takes",
        ),
        (
            &["tracking.idle_minutes", "0"],
            "tracking.idle_minutes: give between 1 and 720 minutes",
        ),
        (&["tracking.idle_minutes", "ten"], "Give a whole number"),
        (
            &["tracking.stop_at", "25:00"],
            "“25:00” is not a time of day",
        ),
        (
            &["nope", "1"],
            "nope: there is no such setting; the settings are week_start",
        ),
        (&["toggle_shortcut", "Ctrl+T"], "Settings → Shortcut"),
    ];
    for (args, words) in cases {
        let mut all = vec!["config", "set"];
        all.extend_from_slice(args);
        let message = cli.refused(&all);
        assert!(message.contains(words), "{args:?}: {message}");
        assert!(
            !message.contains("Error") && !message.contains("{"),
            "{message}"
        );
    }
    assert_eq!(cli.json(&["config", "get", "tracking.idle_minutes"]), 10);
    assert_eq!(cli.json(&["config", "get", "week_start"]), "monday");
    assert_eq!(
        cli.json(&["config", "get", "tracking.stop_at"]),
        serde_json::Value::Null
    );
}

#[test]
fn unset_puts_back_the_default() {
    let cli = Cli::new();
    cli.ok(&["config", "set", "week_start", "saturday"]);
    cli.ok(&["config", "set", "tracking.runaway_hours", "3"]);
    cli.ok(&["config", "unset", "week_start"]);
    cli.ok(&["config", "unset", "tracking.runaway_hours"]);
    let all = cli.json(&["config"]);
    assert_eq!(all["week_start"], "monday");
    assert_eq!(all["tracking.runaway_hours"], 8);
    let text = cli.ok(&["config"]);
    assert!(text
        .lines()
        .all(|l| !l.starts_with("week_start") || l.ends_with("(default)")));
}
