//! Forgotten timers (issue 15): notices time away while a timer runs — no input for the idle
//! threshold, a locked screen, sleep, Stint itself gone — and asks about it once the person is
//! back; reminds when nothing is tracked in working hours; says once when a timer runs long;
//! stops timers at a set time of day. The rules are stint-core's (`away`, `tracking`,
//! `heartbeat`); this module only watches the signals and asks.
//!
//! One task, woken every [`TICK`] and by logind's signals. A tick costs one settings read, one
//! running-timer read and, while a timer runs, one idle-time query (an X round trip or a D-Bus
//! call); the heartbeat file is written once a minute.

mod idle_source;
#[cfg(target_os = "linux")]
mod logind;
pub mod notify;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use stint_core::away::{AwayCause, AwayQuestion};
use stint_core::heartbeat::{Heartbeat, BEAT_MS};
use stint_core::local_time::to_ms;
use stint_core::Store;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event as _;

use idle_source::IdleSource;
use notify::Notice;

/// How often the idle time is read.
pub const TICK: Duration = Duration::from_secs(5);
/// A tick this late means the process did not run meanwhile (the machine slept).
const JUMP_MS: i64 = 60_000;

/// What this machine can tell, for Settings → Tracking.
#[derive(Debug, Clone)]
pub struct Support {
    /// How idle time is read, or why it cannot be.
    pub idle: Result<&'static str, String>,
    /// Why sleep and lock cannot be noticed, if they cannot.
    pub sleep_and_lock: Result<(), String>,
}

impl Default for SupportSlot {
    fn default() -> Self {
        SupportSlot(std::sync::Mutex::new(Support {
            idle: Err("Stint is still starting.".into()),
            sleep_and_lock: Ok(()),
        }))
    }
}

/// Shared with the settings command.
pub struct SupportSlot(pub std::sync::Mutex<Support>);

enum Wake {
    Tick,
    #[cfg(target_os = "linux")]
    Logind(logind::Signal),
}

/// Starts watching. `data_dir` holds the heartbeat file.
pub fn spawn<R: Runtime>(app: AppHandle<R>, store: Store, data_dir: PathBuf) {
    app.manage(SupportSlot::default());
    tauri::async_runtime::spawn(async move {
        let (signals, mut received) = tokio::sync::mpsc::unbounded_channel();
        #[cfg(target_os = "linux")]
        let sleep_and_lock = logind::watch(signals);
        #[cfg(not(target_os = "linux"))]
        let sleep_and_lock: Result<(), String> = {
            drop(signals);
            Err("Stint notices sleep here only by its own clock jumping, and cannot see a locked screen.".into())
        };
        let source = tauri::async_runtime::spawn_blocking(IdleSource::detect)
            .await
            .unwrap_or_else(|_| IdleSource::Unavailable("Idle detection failed to start.".into()));
        *app.state::<SupportSlot>().0.lock().expect("support lock") = Support {
            idle: source.describe(),
            sleep_and_lock,
        };
        let mut watcher = Watcher::new(app, store, Heartbeat::in_dir(&data_dir), source);
        watcher.after_launch().await;
        let mut ticks = tokio::time::interval(TICK);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let wake = tokio::select! {
                _ = ticks.tick() => Wake::Tick,
                Some(signal) = received.recv() => {
                    #[cfg(target_os = "linux")]
                    { Wake::Logind(signal) }
                    #[cfg(not(target_os = "linux"))]
                    { let () = signal; Wake::Tick }
                }
            };
            let now = Utc::now();
            let done = match wake {
                Wake::Tick => watcher.tick(now).await,
                #[cfg(target_os = "linux")]
                Wake::Logind(signal) => watcher.logind(signal, now).await,
            };
            if let Err(err) = done {
                log::warn!("watching for time away failed: {err}");
            }
        }
    });
}

/// Removes the heartbeat on Quit: a timer left running on purpose is not asked about.
pub fn quitting(data_dir: &std::path::Path) {
    let _ = Heartbeat::in_dir(data_dir).clear();
}

struct Watcher<R: Runtime> {
    app: AppHandle<R>,
    store: Store,
    heart: Heartbeat,
    source: IdleSource,
    last_tick: Option<DateTime<Utc>>,
    last_beat: Option<(i64, i64)>,
    /// The idle time last read, while an idle absence is open: input shows as it falling.
    idle_open: Option<u64>,
    runaway_said: Option<i64>,
    last_reminder_ms: Option<i64>,
}

impl<R: Runtime> Watcher<R> {
    fn new(app: AppHandle<R>, store: Store, heart: Heartbeat, source: IdleSource) -> Self {
        Watcher {
            app,
            store,
            heart,
            source,
            last_tick: None,
            last_beat: None,
            idle_open: None,
            runaway_said: None,
            last_reminder_ms: None,
        }
    }

    /// Stint was gone (shut down, killed) while a timer ran: ask about that time; and a
    /// question left open last time is asked again.
    async fn after_launch(&mut self) {
        let now = Utc::now();
        let asked = self
            .store
            .note_missed_heartbeat(self.heart.read(), now)
            .await;
        match asked {
            Ok(Some(question)) => self.ask(&question).await,
            Ok(None) => match self.store.away_question().await {
                Ok(Some(question)) if question.to_ms.is_some() => self.ask(&question).await,
                // Still away by an earlier Stint's reckoning (the tray changed hands): the next
                // sign of input ends it.
                Ok(Some(_)) => self.idle_open = Some(u64::MAX),
                _ => {}
            },
            Err(err) => log::warn!("could not check for time away at start: {err}"),
        }
    }

