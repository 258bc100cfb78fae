//! Instants are stored in UTC; people think in local calendar days. This module is the one
//! bridge between the two: parsing what a person types, and finding where a local day begins.
//! Everything is generic over the time zone so DST behaviour is testable with any zone.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};

use crate::error::{Error, Result};

/// Parses a time as a person or the UI writes it: RFC 3339 with an offset (`2026-11-02T09:30:00Z`,
/// `…+01:00`), or a local date and time (`2026-11-02T09:30`, `2026-11-02 09:30:15`) read in `tz`.
///
/// Local times follow Stint's one rule (see [`resolve_local`]): a time that occurs twice means
/// its first occurrence; a time inside a DST gap is refused. Years outside [`YEARS`] are refused.
pub fn parse_time<Tz: TimeZone>(input: &str, tz: &Tz) -> Result<DateTime<Utc>> {
    let text = input.trim();
    if text.is_empty() {
        return Err(invalid(input, "the time is empty"));
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return in_range(instant.with_timezone(&Utc), input);
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
        let length = parse_ago(ago).ok_or_else(|| {
            invalid(
                input,
                "expected a length of time such as -15m, -2h or -1h30m",
            )
        })?;
        let instant = now
            .checked_sub_signed(length)
            .ok_or_else(|| out_of_range(input))?;
        return in_range(instant, input);
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
        if number.is_empty() {
            return None;
        }
        // Lengths too long for any clock are out of range, not malformed: saturate here and
        // let the year check refuse them with that reason.
        let n: i64 = number.parse().unwrap_or(i64::MAX);
        number.clear();
        let part = match c {
            'd' => Duration::try_days(n),
            'h' => Duration::try_hours(n),
            'm' => Duration::try_minutes(n),
            's' => Duration::try_seconds(n),
            _ => return None,
        }
        .unwrap_or(Duration::MAX);
        total = total.checked_add(&part).unwrap_or(Duration::MAX);
        any = true;
    }
    (any && number.is_empty()).then_some(total)
}

/// Parses a length of time as people write one: `1h30`, `1h30m`, `90m`, `1:30`, `1:30:15`,
/// `2h`, `1.5h`, `45s`, or a bare number of minutes (`90`).
pub fn parse_length(input: &str) -> Result<Duration> {
    let text = input.trim().to_ascii_lowercase().replace(' ', "");
    let refuse = || invalid(input, "expected a length such as 1h30, 90m or 1:30");
    if text.is_empty() {
        return Err(refuse());
    }
    let seconds: f64 = if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        match numbers.as_deref() {
            Some([h, m]) if *m < 60 => f64::from(*h) * 3600.0 + f64::from(*m) * 60.0,
            Some([h, m, s]) if *m < 60 && *s < 60 => {
                f64::from(*h) * 3600.0 + f64::from(*m) * 60.0 + f64::from(*s)
            }
            _ => return Err(refuse()),
        }
    } else if let Ok(minutes) = text.parse::<f64>() {
        minutes * 60.0
    } else {
        let mut total = 0.0;
        let mut number = String::new();
        let mut last_unit = ' ';
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let n: f64 = number.parse().map_err(|_| refuse())?;
            number.clear();
            let unit = match c {
                'h' => 3600.0,
                'm' => {
                    // "min" and "mins" are minutes too.
                    while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                        chars.next();
                    }
                    60.0
                }
                's' => 1.0,
                _ => return Err(refuse()),
            };
            last_unit = c;
            total += n * unit;
        }
        if !number.is_empty() {
            // "1h30": the number after hours is minutes.
            if last_unit != 'h' {
                return Err(refuse());
            }
            total += number.parse::<f64>().map_err(|_| refuse())? * 60.0;
        }
        total
    };
    if !seconds.is_finite() || !(0.0..=(366.0 * 86_400.0)).contains(&seconds) {
        return Err(invalid(input, "a length must be between 0 and a year"));
    }
    Ok(Duration::milliseconds((seconds * 1000.0).round() as i64))
}

/// Parses an entry's end given its start: `+1h30` (a length after the start, see
/// [`parse_length`]); a bare clock time (`10:45`) on the start's local day, or the next day if
/// that is before the start (`23:00` to `01:30`); otherwise as [`parse_human`] reads it.
pub fn parse_end<Tz: TimeZone>(
    input: &str,
    start: DateTime<Utc>,
    tz: &Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let text = input.trim();
    if let Some(length) = text.strip_prefix('+') {
        let length = parse_length(length).map_err(|_| {
            invalid(
                input,
                "expected a length after the start, such as +1h30 or +90m",
            )
        })?;
        return in_range(start + length, input);
    }
    let clock = ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(text, format).ok());
    if let Some(time) = clock {
        let day = local_date(start, tz);
        let same_day = local_instant(day.and_time(time), tz, input)?;
        if same_day >= start {
            return Ok(same_day);
        }
        let next = day.succ_opt().ok_or_else(|| out_of_range(input))?;
        return local_instant(next.and_time(time), tz, input);
    }
    parse_human(input, tz, now)
}

