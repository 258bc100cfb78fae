//! Fuzz targets, run as property tests on real SQLite files: the CSV importer, the time parser
//! and the day parser. Each starts from the checked-in seed corpus (`tests/fuzz-corpus/`), then
//! tries generated input. No input may panic, every refusal is an error a person can read, and
//! whatever the importer accepts survives export and re-import unchanged.
//!
//! `STINT_FUZZ_CASES` sets how many generated inputs each target tries (the test script runs a
//! longer, bounded round).

use std::path::Path;

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;
use stint_core::import::{ImportInput, ImportOptions, ImportReport};
use stint_core::transfer::{defuse_formula, restore_formula, ExportFormat};
use stint_core::{parse_day, parse_human, Error, Store};

fn cases() -> u32 {
    std::env::var("STINT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

fn corpus(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(name)
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A message written for a person: no Rust debug text (the person's own input aside).
fn assert_readable(err: &Error, input: &str) {
    let mut text = err.to_string();
    if !input.is_empty() {
        text = text.replace(&format!("“{input}”"), "“…”");
    }
    for debug in [
        "Some(",
        "Position {",
        "ErrorKind",
        "Utf8 {",
        "Line 0:",
        "{ ",
        "\\u{",
    ] {
        assert!(!text.contains(debug), "debug text in “{text}”");
    }
    assert!(text.ends_with('.'), "“{text}” is not a sentence");
}

async fn import_bytes(store: &Store, bytes: &[u8]) -> stint_core::Result<ImportReport> {
    store
        .import(
            &ImportInput::bytes("fuzz.csv", bytes),
            &ImportOptions::default(),
            &Berlin,
            now(),
            |_| {},
        )
        .await
}

/// Imports `bytes` into a fresh database; if accepted, exports it, re-imports the export into
/// another fresh database and requires the same export back. A refusal must change nothing.
async fn import_round_trip(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.db")).await.unwrap();
    match import_bytes(&store, bytes).await {
        Ok(_) => {
            let mut first = Vec::new();
            store
                .export(ExportFormat::Csv, None, None, &mut first)
                .await
                .unwrap();
            let again = Store::open(&dir.path().join("b.db")).await.unwrap();
            import_bytes(&again, &first)
                .await
                .expect("Stint's own export must import");
            let mut second = Vec::new();
            again
                .export(ExportFormat::Csv, None, None, &mut second)
                .await
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&first),
                String::from_utf8_lossy(&second)
            );
            again.close().await;
        }
        Err(err) => {
            assert_readable(&err, "");
            assert_eq!(store.entry_count().await.unwrap(), 0, "half an import");
            assert!(
                store.projects().await.unwrap().is_empty(),
                "a refused import left projects"
            );
        }
    }
    store.close().await;
}

#[test]
fn the_seed_corpus_imports_or_is_refused_in_words() {
    let rt = runtime();
    for item in std::fs::read_dir(corpus("")).unwrap() {
        let path = item.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            rt.block_on(import_round_trip(&std::fs::read(&path).unwrap()));
        }
    }
}

#[test]
fn the_seed_times_and_days_parse_or_are_refused_in_words() {
    for line in std::fs::read_to_string(corpus("times.txt"))
        .unwrap()
        .lines()
    {
        check_time(line);
    }
    for line in std::fs::read_to_string(corpus("days.txt")).unwrap().lines() {
        check_day(line);
    }
}

fn check_time(text: &str) {
    match parse_human(text, &Berlin, now()) {
        Ok(t) => {
            assert!(stint_core::local_time::YEARS.contains(&chrono::Datelike::year(&t)));
            // What Stint writes for it reads back as the same instant.
            let written = t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            assert_eq!(stint_core::parse_time(&written, &Berlin).unwrap(), t);
        }
        Err(err) => assert_readable(&err, text),
    }
}

fn check_day(text: &str) {
    if let Err(err) = parse_day(text, &Berlin, now()) {
        assert_readable(&err, text);
    }
}

/// Cells made of the characters that matter to CSV and to spreadsheets.
fn cell() -> impl Strategy<Value = String> {
    prop::string::string_regex("['=+@\\- ,\"a-zé0-9]{0,12}").unwrap()
}

fn time_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Real instants, in forms Stint and other tools write.
        (0i64..400_000_000, 0u8..3).prop_map(|(s, form)| {
            let t = Utc.timestamp_opt(1_500_000_000 + s, 0).unwrap();
            match form {
                0 => t.to_rfc3339(),
                1 => t
                    .with_timezone(&Berlin)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                _ => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            }
        }),
        prop::string::string_regex("[-0-9T:Z .+]{0,25}").unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_csv_import(rows in prop::collection::vec((time_text(), time_text(), cell(), cell(), cell()), 0..6)) {
        let mut csv = String::from("start,stop,description,project,tags\n");
        for (start, stop, description, project, tags) in &rows {
            let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            csv.push_str(&format!("{},{},{},{},{}\n", start, stop, quote(description), quote(project), quote(tags)));
        }
        runtime().block_on(import_round_trip(csv.as_bytes()));
    }

    #[test]
    fn fuzz_csv_import_raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut input = b"start,stop,description\n".to_vec();
        input.extend_from_slice(&bytes);
        runtime().block_on(import_round_trip(&input));
    }

    #[test]
    fn fuzz_time_parser(text in prop_oneof![
        prop::string::string_regex("-?[0-9dhms]{0,30}").unwrap(),
        prop::string::string_regex("(today|yesterday|now)? ?[0-9:]{0,8}").unwrap(),
        time_text(),
        any::<String>(),
    ]) {
        check_time(&text);
    }

    #[test]
    fn fuzz_day_parser(text in prop_oneof![
        prop::string::string_regex("[0-9-]{0,12}").unwrap(),
        any::<String>(),
    ]) {
        check_day(&text);
    }

    #[test]
    fn formula_defusing_round_trips(text in cell()) {
        let defused = defuse_formula(&text);
        prop_assert!(!defused.starts_with(['=', '+', '-', '@', '\t', '\r']));
        prop_assert_eq!(restore_formula(&defused), text.as_str());
    }
}
