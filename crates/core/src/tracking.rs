//! Settings → Tracking: when to ask about time away, when to remind that nothing is tracked, and
//! what to do about a timer that runs too long. The rules that decide *when* live here, beside
//! their settings, so the app (which watches the clock) and the CLI read them the same way.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::local_time::{local_date, resolve_local, to_ms};
use crate::store::Store;

/// Everything under Settings → Tracking, with its defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrackingSettings {
    /// Ask about time away (idle, screen lock, sleep) while a timer runs.
    pub idle_detection: bool,
    /// Minutes without keyboard or pointer input that count as away (at least 1).
    pub idle_minutes: u32,
    /// Remind, during working hours, when no timer has run for a while.
    pub reminders: bool,
    /// Minutes without a timer before the reminder.
    pub reminder_minutes: u32,
    /// Working days, ISO numbers: 1 is Monday, 7 is Sunday.
    pub work_days: Vec<u8>,
    /// Working hours, local `HH:MM`.
    pub work_start: String,
    pub work_end: String,
    /// Say once when a timer has run longer than `runaway_hours`.
    pub runaway_notice: bool,
    pub runaway_hours: u32,
    /// Stop a running timer at this local time of day (`HH:MM`), recorded as stopped then.
    pub stop_at: Option<String>,
}

impl Default for TrackingSettings {
    fn default() -> Self {
        TrackingSettings {
            idle_detection: true,
            idle_minutes: 5,
            reminders: false,
            reminder_minutes: 15,
            work_days: vec![1, 2, 3, 4, 5],
            work_start: "09:00".into(),
            work_end: "17:00".into(),
            runaway_notice: true,
            runaway_hours: 8,
            stop_at: None,
        }
    }
}

fn invalid(setting: &str, reason: &str) -> Error {
    Error::InvalidSetting {
        setting: setting.to_string(),
        reason: reason.to_string(),
    }
}

fn clock_time(setting: &str, text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        invalid(
            setting,
            &format!("“{text}” is not a time of day; write it as HH:MM, e.g. 09:00"),
        )
    })
}

impl TrackingSettings {
    /// Checks every value, naming the first one that cannot be used.
    pub fn check(&self) -> Result<()> {
        if !(1..=720).contains(&self.idle_minutes) {
            return Err(invalid("Away after", "give between 1 and 720 minutes"));
        }
        if !(1..=480).contains(&self.reminder_minutes) {
            return Err(invalid("Remind after", "give between 1 and 480 minutes"));
        }
        if !(1..=72).contains(&self.runaway_hours) {
            return Err(invalid("Long timer notice", "give between 1 and 72 hours"));
        }
        if self.work_days.iter().any(|d| !(1..=7).contains(d)) {
            return Err(invalid(
                "Working days",
                "days are numbered 1 (Monday) to 7 (Sunday)",
            ));
        }
        let start = clock_time("Working hours", &self.work_start)?;
        let end = clock_time("Working hours", &self.work_end)?;
        if end <= start {
            return Err(invalid("Working hours", "the end must be after the start"));
        }
        if let Some(stop_at) = &self.stop_at {
            clock_time("Stop timers at", stop_at)?;
        }
        Ok(())
    }

    /// Milliseconds without input that count as away.
    pub fn idle_ms(&self) -> i64 {
        i64::from(self.idle_minutes.max(1)) * 60_000
    }

    /// Whether `running` has run longer than the notice allows, at `now`.
    pub fn runaway(&self, running: &Entry, now: DateTime<Utc>) -> bool {
        self.runaway_notice
            && running.is_running()
            && to_ms(now) - running.start_ms >= i64::from(self.runaway_hours) * 3_600_000
    }

    /// When a timer that started at `start` stops itself: the first `stop_at` after its start,
    /// if that has come by `now`. A `stop_at` that does not exist on a day (the clocks skipped
    /// it) is that day's first time after the gap.
    pub fn auto_stop<Tz: TimeZone>(
        &self,
        start: DateTime<Utc>,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let at = clock_time("", self.stop_at.as_deref()?).ok()?;
        let mut date = local_date(start, tz);
        loop {
            let instant = resolve_local(date.and_time(at), tz).earliest();
            if instant > start {
                return (instant <= now).then_some(instant);
            }
            date = date.succ_opt()?;
        }
    }

    /// Whether to remind now: reminders are on, it is a working day and within working hours,
    /// no timer runs, and nothing has been tracked — or reminded — for `reminder_minutes`
    /// (counted from the start of the working day at the earliest).
    pub fn reminder_due<Tz: TimeZone>(
        &self,
        running: bool,
        last_stop_ms: Option<i64>,
        last_reminder_ms: Option<i64>,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> bool {
        if !self.reminders || running {
            return false;
        }
        let date = local_date(now, tz);
        let weekday = date.weekday().number_from_monday() as u8;
        if !self.work_days.contains(&weekday) {
            return false;
        }
        let (Ok(start), Ok(end)) = (
            clock_time("", &self.work_start),
            clock_time("", &self.work_end),
        ) else {
            return false;
        };
        let local = |t: NaiveTime| resolve_local(date.and_time(t), tz).earliest();
        let (day_start, day_end) = (local(start), local(end));
        if now < day_start || now >= day_end {
            return false;
        }
        let quiet_since = [Some(to_ms(day_start)), last_stop_ms, last_reminder_ms]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(to_ms(day_start));
        to_ms(now) - quiet_since
            >= Duration::minutes(i64::from(self.reminder_minutes)).num_milliseconds()
    }
}

impl Store {
    pub async fn tracking_settings(&self) -> Result<TrackingSettings> {
        self.get(&crate::settings::TRACKING).await
    }

