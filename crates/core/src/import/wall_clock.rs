//! Dates and clock times as other trackers write them: in the exporting person's date order
//! (`2026-03-04`, `03/04/2026`, `04.03.2026`), 12- or 24-hour, without an offset. The order is
//! found from the whole file before any row is read; a file that could be read both ways is
//! refused, naming its lines, rather than guessed.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::local_time::local_instant;

/// The order of day, month and year in a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// 2026-03-04
    Ymd,
    /// 03/04/2026 is 4 March (US)
    Mdy,
    /// 04/03/2026 is 4 March (most of the world)
    Dmy,
}

impl DateOrder {
    /// How a person would write this order, for messages.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::Ymd => "YYYY-MM-DD",
            DateOrder::Mdy => "MM/DD/YYYY",
            DateOrder::Dmy => "DD/MM/YYYY",
        }
    }

    fn bit(self) -> u8 {
        match self {
            DateOrder::Ymd => 1,
            DateOrder::Mdy => 2,
            DateOrder::Dmy => 4,
        }
    }
}

impl FromStr for DateOrder {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let folded: String = text
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect();
        match folded.as_str() {
            "ymd" | "yyyymmdd" | "iso" => Ok(DateOrder::Ymd),
            "mdy" | "mmddyyyy" | "us" => Ok(DateOrder::Mdy),
            "dmy" | "ddmmyyyy" => Ok(DateOrder::Dmy),
            _ => Err(format!(
                "“{text}” is not a date order: use dmy (DD/MM/YYYY), mdy (MM/DD/YYYY) or ymd (YYYY-MM-DD)"
            )),
        }
    }
}

/// A date split into its three numbers, in the order written.
struct DateParts {
    parts: [u32; 3],
    year_first: bool,
}

fn date_parts(text: &str) -> Option<DateParts> {
    let text = text.trim().trim_end_matches('.');
    let mut parts = [0u32; 3];
    let mut widths = [0usize; 3];
    let mut pieces = text.split(['/', '-', '.']);
    for i in 0..3 {
        let piece = pieces.next()?.trim();
        if piece.is_empty() || piece.len() > 4 || !piece.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[i] = piece.parse().ok()?;
        widths[i] = piece.len();
    }
    if pieces.next().is_some() {
        return None;
    }
    match (widths[0], widths[2]) {
        (4, w) if w <= 2 => Some(DateParts {
            parts,
            year_first: true,
        }),
        (w, 4) if w <= 2 => Some(DateParts {
            parts,
            year_first: false,
        }),
        _ => None,
    }
}

/// The orders a date could be read in (as bits), or `None` when it is no date at all.
fn possible_orders(text: &str) -> Option<u8> {
    let DateParts { parts, year_first } = date_parts(text)?;
    let valid = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d).is_some();
    if year_first {
        return valid(parts[0], parts[1], parts[2]).then_some(DateOrder::Ymd.bit());
    }
    let mut bits = 0;
    if valid(parts[2], parts[0], parts[1]) {
        bits |= DateOrder::Mdy.bit();
    }
    if valid(parts[2], parts[1], parts[0]) {
        bits |= DateOrder::Dmy.bit();
    }
    // 05/05/2026 reads the same either way.
    if parts[0] == parts[1] && bits != 0 {
        bits = DateOrder::Mdy.bit() | DateOrder::Dmy.bit();
    }
    (bits != 0).then_some(bits)
}

