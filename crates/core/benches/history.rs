//! The 100,000-entry history the benchmarks share: about ten entries a working day over 40
//! years, 30 projects, 50 tags, descriptions from a dozen words.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use stint_core::import::{ImportInput, ImportOptions};
use stint_core::Store;

pub const ENTRIES: usize = 100_000;

/// `unique`: every description different (the search bench's worst case); otherwise a few
/// hundred descriptions repeat, as people's do.
pub fn history(unique: bool) -> String {
    let words = [
        "review",
        "write",
        "design",
        "plan",
        "call",
        "email",
        "fix",
        "deploy",
        "test",
        "read",
        "sync",
        "interview",
    ];
    let mut csv = String::from("start,stop,description,project,tags\n");
    let first = Utc.with_ymd_and_hms(1986, 1, 6, 8, 0, 0).unwrap();
    // About ten entries per working day over 40 years.
    for i in 0..ENTRIES {
        let start = first + chrono::Duration::minutes(i as i64 * 210);
        let stop = start + chrono::Duration::minutes(25 + (i % 30) as i64);
        let text: Vec<&str> = (0..3)
            .map(|k| words[(i * 7 + k * 5 + i / 13) % words.len()])
            .collect();
        csv.push_str(&format!(
            "{},{},{}{},project-{:02},tag-{:02}\n",
            start.to_rfc3339(),
            stop.to_rfc3339(),
            text.join(" "),
            if unique {
                format!(" {i}")
            } else {
                String::new()
            },
            i % 30,
            i % 50
        ));
    }
    csv
}

/// The instant the benchmarks take as now.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

/// A store in `dir` holding [`history`], imported in Berlin time.
pub fn store_with_history(
    runtime: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    unique: bool,
) -> Store {
    runtime.block_on(async {
        let store = Store::open(&dir.join("stint.db")).await.unwrap();
        store
            .import(
                &ImportInput::bytes("history.csv", history(unique)),
                &ImportOptions::default(),
                &Berlin,
                now(),
                |_| {},
            )
            .await
            .unwrap();
        store
    })
}
