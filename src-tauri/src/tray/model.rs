//! What the tray shows, as a pure function of the timer state and the recent entries, so it is
//! tested without a display.

use stint_core::Entry;

/// How many recent entries the "Recent" submenu offers.
pub const RECENT: usize = 5;
/// Longest description shown in a menu item, in characters.
const MAX_LABEL_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayModel {
    pub running: bool,
    /// "Start timer", or "Stop — Writing report (0:42)".
    pub toggle_label: String,
    /// The latest finished entry, to start again with one click: (id, label).
    pub continue_item: Option<(i64, String)>,
    /// Up to five distinct recent entries: (id, label).
    pub recent: Vec<(i64, String)>,
    /// Shown beside the icon where the OS shows tray text; `None` hides it.
    pub title: Option<String>,
    pub tooltip: String,
}

/// `running` is the running entry if any; `recent` the latest entries, newest first.
pub fn tray_model(running: Option<&Entry>, recent: &[Entry], now_ms: i64) -> TrayModel {
    let finished: Vec<&Entry> = recent.iter().filter(|e| !e.is_running()).collect();
    let continue_item = finished
        .first()
        .map(|e| (e.id, format!("Continue “{}”", truncate(&e.description))));
    let recent = distinct(&finished)
        .into_iter()
        .take(RECENT)
        .map(|e| (e.id, label(e)))
        .collect();
    match running {
        Some(entry) => {
            let elapsed = clock(entry.duration_ms(now_ms));
            TrayModel {
                running: true,
                toggle_label: format!("Stop — {} ({elapsed})", truncate(&entry.description)),
                continue_item,
                recent,
                title: Some(elapsed.clone()),
                tooltip: format!("Stint: {} ({elapsed})", truncate(&entry.description)),
            }
        }
        None => TrayModel {
            running: false,
            toggle_label: "Start timer".into(),
            continue_item,
            recent,
            title: None,
            tooltip: "Stint: no timer running".into(),
        },
    }
}

/// Entries that differ in description, project or tags, first occurrence kept.
fn distinct<'a>(entries: &[&'a Entry]) -> Vec<&'a Entry> {
    let mut seen: Vec<(&str, Option<i64>, &[String])> = Vec::new();
    let mut out = Vec::new();
    for entry in entries {
        let key = (
            entry.description.as_str(),
            entry.project.as_ref().map(|p| p.id),
            entry.tags.as_slice(),
        );
        if !seen.contains(&key) {
            seen.push(key);
            out.push(*entry);
        }
    }
    out
}

fn label(entry: &Entry) -> String {
    match &entry.project {
        Some(project) => format!("{} [{}]", truncate(&entry.description), project.name),
        None => truncate(&entry.description),
    }
}

