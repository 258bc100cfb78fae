//! The `stint` binary end to end, against a temp STINT_DATA_DIR, in a fixed time zone.

mod common;

use assert_cmd::Command;
use common::Cli;
use serde_json::{json, Value};

#[test]
fn start_status_stop_and_their_json() {
    let cli = Cli::new();
    assert_eq!(
        cli.json(&["status"]),
        serde_json::json!({ "running": null, "away": null })
    );
    assert_eq!(cli.ok(&["status"]).trim(), "No timer is running.");
    let started = cli.json(&[
        "start", "Writing", "report", "-p", "acme", "-t", "writing", "-t", "deep",
    ]);
    assert_eq!(started["description"], "Writing report");
    assert_eq!(started["project"], "acme");
    assert_eq!(started["tags"], serde_json::json!(["deep", "writing"]));
    assert_eq!(started["running"], true);
    assert_eq!(started["stop"], Value::Null);
    assert!(started["start"].as_str().unwrap().ends_with('Z'));
    for key in ["id", "uuid", "seconds"] {
        assert!(!started[key].is_null(), "{key}");
    }
    let status = cli.json(&["status"]);
    assert_eq!(status["running"]["id"], started["id"]);
    assert!(cli.ok(&["status"]).starts_with("Running #"));

    assert!(cli
        .refused(&["start", "Another"])
        .contains("A timer is already running (“Writing report”)"));
    let stopped = cli.json(&["stop"]);
    assert_eq!(stopped["id"], started["id"]);
    assert_eq!(stopped["running"], false);
    assert!(cli.refused(&["stop"]).contains("No timer is running."));
}

#[test]
fn human_times_are_read_in_local_time() {
    let cli = Cli::new();
    let added = cli.json(&[
        "add",
        "--from",
        "2026-03-28 22:30",
        "--to",
        "2026-03-29T03:30",
        "Across",
        "the",
        "change",
    ]);
    // Berlin: 22:30 CET is 21:30Z; 03:30 CEST (after the spring change) is 01:30Z.
    assert_eq!(added["start"], "2026-03-28T21:30:00Z");
    assert_eq!(added["stop"], "2026-03-29T01:30:00Z");
    assert_eq!(added["seconds"], 4 * 3600);
    let late = cli.json(&["start", "--at", "-15m", "Late start"]);
    assert!(
        (late["seconds"].as_i64().unwrap() - 900).abs() <= 2,
        "{late}"
    );
    cli.ok(&["stop"]);
    let msg = cli.refused(&["add", "--from", "half nine", "--to", "10:00", "x"]);
    assert!(
        msg.contains("“half nine” is not a time Stint understands"),
        "{msg}"
    );
    assert!(cli
        .refused(&[
            "add",
            "--from",
            "2026-03-29 02:30",
            "--to",
            "2026-03-29 04:00",
            "gap"
        ])
        .contains("does not exist"));
    // A fixed past day: bare "10:00" is today's, which is still ahead before ten in the morning.
    assert!(cli
        .refused(&[
            "add",
            "--from",
            "2026-03-10 10:00",
            "--to",
            "2026-03-10 09:00",
            "backwards"
        ])
        .contains("before the start"));
    assert!(cli
        .refused(&[
            "add",
            "--from",
            "2999-01-01 09:00",
            "--to",
            "2999-01-01 10:00",
            "later"
        ])
        .contains("in the future"));
    assert!(cli
        .refused(&["start", &"x".repeat(10_000)])
        .contains("limit is 500"));
}

