//! Time away from the machine while a timer ran — idle, a locked screen, sleep, a shutdown — and
//! the answers to "what about that time?". The app, the tray and `stint idle` all answer through
//! [`Store::answer_away`], so the rules are the same everywhere.
//!
//! The rule: an answer only ever cuts the asked-about entry's own span `[start, end)` into
//! pieces, so it cannot create an overlap that was not there, and the piece that takes over the
//! end keeps the entry running if it was — never a second running timer.
//!
//! - **Keep**: nothing changes.
//! - **Discard**: the entry ends when the away time began (deleted, if it had only just begun).
//! - **Discard and continue**: as Discard, and a copy (same description, project, tags) covers
//!   the rest of the span from the return on; it runs if the entry ran.
//! - **Keep as new**: as Discard and continue, and the away time itself becomes an entry with
//!   the description, project and tags given ("Meeting").
//!
//! One question is open at a time (`away_one_open`). A second absence before the first is
//! answered joins it when it begins within [`REJOIN_MS`] of the return (the idle monitor and a
//! screen lock often report one absence twice); otherwise the first question stands alone.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::bridge::on_sqlite;
use crate::entries::{insert_entry, live_entry, CleanFields};
use crate::entry::{clean_description, clean_tags, Entry};
use crate::error::{Error, Result};
use crate::local_time::to_ms;
use crate::store::Store;

/// An absence that begins this soon after the last one ended is the same absence.
pub const REJOIN_MS: i64 = 60_000;

/// What told Stint the person was away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum AwayCause {
    /// No keyboard or pointer input for the idle threshold.
    Idle,
    /// The screen was locked.
    Lock,
    /// The machine slept (or Stint's own clock jumped).
    Sleep,
    /// Stint stopped without quitting (the machine shut down or the app was killed).
    Shutdown,
}

impl AwayCause {
    fn as_str(self) -> &'static str {
        match self {
            AwayCause::Idle => "idle",
            AwayCause::Lock => "lock",
            AwayCause::Sleep => "sleep",
            AwayCause::Shutdown => "shutdown",
        }
    }

    fn parse(text: &str) -> AwayCause {
        match text {
            "lock" => AwayCause::Lock,
            "sleep" => AwayCause::Sleep,
            "shutdown" => AwayCause::Shutdown,
            _ => AwayCause::Idle,
        }
    }
}

/// The open question: the entry that ran while the person was away, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AwayQuestion {
    pub id: i64,
    pub entry: Entry,
    /// When the absence began (UTC ms), never before the entry's start.
    pub from_ms: i64,
    /// When the person came back; `None` while they are still away.
    pub to_ms: Option<i64>,
    pub cause: AwayCause,
}

impl AwayQuestion {
    /// The question as a sentence: "You were away from 10:42 to 11:09 (27 min) while
    /// “Writing report” ran." Times are local, in the given clock.
    pub fn sentence<Tz: TimeZone>(
        &self,
        tz: &Tz,
        clock: crate::display::Clock,
        now: DateTime<Utc>,
    ) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        let show = |ms: i64| clock.time(crate::local_time::from_ms(ms).with_timezone(tz));
        let to = self.to_ms.unwrap_or_else(|| to_ms(now));
        let minutes = ((to - self.from_ms).max(0) + 30_000) / 60_000;
        let length = if minutes >= 60 {
            format!("{} h {:02} min", minutes / 60, minutes % 60)
        } else {
            format!("{minutes} min")
        };
        let span = match self.to_ms {
            Some(_) => format!("from {} to {} ({length})", show(self.from_ms), show(to)),
            None => format!("since {} ({length} so far)", show(self.from_ms)),
        };
        let verb = if self.entry.is_running() {
            "ran"
        } else {
            "was running"
        };
        let was = if self.to_ms.is_some() {
            "were"
        } else {
            "have been"
        };
        format!(
            "You {was} away {span} while “{}” {verb}.",
            self.entry.description
        )
    }
}

/// What to do with the time away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AwayAnswer {
    Keep,
    Discard,
    DiscardAndContinue,
    /// The away time becomes its own entry with these fields.
    KeepAsNew {
        description: String,
        project_id: Option<i64>,
        tags: Vec<String>,
    },
}

impl AwayAnswer {
    fn as_str(&self) -> &'static str {
        match self {
            AwayAnswer::Keep => "keep",
            AwayAnswer::Discard => "discard",
            AwayAnswer::DiscardAndContinue => "discard_and_continue",
            AwayAnswer::KeepAsNew { .. } => "keep_as_new",
        }
    }
}

/// What an answer did, for the window's "Undo" notice and the CLI's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AwayAnswered {
    /// The question's id, for [`Store::undo_away_answer`].
    pub id: i64,
    /// The asked-about entry as it is now; `None` if the answer deleted it.
    pub entry: Option<Entry>,
    /// Entries the answer made: the away time's own entry, the continuation.
    pub made: Vec<Entry>,
}

/// What undoing an answer puts back.
#[derive(Serialize, Deserialize)]
struct UndoRecord {
    entry_id: i64,
    stop_ms: Option<i64>,
    deleted_at: Option<i64>,
    made: Vec<i64>,
}

