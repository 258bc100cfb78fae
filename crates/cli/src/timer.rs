//! `stint start`, `stop`, `status` and `continue`: the running timer.

use std::path::Path;

use chrono::{DateTime, Local, Utc};
use serde_json::json;
use stint_core::away::AwayQuestion;
use stint_core::direct::{self, Direct};
use stint_core::glance::{self, Glance};
use stint_core::{Entry, Store, TimerStart};

use crate::args::{Command, Labels, StartArgs};
use crate::failure::Failure;
use crate::idle;
use crate::output::{entry_json, entry_line, print_entry, print_json};

pub async fn start(
    store: &Store,
    args: StartArgs,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let (start, project) = timer_start(&args);
    let entry = store
        .start_timer_named(&start, project.as_deref(), &Local, now)
        .await?;
    print_entry(json_out, "Started", &entry, now);
    Ok(())
}

/// What `stint start`'s arguments ask for, and the project they name.
fn timer_start(args: &StartArgs) -> (TimerStart, Option<String>) {
    let StartArgs {
        description,
        labels: Labels { project, tags },
        at,
        billing,
    } = args;
    let start = TimerStart {
        description: description.join(" "),
        project_id: None,
        tags: tags.clone(),
        // As typed: the core reads `-15m`, `9:30` and the rest against `now`.
        start: at.clone(),
        billable: billing.choice(),
    };
    (start, project.clone())
}

pub async fn stop(store: &Store, json_out: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    if let Some(entry) = auto_stop(store, now).await {
        print_entry(json_out, "Stopped at the set time", &entry, now);
        return Ok(());
    }
    let entry = store.stop_timer(now).await?;
    print_entry(json_out, "Stopped", &entry, now);
    Ok(())
}

/// `stint start` and `stint stop` in the plain case, before any store is opened (see
/// `stint_core::direct`): the command's outcome when it was done, `None` when nothing was
/// written and the store must do it.
pub fn start_or_stop_directly(
    database: &Path,
    command: &Command,
    json_out: bool,
    now: DateTime<Utc>,
) -> Option<Result<(), Failure>> {
    let (done, verb) = match command {
        Command::Start(args) => {
            let (start, project) = timer_start(args);
            let done = direct::start_timer(database, &start, project.as_deref(), &Local, now);
            (done, "Started")
        }
        Command::Stop => (direct::stop_timer(database, &Local, now), "Stopped"),
        _ => return None,
    };
    match done {
        Direct::Done(Ok(entry)) => {
            print_entry(json_out, verb, &entry, now);
            Some(Ok(()))
        }
        Direct::Done(Err(err)) => Some(Err(Failure::from(err).locate(database))),
        Direct::NeedsStore => None,
    }
}

/// `stint status` in the plain case, before any store is opened (see `stint_core::glance`):
/// true when it has answered.
pub fn status_at_a_glance(database: &Path, json_out: bool, now: DateTime<Utc>) -> bool {
    match glance::running_timer(database, &Local, now) {
        Glance::Settled(running) => {
            print_status(json_out, None, running, None, now);
            true
        }
        Glance::NeedsStore => false,
    }
}

pub async fn status(store: &Store, json_out: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    let stopped = auto_stop(store, now).await;
    let running = store.running().await?;
    let away = match store.away_question().await? {
        Some(question) => {
            let sentence = idle::question_text(store, &question, now).await?;
            Some((question, sentence))
        }
        None => None,
    };
    print_status(json_out, stopped, running, away, now);
    Ok(())
}

fn print_status(
    json_out: bool,
    stopped: Option<Entry>,
    running: Option<Entry>,
    away: Option<(AwayQuestion, String)>,
    now: DateTime<Utc>,
) {
    let now_ms = now.timestamp_millis();
    if json_out {
        let running = running.map(|e| entry_json(&e, now_ms));
        let away = away.as_ref().map(|(q, s)| idle::question_json(q, s));
        print_json(&json!({ "running": running, "away": away }));
        return;
    }
    if let Some(entry) = stopped {
        println!("Stopped at the set time {}", entry_line(&entry, now_ms));
    }
    match running {
        Some(entry) => println!("Running {}", entry_line(&entry, now_ms)),
        None => println!("No timer is running."),
    }
    if let Some((_, sentence)) = away {
        println!("{sentence}");
        println!("{}", idle::HOW_TO_ANSWER);
    }
}

/// `stint continue [ID]`: the latest entry when no ID is given.
pub async fn continue_entry(
    store: &Store,
    id: Option<i64>,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let id = match id {
        Some(id) => id,
        None => {
            store
                .last_entry()
                .await?
                .ok_or_else(|| Failure::refused("There is no entry to continue yet."))?
                .id
        }
    };
    let entry = store.continue_entry(id, &Local, now).await?;
    print_entry(json_out, "Started", &entry, now);
    Ok(())
}

/// Applies Settings → Tracking's "stop timers at", which the app applies on its clock; here for
/// when the app is not running. A read-only database is left as it is.
async fn auto_stop(store: &Store, now: DateTime<Utc>) -> Option<Entry> {
    let settings = store.tracking_settings().await.ok()?;
    store
        .apply_auto_stop(&settings, &Local, now)
        .await
        .ok()
        .flatten()
}