    /// Saves the settings after checking them; nothing is saved if one is wrong.
    pub async fn set_tracking_settings(&self, settings: &TrackingSettings) -> Result<()> {
        self.set(&crate::settings::TRACKING, settings.clone())
            .await?;
        Ok(())
    }

    /// Stops the running timer at its `stop_at` time if that has passed, recorded as stopped
    /// then (the app calls this on its clock; the CLI on `status`, `start` and `stop`).
    pub async fn apply_auto_stop<Tz: TimeZone>(
        &self,
        settings: &TrackingSettings,
        tz: &Tz,
        now: DateTime<Utc>,
    ) -> Result<Option<Entry>> {
        if settings.stop_at.is_none() {
            return Ok(None);
        }
        let Some(running) = self.running().await? else {
            return Ok(None);
        };
        let start = crate::local_time::from_ms(running.start_ms);
        match settings.auto_stop(start, tz, now) {
            Some(at) => self.stop_running_at(running.id, at).await.map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn berlin(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert!(TrackingSettings::default().check().is_ok());
        let zero = TrackingSettings {
            idle_minutes: 0,
            ..Default::default()
        };
        assert!(zero
            .check()
            .unwrap_err()
            .to_string()
            .starts_with("Away after"));
        let backwards = TrackingSettings {
            work_start: "18:00".into(),
            ..Default::default()
        };
        assert!(backwards
            .check()
            .unwrap_err()
            .to_string()
            .contains("after the start"));
        let nonsense = TrackingSettings {
            stop_at: Some("7pm".into()),
            ..Default::default()
        };
        assert!(nonsense.check().unwrap_err().to_string().contains("“7pm”"));
    }

    #[test]
    fn a_timer_stops_at_the_first_stop_time_after_it_started() {
        let s = TrackingSettings {
            stop_at: Some("19:00".into()),
            ..Default::default()
        };
        let start = berlin(2026, 3, 2, 9, 0);
        assert_eq!(
            s.auto_stop(start, &Berlin, berlin(2026, 3, 2, 18, 59)),
            None
        );
        assert_eq!(
            s.auto_stop(start, &Berlin, berlin(2026, 3, 3, 8, 0)),
            Some(berlin(2026, 3, 2, 19, 0))
        );
        // Started after the stop time: it runs until the next day's.
        let late = berlin(2026, 3, 2, 20, 0);
        assert_eq!(s.auto_stop(late, &Berlin, berlin(2026, 3, 2, 23, 0)), None);
        assert_eq!(
            s.auto_stop(late, &Berlin, berlin(2026, 3, 3, 19, 30)),
            Some(berlin(2026, 3, 3, 19, 0))
        );
        // 02:30 does not exist on 29 March 2026 in Berlin: the first time after the gap.
        let gap = TrackingSettings {
            stop_at: Some("02:30".into()),
            ..Default::default()
        };
        let night = berlin(2026, 3, 28, 23, 0);
        assert_eq!(
            gap.auto_stop(night, &Berlin, berlin(2026, 3, 29, 12, 0)),
            Some(berlin(2026, 3, 29, 3, 0))
        );
    }

    #[test]
    fn reminders_come_on_working_days_within_hours_after_the_quiet_time() {
        let s = TrackingSettings {
            reminders: true,
            ..Default::default()
        };
        // Monday 2 March 2026.
        let monday = |h, m| berlin(2026, 3, 2, h, m);
        assert!(!s.reminder_due(false, None, None, &Berlin, monday(9, 10)));
        assert!(s.reminder_due(false, None, None, &Berlin, monday(9, 15)));
        assert!(!s.reminder_due(true, None, None, &Berlin, monday(9, 15)));
        assert!(!s.reminder_due(false, None, None, &Berlin, monday(8, 59)));
        assert!(!s.reminder_due(false, None, None, &Berlin, monday(17, 0)));
        let stopped = to_ms(monday(10, 0));
        assert!(!s.reminder_due(false, Some(stopped), None, &Berlin, monday(10, 14)));
        assert!(s.reminder_due(false, Some(stopped), None, &Berlin, monday(10, 15)));
        let reminded = to_ms(monday(10, 15));
        assert!(!s.reminder_due(
            false,
            Some(stopped),
            Some(reminded),
            &Berlin,
            monday(10, 20)
        ));
        // Saturday.
        assert!(!s.reminder_due(false, None, None, &Berlin, berlin(2026, 3, 7, 11, 0)));
        let off = TrackingSettings::default();
        assert!(!off.reminder_due(false, None, None, &Berlin, monday(11, 0)));
    }
}