#[derive(sqlx::FromRow)]
struct AwayRow {
    id: i64,
    entry_id: i64,
    started_ms: i64,
    ended_ms: Option<i64>,
    cause: String,
}

/// Whether any question about time away is unanswered (some may turn out moot: see
/// `open_question`).
pub(crate) const UNANSWERED_EXISTS: &str =
    "SELECT EXISTS (SELECT 1 FROM away_periods WHERE answered_at IS NULL)";

const OPEN_AWAY: &str = "SELECT id, entry_id, started_ms, ended_ms, cause FROM away_periods
                         WHERE answered_at IS NULL";

impl Store {
    /// Notes that the person has been away since `since`, if a timer runs. Returns the open
    /// question (this one, or an earlier one still unanswered).
    pub async fn note_away(
        &self,
        cause: AwayCause,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<AwayQuestion>> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let since = to_ms(since.min(now));
        close_stale(&mut tx, to_ms(now)).await?;
        let open: Option<AwayRow> = sqlx::query_as(OPEN_AWAY).fetch_optional(&mut *tx).await?;
        match open {
            // Still away: the absence is already noted (a lock during idleness, say).
            Some(row) if row.ended_ms.is_none() => {}
            Some(row) => {
                let back = row.ended_ms.unwrap_or(row.started_ms);
                let running = running_id(&mut tx).await?;
                if since - back <= REJOIN_MS && running == Some(row.entry_id) {
                    sqlx::query("UPDATE away_periods SET ended_ms = NULL WHERE id = ?")
                        .bind(row.id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            None => {
                let running = on_sqlite(&mut tx, crate::timer::running_entry).await?;
                let Some(entry) = running else {
                    return Ok(None);
                };
                sqlx::query(
                    "INSERT INTO away_periods (entry_id, started_ms, cause) VALUES (?, ?, ?)",
                )
                .bind(entry.id)
                .bind(since.max(entry.start_ms))
                .bind(cause.as_str())
                .execute(&mut *tx)
                .await?;
            }
        }
        let question = open_question(&mut tx).await?;
        tx.commit().await?;
        Ok(question)
    }

    /// Notes that the person came back at `at`. Returns the question to ask, if there is one.
    pub async fn note_back(
        &self,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<AwayQuestion>> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        sqlx::query(
            "UPDATE away_periods SET ended_ms = MAX(started_ms, ?)
             WHERE answered_at IS NULL AND ended_ms IS NULL",
        )
        .bind(to_ms(at.min(now)))
        .execute(&mut *tx)
        .await?;
        let question = open_question(&mut tx).await?;
        tx.commit().await?;
        Ok(question)
    }

    /// The open question, if any: asked once the person is back (`to_ms` set), shown as "away
    /// since" before that.
    pub async fn away_question(&self) -> Result<Option<AwayQuestion>> {
        let mut conn = self.pool.acquire().await?;
        open_question(&mut conn).await
    }

    /// Answers question `id`, atomically. Answering a question whose person is still away takes
    /// `now` as the return.
    pub async fn answer_away(
        &self,
        id: i64,
        answer: &AwayAnswer,
        now: DateTime<Utc>,
    ) -> Result<AwayAnswered> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let question = open_question(&mut tx)
            .await?
            .filter(|q| q.id == id)
            .ok_or(Error::NoAwayQuestion)?;
        let now_ms = to_ms(now);
        let entry = question.entry.clone();
        let end = entry.stop_ms;
        let from = question.from_ms.max(entry.start_ms);
        let back = question.to_ms.unwrap_or(now_ms).max(from).min(now_ms);
        // The piece before the absence; the rest of the span is cut according to the answer.
        let cut = !matches!(answer, AwayAnswer::Keep) && end.map_or(true, |end| end > from);
        let mut made = Vec::new();
        if cut {
            if let AwayAnswer::KeepAsNew {
                description,
                project_id,
                tags,
            } = answer
            {
                let description = clean_description(description)?;
                let tags = clean_tags(tags)?;
                if let Some(project) = project_id {
                    if *project != entry.project.as_ref().map_or(-1, |p| p.id) {
                        on_sqlite(&mut tx, |c| crate::projects::ensure_live(c, *project)).await?;
                    }
                }
                let away_end = end.map_or(back, |end| end.min(back));
                if away_end > from {
                    made.push(CleanFields {
                        description,
                        project_id: *project_id,
                        tags,
                        start_ms: from,
                        stop_ms: Some(away_end),
                        billable: None,
                    });
                }
            }
            let continues = matches!(
                answer,
                AwayAnswer::DiscardAndContinue | AwayAnswer::KeepAsNew { .. }
            ) && end.map_or(true, |end| end > back);
            // The entry gives up its running state before its continuation takes it over.
            end_entry(&mut tx, &entry, from, now_ms).await?;
            if continues {
                made.push(CleanFields {
                    description: entry.description.clone(),
                    project_id: entry.project.as_ref().filter(|p| !p.deleted).map(|p| p.id),
                    tags: entry.tags.clone(),
                    start_ms: back,
                    stop_ms: end,
                    billable: Some(entry.billable),
                });
            }
        }
        let mut made_ids = Vec::new();
        for fields in &made {
            made_ids.push(on_sqlite(&mut tx, |c| insert_entry(c, fields, now)).await?);
        }
        let undo = UndoRecord {
            entry_id: entry.id,
            stop_ms: entry.stop_ms,
            deleted_at: None,
            made: made_ids.clone(),
        };
        sqlx::query(
            "UPDATE away_periods SET ended_ms = ?, answered_at = ?, answer = ?, undo = ?
             WHERE id = ?",
        )
        .bind(back)
        .bind(now_ms)
        .bind(answer.as_str())
        .bind(serde_json::to_string(&undo).map_err(|e| Error::Io(e.into()))?)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let entry_now = on_sqlite(&mut tx, |c| live_entry(c, entry.id)).await.ok();
        let mut made = Vec::new();
        for made_id in made_ids {
            made.push(on_sqlite(&mut tx, |c| crate::entries::entry_by_id(c, made_id)).await?);
        }
        tx.commit().await?;
        Ok(AwayAnswered {
            id,
            entry: entry_now,
            made,
        })
    }

    /// Takes an answer back: the entries it made go, the entry gets its old end, and the
    /// question is open again.
    pub async fn undo_away_answer(&self, id: i64, now: DateTime<Utc>) -> Result<AwayQuestion> {
        let mut writer = self.writer().await?;
        let mut tx = writer.begin_immediate().await?;
        let undo: Option<Option<String>> = sqlx::query_scalar(
            "SELECT undo FROM away_periods WHERE id = ? AND answered_at IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let undo: UndoRecord = undo
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
            .ok_or(Error::NothingToUndo)?;
        if open_question(&mut tx).await?.is_some() {
            return Err(Error::AwayQuestionPending);
        }
        for made in &undo.made {
            sqlx::query("DELETE FROM entries WHERE id = ?")
                .bind(made)
                .execute(&mut *tx)
                .await?;
        }
        let restored = sqlx::query(
            "UPDATE entries SET stop_ms = ?, deleted_at = ?, updated_at = ? WHERE id = ?",
        )
        .bind(undo.stop_ms)
        .bind(undo.deleted_at)
        .bind(to_ms(now))
        .bind(undo.entry_id)
        .execute(&mut *tx)
        .await;
        if let Err(err) = restored {
            let err = Error::from(err);
            let told = on_sqlite(&mut tx, |c| Ok(crate::timer::running_conflict(c, err))).await;
            return Err(told.unwrap_or_else(|failed| failed));
        }
        sqlx::query(
            "UPDATE away_periods SET answered_at = NULL, answer = NULL, undo = NULL WHERE id = ?",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let question = open_question(&mut tx).await?.ok_or(Error::NothingToUndo)?;
        tx.commit().await?;
        Ok(question)
    }
}

/// Ends `entry` at `at`; an entry that would be left empty is deleted instead.
async fn end_entry(
    tx: &mut Transaction<'_, Sqlite>,
    entry: &Entry,
    at: i64,
    now_ms: i64,
) -> Result<()> {
    if at <= entry.start_ms {
        sqlx::query("UPDATE entries SET deleted_at = ?, updated_at = ? WHERE id = ?")
            .bind(now_ms)
            .bind(now_ms)
            .bind(entry.id)
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query("UPDATE entries SET stop_ms = ?, updated_at = ? WHERE id = ?")
            .bind(at)
            .bind(now_ms)
            .bind(entry.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Closes an open question that no longer asks anything (its entry was deleted or edited to end
/// before the absence), so a new absence can be noted.
async fn close_stale(conn: &mut SqliteConnection, now_ms: i64) -> Result<()> {
    if open_question(conn).await?.is_none() {
        sqlx::query(
            "UPDATE away_periods SET answered_at = ?, answer = 'gone' WHERE answered_at IS NULL",
        )
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn running_id(conn: &mut SqliteConnection) -> Result<Option<i64>> {
    Ok(on_sqlite(conn, crate::timer::running_entry)
        .await?
        .map(|e| e.id))
}

/// The open question, with its entry as it is now. A question about an entry deleted since is
/// no question.
async fn open_question(conn: &mut SqliteConnection) -> Result<Option<AwayQuestion>> {
    let row: Option<AwayRow> = sqlx::query_as(OPEN_AWAY).fetch_optional(&mut *conn).await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let entry = match on_sqlite(conn, |c| live_entry(c, row.entry_id)).await {
        Ok(entry) => entry,
        Err(Error::EntryNotFound { .. }) => return Ok(None),
        Err(other) => return Err(other),
    };
    // An entry stopped before the absence began (edited since) ran through none of it.
    if entry.stop_ms.is_some_and(|stop| stop <= row.started_ms) {
        return Ok(None);
    }
    Ok(Some(AwayQuestion {
        id: row.id,
        from_ms: row.started_ms.max(entry.start_ms),
        to_ms: row.ended_ms,
        cause: AwayCause::parse(&row.cause),
        entry,
    }))
}
