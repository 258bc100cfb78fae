//! Instants are stored in UTC; people think in local calendar days. This module is the one
//! bridge between the two: parsing what a person types, and finding where a local day begins.
//! Everything is generic over the time zone so DST behaviour is testable with any zone.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

use crate::error::{Error, Result};

/// Parses a time as a person or the UI writes it: RFC 3339 with an offset (`2026-11-02T09:30:00Z`,
/// `…+01:00`), or a local date and time (`2026-11-02T09:30`, `2026-11-02 09:30:15`) read in `tz`.
///
/// A local time that falls in a DST gap does not exist and is refused. One that occurs twice
/// (clocks going back) means its first occurrence.
pub fn parse_time<Tz: TimeZone>(input: &str, tz: &Tz) -> Result<DateTime<Utc>> {
    let text = input.trim();
    let invalid = |reason: &str| Error::InvalidTime {
        input: input.to_string(),
        reason: reason.to_string(),
    };
    if text.is_empty() {
        return Err(invalid("the time is empty"));
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .ok_or_else(|| invalid("expected a date and time such as 2026-11-02T09:30"))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(invalid(
            "that time does not exist on that day (the clocks moved forward)",
        )),
    }
}

/// The calendar day an instant falls on in `tz`.
pub fn local_date<Tz: TimeZone>(instant: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    instant.with_timezone(tz).date_naive()
}

/// The first instant of a local calendar day. Where midnight itself does not exist (zones that
/// switch DST at 00:00), the day starts at the first local time that does.
pub fn day_start<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    loop {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            // DST gaps are at most a few hours; step through them a minute at a time.
            LocalResult::None => local += Duration::minutes(1),
        }
    }
}

/// The half-open interval `[start, end)` of a local calendar day: 23, 24 or 25 hours long.
pub fn day_bounds<Tz: TimeZone>(date: NaiveDate, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = date.succ_opt().unwrap_or(NaiveDate::MAX);
    (day_start(date, tz), day_start(next, tz))
}

/// The Monday that begins the ISO week containing `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Milliseconds since the Unix epoch, the storage form of an instant.
pub fn to_ms(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

/// The inverse of [`to_ms`]. Stored values always come from [`to_ms`], so they are in range.
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}
