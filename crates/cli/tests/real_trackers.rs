//! Data made by the real trackers: Timewarrior (Debian's `timewarrior`) and Watson (PyPI's
//! `td-watson`, installed by scripts/setup.sh) record a few dozen intervals with projects, tags
//! and annotations; `stint import` reads their files and every entry is compared.
//! `scripts/test.sh` sets STINT_REQUIRE_TRACKERS=1, so in CI a missing tool fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Cli;
use serde_json::Value;

fn tool(env: &str, name: &str) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(env) {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn require(env: &str, name: &str) -> Option<PathBuf> {
    let found = tool(env, name);
    if found.is_none() {
        assert!(
            std::env::var("STINT_REQUIRE_TRACKERS").is_err(),
            "{name} is not installed: run scripts/setup.sh"
        );
        eprintln!("{name} is not installed; skipping (scripts/setup.sh installs it)");
    }
    found
}

fn run(tool: &Path, args: &[&str], env: (&str, &Path)) -> String {
    common::output_of(
        Command::new(tool)
            .args(args)
            .env(env.0, env.1)
            .env("TZ", "Europe/Berlin"),
    )
}

/// Stint's entries as its JSON export writes them, by start.
fn stint_entries(cli: &Cli) -> Vec<Value> {
    let mut all = cli
        .json(&["export", "--format", "json"])
        .as_array()
        .unwrap()
        .clone();
    all.sort_by_key(|e| e["start"].as_str().unwrap().to_string());
    all
}

fn timew_utc(text: &str) -> String {
    // 20261102T080000Z → 2026-11-02T08:00:00Z
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &text[0..4],
        &text[4..6],
        &text[6..8],
        &text[9..11],
        &text[11..13],
        &text[13..15]
    )
}