/// Reads a date in a known order.
pub(crate) fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let DateParts { parts, year_first } = date_parts(text)?;
    let (y, m, d) = match (order, year_first) {
        (_, true) => (parts[0], parts[1], parts[2]),
        (DateOrder::Dmy, false) => (parts[2], parts[1], parts[0]),
        (_, false) => (parts[2], parts[0], parts[1]),
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Reads a clock time: `9:05`, `09:05:33`, `09:05:33.250`, `9:05 AM`, `9:05:33pm`.
pub(crate) fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let (clock, meridiem) = if let Some(rest) = lower.strip_suffix("am") {
        (
            rest.trim_end().trim_end_matches('.').to_string(),
            Some(false),
        )
    } else if let Some(rest) = lower.strip_suffix("pm") {
        (
            rest.trim_end().trim_end_matches('.').to_string(),
            Some(true),
        )
    } else if let Some(rest) = lower.strip_suffix("a.m.") {
        (rest.trim_end().to_string(), Some(false))
    } else if let Some(rest) = lower.strip_suffix("p.m.") {
        (rest.trim_end().to_string(), Some(true))
    } else {
        (lower, None)
    };
    let time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(&clock, f).ok())?;
    match meridiem {
        None => Some(time),
        Some(pm) => {
            use chrono::Timelike;
            let hour = time.hour();
            if !(1..=12).contains(&hour) {
                return None;
            }
            let hour24 = match (pm, hour) {
                (false, 12) => 0,
                (false, h) => h,
                (true, 12) => 12,
                (true, h) => h + 12,
            };
            time.with_hour(hour24)
        }
    }
}

/// A local date and clock time in `tz`, by Stint's one rule for local times (the first of a
/// repeated time; a skipped time is refused). The error names what was written.
pub(crate) fn local_date_time<Tz: TimeZone>(
    date: &str,
    clock: &str,
    order: DateOrder,
    tz: &Tz,
) -> Result<DateTime<Utc>> {
    let written = format!("{} {}", date.trim(), clock.trim());
    let day = parse_date(date, order).ok_or_else(|| Error::InvalidTime {
        input: written.clone(),
        reason: format!("the date is not a {} date", order.pattern()),
    })?;
    let time = parse_clock(clock).ok_or_else(|| Error::InvalidTime {
        input: written.clone(),
        reason: "the time of day is not like 09:30, 09:30:15 or 9:30 AM".into(),
    })?;
    local_instant(day.and_time(time), tz, &written)
}

/// Reads a date and time written as one cell: RFC 3339 with an offset, or a local date (in
/// `order`) and clock time separated by a space or `T`.
pub(crate) fn date_time_cell<Tz: TimeZone>(
    text: &str,
    order: DateOrder,
    tz: &Tz,
) -> Result<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return crate::local_time::in_range(instant.with_timezone(&Utc), text);
    }
    let split = text
        .find(['T', ' '])
        .filter(|&i| date_parts(&text[..i]).is_some());
    match split {
        Some(i) => local_date_time(&text[..i], &text[i + 1..], order, tz),
        None => Err(Error::InvalidTime {
            input: text.to_string(),
            reason: format!(
                "expected a date and time such as {} 09:30, or 2026-11-02T09:30:00Z",
                order.pattern()
            ),
        }),
    }
}

/// The date part of a cell holding a date or a date and time, for [`DateOrderScan`].
pub(crate) fn date_of_cell(text: &str) -> &str {
    let text = text.trim();
    match text.find(['T', ' ']) {
        Some(i) if date_parts(&text[..i]).is_some() => &text[..i],
        _ => text,
    }
}

/// Collects what every date in a file allows, to settle its order before reading rows.
#[derive(Debug)]
pub(crate) struct DateOrderScan {
    possible: u8,
    seen: bool,
    /// A date with the year last was seen.
    slashed: bool,
    /// Up to five lines whose dates read both ways, with the date.
    ambiguous: Vec<(u64, String)>,
    /// A line that allows only month-first, and one that allows only day-first.
    only_mdy: Option<(u64, String)>,
    only_dmy: Option<(u64, String)>,
}

impl Default for DateOrderScan {
    fn default() -> Self {
        DateOrderScan {
            possible: DateOrder::Ymd.bit() | DateOrder::Mdy.bit() | DateOrder::Dmy.bit(),
            seen: false,
            slashed: false,
            ambiguous: Vec::new(),
            only_mdy: None,
            only_dmy: None,
        }
    }
}

