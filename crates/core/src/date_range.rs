//! The ranges reports are asked for by name (today, last week, this year, ...) and stepping a
//! range back and forward, shared by the window's Reports view and `stint report`.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::display::WeekStart;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RangePreset {
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    /// From the first entry's day to today.
    AllTime,
}

/// Whole local days, `first` to `last` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DateSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl RangePreset {
    /// The days this preset names, on `today`; `first_entry` is where "all time" begins.
    pub fn days(
        self,
        today: NaiveDate,
        week_start: WeekStart,
        first_entry: Option<NaiveDate>,
    ) -> DateSpan {
        let month = today.with_day(1).unwrap_or(today);
        let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let week = week_start.week_of(today);
        let (first, last) = match self {
            RangePreset::Today => (today, today),
            RangePreset::Yesterday => (today - Duration::days(1), today - Duration::days(1)),
            RangePreset::ThisWeek => (week, week + Duration::days(6)),
            RangePreset::LastWeek => (week - Duration::days(7), week - Duration::days(1)),
            RangePreset::ThisMonth => (month, end_of_month(month)),
            RangePreset::LastMonth => {
                let first = month - Months::new(1);
                (first, month - Duration::days(1))
            }
            RangePreset::ThisYear => (year, end_of_year(year)),
            RangePreset::LastYear => {
                let first = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(year);
                (first, year - Duration::days(1))
            }
            RangePreset::AllTime => (first_entry.unwrap_or(today).min(today), today),
        };
        DateSpan { first, last }
    }
}

impl DateSpan {
    /// The range `steps` of its own size later (earlier when negative): a whole month steps by
    /// months, a whole year by years, a week or any other run of days by its length.
    pub fn step(self, steps: i32) -> DateSpan {
        let months = whole_months(self);
        if let Some(months) = months {
            let shift = |d: NaiveDate| {
                let n = months.unsigned_abs() * steps.unsigned_abs();
                if (months > 0) == (steps > 0) {
                    d.checked_add_months(Months::new(n))
                } else {
                    d.checked_sub_months(Months::new(n))
                }
                .unwrap_or(d)
            };
            let first = shift(self.first);
            let after = shift(self.last + Duration::days(1));
            return DateSpan {
                first,
                last: after - Duration::days(1),
            };
        }
        let length = (self.last - self.first).num_days() + 1;
        let by = Duration::days(length * i64::from(steps));
        DateSpan {
            first: self.first + by,
            last: self.last + by,
        }
    }
}

/// How many months the range spans when it is whole months (first of one month to the last day
/// of another).
fn whole_months(range: DateSpan) -> Option<i32> {
    let after = range.last + Duration::days(1);
    if range.first.day() != 1 || after.day() != 1 {
        return None;
    }
    let months = (after.year() - range.first.year()) * 12 + after.month() as i32
        - range.first.month() as i32;
    (months > 0).then_some(months)
}

fn end_of_month(first: NaiveDate) -> NaiveDate {
    first + Months::new(1) - Duration::days(1)
}

fn end_of_year(first: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(first.year(), 12, 31).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn range(first: NaiveDate, last: NaiveDate) -> DateSpan {
        DateSpan { first, last }
    }

    #[test]
    fn presets_on_a_wednesday_early_in_march() {
        let today = d(2028, 3, 1); // a leap year's 1 March, a Wednesday
        let days = |p: RangePreset, w| p.days(today, w, Some(d(2019, 5, 2)));
        assert_eq!(
            days(RangePreset::Today, WeekStart::Monday),
            range(today, today)
        );
        assert_eq!(
            days(RangePreset::Yesterday, WeekStart::Monday),
            range(d(2028, 2, 29), d(2028, 2, 29))
        );
        assert_eq!(
            days(RangePreset::ThisWeek, WeekStart::Monday),
            range(d(2028, 2, 28), d(2028, 3, 5))
        );
        assert_eq!(
            days(RangePreset::ThisWeek, WeekStart::Sunday),
            range(d(2028, 2, 27), d(2028, 3, 4))
        );
        assert_eq!(
            days(RangePreset::LastWeek, WeekStart::Saturday),
            range(d(2028, 2, 19), d(2028, 2, 25))
        );
        assert_eq!(
            days(RangePreset::ThisMonth, WeekStart::Monday),
            range(d(2028, 3, 1), d(2028, 3, 31))
        );
        assert_eq!(
            days(RangePreset::LastMonth, WeekStart::Monday),
            range(d(2028, 2, 1), d(2028, 2, 29))
        );
        assert_eq!(
            days(RangePreset::ThisYear, WeekStart::Monday),
            range(d(2028, 1, 1), d(2028, 12, 31))
        );
        assert_eq!(
            days(RangePreset::LastYear, WeekStart::Monday),
            range(d(2027, 1, 1), d(2027, 12, 31))
        );
        assert_eq!(
            days(RangePreset::AllTime, WeekStart::Monday),
            range(d(2019, 5, 2), today)
        );
        assert_eq!(
            RangePreset::AllTime.days(today, WeekStart::Monday, None),
            range(today, today)
        );
    }

    #[test]
    fn steps_keep_the_range_kind() {
        // A month steps to the whole previous month, however long.
        assert_eq!(
            range(d(2028, 3, 1), d(2028, 3, 31)).step(-1),
            range(d(2028, 2, 1), d(2028, 2, 29))
        );
        assert_eq!(
            range(d(2028, 1, 1), d(2028, 1, 31)).step(1),
            range(d(2028, 2, 1), d(2028, 2, 29))
        );
        // A year by years, a week by weeks, a day by days, a custom run by its length.
        assert_eq!(
            range(d(2027, 1, 1), d(2027, 12, 31)).step(1),
            range(d(2028, 1, 1), d(2028, 12, 31))
        );
        assert_eq!(
            range(d(2028, 2, 28), d(2028, 3, 5)).step(-1),
            range(d(2028, 2, 21), d(2028, 2, 27))
        );
        assert_eq!(
            range(d(2028, 3, 1), d(2028, 3, 1)).step(-2),
            range(d(2028, 2, 28), d(2028, 2, 28))
        );
        assert_eq!(
            range(d(2028, 3, 3), d(2028, 3, 12)).step(1),
            range(d(2028, 3, 13), d(2028, 3, 22))
        );
    }
}