/// Time two entries share counts once, for the one that started later (as if it had switched
/// the timer over), in every report grouping and in `log`'s day totals; on the DST night too.
#[test]
fn overlapping_time_counts_once_for_the_later_entry() {
    let cli = Cli::new();
    // The autumn night: 02:00–03:00 happens twice, so 01:00 to 04:00 is four hours.
    cli.ok(&[
        "add",
        "--from",
        "2026-10-25 01:00",
        "--to",
        "2026-10-25 04:00",
        "Writing",
        "-p",
        "book",
        "-t",
        "deep",
    ]);
    cli.ok(&[
        "add",
        "--from",
        "2026-10-25 03:00",
        "--to",
        "2026-10-25 03:30",
        "Call",
        "-p",
        "acme",
        "-t",
        "deep",
    ]);
    let by_project = cli.json(&[
        "report",
        "--from",
        "2026-10-25",
        "--to",
        "2026-10-25",
        "--by",
        "project",
    ]);
    assert_eq!(by_project["total_seconds"], 4 * 3600);
    assert_eq!(
        by_project["groups"],
        serde_json::json!([{ "key": "book", "seconds": 3 * 3600 + 1800 }, { "key": "acme", "seconds": 1800 }])
    );
    let by_tag = cli.json(&[
        "report",
        "--from",
        "2026-10-25",
        "--to",
        "2026-10-25",
        "--by",
        "tag",
    ]);
    assert_eq!(
        by_tag["groups"],
        serde_json::json!([{ "key": "deep", "seconds": 4 * 3600 }])
    );
    let by_day = cli.json(&[
        "report",
        "--from",
        "2026-10-25",
        "--to",
        "2026-10-25",
        "--by",
        "day",
    ]);
    assert_eq!(
        by_day["groups"],
        serde_json::json!([{ "key": "2026-10-25", "seconds": 4 * 3600 }])
    );
    // The day's total is the union; each entry says what it overlaps.
    let log = cli.ok(&["log", "--all"]);
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines[0].starts_with("Sun 25 Oct 2026") && lines[0].ends_with(" 4:00:00"),
        "{log}"
    );
    assert!(
        lines[1].contains("Call") && lines[1].ends_with("(overlaps #1)"),
        "{log}"
    );
    assert!(
        lines[2].contains("Writing") && lines[2].ends_with("(overlaps #2)"),
        "{log}"
    );
}

#[test]
fn reports_split_entries_across_local_days_and_know_dst() {
    let cli = Cli::new();
    cli.ok(&[
        "add",
        "--from",
        "2026-03-28 22:00",
        "--to",
        "2026-03-29 04:00",
        "Night",
        "-p",
        "acme",
        "-t",
        "ops",
    ]);
    cli.ok(&[
        "add",
        "--from",
        "2026-03-29 10:00",
        "--to",
        "2026-03-29 11:00",
        "Morning",
        "-t",
        "ops",
        "-t",
        "mail",
    ]);
    // 22:00 CET to 04:00 CEST is 5 hours: 2 on the 28th, 3 on the 29th (a 23-hour day).
    let day = cli.json(&["report", "--from", "2026-03-29", "--to", "2026-03-29"]);
    assert_eq!(day["from"], "2026-03-28T23:00:00Z");
    assert_eq!(day["to"], "2026-03-29T22:00:00Z");
    assert_eq!(day["total_seconds"], 4 * 3600);
    assert_eq!(day["groups"], serde_json::json!([]));

    let by_day = cli.json(&[
        "report",
        "--from",
        "2026-03-28",
        "--to",
        "2026-03-29",
        "--by",
        "day",
    ]);
    assert_eq!(by_day["total_seconds"], 6 * 3600);
    assert_eq!(
        by_day["groups"],
        serde_json::json!([{ "key": "2026-03-28", "seconds": 2 * 3600 }, { "key": "2026-03-29", "seconds": 4 * 3600 }])
    );
    let by_project = cli.json(&[
        "report",
        "--from",
        "2026-03-28",
        "--to",
        "2026-03-29",
        "--by",
        "project",
    ]);
    assert_eq!(
        by_project["groups"],
        serde_json::json!([{ "key": "acme", "seconds": 5 * 3600 }, { "key": null, "seconds": 3600 }])
    );
    let by_tag = cli.json(&[
        "report",
        "--from",
        "2026-03-28",
        "--to",
        "2026-03-29",
        "--by",
        "tag",
    ]);
    assert_eq!(
        by_tag["groups"],
        serde_json::json!([{ "key": "ops", "seconds": 6 * 3600 }, { "key": "mail", "seconds": 3600 }])
    );
    let all = cli.json(&["report", "--all"]);
    assert_eq!(all["total_seconds"], 6 * 3600);
    assert!(cli
        .ok(&[
            "report",
            "--from",
            "2026-03-28",
            "--to",
            "2026-03-29",
            "--by",
            "project"
        ])
        .contains("acme"));
    assert!(cli
        .refused(&["report", "--from", "2026-03-29", "--to", "2026-03-28"])
        .contains("ends (2026-03-28) before it starts"));
    assert!(cli
        .refused(&["report", "--from", "March"])
        .contains("expected a day"));
    assert_eq!(cli.run(&["report", "--today", "--week"]).code, 2);
}

