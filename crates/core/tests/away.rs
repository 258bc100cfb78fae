//! Time away while a timer ran, and the answers (stint-core's `away` rules), on real SQLite
//! files.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use common::{start, store, utc};
use proptest::prelude::*;
use stint_core::away::{AwayAnswer, AwayCause};
use stint_core::local_time::to_ms;
use stint_core::{Entry, Error, Store, TimerStart};

fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}

/// A live entry as (description, start, stop).
type Span = (String, i64, Option<i64>);

/// Live entries, oldest first.
async fn spans(store: &Store) -> Vec<Span> {
    let mut all: Vec<Entry> = store
        .entries_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)
        .await
        .unwrap();
    all.sort_by_key(|e| (e.start_ms, e.id));
    all.into_iter()
        .map(|e| (e.description, e.start_ms, e.stop_ms))
        .collect()
}

/// A timer "Writing report" (project Acme, tag deep) from 10:00, away 10:42–11:09.
async fn away_from_writing(store: &Store) -> i64 {
    let t0 = utc(2026, 11, 2, 10, 0);
    let project = store.create_project("Acme", t0).await.unwrap();
    let timer = TimerStart {
        description: "Writing report".into(),
        project_id: Some(project.id),
        tags: vec!["deep".into()],
        ..Default::default()
    };
    store.start_timer(&timer, &Utc, t0).await.unwrap();
    let asked = store
        .note_away(
            AwayCause::Idle,
            utc(2026, 11, 2, 10, 42),
            utc(2026, 11, 2, 10, 47),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(asked.to_ms, None, "still away");
    let question = store
        .note_back(utc(2026, 11, 2, 11, 9), utc(2026, 11, 2, 11, 9))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(question.from_ms, to_ms(utc(2026, 11, 2, 10, 42)));
    assert_eq!(question.to_ms, Some(to_ms(utc(2026, 11, 2, 11, 9))));
    assert_eq!(question.entry.description, "Writing report");
    question.id
}

fn ms(h: u32, m: u32) -> i64 {
    to_ms(utc(2026, 11, 2, h, m))
}

#[tokio::test]
async fn the_question_reads_as_a_sentence() {
    let (_dir, store) = store().await;
    away_from_writing(&store).await;
    let question = store.away_question().await.unwrap().unwrap();
    assert_eq!(
        question.sentence(
            &Utc,
            stint_core::display::Clock::H24,
            utc(2026, 11, 2, 11, 10)
        ),
        "You were away from 10:42 to 11:09 (27 min) while “Writing report” ran."
    );
    assert_eq!(
        question.sentence(
            &Utc,
            stint_core::display::Clock::H12,
            utc(2026, 11, 2, 11, 10)
        ),
        "You were away from 10:42 AM to 11:09 AM (27 min) while “Writing report” ran."
    );
}

#[tokio::test]
async fn keep_changes_nothing_and_closes_the_question() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    let before = spans(&store).await;
    store
        .answer_away(id, &AwayAnswer::Keep, utc(2026, 11, 2, 11, 10))
        .await
        .unwrap();
    assert_eq!(spans(&store).await, before);
    assert!(store.running().await.unwrap().is_some());
    assert_eq!(store.away_question().await.unwrap(), None);
    // Answering twice is refused in words.
    let again = store
        .answer_away(id, &AwayAnswer::Discard, utc(2026, 11, 2, 11, 11))
        .await;
    assert!(matches!(again, Err(Error::NoAwayQuestion)), "{again:?}");
}

#[tokio::test]
async fn discard_ends_the_entry_when_the_absence_began_and_undo_brings_it_back() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    let answered = store
        .answer_away(id, &AwayAnswer::Discard, utc(2026, 11, 2, 11, 10))
        .await
        .unwrap();
    assert!(answered.made.is_empty());
    assert_eq!(
        spans(&store).await,
        vec![("Writing report".into(), ms(10, 0), Some(ms(10, 42)))]
    );
    assert_eq!(store.running().await.unwrap(), None);

    let question = store
        .undo_away_answer(id, utc(2026, 11, 2, 11, 12))
        .await
        .unwrap();
    assert_eq!(question.id, id, "the question is open again");
    assert_eq!(
        spans(&store).await,
        vec![("Writing report".into(), ms(10, 0), None)]
    );
}

