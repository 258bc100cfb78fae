//! How times and totals are shown: the day a week starts on, the clock, and how a duration is
//! written. Kept in the database's settings, so the window and `stint` agree.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::settings;
use crate::store::Store;

/// The first day of a week, for "this week" totals and week ranges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
    Saturday,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Clock {
    /// 17:30
    #[default]
    #[serde(rename = "24h")]
    H24,
    /// 5:30 PM
    #[serde(rename = "12h")]
    H12,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DurationFormat {
    /// 1:30:15
    #[default]
    #[serde(rename = "h:mm:ss")]
    HoursMinutesSeconds,
    /// 1:30
    #[serde(rename = "h:mm")]
    HoursMinutes,
    /// 1.50 (hours, two decimals)
    #[serde(rename = "decimal")]
    Decimal,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DisplayPreferences {
    pub week_start: WeekStart,
    pub clock: Clock,
    pub duration_format: DurationFormat,
}

impl WeekStart {
    fn weekday(self) -> Weekday {
        match self {
            WeekStart::Monday => Weekday::Mon,
            WeekStart::Sunday => Weekday::Sun,
            WeekStart::Saturday => Weekday::Sat,
        }
    }

    /// The first day of the week that holds `date`.
    pub fn week_of(self, date: NaiveDate) -> NaiveDate {
        let back =
            (7 + date.weekday().num_days_from_monday() - self.weekday().num_days_from_monday()) % 7;
        date - Duration::days(i64::from(back))
    }
}

impl Clock {
    /// A local time of day this way: `17:30` or `5:30 PM`.
    pub fn time<Tz: chrono::TimeZone>(self, at: chrono::DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        match self {
            Clock::H24 => at.format("%H:%M").to_string(),
            Clock::H12 => at.format("%-I:%M %p").to_string(),
        }
    }
}

impl DurationFormat {
    /// `ms` written this way (what the CLI prints; the window formats the same way).
    pub fn format(self, ms: i64) -> String {
        let total = ms.max(0) / 1000;
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
        match self {
            DurationFormat::HoursMinutesSeconds => format!("{h}:{m:02}:{s:02}"),
            DurationFormat::HoursMinutes => format!("{h}:{m:02}"),
            DurationFormat::Decimal => format!("{:.2}", ms.max(0) as f64 / 3_600_000.0),
        }
    }
}

impl Store {
    pub async fn display_preferences(&self) -> Result<DisplayPreferences> {
        Ok(DisplayPreferences {
            week_start: self.get(&settings::WEEK_START).await?,
            clock: self.get(&settings::CLOCK).await?,
            duration_format: self.get(&settings::DURATION_FORMAT).await?,
        })
    }

    pub async fn set_display_preferences(&self, preferences: &DisplayPreferences) -> Result<()> {
        self.set(&settings::WEEK_START, preferences.week_start)
            .await?;
        self.set(&settings::CLOCK, preferences.clock).await?;
        self.set(&settings::DURATION_FORMAT, preferences.duration_format)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_the_chosen_day() {
        let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(WeekStart::Monday.week_of(thursday), day(23));
        assert_eq!(WeekStart::Sunday.week_of(thursday), day(22));
        assert_eq!(WeekStart::Saturday.week_of(thursday), day(21));
        assert_eq!(WeekStart::Sunday.week_of(day(22)), day(22));
        assert_eq!(WeekStart::Saturday.week_of(day(27)), day(21));
        assert_eq!(WeekStart::Saturday.week_of(day(28)), day(28));
    }

    #[test]
    fn durations_are_written_three_ways() {
        let ms = (3600 + 30 * 60 + 15) * 1000;
        assert_eq!(DurationFormat::HoursMinutesSeconds.format(ms), "1:30:15");
        assert_eq!(DurationFormat::HoursMinutes.format(ms), "1:30");
        assert_eq!(DurationFormat::Decimal.format(ms), "1.50");
    }
}
