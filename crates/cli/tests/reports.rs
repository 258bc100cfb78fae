//! `stint report` with filters, two-level groups, rounding and amounts, and the exports a
//! calendar or a client reads: iCalendar checked by an independent parser (Python's icalendar),
//! the PDF timesheet by extracting its text (poppler's pdftotext) and rendering it (pdftoppm).

mod common;

use std::process::Command;

use common::Cli;
use serde_json::json;

fn week_of_work(cli: &Cli) {
    for args in [
        vec![
            "add",
            "--from",
            "2026-11-23 09:00",
            "--to",
            "2026-11-23 12:00",
            "Write report",
            "-p",
            "Acme",
            "-t",
            "writing",
        ],
        // Starts inside the report: it owns 10:00–10:30.
        vec![
            "add",
            "--from",
            "2026-11-23 10:00",
            "--to",
            "2026-11-23 10:30",
            "Call; with, Bob",
            "-p",
            "Globex",
            "-t",
            "calls",
        ],
        vec![
            "add",
            "--from",
            "2026-11-24 14:00",
            "--to",
            "+1h10",
            "Review",
            "-p",
            "Acme",
            "-t",
            "writing",
            "-t",
            "calls",
        ],
        vec![
            "add",
            "--from",
            "2026-11-25 23:50",
            "--to",
            "2026-11-26 00:20",
            "Late fix, ünïcödé \\ done",
            "-t",
            "ops",
        ],
    ] {
        cli.ok(&args);
    }
}

const RANGE: [&str; 4] = ["--from", "2026-11-23", "--to", "2026-11-29"];

fn report(cli: &Cli, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report"];
    args.extend(RANGE);
    args.extend(extra);
    cli.json(&args)
}

#[test]
fn groups_on_two_levels_filters_and_rounding() {
    let cli = Cli::new();
    week_of_work(&cli);
    let two = report(&cli, &["--by", "project,description"]);
    assert_eq!(two["total_seconds"], 3 * 3600 + 70 * 60 + 30 * 60);
    assert_eq!(
        two["groups"],
        json!([
            { "key": "Acme", "seconds": 2 * 3600 + 30 * 60 + 70 * 60, "groups": [
                { "key": "Write report", "seconds": 2 * 3600 + 30 * 60 },
                { "key": "Review", "seconds": 70 * 60 },
            ]},
            { "key": "Globex", "seconds": 1800, "groups": [{ "key": "Call; with, Bob", "seconds": 1800 }] },
            { "key": null, "seconds": 1800, "groups": [{ "key": "Late fix, ünïcödé \\ done", "seconds": 1800 }] },
        ])
    );
    // Filters: every tag given (all), or any of them; words; a project.
    let all = report(
        &cli,
        &[
            "--by",
            "description",
            "-t",
            "writing",
            "-t",
            "calls",
            "--all-tags",
        ],
    );
    assert_eq!(
        all["groups"],
        json!([{ "key": "Review", "seconds": 70 * 60 }])
    );
    let any = report(
        &cli,
        &["--by", "description", "-t", "writing", "-t", "calls"],
    );
    assert_eq!(any["groups"].as_array().unwrap().len(), 3);
    let words = report(&cli, &["--by", "project", "--search", "late"]);
    assert_eq!(words["total_seconds"], 1800);
    let acme = report(&cli, &["-p", "acme"]);
    assert_eq!(acme["total_seconds"], 2 * 3600 + 30 * 60 + 70 * 60);
    // Rounding up to 15 minutes per entry: 2:30, 1:15, 0:30, 0:30; the raw total beside it.
    let rounded = report(&cli, &["--by", "day", "--round", "up:15"]);
    assert_eq!(rounded["total_seconds"], (150 + 75 + 30 + 30) * 60);
    assert_eq!(rounded["raw_total_seconds"], (150 + 70 + 30 + 30) * 60);
    // The midnight entry's rounding stays with the day it began.
    assert_eq!(
        rounded["groups"],
        json!([
            { "key": "2026-11-23", "seconds": 3 * 3600, "raw_seconds": 3 * 3600 },
            { "key": "2026-11-24", "seconds": 75 * 60, "raw_seconds": 70 * 60 },
            { "key": "2026-11-25", "seconds": 10 * 60, "raw_seconds": 10 * 60 },
            { "key": "2026-11-26", "seconds": 20 * 60, "raw_seconds": 20 * 60 },
        ])
    );
    let text = cli.ok(&[
        "report",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
        "--by",
        "project,description",
        "--round",
        "nearest:30:day",
    ]);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("(rounded to the nearest 30 min, each day and project)"),
        "{text}"
    );
    assert!(text.contains("      Write report"), "{text}");
    assert!(text.contains("Before rounding"), "{text}");

    assert!(cli
        .refused(&["report", "-p", "Nope"])
        .contains("no project called “Nope”"));
    assert!(cli
        .refused(&["report", "-t", "nope"])
        .contains("no tag called “nope”"));
    let bad = cli.run(&["report", "--round", "up:7"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("rounding steps are 1, 5, 6, 10, 15, 30, 60 minutes"),
        "{}",
        bad.stderr
    );
    assert_eq!(cli.run(&["report", "--by", "project,tag,day"]).code, 2);
    assert_eq!(cli.run(&["report", "--last-week", "--yesterday"]).code, 2);
    cli.ok(&["report", "--last-month", "--by", "week"]);
    cli.ok(&["report", "--year", "--by", "month"]);
}

