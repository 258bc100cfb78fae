mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::{America::Sao_Paulo, Europe::Berlin};
use common::{fields, store};
use stint_core::local_time::{day_bounds, day_start, week_start};
use stint_core::{parse_time, Error};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const HOUR_MS: i64 = 3_600_000;

#[test]
fn local_days_are_23_24_or_25_hours_long() {
    let hours = |d| {
        let (start, end) = day_bounds(d, &Berlin);
        (end - start).num_hours()
    };
    assert_eq!(hours(date(2026, 3, 29)), 23, "clocks go forward");
    assert_eq!(hours(date(2026, 10, 25)), 25, "clocks go back");
    assert_eq!(hours(date(2026, 11, 2)), 24);
    assert_eq!(
        day_start(date(2026, 10, 25), &Berlin),
        Utc.with_ymd_and_hms(2026, 10, 24, 22, 0, 0).unwrap()
    );
}

#[test]
fn a_day_whose_midnight_does_not_exist_starts_at_its_first_real_minute() {
    // São Paulo moved its clocks forward at midnight on 2018-11-04: the day began at 01:00.
    let start = day_start(date(2018, 11, 4), &Sao_Paulo);
    assert_eq!(start, Utc.with_ymd_and_hms(2018, 11, 4, 3, 0, 0).unwrap());
}

#[test]
fn typed_times_are_read_in_local_time_and_dst_edges_are_explicit() {
    assert_eq!(
        parse_time("2026-11-02 09:30", &Berlin).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 2, 8, 30, 0).unwrap()
    );
    assert_eq!(
        parse_time("2026-11-02T09:30:00-05:00", &Berlin).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 2, 14, 30, 0).unwrap(),
        "an explicit offset wins over the zone"
    );
    let gap = parse_time("2026-03-29 02:30", &Berlin).unwrap_err();
    assert!(
        matches!(gap, Error::InvalidTime { ref reason, .. } if reason.contains("does not exist")),
        "{gap}"
    );
    // 02:30 happens twice on 2026-10-25; the first (summer time, UTC+2) is meant.
    assert_eq!(
        parse_time("2026-10-25 02:30", &Berlin).unwrap(),
        Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
    );
    for bad in [
        "",
        "yesterday",
        "2026-11-02",
        "09:30",
        "2026-02-30 09:00",
        "2026-11-02 25:00",
    ] {
        let err = parse_time(bad, &Berlin).unwrap_err();
        assert!(
            matches!(err, Error::InvalidTime { .. }),
            "{bad:?} gave {err:?}"
        );
    }
}

#[test]
fn weeks_start_on_monday() {
    assert_eq!(week_start(date(2026, 11, 27)), date(2026, 11, 23));
    assert_eq!(week_start(date(2026, 11, 23)), date(2026, 11, 23));
    assert_eq!(week_start(date(2026, 11, 29)), date(2026, 11, 23));
}

#[tokio::test]
async fn entries_group_by_local_day_across_the_autumn_dst_change() {
    let (_dir, store) = store().await;
    let now = Berlin
        .with_ymd_and_hms(2026, 10, 25, 23, 45, 0)
        .unwrap()
        .with_timezone(&Utc);
    // 00:30 to 23:30 local on the 25-hour day: 24 hours of work.
    store
        .add_entry(
            &fields("Long day", "2026-10-25 00:30", Some("2026-10-25 23:30")),
            &Berlin,
            now,
        )
        .await
        .unwrap();
    // 23:00 to 23:59 local the evening before (21:00Z..21:59Z on the 24th).
    store
        .add_entry(
            &fields("Evening", "2026-10-24 23:00", Some("2026-10-24 23:59")),
            &Berlin,
            now,
        )
        .await
        .unwrap();
    let timeline = store.timeline(&Berlin, now, 7).await.unwrap();
    let days: Vec<_> = timeline
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.total_ms, d.entries.len()))
        .collect();
    assert_eq!(
        days,
        vec![
            ("2026-10-25", 24 * HOUR_MS, 1),
            ("2026-10-24", 59 * 60_000, 1)
        ]
    );
    assert_eq!(
        timeline.today.end_ms - timeline.today.start_ms,
        25 * HOUR_MS
    );
    assert_eq!(timeline.today.total_ms, 24 * HOUR_MS);
    // Week of Monday 2026-10-19: both entries.
    assert_eq!(timeline.week.total_ms, 24 * HOUR_MS + 59 * 60_000);
    assert_eq!(
        timeline.week.end_ms - timeline.week.start_ms,
        7 * 24 * HOUR_MS + HOUR_MS
    );
}