impl DateOrderScan {
    /// Notes one date. Cells that are not dates are left for the row's own check.
    pub(crate) fn add(&mut self, line: u64, text: &str) {
        let text = date_of_cell(text);
        if DateTime::parse_from_rfc3339(text).is_ok() {
            return;
        }
        let Some(bits) = possible_orders(text) else {
            return;
        };
        self.seen = true;
        if bits == DateOrder::Ymd.bit() {
            return;
        }
        self.slashed = true;
        self.possible &= bits | DateOrder::Ymd.bit();
        let both = DateOrder::Mdy.bit() | DateOrder::Dmy.bit();
        let same_both_ways = date_parts(text).is_some_and(|d| d.parts[0] == d.parts[1]);
        if bits == both && !same_both_ways && self.ambiguous.len() < 5 {
            self.ambiguous.push((line, text.to_string()));
        } else if bits == DateOrder::Mdy.bit() && self.only_mdy.is_none() {
            self.only_mdy = Some((line, text.to_string()));
        } else if bits == DateOrder::Dmy.bit() && self.only_dmy.is_none() {
            self.only_dmy = Some((line, text.to_string()));
        }
    }

    /// The order to read the file in: the one the dates allow, or the one the person chose.
    pub(crate) fn finish(self, chosen: Option<DateOrder>) -> Result<DateOrder> {
        if let Some(order) = chosen {
            return Ok(order);
        }
        let slashed = DateOrder::Mdy.bit() | DateOrder::Dmy.bit();
        match (self.possible & slashed, self.only_mdy, self.only_dmy) {
            _ if !self.seen || !self.slashed => Ok(DateOrder::Ymd),
            (_, Some(mdy), Some(dmy)) => Err(Error::ImportDatesMixed {
                month_first: mdy,
                day_first: dmy,
            }),
            (bits, _, _) if bits == DateOrder::Mdy.bit() => Ok(DateOrder::Mdy),
            (bits, _, _) if bits == DateOrder::Dmy.bit() => Ok(DateOrder::Dmy),
            // Only year-first dates, or slashed dates that read the same either way.
            _ if self.ambiguous.is_empty() => Ok(DateOrder::Dmy),
            _ => Err(Error::ImportDatesAmbiguous {
                lines: self.ambiguous,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_are_found_from_the_dates_that_allow_only_one() {
        let mut scan = DateOrderScan::default();
        scan.add(2, "03/04/2026");
        scan.add(3, "03/24/2026");
        assert_eq!(scan.finish(None).unwrap(), DateOrder::Mdy);
        let mut scan = DateOrderScan::default();
        scan.add(2, "03/04/2026");
        scan.add(3, "24.03.2026");
        assert_eq!(scan.finish(None).unwrap(), DateOrder::Dmy);
        let mut scan = DateOrderScan::default();
        scan.add(2, "2026-03-04");
        assert_eq!(scan.finish(None).unwrap(), DateOrder::Ymd);
    }

    #[test]
    fn a_file_that_reads_both_ways_is_refused_with_its_lines() {
        let mut scan = DateOrderScan::default();
        scan.add(2, "03/04/2026");
        scan.add(7, "05/06/2026 09:00");
        let err = scan.finish(None).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("line 2") && text.contains("03/04/2026"),
            "{text}"
        );
        assert!(text.contains("--date-format"), "{text}");
        let mut scan = DateOrderScan::default();
        scan.add(2, "03/24/2026");
        scan.add(3, "24/03/2026");
        assert!(scan.finish(None).unwrap_err().to_string().contains("both"));
    }

    #[test]
    fn twelve_hour_clocks_read_as_people_mean_them() {
        let t = |s: &str| parse_clock(s).map(|t| t.format("%H:%M:%S").to_string());
        assert_eq!(t("12:05 AM").as_deref(), Some("00:05:00"));
        assert_eq!(t("12:05 PM").as_deref(), Some("12:05:00"));
        assert_eq!(t("1:30:15 pm").as_deref(), Some("13:30:15"));
        assert_eq!(t("09:30").as_deref(), Some("09:30:00"));
        assert_eq!(t("13:30 PM"), None);
        assert_eq!(t("noon"), None);
    }

    #[test]
    fn two_digit_years_are_not_dates() {
        assert!(parse_date("03/04/26", DateOrder::Mdy).is_none());
        assert_eq!(
            parse_date("4.3.2026", DateOrder::Dmy),
            NaiveDate::from_ymd_opt(2026, 3, 4)
        );
    }
}
