//! The search query over a 100,000-entry history (issue 12: ≤ 20 ms in the core), beside the
//! query the window already makes for its first page (the 500 newest entries, no search), in
//! the same run: the ratio matters on a shared machine, where absolute times drift.
//!
//! `cargo bench -p stint-core --bench search` (release). Prints median and worst of 25 runs.

use chrono_tz::Europe::Berlin;
use stint_core::search::SearchQuery;

#[path = "history.rs"]
mod history;
#[path = "timing.rs"]
mod timing;
use history::ENTRIES;
use timing::{measure, RUNS};

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let now = history::now();
    let store = history::store_with_history(&runtime, dir.path(), true);
    let cases: Vec<(&str, SearchQuery)> = vec![
        (
            "one word, common (“review”)",
            SearchQuery {
                text: "review".into(),
                ..Default::default()
            },
        ),
        (
            "two words (“review design”)",
            SearchQuery {
                text: "review design".into(),
                ..Default::default()
            },
        ),
        (
            "a prefix (“interv”)",
            SearchQuery {
                text: "interv".into(),
                ..Default::default()
            },
        ),
        (
            "project filter",
            SearchQuery {
                project: Some("project-07".into()),
                ..Default::default()
            },
        ),
        (
            "word + project + tag",
            SearchQuery {
                text: "fix".into(),
                project: Some("project-07".into()),
                tag: Some("tag-17".into()),
                ..Default::default()
            },
        ),
        (
            "no match (“zebra”)",
            SearchQuery {
                text: "zebra".into(),
                ..Default::default()
            },
        ),
    ];
    let (base_median, base_worst, _) = measure(&runtime, || async {
        store.recent(500).await.unwrap().len() as u32
    });
    println!("{ENTRIES} entries over 40 years; median and worst of {RUNS} runs, release build");
    println!(
        "{:<34} | {:>9} | {:>9} | {:>7} | {:>8}",
        "query", "median ms", "worst ms", "found", "× newest"
    );
    println!(
        "{:<34} | {:>9.2} | {:>9.2} | {:>7} | {:>8}",
        "newest 500, no search (baseline)",
        base_median.as_secs_f64() * 1e3,
        base_worst.as_secs_f64() * 1e3,
        500,
        "1.00"
    );
    for (label, query) in &cases {
        let (median, worst, found) = measure(&runtime, || async {
            store.search(query, &Berlin, now).await.unwrap().count
        });
        println!(
            "{label:<34} | {:>9.2} | {:>9.2} | {found:>7} | {:>8.2}",
            median.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3,
            median.as_secs_f64() / base_median.as_secs_f64()
        );
    }
}
