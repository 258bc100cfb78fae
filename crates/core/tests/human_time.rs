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