#[test]
fn timewarrior_intervals_come_across_whole() {
    let Some(timew) = require("STINT_TIMEW", "timew") else {
        return;
    };
    let db = tempfile::tempdir().unwrap();
    let env = ("TIMEWARRIORDB", db.path());
    let tags = [
        vec!["acme", "design"],
        vec!["acme", "deep work"],
        vec!["internal"],
        vec!["review", "acme"],
    ];
    for i in 0..32u32 {
        let day = 2 + i / 4;
        let hour = 8 + (i % 4) * 2;
        let from = format!("2026-11-{day:02}T{hour:02}:00");
        let to = format!("2026-11-{day:02}T{:02}:{:02}", hour + 1, (i * 7) % 60);
        let mut args = vec!["track", from.as_str(), "-", to.as_str()];
        args.extend(tags[i as usize % 4].iter().copied());
        args.push(":yes");
        run(&timew, &args, env);
    }
    // Annotations, one with quotes, a comma and a hash.
    run(
        &timew,
        &["annotate", "@1", "Ship it, \"now\" #1", ":yes"],
        env,
    );
    run(&timew, &["annotate", "@5", "Calls", ":yes"], env);
    let export_json = run(&timew, &["export"], env);
    let intervals: Vec<Value> = serde_json::from_str(&export_json).unwrap();
    assert_eq!(intervals.len(), 32);

    let from_export = Cli::new();
    let file = from_export.dir.path().join("timew.json");
    std::fs::write(&file, &export_json).unwrap();
    let report = from_export.json(&["import", file.to_str().unwrap(), "--project-tag", "first"]);
    assert_eq!(
        (&report["format"], &report["new"]),
        (&"timewarrior-export".into(), &32.into())
    );
    let entries = stint_entries(&from_export);
    assert_eq!(entries.len(), 32);
    for (interval, entry) in intervals.iter().zip(&entries) {
        assert_eq!(
            entry["start"],
            timew_utc(interval["start"].as_str().unwrap())
        );
        assert_eq!(entry["stop"], timew_utc(interval["end"].as_str().unwrap()));
        let mut tags: Vec<&str> = interval["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let project = tags.remove(0);
        assert_eq!(entry["project"], project);
        let mut kept: Vec<&str> = entry["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        kept.sort_unstable();
        tags.sort_unstable();
        assert_eq!(kept, tags);
        match interval["annotation"].as_str() {
            Some(text) => assert_eq!(entry["description"], text),
            None => assert!(!entry["description"].as_str().unwrap().is_empty()),
        }
    }

    // The data folder, read directly, gives the same entries; importing it on top adds none.
    let from_folder = Cli::new();
    from_folder.json(&[
        "import",
        db.path().to_str().unwrap(),
        "--project-tag",
        "first",
    ]);
    assert_eq!(stint_entries(&from_folder).len(), 32);
    let strip = |all: Vec<Value>| -> Vec<Value> {
        all.into_iter()
            .map(|mut e| {
                e.as_object_mut().unwrap().remove("uuid");
                e
            })
            .collect()
    };
    assert_eq!(strip(stint_entries(&from_folder)), strip(entries));
    let again = from_export.json(&[
        "import",
        db.path().to_str().unwrap(),
        "--project-tag",
        "first",
    ]);
    assert_eq!(
        (&again["new"], &again["duplicates"]),
        (&0.into(), &32.into())
    );
}

#[test]
fn watson_frames_come_across_whole() {
    let Some(watson) = require("STINT_WATSON", "watson") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = ("WATSON_DIR", dir.path());
    let projects = ["acme", "internal", "writing"];
    for i in 0..30u32 {
        let day = 2 + i / 3;
        let hour = 9 + (i % 3) * 2;
        let from = format!("2026-11-{day:02} {hour:02}:00");
        let to = format!("2026-11-{day:02} {:02}:{:02}", hour + 1, (i * 11) % 60);
        let mut args = vec![
            "add",
            "-f",
            from.as_str(),
            "-t",
            to.as_str(),
            projects[i as usize % 3],
        ];
        if i % 2 == 0 {
            args.push("+meeting");
        }
        if i % 5 == 0 {
            args.push("+client call");
        }
        run(&watson, &args, env);
    }
    let log: Vec<Value> = serde_json::from_str(&run(
        &watson,
        &[
            "log",
            "--json",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
        env,
    ))
    .unwrap();
    assert_eq!(log.len(), 30);

    let cli = Cli::new();
    // Watson's folder, as a person would point at it; Stint reads the frames file in it.
    let report = cli.json(&["import", dir.path().to_str().unwrap()]);
    assert_eq!(
        (&report["format"], &report["new"]),
        (&"watson-frames".into(), &30.into())
    );
    let entries = stint_entries(&cli);
    for frame in &log {
        let start = chrono::DateTime::parse_from_rfc3339(frame["start"].as_str().unwrap()).unwrap();
        let stop = chrono::DateTime::parse_from_rfc3339(frame["stop"].as_str().unwrap()).unwrap();
        let utc = |t: chrono::DateTime<chrono::FixedOffset>| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        };
        let entry = entries
            .iter()
            .find(|e| e["start"] == utc(start))
            .unwrap_or_else(|| panic!("no entry for {frame}"));
        assert_eq!(entry["stop"], utc(stop));
        assert_eq!(entry["project"], frame["project"]);
        let mut tags: Vec<&str> = frame["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        tags.sort_unstable();
        assert_eq!(entry["tags"], serde_json::json!(tags));
    }
    // `watson log --json` names the same frames by the same ids: nothing new.
    let log_file = cli.dir.path().join("log.json");
    std::fs::write(&log_file, serde_json::to_string(&log).unwrap()).unwrap();
    let again = cli.json(&["import", log_file.to_str().unwrap()]);
    assert_eq!(
        (&again["format"], &again["new"], &again["duplicates"]),
        (&"watson-log".into(), &0.into(), &30.into())
    );
    // And the whole import can be taken back.
    cli.ok(&["import", "--undo", "LAST"]);
    assert!(stint_entries(&cli).is_empty());
}
