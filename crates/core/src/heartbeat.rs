//! The app's sign of life while a timer runs: a tiny file in the data folder rewritten at most
//! once a minute. When Stint starts and the file names the running entry but is old, Stint
//! stopped without quitting (the machine shut down, the session ended, it was killed): the time
//! since the last beat is time away ([`crate::away`], cause `Shutdown`). Quitting removes the
//! file, so a timer left running on purpose (Quit, or only the CLI) is never asked about.
//!
//! A file and not the database: a commit a minute would wake every window watching the
//! database for changes.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::away::{AwayCause, AwayQuestion};
use crate::error::Result;
use crate::local_time::{from_ms, to_ms};
use crate::store::Store;

pub const HEARTBEAT_FILE: &str = "heartbeat";
/// How often the app beats while a timer runs.
pub const BEAT_MS: i64 = 60_000;
/// A beat older than this on start-up means Stint was gone: two missed beats and some slack.
pub const MISSED_MS: i64 = 2 * BEAT_MS + 30_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beat {
    pub entry_id: i64,
    pub at_ms: i64,
}

pub struct Heartbeat {
    path: PathBuf,
}

impl Heartbeat {
    pub fn in_dir(dir: &Path) -> Heartbeat {
        Heartbeat {
            path: dir.join(HEARTBEAT_FILE),
        }
    }

    /// Records that the entry `entry_id` runs and Stint is alive at `now`.
    pub fn beat(&self, entry_id: i64, now: DateTime<Utc>) -> std::io::Result<()> {
        std::fs::write(&self.path, format!("{entry_id} {}\n", to_ms(now)))
    }

    /// Stint quits, or no timer runs: nothing to ask about next time.
    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    /// The last beat, if the file is there and reads as one.
    pub fn read(&self) -> Option<Beat> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let mut parts = text.split_whitespace();
        Some(Beat {
            entry_id: parts.next()?.parse().ok()?,
            at_ms: parts.next()?.parse().ok()?,
        })
    }
}

impl Store {
    /// On start-up: if the last beat was for the entry still running and is older than
    /// [`MISSED_MS`], notes the time since it as away (and back now, so the question is asked).
    pub async fn note_missed_heartbeat(
        &self,
        beat: Option<Beat>,
        now: DateTime<Utc>,
    ) -> Result<Option<AwayQuestion>> {
        let Some(beat) = beat else { return Ok(None) };
        let running = self.running().await?;
        let ran_through = running.is_some_and(|r| r.id == beat.entry_id);
        if !ran_through || to_ms(now) - beat.at_ms < MISSED_MS {
            return Ok(None);
        }
        self.note_away(AwayCause::Shutdown, from_ms(beat.at_ms), now)
            .await?;
        self.note_back(now, now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[tokio::test]
    async fn a_stale_beat_for_the_running_entry_becomes_a_question_and_others_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("stint.db")).await.unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 11, 2, 17, 0, 0).unwrap();
        let start = crate::TimerStart {
            description: "Writing".into(),
            ..Default::default()
        };
        let entry = store.start_timer(&start, &Utc, t0).await.unwrap();
        let heart = Heartbeat::in_dir(dir.path());
        assert_eq!(heart.read(), None);
        heart.beat(entry.id, t0 + Duration::minutes(30)).unwrap();
        let beat = heart.read();
        assert_eq!(
            beat,
            Some(Beat {
                entry_id: entry.id,
                at_ms: to_ms(t0 + Duration::minutes(30))
            })
        );
        // Restarted a minute later: Stint was not gone long enough to ask.
        let soon = store
            .note_missed_heartbeat(beat, t0 + Duration::minutes(31))
            .await
            .unwrap();
        assert_eq!(soon, None);
        // A beat for another entry (a timer the app never saw run) asks nothing.
        let other = Beat {
            entry_id: entry.id + 1,
            at_ms: to_ms(t0),
        };
        let none = store
            .note_missed_heartbeat(Some(other), t0 + Duration::hours(15))
            .await
            .unwrap();
        assert_eq!(none, None);
        // The next morning: away from the last beat until now.
        let next_morning = t0 + Duration::hours(15);
        let question = store
            .note_missed_heartbeat(beat, next_morning)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(question.cause, AwayCause::Shutdown);
        assert_eq!(question.from_ms, to_ms(t0 + Duration::minutes(30)));
        assert_eq!(question.to_ms, Some(to_ms(next_morning)));
        heart.clear().unwrap();
        assert_eq!(heart.read(), None);
        heart.clear().unwrap();
        store.close().await;
    }
}
