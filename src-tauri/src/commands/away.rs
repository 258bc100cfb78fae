//! Time away while a timer ran (the question and its answers) and Settings → Tracking.

use chrono::{Local, Utc};
use serde::Serialize;
use specta::Type;
use stint_core::away::{AwayAnswer, AwayAnswered, AwayQuestion};
use stint_core::tracking::TrackingSettings;
use stint_core::Store;
use tauri::State;

use crate::away::SupportSlot;
use crate::error::CommandResult;

/// The open question, with the sentence the window shows.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AwayPrompt {
    pub question: AwayQuestion,
    /// "You were away from 10:42 to 11:09 (27 min) while “Writing report” ran."
    pub sentence: String,
}

#[tauri::command]
#[specta::specta]
pub async fn get_away_question(store: State<'_, Store>) -> CommandResult<Option<AwayPrompt>> {
    let Some(question) = store.away_question().await? else {
        return Ok(None);
    };
    let clock = store.display_preferences().await?.clock;
    let sentence = question.sentence(&Local, clock, Utc::now());
    Ok(Some(AwayPrompt { question, sentence }))
}

#[tauri::command]
#[specta::specta]
pub async fn answer_away(
    store: State<'_, Store>,
    id: i64,
    answer: AwayAnswer,
) -> CommandResult<AwayAnswered> {
    Ok(store.answer_away(id, &answer, Utc::now()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn undo_away_answer(store: State<'_, Store>, id: i64) -> CommandResult<AwayQuestion> {
    Ok(store.undo_away_answer(id, Utc::now()).await?)
}

/// Settings → Tracking, and what this machine can tell.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Tracking {
    pub settings: TrackingSettings,
    /// How idle time is read here ("the X server's idle time"), or `None`.
    pub idle_source: Option<String>,
    /// Why idle time cannot be read here, if it cannot.
    pub idle_unavailable: Option<String>,
    /// Why sleep and screen lock cannot be noticed here, if they cannot.
    pub sleep_and_lock_unavailable: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn get_tracking(
    store: State<'_, Store>,
    support: State<'_, SupportSlot>,
) -> CommandResult<Tracking> {
    let settings = store.tracking_settings().await?;
    let support = support.0.lock().expect("support lock").clone();
    Ok(Tracking {
        settings,
        idle_source: support.idle.as_ref().ok().map(|s| s.to_string()),
        idle_unavailable: support.idle.err(),
        sleep_and_lock_unavailable: support.sleep_and_lock.err(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn set_tracking(
    store: State<'_, Store>,
    settings: TrackingSettings,
) -> CommandResult<()> {
    Ok(store.set_tracking_settings(&settings).await?)
}
