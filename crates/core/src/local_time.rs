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
    if text.is_empty() {
        return Err(invalid(input, "the time is empty"));
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
    .ok_or_else(|| invalid(input, "expected a date and time such as 2026-11-02T09:30"))?;
    local_instant(naive, tz, input)
}

/// Parses a time the way people type one at a terminal, in `tz` relative to `now`:
/// everything [`parse_time`] reads, plus `now`, `9:30` or `09:30:15` (today), `yesterday 17:00`,
/// `today 8:00`, and `-15m`, `-2h`, `-1h30m`, `-45s` (that long before now).
pub fn parse_human<Tz: TimeZone>(
    input: &str,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let text = input.trim();
    let lower = text.to_ascii_lowercase();
    if lower == "now" {
        return Ok(now);
    }
    if let Some(ago) = lower.strip_prefix('-') {
        return parse_ago(ago).map(|d| now - d).ok_or_else(|| {
            invalid(
                input,
                "expected a length of time such as -15m, -2h or -1h30m",
            )
        });
    }
    let today = local_date(now, tz);
    let (day, clock) = match lower.split_once(char::is_whitespace) {
        Some(("today", rest)) => (today, rest.trim()),
        Some(("yesterday", rest)) => (today.pred_opt().unwrap_or(today), rest.trim()),
        _ if !lower.contains('-') => (today, lower.as_str()),
        _ => return parse_time(input, tz),
    };
    let time = ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(clock, format).ok())
        .ok_or_else(|| {
            invalid(
                input,
                "expected a time such as 9:30, yesterday 17:00, 2026-11-02T09:30 or -15m",
            )
        })?;
    local_instant(day.and_time(time), tz, input)
}

/// Parses a local calendar day: `today`, `yesterday` or `YYYY-MM-DD`.
pub fn parse_day<Tz: TimeZone>(input: &str, tz: &Tz, now: DateTime<Utc>) -> Result<NaiveDate> {
    let today = local_date(now, tz);
    match input.trim().to_ascii_lowercase().as_str() {
        "today" => Ok(today),
        "yesterday" => Ok(today.pred_opt().unwrap_or(today)),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            invalid(
                input,
                "expected a day such as 2026-11-02, today or yesterday",
            )
        }),
    }
}

/// `15m`, `2h`, `1h30m`, `90s`: a sum of whole numbers with units.
fn parse_ago(text: &str) -> Option<Duration> {
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number.parse().ok()?;
        number.clear();
        total += match c {
            'd' => Duration::try_days(n)?,
            'h' => Duration::try_hours(n)?,
            'm' => Duration::try_minutes(n)?,
            's' => Duration::try_seconds(n)?,
            _ => return None,
        };
        any = true;
    }
    (any && number.is_empty()).then_some(total)
}

fn invalid(input: &str, reason: &str) -> Error {
    Error::InvalidTime {
        input: input.to_string(),
        reason: reason.to_string(),
    }
}

/// A local wall-clock time in `tz`: refused inside a DST gap, the first occurrence when the
/// clocks go back.
fn local_instant<Tz: TimeZone>(
    naive: NaiveDateTime,
    tz: &Tz,
    input: &str,
) -> Result<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(invalid(
            input,
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