#[tokio::test]
async fn discard_and_continue_starts_a_copy_at_the_return() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    let answered = store
        .answer_away(
            id,
            &AwayAnswer::DiscardAndContinue,
            utc(2026, 11, 2, 11, 10),
        )
        .await
        .unwrap();
    assert_eq!(
        spans(&store).await,
        vec![
            ("Writing report".into(), ms(10, 0), Some(ms(10, 42))),
            ("Writing report".into(), ms(11, 9), None),
        ]
    );
    let running = store.running().await.unwrap().unwrap();
    assert_eq!(running.id, answered.made[0].id);
    assert_eq!(running.project.unwrap().name, "Acme");
    assert_eq!(running.tags, vec!["deep"]);

    store
        .undo_away_answer(id, utc(2026, 11, 2, 11, 12))
        .await
        .unwrap();
    assert_eq!(
        spans(&store).await,
        vec![("Writing report".into(), ms(10, 0), None)]
    );
}

#[tokio::test]
async fn keep_as_new_makes_the_away_time_its_own_entry_and_the_timer_runs_on() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    let meetings = store
        .create_project("Meetings", utc(2026, 11, 2, 11, 0))
        .await
        .unwrap();
    let answer = AwayAnswer::KeepAsNew {
        description: "Meeting".into(),
        project_id: Some(meetings.id),
        tags: vec!["call".into()],
    };
    let answered = store
        .answer_away(id, &answer, utc(2026, 11, 2, 11, 10))
        .await
        .unwrap();
    assert_eq!(
        spans(&store).await,
        vec![
            ("Writing report".into(), ms(10, 0), Some(ms(10, 42))),
            ("Meeting".into(), ms(10, 42), Some(ms(11, 9))),
            ("Writing report".into(), ms(11, 9), None),
        ]
    );
    let meeting = &answered.made[0];
    assert_eq!(meeting.project.as_ref().unwrap().name, "Meetings");
    assert_eq!(meeting.tags, vec!["call"]);

    // A bad description is refused and changes nothing.
    store
        .undo_away_answer(id, utc(2026, 11, 2, 11, 12))
        .await
        .unwrap();
    let refused = store
        .answer_away(
            id,
            &AwayAnswer::KeepAsNew {
                description: "  ".into(),
                project_id: None,
                tags: vec![],
            },
            utc(2026, 11, 2, 11, 13),
        )
        .await;
    assert!(
        matches!(refused, Err(Error::EmptyDescription)),
        "{refused:?}"
    );
    assert_eq!(
        spans(&store).await,
        vec![("Writing report".into(), ms(10, 0), None)]
    );
    assert!(store.away_question().await.unwrap().is_some());
}

#[tokio::test]
async fn an_answer_while_still_away_takes_now_as_the_return() {
    let (_dir, store) = store().await;
    store
        .start_timer(&start("Build"), &Utc, utc(2026, 11, 2, 9, 0))
        .await
        .unwrap();
    let question = store
        .note_away(
            AwayCause::Lock,
            utc(2026, 11, 2, 9, 30),
            utc(2026, 11, 2, 9, 30),
        )
        .await
        .unwrap()
        .unwrap();
    store
        .answer_away(
            question.id,
            &AwayAnswer::DiscardAndContinue,
            utc(2026, 11, 2, 10, 0),
        )
        .await
        .unwrap();
    assert_eq!(
        spans(&store).await,
        vec![
            ("Build".into(), ms(9, 0), Some(ms(9, 30))),
            ("Build".into(), ms(10, 0), None),
        ]
    );
}

