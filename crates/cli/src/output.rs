//! What the CLI prints: text for people, and JSON whose shape is documented in the README.

use chrono::{DateTime, Local, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use stint_core::local_time::from_ms;
use stint_core::report::Report;
use stint_core::Entry;

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
    })
    .unwrap_or(Value::Null)
}

pub fn report_json(report: &Report) -> Value {
    json!({
        "from": rfc3339(report.from),
        "to": rfc3339(report.to),
        "total_seconds": report.total_ms / 1000,
        "groups": report.groups.iter().map(|g| json!({ "key": g.key, "seconds": g.ms / 1000 })).collect::<Vec<_>>(),
    })
}

pub fn print_json(value: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}
