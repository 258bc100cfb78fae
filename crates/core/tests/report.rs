//! Reports on a real SQLite file: groupings on two levels, filters that never move time between
//! entries, rounding in every mode (across midnight and on DST days), amounts per currency, and
//! the chart's bars adding up to the total.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use common::store;
use stint_core::display::WeekStart;
use stint_core::report::{
    Amount, ChartUnit, Grouping, ReportFilter, ReportGroup, ReportQuery, SummaryReport, TagMatch,
};
use stint_core::rounding::{RoundDirection, Rounding, RoundingScope};
use stint_core::{EntryFields, Error, ProjectChanges, Store};

const MIN: i64 = 60_000;
const H: i64 = 60 * MIN;

fn now() -> DateTime<Utc> {
    common::utc(2026, 12, 1, 12, 0)
}

/// A Berlin wall-clock time, as the person typed it.
fn at(day: &str, time: &str) -> String {
    format!("{day} {time}")
}

fn berlin_ms(y: i32, mo: u32, d: u32) -> i64 {
    Berlin
        .with_ymd_and_hms(y, mo, d, 0, 0, 0)
        .unwrap()
        .timestamp_millis()
}

async fn add(
    store: &Store,
    description: &str,
    from: String,
    to: String,
    project: Option<&str>,
    tags: &[&str],
    billable: Option<bool>,
) {
    store
        .add_entry_named(
            &EntryFields {
                description: description.into(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                start: from,
                stop: Some(to),
                billable,
                ..Default::default()
            },
            project,
            &Berlin,
            now(),
        )
        .await
        .unwrap();
}

fn query(from: (i32, u32, u32), to: (i32, u32, u32), group_by: Grouping) -> ReportQuery {
    ReportQuery {
        from_ms: berlin_ms(from.0, from.1, from.2),
        to_ms: berlin_ms(to.0, to.1, to.2),
        filter: ReportFilter::default(),
        group_by,
        then_by: None,
        rounding: None,
        week_start: WeekStart::Monday,
        max_groups: None,
    }
}

async fn report(store: &Store, q: &ReportQuery) -> SummaryReport {
    store
        .summary(q, now().timestamp_millis(), &Berlin)
        .await
        .unwrap()
}

fn keyed(groups: &[ReportGroup]) -> Vec<(Option<&str>, i64)> {
    groups.iter().map(|g| (g.key.as_deref(), g.ms)).collect()
}

async fn week_of_work(store: &Store) {
    // Monday 23 November 2026, Berlin.
    let day = "2026-11-23";
    add(
        store,
        "Write report",
        at(day, "09:00"),
        at(day, "12:00"),
        Some("Acme"),
        &["writing"],
        None,
    )
    .await;
    // Overlaps the report from 10:00 to 10:30: the call, started later, owns that half hour.
    add(
        store,
        "Call",
        at(day, "10:00"),
        at(day, "10:30"),
        Some("Globex"),
        &["calls", "meetings"],
        None,
    )
    .await;
    add(
        store,
        "Review",
        at("2026-11-24", "14:00"),
        at("2026-11-24", "15:15"),
        Some("Acme"),
        &["writing", "meetings"],
        None,
    )
    .await;
    add(
        store,
        "Email",
        at("2026-11-25", "08:00"),
        at("2026-11-25", "08:20"),
        None,
        &[],
        None,
    )
    .await;
}

#[tokio::test]
async fn groups_on_two_levels_add_up_to_the_total_counting_shared_time_once() {
    let (_dir, store) = store().await;
    week_of_work(&store).await;
    let mut q = query((2026, 11, 23), (2026, 11, 30), Grouping::Project);
    q.then_by = Some(Grouping::Description);
    let r = report(&store, &q).await;
    // 3 h + 30 min shared (counted once) + 1 h 15 + 20 min.
    assert_eq!(r.total_ms, 3 * H + 75 * MIN + 20 * MIN);
    assert_eq!(r.entry_count, 4);
    assert_eq!(
        keyed(&r.groups),
        vec![
            (Some("Acme"), 2 * H + 30 * MIN + 75 * MIN),
            (Some("Globex"), 30 * MIN),
            (None, 20 * MIN)
        ]
    );
    assert_eq!(
        keyed(&r.groups[0].children),
        vec![
            (Some("Write report"), 2 * H + 30 * MIN),
            (Some("Review"), 75 * MIN)
        ]
    );
    assert_eq!(r.groups.iter().map(|g| g.ms).sum::<i64>(), r.total_ms);
    assert!(r.groups[0].color.as_deref().unwrap().starts_with('#'));

    let by_day = report(
        &store,
        &query((2026, 11, 23), (2026, 11, 30), Grouping::Day),
    )
    .await;
    assert_eq!(
        keyed(&by_day.groups),
        vec![
            (Some("2026-11-23"), 3 * H),
            (Some("2026-11-24"), 75 * MIN),
            (Some("2026-11-25"), 20 * MIN)
        ]
    );
    // An entry with two tags counts in both groups; one without, under none.
    let by_tag = report(
        &store,
        &query((2026, 11, 23), (2026, 11, 30), Grouping::Tag),
    )
    .await;
    assert_eq!(
        keyed(&by_tag.groups),
        vec![
            (Some("writing"), 2 * H + 30 * MIN + 75 * MIN),
            (Some("meetings"), 30 * MIN + 75 * MIN),
            (Some("calls"), 30 * MIN),
            (None, 20 * MIN),
        ]
    );
    let by_week = report(
        &store,
        &query((2026, 11, 23), (2026, 11, 30), Grouping::Week),
    )
    .await;
    assert_eq!(
        keyed(&by_week.groups),
        vec![(Some("2026-11-23"), r.total_ms)]
    );
    let by_month = report(
        &store,
        &query((2026, 11, 1), (2026, 12, 1), Grouping::Month),
    )
    .await;
    assert_eq!(keyed(&by_month.groups), vec![(Some("2026-11"), r.total_ms)]);
}

#[tokio::test]
async fn filters_show_each_entrys_own_time_and_never_hand_it_over() {
    let (_dir, store) = store().await;
    week_of_work(&store).await;
    let base = query((2026, 11, 23), (2026, 11, 30), Grouping::Description);
    let with = |filter: ReportFilter| ReportQuery {
        filter,
        ..base.clone()
    };

    // Only Acme: the report keeps 2 h 30 (the call still owns its half hour, though hidden).
    let acme = report(
        &store,
        &with(ReportFilter {
            projects: vec!["acme".into()],
            ..Default::default()
        }),
    )
    .await;
    assert_eq!(
        keyed(&acme.groups),
        vec![
            (Some("Write report"), 2 * H + 30 * MIN),
            (Some("Review"), 75 * MIN)
        ]
    );

    let any = report(
        &store,
        &with(ReportFilter {
            tags: vec!["calls".into(), "writing".into()],
            ..Default::default()
        }),
    )
    .await;
    assert_eq!(any.entry_count, 3);
    let all = report(
        &store,
        &with(ReportFilter {
            tags: vec!["meetings".into(), "writing".into()],
            tag_match: TagMatch::All,
            ..Default::default()
        }),
    )
    .await;
    assert_eq!(keyed(&all.groups), vec![(Some("Review"), 75 * MIN)]);

    let text = report(
        &store,
        &with(ReportFilter {
            text: "rev".into(),
            ..Default::default()
        }),
    )
    .await;
    assert_eq!(keyed(&text.groups), vec![(Some("Review"), 75 * MIN)]);

    let unknown = store
        .summary(
            &with(ReportFilter {
                projects: vec!["Nope".into()],
                ..Default::default()
            }),
            0,
            &Berlin,
        )
        .await;
    assert!(matches!(unknown, Err(Error::UnknownProject { .. })));
    let unknown = store
        .summary(
            &with(ReportFilter {
                tags: vec!["nope".into()],
                ..Default::default()
            }),
            0,
            &Berlin,
        )
        .await;
    assert!(matches!(unknown, Err(Error::UnknownTag { .. })));
}

fn rounding(direction: RoundDirection, minutes: u32, scope: RoundingScope) -> Option<Rounding> {
    Some(Rounding::new(direction, minutes, scope).unwrap())
}

#[tokio::test]
async fn rounding_each_entry_or_each_day_and_project_in_every_direction() {
    let (_dir, store) = store().await;
    let day = "2026-11-23";
    // 7, 8 and 22 minutes of Acme, 16 minutes of no project.
    add(
        &store,
        "a",
        at(day, "09:00"),
        at(day, "09:07"),
        Some("Acme"),
        &[],
        None,
    )
    .await;
    add(
        &store,
        "b",
        at(day, "10:00"),
        at(day, "10:08"),
        Some("Acme"),
        &[],
        None,
    )
    .await;
    add(
        &store,
        "c",
        at(day, "11:00"),
        at(day, "11:22"),
        Some("Acme"),
        &[],
        None,
    )
    .await;
    add(
        &store,
        "d",
        at(day, "12:00"),
        at(day, "12:16"),
        None,
        &[],
        None,
    )
    .await;
    let base = query((2026, 11, 23), (2026, 11, 24), Grouping::Project);
    let total = |r: &SummaryReport| (r.total_ms / MIN, r.raw_total_ms / MIN);
    for (direction, scope, expected) in [
        // Per entry to 15: up 15+15+30 + 30; down 0+0+15 + 15; nearest 0+15+15 + 15.
        (RoundDirection::Up, RoundingScope::Entry, 90),
        (RoundDirection::Down, RoundingScope::Entry, 30),
        (RoundDirection::Nearest, RoundingScope::Entry, 45),
        // Per day and project: Acme's 37 minutes and the other 16.
        (RoundDirection::Up, RoundingScope::DayAndProject, 45 + 30),
        (RoundDirection::Down, RoundingScope::DayAndProject, 30 + 15),
        (
            RoundDirection::Nearest,
            RoundingScope::DayAndProject,
            30 + 15,
        ),
    ] {
        let q = ReportQuery {
            rounding: rounding(direction, 15, scope),
            ..base.clone()
        };
        let r = report(&store, &q).await;
        assert_eq!(total(&r), (expected, 53), "{direction:?} {scope:?}");
        assert_eq!(
            r.groups.iter().map(|g| g.ms).sum::<i64>(),
            r.total_ms,
            "{direction:?} {scope:?}"
        );
        // The same rounded total whatever the grouping.
        let by_description = report(
            &store,
            &ReportQuery {
                group_by: Grouping::Description,
                ..q.clone()
            },
        )
        .await;
        assert_eq!(
            by_description.groups.iter().map(|g| g.ms).sum::<i64>(),
            r.total_ms
        );
    }
    // Six-minute steps (tenths of an hour), nearest: 6 + 6 + 24 + 18.
    let q = ReportQuery {
        rounding: rounding(RoundDirection::Nearest, 6, RoundingScope::Entry),
        ..base.clone()
    };
    assert_eq!(total(&report(&store, &q).await), (54, 53));
}

#[tokio::test]
async fn rounding_across_midnight_and_on_the_dst_night() {
    let (_dir, store) = store().await;
    // 23:50 to 00:25 across midnight: 35 minutes, 10 on the 23rd and 25 on the 24th.
    add(
        &store,
        "Late",
        at("2026-11-23", "23:50"),
        at("2026-11-24", "00:25"),
        Some("Acme"),
        &[],
        None,
    )
    .await;
    // The autumn night in Berlin: 01:30 to 02:30 the second time is two hours.
    add(
        &store,
        "Night",
        "2026-10-25 01:30".into(),
        "2026-10-25 03:30".into(),
        Some("Acme"),
        &[],
        None,
    )
    .await;

    let mut q = query((2026, 11, 23), (2026, 11, 25), Grouping::Day);
    q.rounding = rounding(RoundDirection::Up, 15, RoundingScope::Entry);
    let r = report(&store, &q).await;
    // One entry, rounded once (35 → 45); the extra goes to the day it began.
    assert_eq!(r.total_ms, 45 * MIN);
    assert_eq!(
        keyed(&r.groups),
        vec![
            (Some("2026-11-23"), 20 * MIN),
            (Some("2026-11-24"), 25 * MIN)
        ]
    );
    // Per day and project, each day's part is rounded: 10 → 15 and 25 → 30.
    q.rounding = rounding(RoundDirection::Up, 15, RoundingScope::DayAndProject);
    let r = report(&store, &q).await;
    assert_eq!(
        keyed(&r.groups),
        vec![
            (Some("2026-11-23"), 15 * MIN),
            (Some("2026-11-24"), 30 * MIN)
        ]
    );

    let mut q = query((2026, 10, 25), (2026, 10, 26), Grouping::Project);
    q.rounding = rounding(RoundDirection::Nearest, 60, RoundingScope::DayAndProject);
    let r = report(&store, &q).await;
    assert_eq!((r.raw_total_ms, r.total_ms), (3 * H, 3 * H));
}

#[tokio::test]
async fn amounts_per_currency_for_billable_time_only() {
    let (_dir, store) = store().await;
    let acme = store.ensure_project("Acme", now()).await.unwrap();
    let globex = store.ensure_project("Globex", now()).await.unwrap();
    let set = |p: &stint_core::Project, rate: i64, currency: &str| ProjectChanges {
        name: p.name.clone(),
        color: p.color.clone(),
        client: Some("Client".into()),
        rate_minor: Some(rate),
        currency: Some(currency.into()),
        archived: false,
        billable: true,
    };
    store
        .update_project(acme.id, set(&acme, 9_000, "eur"))
        .await
        .unwrap();
    store
        .update_project(globex.id, set(&globex, 12_000, "USD"))
        .await
        .unwrap();
    let day = "2026-11-23";
    // New entries take the project's billable default unless told otherwise.
    add(
        &store,
        "Design",
        at(day, "09:00"),
        at(day, "10:30"),
        Some("Acme"),
        &[],
        None,
    )
    .await;
    add(
        &store,
        "Internal",
        at(day, "11:00"),
        at(day, "12:00"),
        Some("Acme"),
        &[],
        Some(false),
    )
    .await;
    add(
        &store,
        "Call",
        at(day, "13:00"),
        at(day, "13:20"),
        Some("Globex"),
        &[],
        None,
    )
    .await;
    let r = report(
        &store,
        &query((2026, 11, 23), (2026, 11, 24), Grouping::Project),
    )
    .await;
    let eur = |minor| Amount {
        currency: "EUR".into(),
        minor,
    };
    let usd = |minor| Amount {
        currency: "USD".into(),
        minor,
    };
    // 1.5 h at 90.00 EUR; 20 min at 120.00 USD; never one sum across currencies.
    assert_eq!(r.amounts, vec![eur(13_500), usd(4_000)]);
    assert_eq!(r.billable_ms, 90 * MIN + 20 * MIN);
    assert_eq!(r.groups[0].amounts, vec![eur(13_500)]);
    assert_eq!(r.groups[1].amounts, vec![usd(4_000)]);
    assert_eq!(eur(13_500).to_string(), "135.00 EUR");

    let billable = ReportQuery {
        filter: ReportFilter {
            billable: Some(false),
            ..Default::default()
        },
        group_by: Grouping::Description,
        ..query((2026, 11, 23), (2026, 11, 24), Grouping::Project)
    };
    assert_eq!(
        keyed(&report(&store, &billable).await.groups),
        vec![(Some("Internal"), H)]
    );
    let by_client = report(
        &store,
        &query((2026, 11, 23), (2026, 11, 24), Grouping::Client),
    )
    .await;
    assert_eq!(
        keyed(&by_client.groups),
        vec![(Some("Client"), 2 * H + 50 * MIN)]
    );
}

#[tokio::test]
async fn a_long_list_keeps_its_largest_groups_and_sums_up_the_rest() {
    let (_dir, store) = store().await;
    week_of_work(&store).await;
    let q = ReportQuery {
        max_groups: Some(2),
        then_by: Some(Grouping::Description),
        ..query((2026, 11, 23), (2026, 11, 30), Grouping::Tag)
    };
    let r = report(&store, &q).await;
    assert_eq!(
        keyed(&r.groups),
        vec![
            (Some("writing"), 3 * H + 45 * MIN),
            (Some("meetings"), 30 * MIN + 75 * MIN)
        ]
    );
    let rest = r.rest.expect("two groups left out");
    assert_eq!((rest.count, rest.ms), (2, 30 * MIN + 20 * MIN));
    let q = ReportQuery {
        max_groups: Some(1),
        ..query((2026, 11, 23), (2026, 11, 30), Grouping::Project)
    };
    let q = ReportQuery {
        then_by: Some(Grouping::Description),
        ..q
    };
    let r = report(&store, &q).await;
    assert_eq!(
        keyed(&r.groups[0].children),
        vec![(Some("Write report"), 2 * H + 30 * MIN)]
    );
    assert_eq!(
        r.groups[0].rest.as_ref().map(|rest| (rest.count, rest.ms)),
        Some((1, 75 * MIN))
    );
}

#[tokio::test]
async fn the_chart_has_a_bar_per_day_stacked_by_project() {
    let (_dir, store) = store().await;
    week_of_work(&store).await;
    let r = report(
        &store,
        &query((2026, 11, 23), (2026, 11, 30), Grouping::Project),
    )
    .await;
    assert_eq!(r.chart_unit, ChartUnit::Day);
    assert_eq!(r.chart.len(), 7);
    assert_eq!(r.chart[0].first, "2026-11-23");
    assert_eq!(r.chart.iter().map(|b| b.ms).sum::<i64>(), r.total_ms);
    assert_eq!(
        r.projects
            .iter()
            .map(|p| p.name.as_deref())
            .collect::<Vec<_>>(),
        vec![Some("Acme"), Some("Globex"), None]
    );
    // Monday: Acme 2 h 30, Globex 30 min.
    assert_eq!(r.chart[0].by_project, vec![2 * H + 30 * MIN, 30 * MIN, 0]);
    for bar in &r.chart {
        assert_eq!(bar.by_project.iter().sum::<i64>(), bar.ms);
    }
    let year = report(&store, &query((2026, 1, 1), (2027, 1, 1), Grouping::Month)).await;
    assert_eq!(year.chart_unit, ChartUnit::Month);
    assert_eq!(year.chart.len(), 12);
    assert_eq!(year.chart[10].ms, r.total_ms);
}

#[tokio::test]
async fn a_running_entry_counts_up_to_now_and_projects_keep_their_settings() {
    let (_dir, store) = store().await;
    store
        .start_timer(
            &common::start("Running"),
            &Berlin,
            now() - chrono::Duration::minutes(40),
        )
        .await
        .unwrap();
    let r = report(
        &store,
        &query((2026, 12, 1), (2026, 12, 2), Grouping::Description),
    )
    .await;
    assert_eq!(keyed(&r.groups), vec![(Some("Running"), 40 * MIN)]);

    let p = store.create_project("Acme", now()).await.unwrap();
    let q = store.create_project("Globex", now()).await.unwrap();
    assert_ne!(p.color, q.color, "new projects take colours not yet used");
    let bad = |changes: ProjectChanges| {
        let store = &store;
        async move { store.update_project(p.id, changes).await.unwrap_err() }
    };
    let base = ProjectChanges {
        name: "Acme".into(),
        color: "#123456".into(),
        client: None,
        rate_minor: None,
        currency: None,
        archived: true,
        billable: false,
    };
    let archived = store.update_project(p.id, base.clone()).await.unwrap();
    assert!(archived.archived);
    assert_eq!(archived.color, "#123456");
    assert!(matches!(
        bad(ProjectChanges {
            color: "red".into(),
            ..base.clone()
        })
        .await,
        Error::InvalidColor { .. }
    ));
    assert!(matches!(
        bad(ProjectChanges {
            rate_minor: Some(100),
            currency: Some("euro".into()),
            ..base.clone()
        })
        .await,
        Error::InvalidCurrency { .. }
    ));
    assert!(matches!(
        bad(ProjectChanges {
            name: "Globex".into(),
            ..base.clone()
        })
        .await,
        Error::ProjectNameTaken { .. }
    ));
}