fn invalid(input: &str, reason: &str) -> Error {
    Error::InvalidTime {
        input: input.to_string(),
        reason: reason.to_string(),
    }
}

/// The years Stint accepts anywhere a time comes in (typed, imported or restored). Four-digit
/// years only: what Stint writes, RFC 3339, must read back, and a two-digit year is a typo.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

fn out_of_range(input: &str) -> Error {
    invalid(
        input,
        &format!(
            "Stint keeps times from the year {} to {}",
            YEARS.start(),
            YEARS.end()
        ),
    )
}

pub(crate) fn in_range(instant: DateTime<Utc>, input: &str) -> Result<DateTime<Utc>> {
    if YEARS.contains(&instant.year()) {
        Ok(instant)
    } else {
        Err(out_of_range(input))
    }
}

/// How a local wall-clock time maps to instants in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalInstant {
    /// The usual case: exactly one instant.
    Single(DateTime<Utc>),
    /// The clocks went back and the time occurred twice: the earlier and the later instant.
    Twice(DateTime<Utc>, DateTime<Utc>),
    /// The clocks went forward over it: the time never happened that day. The gap's first
    /// instant (which is also where the gap ends, in UTC).
    Skipped(DateTime<Utc>),
}

impl LocalInstant {
    /// The instant day arithmetic uses: the only one, the first of two, or where the gap ends.
    pub fn earliest(self) -> DateTime<Utc> {
        match self {
            LocalInstant::Single(t) | LocalInstant::Twice(t, _) | LocalInstant::Skipped(t) => t,
        }
    }
}

/// Finds every instant that reads as `naive` on the clocks of `tz`. Stint's one rule for local
/// times builds on this: the first occurrence of a repeated time, and a refusal for a skipped one.
///
/// It asks the zone only the UTC → local question (an instant's offset), which every zone
/// answers exactly, instead of trusting `from_local_datetime`: chrono's `Local` resolves
/// ambiguous and skipped times inconsistently on some platforms.
pub fn resolve_local<Tz: TimeZone>(naive: NaiveDateTime, tz: &Tz) -> LocalInstant {
    let as_utc = naive.and_utc();
    let offset_at = |t: DateTime<Utc>| {
        i64::from(
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc(),
        )
    };
    // The offsets in use around it. Offsets lie within ±14 h, so only instants within that of
    // `as_utc` can read as `naive`; zones change offset at most a few times a year, so samples
    // 13 h apart see every offset in force there (Samoa's skipped day included).
    let mut offsets: Vec<i64> = [-26, -13, 0, 13, 26]
        .into_iter()
        .filter_map(|h| as_utc.checked_add_signed(Duration::hours(h)))
        .map(offset_at)
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut found: Vec<DateTime<Utc>> = offsets
        .iter()
        .filter_map(|&o| as_utc.checked_sub_signed(Duration::seconds(o)))
        .filter(|&t| t.checked_add_signed(Duration::seconds(offset_at(t))) == Some(as_utc))
        .collect();
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [one] => LocalInstant::Single(*one),
        [first, .., last] => LocalInstant::Twice(*first, *last),
        [] => {
            // Inside a gap: the instant where the clock jumped, found by the largest offset
            // before it (the smaller offset applies before a forward jump).
            let before = offsets.iter().copied().min().unwrap_or(0);
            let t = as_utc - Duration::seconds(before);
            LocalInstant::Skipped(gap_start(t, &offset_at))
        }
    }
}

/// The first instant after a forward jump that `t` (read with the old offset) lies past.
fn gap_start(t: DateTime<Utc>, offset_at: &impl Fn(DateTime<Utc>) -> i64) -> DateTime<Utc> {
    // Zones change offset on a whole second, so the search runs over whole seconds and lands
    // exactly on the change (a search over instants would stop within a second of it).
    let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or(t);
    let mut hi = t.timestamp();
    let mut lo = hi - 26 * 3600;
    let old = offset_at(at(lo));
    // Binary search for the first second whose offset differs from the old one.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_at(at(mid)) == old {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    at(hi)
}

/// A local wall-clock time in `tz` by Stint's rule: refused inside a DST gap, the first
/// occurrence when the clocks go back.
pub(crate) fn local_instant<Tz: TimeZone>(
    naive: NaiveDateTime,
    tz: &Tz,
    input: &str,
) -> Result<DateTime<Utc>> {
    if !YEARS.contains(&naive.year()) {
        return Err(out_of_range(input));
    }
    match resolve_local(naive, tz) {
        LocalInstant::Single(t) | LocalInstant::Twice(t, _) => in_range(t, input),
        LocalInstant::Skipped(_) => Err(invalid(
            input,
            "that time does not exist on that day (the clocks moved forward over it)",
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
    resolve_local(date.and_time(NaiveTime::MIN), tz).earliest()
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