/// The parsed events, as `[uid, start, end, summary, categories]`, by Python's icalendar.
fn parse_ical(file: &std::path::Path) -> Vec<Vec<String>> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    cats = e.get('CATEGORIES')
    cats = ','.join(str(c) for c in cats.cats) if cats is not None else ''
    out.append([str(e['UID']), e['DTSTART'].dt.isoformat(), e['DTEND'].dt.isoformat(), str(e['SUMMARY']), cats])
print(json.dumps(out))
"#;
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    // Fails with Python's own error when the icalendar package cannot read the file.
    serde_json::from_str(&common::output_of(
        Command::new(python).args(["-c", script]).arg(file),
    ))
    .unwrap()
}

#[test]
fn entries_are_billable_when_said_or_as_their_project_says() {
    let cli = Cli::new();
    let added = cli.json(&[
        "add",
        "--from",
        "2026-11-23 09:00",
        "--to",
        "+1h",
        "Design",
        "-p",
        "Acme",
        "--billable",
    ]);
    assert_eq!(added["billable"], true);
    let plain = cli.json(&[
        "add",
        "--from",
        "2026-11-23 11:00",
        "--to",
        "+30m",
        "Email",
        "-p",
        "Acme",
    ]);
    assert_eq!(plain["billable"], false);
    let id = plain["id"].as_i64().unwrap().to_string();
    assert_eq!(cli.json(&["edit", &id, "--billable"])["billable"], true);
    // An edit that does not say keeps the flag.
    assert_eq!(
        cli.json(&["edit", &id, "-d", "Email triage"])["billable"],
        true
    );
    assert_eq!(
        cli.json(&["edit", &id, "--not-billable"])["billable"],
        false
    );
    let billable = report(&cli, &["--billable", "--by", "description"]);
    assert_eq!(
        billable["groups"],
        json!([{ "key": "Design", "seconds": 3600 }])
    );
    assert_eq!(
        cli.run(&[
            "add",
            "--from",
            "9:00",
            "--to",
            "10:00",
            "x",
            "--billable",
            "--not-billable"
        ])
        .code,
        2
    );
}

#[test]
fn the_icalendar_export_reads_back_in_an_independent_parser() {
    let cli = Cli::new();
    week_of_work(&cli);
    // A description long enough to be folded, with characters of several byte lengths.
    let long = "Ünïcödé planning for the quarterly review with the whole team, café, €, 日本語 and more words";
    cli.ok(&[
        "add",
        "--from",
        "2026-11-27 09:00",
        "--to",
        "2026-11-27 10:00",
        long,
        "-t",
        "a",
        "-t",
        "b",
    ]);
    let file = cli.dir.path().join("week.ics");
    cli.ok(&[
        "export",
        "--format",
        "ical",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
        "-o",
        file.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
    }
    let events = parse_ical(&file);
    let entries = cli.json(&["log", "--from", "2026-11-23", "--to", "2026-11-29"]);
    let mut expected: Vec<Vec<String>> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let utc = |s: &str| {
                chrono::DateTime::parse_from_rfc3339(s)
                    .unwrap()
                    .with_timezone(&chrono::Utc)
                    .to_rfc3339()
            };
            vec![
                format!("{}@stint", e["uuid"].as_str().unwrap()),
                utc(e["start"].as_str().unwrap()),
                utc(e["stop"].as_str().unwrap()),
                e["description"].as_str().unwrap().to_string(),
                e["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(","),
            ]
        })
        .collect();
    expected.sort();
    let mut events = events;
    events.sort();
    assert_eq!(events.len(), 5);
    assert_eq!(events, expected);
}

#[test]
fn the_pdf_timesheet_has_a_page_per_week_with_its_days_groups_and_totals() {
    let cli = Cli::new();
    week_of_work(&cli);
    cli.ok(&[
        "add",
        "--from",
        "2026-12-01 09:00",
        "--to",
        "2026-12-01 09:45",
        "Next week",
        "-p",
        "Acme",
    ]);
    let pdf = cli.dir.path().join("timesheet.pdf");
    cli.ok(&[
        "export",
        "--format",
        "pdf",
        "--from",
        "2026-11-23",
        "--to",
        "2026-12-06",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "{text}");
    assert!(
        pages[0].contains("Week of 23 November 2026"),
        "{}",
        pages[0]
    );
    assert!(
        pages[0].contains("Report 23 November 2026 – 6 December 2026"),
        "{}",
        pages[0]
    );
    let line = |page: &str, start: &str| {
        page.lines()
            .find(|l| l.trim_start().starts_with(start))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    assert_eq!(
        line(pages[0], "Monday 23 Nov").as_deref(),
        Some("Monday 23 Nov 3:00")
    );
    assert_eq!(line(pages[0], "Acme").as_deref(), Some("Acme 3:40"));
    assert_eq!(line(pages[0], "Total").as_deref(), Some("Total 4:40"));
    assert!(
        pages[1].contains("Week of 30 November 2026") && pages[1].contains("Total"),
        "{}",
        pages[1]
    );
    assert!(pages[1].contains("Page 2 of 2"));
    // It renders: one image per page.
    let prefix = cli.dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "40"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        cli.dir.path().join("page-1.png").exists() && cli.dir.path().join("page-2.png").exists()
    );
    // Never to a terminal; the file beside is kept whole when a write fails.
    let taken = cli.dir.path().join("kept.pdf");
    std::fs::write(&taken, b"old").unwrap();
    let missing = cli.dir.path().join("no/such/folder/t.pdf");
    assert!(cli
        .refused(&["export", "--format", "pdf", "-o", missing.to_str().unwrap()])
        .contains("Cannot write"));
    assert_eq!(std::fs::read(&taken).unwrap(), b"old");
}