/// Cuts long text at a word boundary where one is near, and says so with an ellipsis.
fn truncate(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_LABEL_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > MAX_LABEL_CHARS / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// `H:MM`: the tray is glanced at, not read to the second.
fn clock(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// While a question about time away waits: a heading and the answers, as (item id, label).
/// Ids are `away:<answer>:<question id>`.
pub fn away_menu(
    question: &stint_core::away::AwayQuestion,
    show_time: impl Fn(i64) -> String,
) -> Option<(String, Vec<(String, String)>)> {
    let back = question.to_ms?;
    let minutes = ((back - question.from_ms).max(0) + 30_000) / 60_000;
    let heading = format!(
        "Away {}–{} ({minutes} min)",
        show_time(question.from_ms),
        show_time(back)
    );
    let answers = [
        ("keep", "Keep the time away"),
        ("discard", "Discard it"),
        ("continue", "Discard it and continue"),
        ("new", "Keep as a new entry…"),
    ]
    .into_iter()
    .map(|(answer, label)| (format!("away:{answer}:{}", question.id), label.to_string()))
    .collect();
    Some((heading, answers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_question_offers_its_answers_and_one_still_away_offers_none() {
        let mut question = stint_core::away::AwayQuestion {
            id: 7,
            entry: entry(1, "Writing report", None),
            from_ms: 42 * 60_000,
            to_ms: None,
            cause: stint_core::away::AwayCause::Idle,
        };
        let time = |ms: i64| format!("{}:{:02}", 10 + ms / 3_600_000, ms / 60_000 % 60);
        assert_eq!(away_menu(&question, time), None);
        question.to_ms = Some(69 * 60_000);
        let (heading, answers) = away_menu(&question, time).unwrap();
        assert_eq!(heading, "Away 10:42–11:09 (27 min)");
        assert_eq!(
            answers,
            vec![
                ("away:keep:7".to_string(), "Keep the time away".to_string()),
                ("away:discard:7".to_string(), "Discard it".to_string()),
                (
                    "away:continue:7".to_string(),
                    "Discard it and continue".to_string()
                ),
                ("away:new:7".to_string(), "Keep as a new entry…".to_string()),
            ]
        );
    }
    use stint_core::ProjectRef;

    fn entry(id: i64, description: &str, stop: Option<i64>) -> Entry {
        Entry {
            id,
            uuid: id.to_string(),
            description: description.into(),
            project: None,
            tags: vec![],
            start_ms: 0,
            stop_ms: stop,
            billable: false,
        }
    }

    #[test]
    fn idle_offers_start_and_the_last_entry() {
        let recent = [entry(2, "Email", Some(10)), entry(1, "Report", Some(5))];
        let model = tray_model(None, &recent, 100);
        assert!(!model.running);
        assert_eq!(model.toggle_label, "Start timer");
        assert_eq!(model.continue_item, Some((2, "Continue “Email”".into())));
        assert_eq!(
            model.recent,
            vec![(2, "Email".into()), (1, "Report".into())]
        );
        assert_eq!(model.title, None);
        assert_eq!(model.tooltip, "Stint: no timer running");
    }

    #[test]
    fn running_shows_what_and_how_long() {
        let running = entry(3, "Writing report", None);
        let recent = [running.clone(), entry(2, "Email", Some(10))];
        let model = tray_model(Some(&running), &recent, 42 * 60_000 + 59_000);
        assert!(model.running);
        assert_eq!(model.toggle_label, "Stop — Writing report (0:42)");
        assert_eq!(model.title.as_deref(), Some("0:42"));
        assert_eq!(model.tooltip, "Stint: Writing report (0:42)");
        assert_eq!(
            model.continue_item.unwrap().0,
            2,
            "the running entry is not offered"
        );
        assert_eq!(
            tray_model(Some(&running), &recent, 3 * 3_600_000 + 5 * 60_000)
                .title
                .as_deref(),
            Some("3:05")
        );
    }

    #[test]
    fn nothing_to_continue_on_a_fresh_install() {
        let model = tray_model(None, &[], 0);
        assert_eq!(model.continue_item, None);
        assert!(model.recent.is_empty());
    }

    #[test]
    fn recent_entries_are_distinct_and_at_most_five() {
        let mut with_project = entry(9, "Email", Some(1));
        with_project.project = Some(ProjectRef {
            id: 1,
            name: "Acme".into(),
            deleted: false,
        });
        let mut with_tag = entry(8, "Email", Some(1));
        with_tag.tags = vec!["inbox".into()];
        let recent = [
            entry(10, "Email", Some(1)),
            entry(11, "Email", Some(1)),
            with_project,
            with_tag,
            entry(7, "A", Some(1)),
            entry(6, "B", Some(1)),
            entry(5, "C", Some(1)),
        ];
        let model = tray_model(None, &recent, 0);
        let ids: Vec<i64> = model.recent.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec![10, 9, 8, 7, 6]);
        assert_eq!(model.recent[1].1, "Email [Acme]");
    }

    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        let long = "Reviewing the quarterly infrastructure budget with the finance team";
        let model = tray_model(Some(&entry(1, long, None)), &[], 0);
        assert_eq!(
            model.toggle_label,
            "Stop — Reviewing the quarterly infrastructure… (0:00)"
        );
        let unbroken = "x".repeat(100);
        let cut = truncate(&unbroken);
        assert_eq!(cut.chars().count(), MAX_LABEL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("ünïcödé"), "ünïcödé");
    }
}
