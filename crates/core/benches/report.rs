//! Reports over a 100,000-entry history (issue 13: a year's report ≤ 20 ms in the core), beside
//! the query the window already makes for its first page (the 500 newest entries) in the same
//! run: the ratio matters on a shared machine, where absolute times drift.
//!
//! `cargo bench -p stint-core --bench report` (release). Prints median and worst of 25 runs.
//! Descriptions repeat, as people's do (a few hundred different ones).

use chrono::TimeZone;
use chrono_tz::Europe::Berlin;
use stint_core::display::WeekStart;
use stint_core::report::{Grouping, ReportFilter, ReportQuery};
use stint_core::rounding::{RoundDirection, Rounding, RoundingScope};

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
    let store = history::store_with_history(&runtime, dir.path(), false);
    let ms = |y: i32| {
        Berlin
            .with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp_millis()
    };
    let year = |group_by, then_by| ReportQuery {
        from_ms: ms(2025),
        to_ms: ms(2026),
        filter: ReportFilter::default(),
        group_by,
        then_by,
        rounding: None,
        week_start: WeekStart::Monday,
        max_groups: None,
    };
    let cases: Vec<(&str, ReportQuery)> = vec![
        (
            "a year, project → description",
            year(Grouping::Project, Some(Grouping::Description)),
        ),
        ("a year, by week", year(Grouping::Week, None)),
        (
            "a year, rounded per day and project",
            ReportQuery {
                rounding: Some(
                    Rounding::new(RoundDirection::Up, 15, RoundingScope::DayAndProject).unwrap(),
                ),
                ..year(Grouping::Project, None)
            },
        ),
        (
            "a year, one project and a tag",
            ReportQuery {
                filter: ReportFilter {
                    projects: vec!["project-07".into()],
                    tags: vec!["tag-17".into()],
                    ..Default::default()
                },
                ..year(Grouping::Description, None)
            },
        ),
        (
            "all time (40 years), by month",
            ReportQuery {
                from_ms: ms(1980),
                to_ms: ms(2027),
                ..year(Grouping::Month, None)
            },
        ),
        (
            "all time, project → description",
            ReportQuery {
                from_ms: ms(1980),
                to_ms: ms(2027),
                ..year(Grouping::Project, Some(Grouping::Description))
            },
        ),
    ];
    let (base_median, base_worst, _) = measure(&runtime, || async {
        store.recent(500).await.unwrap().len() as u32
    });
    println!("{ENTRIES} entries over 40 years; median and worst of {RUNS} runs, release build");
    println!(
        "{:<38} | {:>9} | {:>9} | {:>8} | {:>8}",
        "report", "median ms", "worst ms", "entries", "× newest"
    );
    println!(
        "{:<38} | {:>9.2} | {:>9.2} | {:>8} | {:>8}",
        "(the 500 newest entries, for scale)",
        base_median.as_secs_f64() * 1e3,
        base_worst.as_secs_f64() * 1e3,
        500,
        "1.0"
    );
    for (name, query) in &cases {
        let (median, worst, found) = measure(&runtime, || async {
            store
                .summary(query, now.timestamp_millis(), &Berlin)
                .await
                .unwrap()
                .entry_count
        });
        println!(
            "{name:<38} | {:>9.2} | {:>9.2} | {found:>8} | {:>8.1}",
            median.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3,
            median.as_secs_f64() / base_median.as_secs_f64()
        );
    }
}
