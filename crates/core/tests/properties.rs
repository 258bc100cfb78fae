//! Property tests on real SQLite files: day totals add up across DST changes, grouping is by
//! local start day, and no sequence of operations leaves two timers running.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;
use stint_core::local_time::{day_bounds, local_date};
use stint_core::timeline::group_days;
use stint_core::{EntryFields, Error};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A span around both 2026 DST changes in Berlin, in whole minutes.
fn span() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(2026, 3, 20, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 5, 0, 0, 0).unwrap(),
    )
}

/// The model of the overlap rule, minute by minute: each minute belongs to the entry covering it
/// that started last (the later index on a tie). Returns the minutes each entry owns.
fn owned_minutes(entries: &[(i64, i64)]) -> Vec<i64> {
    let mut owned = vec![0; entries.len()];
    for (i, (start, length)) in entries.iter().enumerate() {
        for minute in *start..start + length {
            let owner = (0..entries.len())
                .filter(|j| entries[*j].0 <= minute && minute < entries[*j].0 + entries[*j].1)
                .max_by_key(|j| (entries[*j].0, *j))
                .unwrap();
            if owner == i {
                owned[i] += 1;
            }
        }
    }
    owned
}

/// Whether entry `i` shares a minute with another.
fn shares_time(entries: &[(i64, i64)], i: usize) -> bool {
    let (a, la) = entries[i];
    entries
        .iter()
        .enumerate()
        .any(|(j, (b, lb))| j != i && a < b + lb && *b < a + la)
}

fn entry_strategy() -> impl Strategy<Value = (i64, i64)> {
    let (from, to) = span();
    let minutes = (to - from).num_minutes() - 40 * 60;
    (0..minutes, 0i64..(30 * 60))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn local_day_totals_add_up_to_the_tracked_time_counting_shared_time_once(entries in prop::collection::vec(entry_strategy(), 1..12)) {
        let (from, to) = span();
        runtime().block_on(async {
            let (_dir, store) = common::store().await;
            let mut expected = 0;
            let mut first_day: Option<NaiveDate> = None;
            let mut last_day: Option<NaiveDate> = None;
            for (offset, length) in &entries {
                let start = from + Duration::minutes(*offset);
                let stop = start + Duration::minutes(*length);
                store.add_entry(&EntryFields {
                    description: "work".into(),
                    project_id: None,
                    tags: vec![],
                    start: start.to_rfc3339(),
                    stop: Some(stop.to_rfc3339()),
                    billable: None,
                }, &Berlin, to).await.unwrap();
                let (a, b) = (local_date(start, &Berlin), local_date(stop, &Berlin));
                first_day = Some(first_day.map_or(a, |d| d.min(a)));
                last_day = Some(last_day.map_or(b, |d| d.max(b)));
            }
            let mut by_start: Vec<(i64, i64)> = entries.clone();
            by_start.sort_by_key(|e| e.0);
            expected += owned_minutes(&by_start).iter().sum::<i64>() * 60_000;
            let mut sum = 0;
            let mut day = first_day.unwrap();
            while day <= last_day.unwrap() {
                let (start, end) = day_bounds(day, &Berlin);
                sum += store.period(start, end, to).await.unwrap().total_ms;
                day = day.succ_opt().unwrap();
            }
            assert_eq!(sum, expected);
        });
    }

    #[test]
    fn entries_are_grouped_under_their_local_start_day_and_shared_time_counts_once(entries in prop::collection::vec(entry_strategy(), 0..40)) {
        let (from, _) = span();
        let mut list: Vec<stint_core::Entry> = entries.iter().enumerate().map(|(i, (offset, length))| {
            let start = (from + Duration::minutes(*offset)).timestamp_millis();
            stint_core::Entry {
                id: i as i64, uuid: i.to_string(), description: "e".into(), project: None, tags: vec![],
                start_ms: start, stop_ms: Some(start + length * 60_000), billable: false,
            }
        }).collect();
        list.sort_by_key(|e| std::cmp::Reverse((e.start_ms, e.id)));
        let owned = owned_minutes(&entries);
        let days = group_days(list.clone(), &Berlin, Utc::now());
        prop_assert_eq!(days.iter().map(|d| d.entries.len()).sum::<usize>(), list.len());
        for pair in days.windows(2) {
            prop_assert!(pair[0].date > pair[1].date, "days newest first and distinct");
        }
        for day in &days {
            let mut total = 0;
            for entry in &day.entries {
                let start = DateTime::from_timestamp_millis(entry.start_ms).unwrap();
                prop_assert_eq!(local_date(start, &Berlin).format("%Y-%m-%d").to_string(), day.date.clone());
                total += owned[entry.id as usize] * 60_000;
                let marked = day.overlaps.iter().find(|o| o.entry_id == entry.id);
                prop_assert_eq!(marked.is_some(), shares_time(&entries, entry.id as usize));
                if let Some(mark) = marked {
                    let other = &entries[mark.other_id as usize];
                    let own = &entries[entry.id as usize];
                    prop_assert!(own.0 < other.0 + other.1 && other.0 < own.0 + own.1, "the named entry overlaps it");
                }
            }
            prop_assert_eq!(total, day.total_ms);
        }
    }

    #[test]
    fn no_sequence_of_operations_leaves_two_timers_running(ops in prop::collection::vec(0u8..5, 1..30)) {
        runtime().block_on(async {
            let (_dir, store) = common::store().await;
            let mut now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
            let mut model_running: Option<i64> = None;
            let mut last_deleted: Option<i64> = None;
            let mut any_entry: Option<i64> = None;
            for op in ops {
                now += Duration::minutes(7);
                match op {
                    0 => match store.start_timer(&common::start("task"), &Berlin, now).await {
                        Ok(e) => { assert!(model_running.is_none()); model_running = Some(e.id); any_entry = Some(e.id); }
                        Err(Error::TimerAlreadyRunning { .. }) => assert!(model_running.is_some()),
                        Err(e) => panic!("{e}"),
                    },
                    1 => match store.stop_timer(now).await {
                        Ok(e) => { assert_eq!(Some(e.id), model_running); model_running = None; }
                        Err(Error::NoTimerRunning) => assert!(model_running.is_none()),
                        Err(e) => panic!("{e}"),
                    },
                    2 => if let Some(id) = any_entry {
                        if store.delete_entry(id, now).await.is_ok() {
                            if model_running == Some(id) { model_running = None; }
                            last_deleted = Some(id);
                            any_entry = None;
                        }
                    },
                    3 => if let Some(id) = last_deleted {
                        match store.restore_entry(id, now).await {
                            Ok(e) => {
                                if e.is_running() { assert!(model_running.is_none()); model_running = Some(e.id); }
                                last_deleted = None;
                                any_entry = Some(id);
                            }
                            Err(Error::TimerAlreadyRunning { .. }) => assert!(model_running.is_some()),
                            Err(e) => panic!("{e}"),
                        }
                    },
                    _ => if let Some(id) = any_entry {
                        let e = store.continue_entry(id, &Berlin, now).await.unwrap();
                        model_running = Some(e.id);
                        any_entry = Some(e.id);
                    },
                }
                let running = store.running().await.unwrap().map(|e| e.id);
                assert_eq!(running, model_running);
                let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE stop_ms IS NULL AND deleted_at IS NULL")
                    .fetch_one(store.pool()).await.unwrap();
                assert!(count <= 1);
            }
        });
    }
}