#[test]
fn entries_are_listed_edited_deleted_restored_and_continued() {
    let cli = Cli::new();
    let first = cli.json(&[
        "add", "--from", "-3h", "--to", "-2h", "First", "-p", "acme", "-t", "a",
    ]);
    let second = cli.json(&["add", "--from", "-90m", "--to", "-1h", "Second"]);
    let log = cli.json(&["log"]);
    let ids: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert!(
        ids.contains(&first["id"]) && ids.contains(&second["id"]),
        "{log}"
    );
    assert!(cli.ok(&["log"]).contains("First  [acme] #a"));

    let id = first["id"].to_string();
    let edited = cli.json(&[
        "edit",
        &id,
        "-d",
        "First, edited",
        "--no-project",
        "-t",
        "b",
        "--to",
        "-110m",
    ]);
    assert_eq!(edited["description"], "First, edited");
    assert_eq!(edited["project"], Value::Null);
    assert_eq!(edited["tags"], serde_json::json!(["b"]));
    assert_eq!(edited["seconds"], 70 * 60);
    assert_eq!(
        edited["start"], first["start"],
        "untouched fields keep their value"
    );
    assert!(cli
        .refused(&["edit", "9999", "-d", "x"])
        .contains("no longer exists"));
    assert!(cli
        .refused(&["edit", &id, "--from", "-100m"])
        .contains("before the start"));

    cli.ok(&["delete", &id]);
    assert!(!cli.ok(&["log"]).contains("First, edited"));
    assert!(cli.refused(&["delete", &id]).contains("no longer exists"));
    assert_eq!(cli.json(&["undo"])["id"], first["id"]);
    assert!(cli.refused(&["undo"]).contains("nothing to undo"));

    let continued = cli.json(&["continue"]);
    assert_eq!(
        continued["description"], "Second",
        "the latest entry by default"
    );
    let switched = cli.json(&["continue", &id]);
    assert_eq!(switched["description"], "First, edited");
    assert_eq!(cli.json(&["status"])["running"]["id"], switched["id"]);
    assert!(cli
        .refused(&["continue", "777"])
        .contains("no longer exists"));
    assert!(Cli::new()
        .refused(&["continue"])
        .contains("no entry to continue"));

    assert_eq!(
        cli.json(&["projects"]),
        serde_json::json!([{ "id": 1, "name": "acme" }])
    );
    let tags: Vec<_> = cli
        .json(&["tags"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    assert_eq!(tags, vec!["a", "b"]);
}

#[test]
fn csv_round_trips_and_a_bad_file_imports_nothing() {
    let source = Cli::new();
    source.ok(&[
        "add",
        "--from",
        "2026-11-02 09:00",
        "--to",
        "2026-11-02 10:30",
        "Plain",
    ]);
    source.ok(&[
        "add",
        "--from",
        "2026-11-02 11:00",
        "--to",
        "2026-11-02 12:00",
        "Quotes \"and\", commas",
        "-p",
        "acme",
        "-t",
        "x",
        "-t",
        "y",
    ]);
    source.ok(&["start", "--at", "-5m", "Still running"]);
    let csv = source.ok(&["export"]);
    assert!(
        csv.starts_with("uuid,start,stop,project,tags,description,client,billable\n"),
        "{csv}"
    );
    let file = source.dir.path().join("export.csv");
    source.ok(&[
        "export",
        "--format",
        "csv",
        "--output",
        file.to_str().unwrap(),
    ]);

    let target = Cli::new();
    let summary = target.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (&summary["imported"], &summary["skipped"]),
        (&json!(3), &json!(0))
    );
    assert_eq!(summary["format"], "stint-csv");
    assert_eq!(
        target.ok(&["export"]),
        csv,
        "export → import → export gives the same entries"
    );
    let again = target.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (&again["imported"], &again["skipped"]),
        (&json!(0), &json!(3))
    );

    // Without uuids, exact duplicates are still recognised.
    let bare = source.dir.path().join("bare.csv");
    std::fs::write(&bare, "Description,START,Stop,Project,Tags,Extra\nPlain,2026-11-02T08:00:00Z,2026-11-02T09:30:00Z,,,ignored\nNew,2026-11-03T08:00:00+01:00,2026-11-03T09:00:00+01:00,acme,\"y, x\",\n").unwrap();
    let bare_summary = target.json(&["import", bare.to_str().unwrap()]);
    assert_eq!(
        (&bare_summary["imported"], &bare_summary["skipped"]),
        (&json!(1), &json!(1))
    );
    // The column Stint has no place for is named, not silently dropped.
    assert!(
        bare_summary["notes"][0].as_str().unwrap().contains("Extra"),
        "{bare_summary}"
    );

    let json: Value = serde_json::from_str(&source.ok(&["export", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[1]["tags"], serde_json::json!(["x", "y"]));
    assert_eq!(json[1]["description"], "Quotes \"and\", commas");
}

#[test]
fn a_malformed_csv_names_its_line_and_imports_nothing() {
    let cli = Cli::new();
    let bad = cli.dir.path().join("bad.csv");
    std::fs::write(&bad, "start,stop,description\n2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,Fine\n2026-11-02T11:00:00Z,yesterday-ish,Broken\n").unwrap();
    let msg = cli.refused(&["import", bad.to_str().unwrap()]);
    assert!(
        msg.contains("Line 3:")
            && msg.contains("yesterday-ish")
            && msg.contains("Nothing was imported"),
        "{msg}"
    );
    assert_eq!(cli.json(&["log", "--all"]), serde_json::json!([]));

    std::fs::write(&bad, "begin,end,description\n").unwrap();
    let unknown = cli.refused(&["import", bad.to_str().unwrap()]);
    assert!(
        unknown.contains("begin, end, description") && unknown.contains("--map"),
        "{unknown}"
    );
    std::fs::write(
        &bad,
        "start,stop,description\n2026-11-02T09:00:00Z,2026-11-02T08:00:00Z,Backwards\n",
    )
    .unwrap();
    assert!(cli
        .refused(&["import", bad.to_str().unwrap()])
        .contains("Line 2: The end time is before the start time."));
    std::fs::write(
        &bad,
        "uuid,start,stop,description\n\"a,b\",2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,Odd id\n",
    )
    .unwrap();
    assert!(cli
        .refused(&["import", bad.to_str().unwrap()])
        .contains("Line 2: “a,b” is not a UUID."));
    assert!(cli
        .refused(&["import", "/nonexistent/file.csv"])
        .contains("Cannot open"));
}

#[test]
fn help_completions_and_exit_codes() {
    let cli = Cli::new();
    let help = cli.ok(&["--help"]);
    assert!(help.contains("Exit codes") && help.contains("STINT_DATA_DIR"));
    for shell in ["bash", "zsh", "fish"] {
        let script = cli.ok(&["completions", shell]);
        assert!(
            script.contains("stint") && script.contains("report"),
            "{shell}"
        );
    }
    assert_eq!(cli.run(&["frobnicate"]).code, 2);
    // A data dir that cannot be created is Stint failing, not the user: exit code 3.
    let file = cli.dir.path().join("not-a-dir");
    std::fs::write(&file, "").unwrap();
    let out = Command::cargo_bin("stint")
        .unwrap()
        .env("STINT_DATA_DIR", file.join("sub"))
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

/// The words (not options) bash offers after `words`, the last being typed, with Stint's script.
fn bash_offers(script: &str, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({words}); COMP_CWORD={last}; COMP_LINE=\"${{COMP_WORDS[*]}}\"; \
         COMP_POINT=${{#COMP_LINE}}; _stint stint '{current}' '{previous}'; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = quoted.join(" "),
        last = words.len() - 1,
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    let mut offered: Vec<String> =
        common::output_of(std::process::Command::new("bash").args(["--norc", "-c", &program]))
            .split_whitespace()
            .filter(|word| !word.starts_with('-'))
            .map(str::to_owned)
            .collect();
    offered.sort();
    offered
}

#[test]
fn bash_completes_nested_subcommands_also_after_help() {
    let script = Cli::new().ok(&["completions", "bash"]);
    let config = ["get", "help", "set", "unset"];
    assert_eq!(bash_offers(&script, &["stint", "config", ""]), config);
    // `stint help config <Tab>` lists what `stint config` holds (not `help` itself).
    assert_eq!(
        bash_offers(&script, &["stint", "help", "config", ""]),
        ["get", "set", "unset"]
    );
    assert!(bash_offers(&script, &["stint", "help", "idle", ""]).contains(&"keep".to_owned()));
    assert!(bash_offers(&script, &["stint", "st"]).contains(&"status".to_owned()));
}

/// The subcommands listed in a help text's "Commands:" section, each with its description
/// (wrapped lines joined).
fn listed_commands(help: &str) -> Vec<(String, String)> {
    let mut listed: Vec<(String, String)> = Vec::new();
    let section = help.split("Commands:\n").nth(1).unwrap_or("");
    for line in section.lines().take_while(|line| !line.trim().is_empty()) {
        let text = line.trim();
        if line.starts_with("  ") && !line.starts_with("   ") {
            let (name, description) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
            listed.push((name.to_string(), description.trim().to_string()));
        } else if let Some((_, description)) = listed.last_mut() {
            description.push(' ');
            description.push_str(text);
        }
    }
    listed
}

/// Each subcommand's own help opens with the description its parent lists for it, all the way
/// down (the subcommands' arguments are built only when used: a mistake there shows here).
#[test]
fn every_subcommand_describes_itself_as_its_parent_lists_it() {
    let cli = Cli::new();
    let mut pending = vec![Vec::<String>::new()];
    let mut checked = 0;
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = cli.ok(&args);
        for (name, description) in listed_commands(&help) {
            if name == "help" {
                continue;
            }
            let mut sub = path.clone();
            sub.push(name.clone());
            let mut sub_args: Vec<&str> = sub.iter().map(String::as_str).collect();
            sub_args.push("--help");
            let own = cli.ok(&sub_args);
            let about = own.split("\n\n").next().unwrap_or("");
            let about = about.split_whitespace().collect::<Vec<_>>().join(" ");
            let short = about.split(". ").next().unwrap_or("").trim_end_matches('.');
            assert!(
                description.starts_with(short) && !short.is_empty(),
                "`stint {}` describes itself as {about:?}; `{} --help` lists {description:?}",
                sub.join(" "),
                ["stint"]
                    .into_iter()
                    .chain(path.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            checked += 1;
            pending.push(sub);
        }
    }
    assert!(checked > 25, "only {checked} subcommands found");
    // `help` reaches the nested ones too.
    let nested = cli.ok(&["help", "config", "get"]);
    assert!(nested.contains("Usage: stint config get"), "{nested}");
}

#[test]
fn log_searches_the_whole_history_by_words_project_and_tag() {
    let cli = Cli::new();
    cli.ok(&[
        "add",
        "--from",
        "2019-05-02 09:00",
        "--to",
        "2019-05-02 10:00",
        "Review the café menu",
        "-p",
        "acme",
        "-t",
        "food",
    ]);
    cli.ok(&[
        "add",
        "--from",
        "2026-11-02 09:00",
        "--to",
        "2026-11-02 10:00",
        "Review pull request",
        "-p",
        "stint",
    ]);
    cli.ok(&[
        "add",
        "--from",
        "-2h",
        "--to",
        "-1h",
        "Write report",
        "-p",
        "acme",
    ]);
    let found = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["log"];
        all.extend_from_slice(args);
        cli.json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["description"].as_str().unwrap().to_string())
            .collect()
    };
    // A search looks through everything, not only the last week; words match from their start.
    assert_eq!(
        found(&["--search", "rev"]),
        ["Review pull request", "Review the café menu"]
    );
    assert_eq!(found(&["--search", "CAFE"]), ["Review the café menu"]);
    assert_eq!(
        found(&["--project", "acme"]),
        ["Write report", "Review the café menu"]
    );
    assert_eq!(
        found(&["--search", "review", "-p", "ACME", "-t", "food"]),
        ["Review the café menu"]
    );
    // A range narrows it.
    assert_eq!(
        found(&["--search", "review", "--from", "2026-01-01"]),
        ["Review pull request"]
    );
    let text = cli.ok(&["log", "--search", "review"]);
    assert!(text.contains("Thu 2 May 2019"), "{text}");
    assert!(cli
        .ok(&["log", "--search", "nothing-like-this"])
        .contains("No entries match."));
    assert!(cli
        .refused(&["log", "--project", "nope"])
        .contains("There is no project called “nope”. `stint projects` lists them."));
}

#[test]
fn an_end_can_be_a_length_or_a_clock_time_on_the_start_day() {
    let cli = Cli::new();
    let added = cli.json(&[
        "add",
        "--from",
        "2026-11-27 23:00",
        "--to",
        "01:30",
        "Late release",
    ]);
    assert_eq!(added["start"], "2026-11-27T22:00:00Z");
    assert_eq!(added["stop"], "2026-11-28T00:30:00Z");
    let added = cli.json(&[
        "add",
        "--from",
        "2026-11-26 09:00",
        "--to",
        "+1h30",
        "Planning",
    ]);
    assert_eq!(added["seconds"], 5400);
    let id = added["id"].as_i64().unwrap().to_string();
    let edited = cli.json(&["edit", &id, "--to", "10:45"]);
    assert_eq!(edited["stop"], "2026-11-26T09:45:00Z");
    assert!(cli
        .refused(&["add", "--from", "2026-11-26 09:00", "--to", "+soon", "x"])
        .contains("“+soon” is not a time Stint understands"));
}
