//! `stint idle`: the question about time away from the machine while a timer ran, and its
//! answers — the same ones the window and the tray offer (stint-core's `away` rules).

use chrono::{DateTime, Local, Utc};
use serde_json::{json, Value};
use stint_core::away::{AwayAnswer, AwayQuestion};
use stint_core::Store;

use crate::args::IdleAnswer;
use crate::failure::Failure;
use crate::output::{entry_json, entry_line, print_json, rfc3339};

/// The question as JSON, for `status --json` and `idle --json`.
pub fn question_json(question: &AwayQuestion, sentence: &str) -> Value {
    json!({
        "id": question.id,
        "entry_id": question.entry.id,
        "from": rfc3339(stint_core::local_time::from_ms(question.from_ms)),
        "to": question.to_ms.map(|ms| rfc3339(stint_core::local_time::from_ms(ms))),
        "cause": question.cause,
        "question": sentence,
    })
}

/// The question as a person reads it, with how to answer.
pub async fn question_text(
    store: &Store,
    question: &AwayQuestion,
    now: DateTime<Utc>,
) -> Result<String, Failure> {
    let clock = store.display_preferences().await?.clock;
    Ok(question.sentence(&Local, clock, now))
}

pub const HOW_TO_ANSWER: &str =
    "Answer with `stint idle keep`, `stint idle discard`, `stint idle continue` or `stint idle new DESCRIPTION`.";

pub async fn run(
    store: &Store,
    answer: Option<IdleAnswer>,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let question = store.away_question().await?;
    let Some(answer) = answer else {
        return show(store, question, json_out, now).await;
    };
    if let IdleAnswer::Undo { id } = answer {
        let question = store.undo_away_answer(id, now).await?;
        let sentence = question_text(store, &question, now).await?;
        if json_out {
            print_json(&json!({ "away": question_json(&question, &sentence) }));
        } else {
            println!("Took the answer back. {sentence}");
        }
        return Ok(());
    }
    let question = question.ok_or_else(|| {
        Failure::refused("There is no question about time away: nothing to answer.")
    })?;
    let answer = match answer {
        IdleAnswer::Keep => AwayAnswer::Keep,
        IdleAnswer::Discard => AwayAnswer::Discard,
        IdleAnswer::Continue => AwayAnswer::DiscardAndContinue,
        IdleAnswer::New {
            description,
            labels,
        } => {
            let project_id = match labels.project.as_deref() {
                Some(name) => Some(store.ensure_project(name, now).await?.id),
                None => None,
            };
            AwayAnswer::KeepAsNew {
                description: description.join(" "),
                project_id,
                tags: labels.tags,
            }
        }
        IdleAnswer::Undo { .. } => unreachable!("handled above"),
    };
    let answered = store.answer_away(question.id, &answer, now).await?;
    let now_ms = now.timestamp_millis();
    if json_out {
        print_json(&json!({
            "id": answered.id,
            "entry": answered.entry.as_ref().map(|e| entry_json(e, now_ms)),
            "made": answered.made.iter().map(|e| entry_json(e, now_ms)).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let said = match answer {
        AwayAnswer::Keep => "Kept the time away.",
        AwayAnswer::Discard => "Discarded the time away.",
        AwayAnswer::DiscardAndContinue => "Discarded the time away and continued.",
        AwayAnswer::KeepAsNew { .. } => "Kept the time away as a new entry.",
    };
    println!("{said}");
    if let Some(entry) = &answered.entry {
        println!("  {}", entry_line(entry, now_ms));
    } else if answer != AwayAnswer::Keep {
        println!("  The entry had only just started, so it was deleted.");
    }
    for entry in &answered.made {
        println!("  {}", entry_line(entry, now_ms));
    }
    println!("Undo with `stint idle undo {}`.", answered.id);
    Ok(())
}

async fn show(
    store: &Store,
    question: Option<AwayQuestion>,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let Some(question) = question else {
        if json_out {
            print_json(&json!({ "away": null }));
        } else {
            println!("There is no question about time away.");
        }
        return Ok(());
    };
    let sentence = question_text(store, &question, now).await?;
    if json_out {
        print_json(&json!({ "away": question_json(&question, &sentence) }));
    } else {
        println!("{sentence}");
        println!("{HOW_TO_ANSWER}");
    }
    Ok(())
}
