//! Rounding for reports and exports, as Toggl Track and Clockify offer it: up, down or to the
//! nearest step of 1, 5, 6, 10, 15, 30 or 60 minutes, applied to each entry's counted time or to
//! each day-and-project total. The stored entries never change; only what a report shows.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The steps people can round to, in minutes (6 minutes is a tenth of an hour).
pub const STEPS: [u32; 7] = [1, 5, 6, 10, 15, 30, 60];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RoundDirection {
    Up,
    Down,
    /// Half a step or more rounds up (7:30 to the nearest 15 minutes is 15).
    Nearest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RoundingScope {
    /// Each entry's counted time is rounded.
    Entry,
    /// The time of each project on each local day is rounded (the sum of its entries).
    DayAndProject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rounding {
    pub direction: RoundDirection,
    /// One of [`STEPS`].
    pub minutes: u32,
    pub scope: RoundingScope,
}

impl Rounding {
    /// Refuses a step people cannot pick (the steps are the ones other trackers offer).
    pub fn new(direction: RoundDirection, minutes: u32, scope: RoundingScope) -> Result<Rounding> {
        if !STEPS.contains(&minutes) {
            return Err(Error::InvalidRounding {
                input: minutes.to_string(),
                reason: format!(
                    "rounding steps are {} minutes",
                    STEPS.map(|s| s.to_string()).join(", ")
                ),
            });
        }
        Ok(Rounding {
            direction,
            minutes,
            scope,
        })
    }

    /// `ms` rounded to this rounding's step.
    pub fn apply(&self, ms: i64) -> i64 {
        round_ms(ms, self.direction, i64::from(self.minutes) * 60_000)
    }
}

/// `ms` (not negative) rounded to a multiple of `step` (> 0).
pub fn round_ms(ms: i64, direction: RoundDirection, step: i64) -> i64 {
    let ms = ms.max(0);
    let down = ms - ms % step;
    match direction {
        RoundDirection::Down => down,
        RoundDirection::Up if down == ms => ms,
        RoundDirection::Up => down.saturating_add(step),
        RoundDirection::Nearest if ms - down >= step - step / 2 => down.saturating_add(step),
        RoundDirection::Nearest => down,
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let direction = match self.direction {
            RoundDirection::Up => "up",
            RoundDirection::Down => "down",
            RoundDirection::Nearest => "to the nearest",
        };
        let scope = match self.scope {
            RoundingScope::Entry => "each entry",
            RoundingScope::DayAndProject => "each day and project",
        };
        write!(f, "rounded {direction} {} min, {scope}", self.minutes)
    }
}

/// The command line's form: `up:15`, `down:6`, `nearest:30`, optionally `:day` for
/// day-and-project rounding (`nearest:15:day`); `none` is no rounding.
impl FromStr for Rounding {
    type Err = Error;

    fn from_str(input: &str) -> Result<Rounding> {
        let invalid = |reason: &str| Error::InvalidRounding {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let mut parts = input.trim().split(':');
        let direction = match parts.next().map(str::to_ascii_lowercase).as_deref() {
            Some("up") => RoundDirection::Up,
            Some("down") => RoundDirection::Down,
            Some("nearest") => RoundDirection::Nearest,
            _ => {
                return Err(invalid(
                    "write up, down or nearest, then the minutes, e.g. up:15",
                ))
            }
        };
        let minutes = parts
            .next()
            .and_then(|m| m.parse::<u32>().ok())
            .ok_or_else(|| invalid("give the minutes after the direction, e.g. up:15"))?;
        let scope = match parts.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("entry") => RoundingScope::Entry,
            Some("day") => RoundingScope::DayAndProject,
            Some(_) => return Err(invalid("the last part is entry or day, e.g. up:15:day")),
        };
        if parts.next().is_some() {
            return Err(invalid(
                "write it as direction:minutes[:entry|day], e.g. up:15",
            ));
        }
        Rounding::new(direction, minutes, scope).map_err(|_| {
            invalid(&format!(
                "rounding steps are {} minutes",
                STEPS.map(|s| s.to_string()).join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn every_direction_at_every_step() {
        for step in STEPS.map(|s| i64::from(s) * MIN) {
            for (ms, up, down, nearest) in [
                (0, 0, 0, 0),
                (1, step, 0, 0),
                (step, step, step, step),
                (step + step / 2, 2 * step, step, 2 * step),
                (step + step / 2 - 1, 2 * step, step, step),
                (2 * step - 1, 2 * step, step, 2 * step),
            ] {
                assert_eq!(
                    round_ms(ms, RoundDirection::Up, step),
                    up,
                    "up {ms} by {step}"
                );
                assert_eq!(
                    round_ms(ms, RoundDirection::Down, step),
                    down,
                    "down {ms} by {step}"
                );
                assert_eq!(
                    round_ms(ms, RoundDirection::Nearest, step),
                    nearest,
                    "nearest {ms} by {step}"
                );
            }
        }
    }

    #[test]
    fn the_examples_people_know() {
        let up15 = Rounding::new(RoundDirection::Up, 15, RoundingScope::Entry).unwrap();
        assert_eq!(up15.apply(MIN), 15 * MIN);
        assert_eq!(up15.apply(16 * MIN), 30 * MIN);
        let nearest6 = Rounding::new(RoundDirection::Nearest, 6, RoundingScope::Entry).unwrap();
        assert_eq!(nearest6.apply(8 * MIN), 6 * MIN);
        assert_eq!(nearest6.apply(9 * MIN), 12 * MIN);
        let down60 = Rounding::new(RoundDirection::Down, 60, RoundingScope::Entry).unwrap();
        assert_eq!(down60.apply(119 * MIN), 60 * MIN);
    }

    #[test]
    fn parses_the_command_line_form_and_refuses_others() {
        assert_eq!(
            "up:15".parse::<Rounding>().unwrap(),
            Rounding::new(RoundDirection::Up, 15, RoundingScope::Entry).unwrap()
        );
        assert_eq!(
            "Nearest:6:day".parse::<Rounding>().unwrap(),
            Rounding::new(RoundDirection::Nearest, 6, RoundingScope::DayAndProject).unwrap()
        );
        for bad in [
            "",
            "up",
            "up:7",
            "sideways:15",
            "up:15:week",
            "up:15:day:x",
            "up:-5",
        ] {
            let err = bad.parse::<Rounding>().unwrap_err();
            assert!(matches!(err, Error::InvalidRounding { .. }), "{bad}: {err}");
        }
        assert!("up:7"
            .parse::<Rounding>()
            .unwrap_err()
            .to_string()
            .contains("1, 5, 6, 10, 15, 30, 60"));
    }
}