#[tokio::test]
async fn nothing_is_asked_without_a_timer_and_an_absence_never_starts_before_the_entry() {
    let (_dir, store) = store().await;
    let none = store
        .note_away(
            AwayCause::Sleep,
            utc(2026, 11, 2, 8, 0),
            utc(2026, 11, 2, 9, 0),
        )
        .await
        .unwrap();
    assert_eq!(none, None);
    store
        .start_timer(&start("Build"), &Utc, utc(2026, 11, 2, 9, 0))
        .await
        .unwrap();
    // Idle since before the timer started: the absence counts from the start.
    let question = store
        .note_away(
            AwayCause::Idle,
            utc(2026, 11, 2, 8, 50),
            utc(2026, 11, 2, 9, 10),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(question.from_ms, ms(9, 0));
    store
        .note_back(utc(2026, 11, 2, 9, 20), utc(2026, 11, 2, 9, 20))
        .await
        .unwrap();
    // Discarding all of it leaves no empty entry behind.
    let answered = store
        .answer_away(question.id, &AwayAnswer::Discard, utc(2026, 11, 2, 9, 21))
        .await
        .unwrap();
    assert_eq!(answered.entry, None);
    assert!(spans(&store).await.is_empty());
    store
        .undo_away_answer(question.id, utc(2026, 11, 2, 9, 22))
        .await
        .unwrap();
    assert_eq!(spans(&store).await, vec![("Build".into(), ms(9, 0), None)]);
}

#[tokio::test]
async fn an_absence_right_after_the_return_joins_it_and_a_later_one_waits() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    // The screen locks 30 s after the idle return: one absence.
    let joined = store
        .note_away(
            AwayCause::Lock,
            utc(2026, 11, 2, 11, 9) + Duration::seconds(30),
            utc(2026, 11, 2, 11, 10),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(joined.id, id);
    assert_eq!(joined.from_ms, ms(10, 42));
    assert_eq!(joined.to_ms, None, "away again");
    let back = store
        .note_back(utc(2026, 11, 2, 11, 30), utc(2026, 11, 2, 11, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.to_ms, Some(ms(11, 30)));
    // Away again an hour later, question unanswered: the first question stands as it is.
    let later = store
        .note_away(
            AwayCause::Idle,
            utc(2026, 11, 2, 12, 30),
            utc(2026, 11, 2, 12, 35),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!((later.id, later.to_ms), (id, Some(ms(11, 30))));
}

#[tokio::test]
async fn a_question_about_a_deleted_entry_goes_away_and_does_not_block_the_next() {
    let (_dir, store) = store().await;
    away_from_writing(&store).await;
    let running = store.running().await.unwrap().unwrap();
    store
        .delete_entry(running.id, utc(2026, 11, 2, 11, 10))
        .await
        .unwrap();
    assert_eq!(store.away_question().await.unwrap(), None);
    store
        .start_timer(&start("Next"), &Utc, utc(2026, 11, 2, 11, 11))
        .await
        .unwrap();
    let next = store
        .note_away(
            AwayCause::Idle,
            utc(2026, 11, 2, 11, 20),
            utc(2026, 11, 2, 11, 25),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.entry.description, "Next");
}

#[tokio::test]
async fn an_entry_stopped_during_the_absence_is_cut_inside_its_own_span() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    // Stopped from the CLI at 11:20, after the return, before answering.
    store.stop_timer(utc(2026, 11, 2, 11, 20)).await.unwrap();
    store
        .answer_away(
            id,
            &AwayAnswer::DiscardAndContinue,
            utc(2026, 11, 2, 11, 30),
        )
        .await
        .unwrap();
    assert_eq!(
        spans(&store).await,
        vec![
            ("Writing report".into(), ms(10, 0), Some(ms(10, 42))),
            ("Writing report".into(), ms(11, 9), Some(ms(11, 20))),
        ],
        "the continuation ends where the entry ended; nothing runs"
    );
    assert_eq!(store.running().await.unwrap(), None);
}

#[tokio::test]
async fn undo_is_refused_when_another_timer_took_over() {
    let (_dir, store) = store().await;
    let id = away_from_writing(&store).await;
    store
        .answer_away(id, &AwayAnswer::Discard, utc(2026, 11, 2, 11, 10))
        .await
        .unwrap();
    store
        .start_timer(&start("Other"), &Utc, utc(2026, 11, 2, 11, 11))
        .await
        .unwrap();
    let undo = store.undo_away_answer(id, utc(2026, 11, 2, 11, 12)).await;
    assert!(
        matches!(undo, Err(Error::TimerAlreadyRunning { .. })),
        "{undo:?}"
    );
    assert_eq!(store.away_question().await.unwrap(), None);
    assert_eq!(spans(&store).await.len(), 2);
}

/// One step of the property test.
#[derive(Debug, Clone)]
enum Step {
    Wait(i64),
    Start,
    Stop,
    Away(i64),
    Back,
    Answer(u8),
    Undo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1i64..400).prop_map(Step::Wait),
        Just(Step::Start),
        Just(Step::Stop),
        (0i64..300).prop_map(Step::Away),
        Just(Step::Back),
        (0u8..4).prop_map(Step::Answer),
        Just(Step::Undo),
    ]
}

