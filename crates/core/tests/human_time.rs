use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use stint_core::{parse_day, parse_human, Error};

#[test]
fn terminal_times_are_read_relative_to_now_in_local_time() {
    // 2026-11-02 15:00 in Berlin (UTC+1).
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 14, 0, 0).unwrap();
    let at = |h, m, s| Utc.with_ymd_and_hms(2026, 11, 2, h, m, s).unwrap();
    assert_eq!(parse_human("now", &Berlin, now).unwrap(), now);
    assert_eq!(parse_human("9:30", &Berlin, now).unwrap(), at(8, 30, 0));
    assert_eq!(
        parse_human("09:30:15", &Berlin, now).unwrap(),
        at(8, 30, 15)
    );
    assert_eq!(
        parse_human("today 8:00", &Berlin, now).unwrap(),
        at(7, 0, 0)
    );
    assert_eq!(
        parse_human("Yesterday 17:00", &Berlin, now).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 1, 16, 0, 0).unwrap()
    );
    assert_eq!(parse_human("-15m", &Berlin, now).unwrap(), at(13, 45, 0));
    assert_eq!(parse_human("-1h30m", &Berlin, now).unwrap(), at(12, 30, 0));
    assert_eq!(parse_human("-45s", &Berlin, now).unwrap(), at(13, 59, 15));
    assert_eq!(
        parse_human("2026-11-02T09:30", &Berlin, now).unwrap(),
        at(8, 30, 0)
    );
    assert_eq!(
        parse_human("2026-11-02T09:30:00Z", &Berlin, now).unwrap(),
        at(9, 30, 0)
    );
    for bad in [
        "-15",
        "-m",
        "-15x",
        "25:00",
        "tomorrow 9:00",
        "half nine",
        "",
    ] {
        assert!(
            matches!(
                parse_human(bad, &Berlin, now),
                Err(Error::InvalidTime { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn days_are_dates_or_words() {
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 23, 30, 0).unwrap(); // already the 3rd in Berlin
    assert_eq!(
        parse_day("today", &Berlin, now).unwrap().to_string(),
        "2026-11-03"
    );
    assert_eq!(
        parse_day("yesterday", &Berlin, now).unwrap().to_string(),
        "2026-11-02"
    );
    assert_eq!(
        parse_day("2026-02-28", &Berlin, now).unwrap().to_string(),
        "2026-02-28"
    );
    assert!(matches!(
        parse_day("2026-02-30", &Berlin, now),
        Err(Error::InvalidTime { .. })
    ));
}

#[test]
fn lengths_read_as_people_write_them() {
    use stint_core::parse_length;
    let minutes = |text: &str| parse_length(text).unwrap().num_seconds() as f64 / 60.0;
    assert_eq!(minutes("1h30"), 90.0);
    assert_eq!(minutes("1h30m"), 90.0);
    assert_eq!(minutes("90m"), 90.0);
    assert_eq!(minutes("90 min"), 90.0);
    assert_eq!(minutes("90"), 90.0);
    assert_eq!(minutes("1:30"), 90.0);
    assert_eq!(minutes("1:30:30"), 90.5);
    assert_eq!(minutes("1.5h"), 90.0);
    assert_eq!(minutes("2h"), 120.0);
    assert_eq!(minutes("45s"), 0.75);
    for bad in ["", "h", "1:75", "1x", "-5m", "1m30", "9999h", "abc"] {
        let err = parse_length(bad).unwrap_err().to_string();
        assert!(err.contains(bad.trim()), "{bad}: {err}");
    }
}

#[test]
fn an_end_is_read_against_its_start() {
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;
    use stint_core::parse_end;
    let now = chrono::Utc
        .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
        .unwrap();
    let start = chrono::Utc
        .with_ymd_and_hms(2026, 11, 27, 22, 0, 0)
        .unwrap(); // 23:00 in Berlin
    let end = |text: &str| parse_end(text, start, &Berlin, now).unwrap().to_rfc3339();
    assert_eq!(end("+1h30"), "2026-11-27T23:30:00+00:00");
    // A clock time is on the start's day, or the next day when it would come before the start.
    assert_eq!(end("23:45"), "2026-11-27T22:45:00+00:00");
    assert_eq!(end("01:30"), "2026-11-28T00:30:00+00:00");
    // Anything else reads as everywhere else.
    assert_eq!(end("2026-11-28 02:00"), "2026-11-28T01:00:00+00:00");
    assert_eq!(end("-1h"), "2026-11-30T11:00:00+00:00");
    assert!(parse_end("+soon", start, &Berlin, now)
        .unwrap_err()
        .to_string()
        .contains("such as +1h30"));
}
