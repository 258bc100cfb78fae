//! What the CLI prints: text for people, and JSON whose shape is documented in the README.

use chrono::{DateTime, Local, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use stint_core::display::DurationFormat;
use stint_core::local_time::from_ms;
use stint_core::report::{Grouping, ReportGroup, ReportQuery, SummaryReport};
use stint_core::Entry;

/// An entry as one line after `verb` ("Started #12 …"), or as JSON.
pub fn print_entry(json_out: bool, verb: &str, entry: &Entry, now: DateTime<Utc>) {
    let now_ms = now.timestamp_millis();
    if json_out {
        print_json(&entry_json(entry, now_ms));
    } else {
        println!("{verb} {}", entry_line(entry, now_ms));
    }
}

/// `H:MM:SS`.
pub fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

pub fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn clock(ms: i64) -> String {
    from_ms(ms)
        .with_timezone(&Local)
        .format("%H:%M")
        .to_string()
}

/// One line: `#12  09:00–10:30  1:30:00  Writing report  [acme] #writing`.
pub fn entry_line(entry: &Entry, now_ms: i64) -> String {
    let end = entry.stop_ms.map_or_else(|| "now  ".to_string(), clock);
    let mut line = format!(
        "#{:<5} {}–{}  {:>8}  {}",
        entry.id,
        clock(entry.start_ms),
        end,
        duration(entry.duration_ms(now_ms)),
        entry.description
    );
    if let Some(project) = &entry.project {
        line.push_str(&format!("  [{}]", project.name));
    }
    for tag in &entry.tags {
        line.push_str(&format!(" #{tag}"));
    }
    line
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: i64,
    uuid: &'a str,
    description: &'a str,
    project: Option<&'a str>,
    tags: &'a [String],
    start: String,
    stop: Option<String>,
    running: bool,
    seconds: i64,
    billable: bool,
}

pub fn entry_json(entry: &Entry, now_ms: i64) -> Value {
    serde_json::to_value(EntryJson {
        id: entry.id,
        uuid: &entry.uuid,
        description: &entry.description,
        project: entry.project.as_ref().map(|p| p.name.as_str()),
        tags: &entry.tags,
        start: rfc3339(from_ms(entry.start_ms)),
        stop: entry.stop_ms.map(|ms| rfc3339(from_ms(ms))),
        running: entry.is_running(),
        seconds: entry.duration_ms(now_ms) / 1000,
        billable: entry.billable,
    })
    .unwrap_or(Value::Null)
}

/// The report as JSON: `from`, `to`, `total_seconds` and `groups` of `{key, seconds}`; with
/// rounding, `raw_seconds` beside each; `amounts` where there are any; `groups` inside a group for
/// a second level.
pub fn report_json(report: &SummaryReport, groups: &[ReportGroup], rounded: bool) -> Value {
    fn group(g: &ReportGroup, rounded: bool) -> Value {
        let mut value = json!({ "key": g.key, "seconds": g.ms / 1000 });
        if rounded {
            value["raw_seconds"] = json!(g.raw_ms / 1000);
        }
        if !g.amounts.is_empty() {
            value["amounts"] = amounts_json(&g.amounts);
        }
        if !g.children.is_empty() {
            value["groups"] = g.children.iter().map(|c| group(c, rounded)).collect();
        }
        value
    }
    let mut value = json!({
        "from": rfc3339(from_ms(report.from_ms)),
        "to": rfc3339(from_ms(report.to_ms)),
        "total_seconds": report.total_ms / 1000,
        "groups": groups.iter().map(|g| group(g, rounded)).collect::<Vec<_>>(),
    });
    if rounded {
        value["raw_total_seconds"] = json!(report.raw_total_ms / 1000);
    }
    if !report.amounts.is_empty() {
        value["billable_seconds"] = json!(report.billable_ms / 1000);
        value["amounts"] = amounts_json(&report.amounts);
    }
    value
}

fn amounts_json(amounts: &[stint_core::report::Amount]) -> Value {
    amounts
        .iter()
        .map(|a| json!({ "currency": a.currency, "amount": a.minor as f64 / 10f64.powi(a.decimals() as i32) }))
        .collect()
}

/// The report for people: the range, each group (and its second level indented) with its time
/// and amounts, the total; rounding said on the first line with the raw total.
pub fn report_text(
    report: &SummaryReport,
    groups: &[ReportGroup],
    query: &ReportQuery,
    style: DurationFormat,
) -> String {
    let mut out = String::new();
    let fmt = |ms: i64| {
        from_ms(ms)
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    out.push_str(&format!("{} – {}", fmt(report.from_ms), fmt(report.to_ms)));
    if let Some(rounding) = query.rounding {
        out.push_str(&format!("  ({rounding})"));
    }
    out.push('\n');
    let label = |grouping: Grouping, key: &Option<String>| match key {
        Some(key) => key.clone(),
        None => match grouping {
            Grouping::Tag => "(no tag)".into(),
            Grouping::Client => "(no client)".into(),
            _ => "(no project)".into(),
        },
    };
    let money = |g: &[stint_core::report::Amount]| {
        g.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for group in groups {
        let name = label(query.group_by, &group.key);
        out.push_str(&format!(
            "  {:<38}{:>10}  {}\n",
            truncate(&name, 38),
            style.format(group.ms),
            money(&group.amounts)
        ));
        if let Some(then_by) = query.then_by {
            for child in &group.children {
                let name = label(then_by, &child.key);
                out.push_str(&format!(
                    "      {:<34}{:>10}  {}\n",
                    truncate(&name, 34),
                    style.format(child.ms),
                    money(&child.amounts)
                ));
            }
        }
    }
    out.push_str(&format!(
        "{:<40}{:>10}  {}\n",
        "Total",
        style.format(report.total_ms),
        money(&report.amounts)
    ));
    if query.rounding.is_some() && report.raw_total_ms != report.total_ms {
        out.push_str(&format!(
            "{:<40}{:>10}\n",
            "Before rounding",
            style.format(report.raw_total_ms)
        ));
    }
    // Lines without amounts end at the time.
    out.lines()
        .map(|line| format!("{}\n", line.trim_end()))
        .collect()
}

/// At most `width` characters, with an ellipsis when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

pub fn print_json(value: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}