#[tokio::test]
async fn an_entry_across_midnight_is_listed_on_its_start_day_but_split_in_totals() {
    let (_dir, store) = store().await;
    let now = Berlin
        .with_ymd_and_hms(2026, 11, 3, 12, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    store
        .add_entry(
            &fields("Late night", "2026-11-02 22:00", Some("2026-11-03 02:00")),
            &Berlin,
            now,
        )
        .await
        .unwrap();
    let timeline = store.timeline(&Berlin, now, 7).await.unwrap();
    assert_eq!(timeline.days.len(), 1);
    assert_eq!(timeline.days[0].date, "2026-11-02");
    assert_eq!(timeline.days[0].total_ms, 4 * HOUR_MS);
    assert_eq!(
        timeline.today.total_ms,
        2 * HOUR_MS,
        "only the part after midnight is today's"
    );
    assert_eq!(timeline.week.total_ms, 4 * HOUR_MS);
}

#[tokio::test]
async fn a_running_timer_counts_up_to_now_and_older_entries_are_flagged() {
    let (_dir, store) = store().await;
    let now = Berlin
        .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    store
        .add_entry(
            &fields("Last month", "2026-10-01 09:00", Some("2026-10-01 10:00")),
            &Berlin,
            now,
        )
        .await
        .unwrap();
    let mut start = common::start("Now");
    start.start = Some("2026-11-27 14:00".into());
    store.start_timer(&start, &Berlin, now).await.unwrap();
    let timeline = store.timeline(&Berlin, now, 14).await.unwrap();
    assert_eq!(timeline.running.as_ref().unwrap().description, "Now");
    assert_eq!(timeline.today.total_ms, HOUR_MS);
    assert_eq!(timeline.days.len(), 1);
    assert_eq!(timeline.days[0].total_ms, HOUR_MS);
    assert!(timeline.has_older);
    assert_eq!(timeline.as_of_ms, now.timestamp_millis());
    let wider = store.timeline(&Berlin, now, 60).await.unwrap();
    assert_eq!(wider.days.len(), 2);
    assert!(!wider.has_older);
}

/// The window loads the history a stretch of local days at a time (jump to a date, scroll): a
/// range holds exactly the entries that start on its days, the clocks' change included, and
/// says whether there is more before and after.
#[tokio::test]
async fn a_range_of_days_holds_its_days_entries_and_knows_what_lies_beyond() {
    let (_dir, store) = store().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    for (text, start, stop) in [
        (
            "Long ago",
            "2006-03-20T09:00:00+01:00",
            "2006-03-20T10:00:00+01:00",
        ),
        // Berlin's spring change: 2026-03-29 is 23 hours long.
        (
            "Before the change",
            "2026-03-28T23:30:00+01:00",
            "2026-03-29T00:30:00+01:00",
        ),
        (
            "On the short day",
            "2026-03-29T23:30:00+02:00",
            "2026-03-29T23:45:00+02:00",
        ),
        (
            "Next day",
            "2026-03-30T00:10:00+02:00",
            "2026-03-30T01:00:00+02:00",
        ),
        (
            "Recent",
            "2026-11-02T09:00:00+01:00",
            "2026-11-02T10:00:00+01:00",
        ),
    ] {
        store
            .add_entry(&fields(text, start, Some(stop)), &Berlin, now)
            .await
            .unwrap();
    }
    let range = store
        .days_between(date(2026, 3, 29), date(2026, 3, 29), &Berlin, now)
        .await
        .unwrap();
    assert_eq!(range.days.len(), 1);
    assert_eq!(range.days[0].date, "2026-03-29");
    assert_eq!(range.days[0].entries[0].description, "On the short day");
    assert!(range.has_older && range.has_newer);
    let range = store
        .days_between(date(2006, 1, 1), date(2026, 3, 28), &Berlin, now)
        .await
        .unwrap();
    let dates: Vec<&str> = range.days.iter().map(|d| d.date.as_str()).collect();
    assert_eq!(dates, ["2026-03-28", "2006-03-20"]);
    assert!(!range.has_older);
    assert!(range.has_newer);
    let range = store
        .days_between(date(2026, 11, 1), date(2026, 11, 30), &Berlin, now)
        .await
        .unwrap();
    assert!(!range.has_newer);
    assert_eq!(range.days[0].total_ms, 3_600_000);
}

/// "This week" starts on the day the person chose (Monday unless changed).
#[tokio::test]
async fn this_week_starts_on_the_chosen_day() {
    use stint_core::display::{DisplayPreferences, WeekStart};
    let (_dir, store) = store().await;
    // Thursday 2026-11-26, noon in Berlin.
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 11, 0, 0).unwrap();
    let week = store.timeline(&Berlin, now, 14).await.unwrap().week;
    assert_eq!(
        week.start_ms,
        day_start(date(2026, 11, 23), &Berlin).timestamp_millis()
    );
    store
        .set_display_preferences(&DisplayPreferences {
            week_start: WeekStart::Sunday,
            ..Default::default()
        })
        .await
        .unwrap();
    let week = store.timeline(&Berlin, now, 14).await.unwrap().week;
    assert_eq!(
        week.start_ms,
        day_start(date(2026, 11, 22), &Berlin).timestamp_millis()
    );
    assert_eq!(
        week.end_ms,
        day_start(date(2026, 11, 29), &Berlin).timestamp_millis()
    );
}