    async fn tick(&mut self, now: DateTime<Utc>) -> stint_core::Result<()> {
        let settings = self.store.tracking_settings().await?;
        if self
            .store
            .apply_auto_stop(&settings, &chrono::Local, now)
            .await?
            .is_some()
        {
            crate::watch::announce(&self.app).await;
        }
        let running = self.store.running().await?;
        let previous = self.last_tick.replace(now);
        let Some(entry) = running else {
            if self.last_beat.take().is_some() {
                let _ = self.heart.clear();
            }
            self.idle_open = None;
            return self.remind(&settings, now).await;
        };
        // The process did not run for a while: the machine slept (logind may not exist here).
        if let Some(before) = previous {
            if to_ms(now) - to_ms(before) > JUMP_MS && settings.idle_detection {
                self.store.note_away(AwayCause::Sleep, before, now).await?;
                if let Some(question) = self.store.note_back(now, now).await? {
                    self.ask(&question).await;
                }
            }
        }
        let beat_due = self.last_beat.map_or(true, |(id, at)| {
            id != entry.id || to_ms(now) - at >= BEAT_MS
        });
        if beat_due {
            if let Err(err) = self.heart.beat(entry.id, now) {
                log::warn!("could not write the heartbeat file: {err}");
            }
            self.last_beat = Some((entry.id, to_ms(now)));
        }
        if settings.idle_detection {
            if let Some(idle) = self.source.idle_ms() {
                self.idle(idle, settings.idle_ms(), now).await?;
            }
        }
        if settings.runaway(&entry, now) && self.runaway_said != Some(entry.id) {
            self.runaway_said = Some(entry.id);
            notify::send(
                &self.app,
                Notice::Runaway {
                    description: entry.description.clone(),
                    hours: settings.runaway_hours,
                },
            );
        }
        Ok(())
    }

    async fn idle(
        &mut self,
        idle: u64,
        threshold: i64,
        now: DateTime<Utc>,
    ) -> stint_core::Result<()> {
        let idle_i = i64::try_from(idle).unwrap_or(i64::MAX);
        match self.idle_open {
            None if idle_i >= threshold => {
                let since = now - chrono::Duration::milliseconds(idle_i);
                self.store.note_away(AwayCause::Idle, since, now).await?;
                self.idle_open = Some(idle);
                crate::watch::announce(&self.app).await;
            }
            Some(last) if idle < last => {
                self.idle_open = None;
                let back = now - chrono::Duration::milliseconds(idle_i);
                if let Some(question) = self.store.note_back(back, now).await? {
                    self.ask(&question).await;
                }
            }
            Some(_) => self.idle_open = Some(idle),
            None => {}
        }
        Ok(())
    }

    #[cfg(target_os = "linux")]
    async fn logind(
        &mut self,
        signal: logind::Signal,
        now: DateTime<Utc>,
    ) -> stint_core::Result<()> {
        use logind::Signal;
        if !self.store.tracking_settings().await?.idle_detection {
            return Ok(());
        }
        match signal {
            Signal::Sleeping | Signal::Locked => {
                let cause = if signal == Signal::Sleeping {
                    AwayCause::Sleep
                } else {
                    AwayCause::Lock
                };
                // Delivered only after the machine woke (this process got no time before it
                // slept): the absence began at the last tick, not now.
                let since = match self.last_tick {
                    Some(last) if to_ms(now) - to_ms(last) > 2 * TICK.as_millis() as i64 => last,
                    _ => now,
                };
                self.store.note_away(cause, since, now).await?;
                crate::watch::announce(&self.app).await;
            }
            Signal::Woke | Signal::Unlocked => {
                self.idle_open = None;
                // The tick after a sleep must not count the same gap again.
                self.last_tick = Some(now);
                if let Some(question) = self.store.note_back(now, now).await? {
                    self.ask(&question).await;
                }
            }
        }
        Ok(())
    }

    async fn remind(
        &mut self,
        settings: &stint_core::tracking::TrackingSettings,
        now: DateTime<Utc>,
    ) -> stint_core::Result<()> {
        if !settings.reminders {
            return Ok(());
        }
        // The entry worked on last: the latest end among the latest starts.
        let last = self
            .store
            .recent(25)
            .await?
            .into_iter()
            .filter(|e| e.stop_ms.is_some())
            .max_by_key(|e| e.stop_ms);
        let due = settings.reminder_due(
            false,
            last.as_ref().and_then(|e| e.stop_ms),
            self.last_reminder_ms,
            &chrono::Local,
            now,
        );
        if due {
            self.last_reminder_ms = Some(to_ms(now));
            notify::send(
                &self.app,
                Notice::Reminder {
                    last: last.map(|e| (e.id, e.description)),
                },
            );
        }
        Ok(())
    }

    /// The person is back: the window comes forward with the question, a notification says the
    /// same, and the tray offers the answers.
    async fn ask(&self, question: &AwayQuestion) {
        let clock = self
            .store
            .display_preferences()
            .await
            .map(|p| p.clock)
            .unwrap_or_default();
        let sentence = question.sentence(&chrono::Local, clock, Utc::now());
        crate::watch::announce(&self.app).await;
        crate::window::show_main(&self.app);
        let _ = crate::events::AwayAsked.emit(&self.app);
        notify::send(
            &self.app,
            Notice::Away {
                id: question.id,
                sentence,
            },
        );
    }
}
