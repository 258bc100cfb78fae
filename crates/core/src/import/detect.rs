//! Telling formats apart by their content: a folder of month files is Timewarrior's; JSON is
//! told by its first entry's shape; CSV by its header row.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use serde_json::Value;

use super::{csv_sources, json_sources, ImportFormat, ImportInput};
use crate::error::{Error, Result};

pub(crate) fn detect(input: &ImportInput) -> Result<ImportFormat> {
    if input.is_folder() {
        return Ok(ImportFormat::TimewarriorData);
    }
    let mut head = Vec::new();
    {
        use std::io::Read;
        input
            .open(Arc::new(AtomicU64::new(0)))?
            .take(4096)
            .read_to_end(&mut head)
            .map_err(|err| match err.kind() {
                std::io::ErrorKind::InvalidData => Error::ImportNotUtf8 { line: 1 },
                _ => Error::Io(err),
            })?;
    }
    let text = String::from_utf8_lossy(&head);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(Error::ImportUnknownFormat {
            detail: "the file is empty".into(),
        });
    }
    if trimmed.starts_with("inc ") {
        return Ok(ImportFormat::TimewarriorData);
    }
    if trimmed.starts_with(['[', '{']) {
        return detect_json(input);
    }
    detect_csv(&csv_sources::header_names(
        input.open(Arc::new(AtomicU64::new(0)))?,
    )?)
}

fn detect_json(input: &ImportInput) -> Result<ImportFormat> {
    let mut first: Option<Value> = None;
    let read =
        json_sources::for_each_element(input.open(Arc::new(AtomicU64::new(0)))?, &mut |value| {
            first = Some(value);
            false
        });
    let Some(first) = first else {
        read?;
        // An empty list: nothing to import, in any format.
        return Ok(ImportFormat::StintJson);
    };
    let has = |key: &str| first.get(key).is_some();
    let start_text = first.get("start").and_then(Value::as_str).unwrap_or("");
    Ok(if first.is_array() {
        ImportFormat::WatsonFrames
    } else if has("uuid") {
        ImportFormat::StintJson
    } else if start_text.len() == 16
        && start_text.ends_with('Z')
        && start_text.as_bytes()[8] == b'T'
    {
        ImportFormat::TimewarriorExport
    } else if [
        "workspace_id",
        "wid",
        "pid",
        "duration",
        "dur",
        "at",
        "duronly",
    ]
    .iter()
    .any(|k| has(k))
    {
        ImportFormat::TogglJson
    } else if has("project") && has("id") && has("start") {
        ImportFormat::WatsonLog
    } else {
        return Err(Error::ImportUnknownFormat {
            detail: "it is JSON, but its entries are not shaped like Stint's, Toggl's, Watson's or Timewarrior's".into(),
        });
    })
}

fn detect_csv(headers: &[String]) -> Result<ImportFormat> {
    let has = |name: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    let split_times = has("start date") && has("start time") && has("end date") && has("end time");
    if split_times && (has("duration (h)") || has("duration (decimal)")) {
        return Ok(ImportFormat::ClockifyCsv);
    }
    if split_times {
        return Ok(ImportFormat::TogglCsv);
    }
    if has("start") && has("stop") {
        return Ok(ImportFormat::StintCsv);
    }
    Err(Error::ImportNeedsMapping {
        columns: headers.join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_text(text: &str) -> Result<ImportFormat> {
        detect(&ImportInput::bytes("t", text))
    }

    #[test]
    fn formats_are_told_by_their_content() {
        let f = |t| detect_text(t).unwrap();
        assert_eq!(
            f("uuid,start,stop,project,tags,description\n"),
            ImportFormat::StintCsv
        );
        assert_eq!(
            f("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n"),
            ImportFormat::TogglCsv
        );
        assert_eq!(
            f("Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal)\n"),
            ImportFormat::ClockifyCsv
        );
        assert_eq!(
            f("[[1, 2, \"p\", \"id\", [], 3]]"),
            ImportFormat::WatsonFrames
        );
        assert_eq!(
            f(
                r#"[{"id":"ab","project":"p","start":"2026-01-01T09:00:00+00:00","stop":"2026-01-01T10:00:00+00:00","tags":[]}]"#
            ),
            ImportFormat::WatsonLog
        );
        assert_eq!(
            f(r#"[{"id":1,"start":"20261120T090000Z","end":"20261120T103000Z","tags":["a"]}]"#),
            ImportFormat::TimewarriorExport
        );
        assert_eq!(
            f(r#"[{"id":1,"workspace_id":2,"start":"2026-01-01T09:00:00Z","duration":60}]"#),
            ImportFormat::TogglJson
        );
        assert_eq!(
            f("inc 20261120T090000Z - 20261120T103000Z # a\n"),
            ImportFormat::TimewarriorData
        );
        let unknown = detect_text("Begin,End,Notes\n").unwrap_err().to_string();
        assert!(
            unknown.contains("Begin, End, Notes") && unknown.contains("--map"),
            "{unknown}"
        );
    }
}