fn total_ms(spans: &[Span], now: i64) -> i64 {
    spans.iter().map(|(_, s, e)| e.unwrap_or(now) - s).sum()
}

/// Runs `steps` from `origin`, minutes apart, checking after each one that live entries never
/// overlap, at most one runs, each answer changes the total by exactly its rule, undo puts back
/// what was there, and the local days' totals add up to the total.
async fn run_steps(origin: DateTime<Utc>, steps: Vec<Step>) {
    let (_dir, store) = store().await;
    let mut now = origin;
    let mut last_answer: Option<(i64, Vec<Span>)> = None;
    for step in steps {
        match step {
            Step::Wait(m) => now += minutes(m),
            // Undo is checked against the entries as the answer left them.
            Step::Start => {
                let _ = store.start_timer(&start("Work"), &Berlin, now).await;
                last_answer = None;
            }
            Step::Stop => {
                let _ = store.stop_timer(now).await;
                last_answer = None;
            }
            Step::Away(m) => {
                let _ = store
                    .note_away(AwayCause::Idle, now - minutes(m), now)
                    .await
                    .unwrap();
            }
            Step::Back => {
                let _ = store.note_back(now, now).await.unwrap();
            }
            Step::Answer(kind) => {
                let Some(question) = store.away_question().await.unwrap() else {
                    continue;
                };
                let before = spans(&store).await;
                let now_ms = to_ms(now);
                let entry_end = question.entry.stop_ms.unwrap_or(now_ms);
                let from = question.from_ms;
                let back = question.to_ms.unwrap_or(now_ms).min(now_ms).max(from);
                let answer = match kind {
                    0 => AwayAnswer::Keep,
                    1 => AwayAnswer::Discard,
                    2 => AwayAnswer::DiscardAndContinue,
                    _ => AwayAnswer::KeepAsNew {
                        description: "Away".into(),
                        project_id: None,
                        tags: vec![],
                    },
                };
                store.answer_away(question.id, &answer, now).await.unwrap();
                let after = spans(&store).await;
                let cut = (entry_end - from).max(0);
                let away = (entry_end.min(back) - from).max(0);
                let expected_change = match kind {
                    0 | 3 => 0,
                    1 => -cut,
                    _ => -away,
                };
                assert_eq!(
                    total_ms(&after, now_ms) - total_ms(&before, now_ms),
                    expected_change,
                    "answer {kind} on {question:?}"
                );
                last_answer = Some((question.id, before));
            }
            Step::Undo => {
                if let Some((id, before)) = last_answer.take() {
                    if store.undo_away_answer(id, now).await.is_ok() {
                        assert_eq!(spans(&store).await, before, "undo puts back what was");
                    }
                }
            }
        }
        let live = spans(&store).await;
        let now_ms = to_ms(now);
        assert!(live.iter().filter(|(_, _, e)| e.is_none()).count() <= 1);
        for pair in live.windows(2) {
            let end = pair[0].2.unwrap_or(now_ms);
            assert!(end <= pair[1].1, "overlap: {pair:?}");
        }
        // The local days' totals (Berlin, through a DST night) add up to the whole.
        let first = stint_core::local_time::local_date(origin, &Berlin);
        let last = stint_core::local_time::local_date(now, &Berlin);
        let days = store.days_between(first, last, &Berlin, now).await.unwrap();
        let by_days: i64 = days.days.iter().map(|d| d.total_ms).sum();
        assert_eq!(by_days, total_ms(&live, now_ms));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Across the night Berlin's clocks go forward (29 March 2026) and midnight.
    #[test]
    fn any_answers_leave_entries_apart_with_the_right_totals(steps in prop::collection::vec(step(), 1..40)) {
        let origin = Berlin.with_ymd_and_hms(2026, 3, 28, 22, 0, 0).unwrap().with_timezone(&Utc);
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
            .block_on(run_steps(origin, steps));
    }

    /// Across the night they go back (25 October 2026).
    #[test]
    fn answers_across_the_autumn_night_keep_day_totals_whole(steps in prop::collection::vec(step(), 1..40)) {
        let origin = Berlin.from_local_datetime(&NaiveDate::from_ymd_opt(2026, 10, 24).unwrap().and_hms_opt(23, 0, 0).unwrap()).unwrap().with_timezone(&Utc);
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
            .block_on(run_steps(origin, steps));
    }
}
