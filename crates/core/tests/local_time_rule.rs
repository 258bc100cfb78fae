//! Stint's one rule for local wall-clock times, proved over zones with unusual DST: a time that
//! occurs twice means its first occurrence; a time the clocks skip is refused; a day starts at
//! its first existing instant. Checked against chrono-tz's own resolution of each zone.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use stint_core::local_time::{day_start, resolve_local, LocalInstant, YEARS};
use stint_core::{parse_time, Error};

/// Berlin (an hour at 02:00/03:00), Lord Howe (a 30-minute shift), São Paulo (its past rules
/// skipped midnight), Apia (skipped a whole day in 2011), New York, and Kolkata (no DST).
const ZONES: [Tz; 6] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Sao_Paulo,
    chrono_tz::Pacific::Apia,
    chrono_tz::America::New_York,
    chrono_tz::Asia::Kolkata,
];

fn naive_between(seconds: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1995, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        + Duration::seconds(seconds)
}

/// Seconds from 1995 to 2030: both São Paulo's midnight changes and Apia's skipped day.
const SPAN: i64 = 35 * 365 * 24 * 3600;

fn reference(tz: &Tz, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
        LocalResult::None => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn a_typed_local_time_is_its_first_occurrence_or_refused_in_a_gap(
        zone in 0..ZONES.len(),
        seconds in 0..SPAN,
    ) {
        let tz = ZONES[zone];
        let naive = naive_between(seconds);
        let text = naive.format("%Y-%m-%d %H:%M:%S").to_string();
        match (parse_time(&text, &tz), reference(&tz, naive)) {
            (Ok(got), Some(want)) => prop_assert_eq!(got, want, "{} in {}", text, tz),
            (Err(Error::InvalidTime { reason, .. }), None) => {
                prop_assert!(reason.contains("does not exist"), "{}", reason)
            }
            (got, want) => prop_assert!(false, "{text} in {tz}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn every_instant_reads_back_as_itself_or_the_earlier_twin(
        zone in 0..ZONES.len(),
        seconds in 0..SPAN,
    ) {
        let tz = ZONES[zone];
        let instant = naive_between(seconds).and_utc();
        let local = instant.with_timezone(&tz).naive_local();
        match resolve_local(local, &tz) {
            LocalInstant::Single(t) => prop_assert_eq!(t, instant),
            LocalInstant::Twice(first, second) => {
                prop_assert!(first < second);
                prop_assert!(instant == first || instant == second);
            }
            LocalInstant::Skipped(_) => prop_assert!(false, "an instant's own local time exists"),
        }
    }

    #[test]
    fn a_day_starts_at_its_first_existing_instant(zone in 0..ZONES.len(), days in 0i64..(35 * 365)) {
        let tz = ZONES[zone];
        let date = NaiveDate::from_ymd_opt(1995, 1, 1).unwrap() + Duration::days(days);
        let start = day_start(date, &tz);
        let shown = start.with_timezone(&tz).date_naive();
        // The day itself, unless the zone skipped it whole (Apia, 2011-12-30): then the next one.
        let skipped = (0..24).all(|h| reference(&tz, date.and_hms_opt(h, 0, 0).unwrap()).is_none());
        prop_assert!(
            shown == date || (skipped && Some(shown) == date.succ_opt()),
            "{} in {}: starts at {}", date, tz, start
        );
        // One second earlier is still the day before (or the day does not exist, as in Apia).
        prop_assert!(
            (start - Duration::seconds(1)).with_timezone(&tz).date_naive() < date
        );
    }
}

fn berlin(text: &str) -> Result<DateTime<Utc>, Error> {
    parse_time(text, &chrono_tz::Europe::Berlin)
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[test]
fn the_rule_on_the_days_the_issue_names() {
    // Autumn in Berlin: 02:30 occurs twice; the first is 00:30Z.
    assert_eq!(
        berlin("2025-10-26 02:30").unwrap(),
        utc("2025-10-26T00:30:00Z")
    );
    // So 01:30 to 02:30 that day is one hour, not two.
    assert_eq!(
        berlin("2025-10-26 02:30").unwrap() - berlin("2025-10-26 01:30").unwrap(),
        Duration::hours(1)
    );
    // Spring: the whole gap is refused, 02:00 as much as 02:59.
    for gap in [
        "2025-03-30 02:00",
        "2025-03-30 02:01",
        "2025-03-30 02:59:59",
    ] {
        assert!(
            matches!(berlin(gap), Err(Error::InvalidTime { .. })),
            "{gap} should be refused"
        );
    }
    assert_eq!(
        berlin("2025-03-30 03:00").unwrap(),
        utc("2025-03-30T01:00:00Z")
    );
    // São Paulo skipped midnight on 2018-11-04: the day starts at 01:00 local.
    let sp = chrono_tz::America::Sao_Paulo;
    assert_eq!(
        day_start(NaiveDate::from_ymd_opt(2018, 11, 4).unwrap(), &sp),
        utc("2018-11-04T03:00:00Z")
    );
    assert!(parse_time("2018-11-04 00:30", &sp).is_err());
    // Lord Howe moves by 30 minutes: 01:45 on 2025-04-06 occurs twice (+11 then +10:30).
    let lh = chrono_tz::Australia::Lord_Howe;
    assert_eq!(
        parse_time("2025-04-06 01:45", &lh).unwrap(),
        utc("2025-04-05T14:45:00Z")
    );
}

#[test]
fn years_outside_the_range_are_refused_everywhere() {
    let now = utc("2026-11-02T14:00:00Z");
    let tz = chrono_tz::Europe::Berlin;
    for text in [
        "25-01-02T09:00",
        "0999-12-31T23:00:00Z",
        "10000-01-01T00:00",
    ] {
        assert!(parse_time(text, &tz).is_err(), "{text}");
    }
    for text in [
        "-99999999d",
        "-9223372036854s",
        "-153722867280912m",
        "-106751991167d106751991167d",
        "-99999999999999999999999d",
    ] {
        match stint_core::parse_human(text, &tz, now) {
            Err(Error::InvalidTime { input, reason }) => {
                assert_eq!(input, text);
                assert!(reason.contains(&YEARS.start().to_string()), "{reason}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    assert_eq!(stint_core::parse_human("-0s", &tz, now).unwrap(), now);
}
