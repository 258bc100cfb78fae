//! JSON sources: Stint's own export, Toggl Track's time entries (API v9, and the v2 detailed
//! report's `data`), Watson's `frames` file and `watson log --json`, and `timew export`.
//! Arrays are read an element at a time, so a large file never sits in memory whole.

use std::io::Read;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::record::{refuse, Row, Sink, SourceRecord};
use super::{ImportFormat, ProjectTag, ReadContext};
use crate::error::{Error, Result};
use crate::local_time::{in_range, parse_time};

/// Keys under which a top-level object holds the array of entries.
const ARRAY_KEYS: [&str; 3] = ["data", "time_entries", "frames"];

/// Calls `each` with every element of the top-level array (or of the array under one of
/// [`ARRAY_KEYS`] in a top-level object) until it returns false.
pub(crate) fn for_each_element(
    source: impl Read,
    each: &mut dyn FnMut(Value) -> bool,
) -> Result<()> {
    let mut stopped = false;
    let seed = Elements {
        each,
        stopped: &mut stopped,
    };
    let mut de = serde_json::Deserializer::from_reader(source);
    match seed.deserialize(&mut de) {
        Ok(()) => de.end().map_err(json_error),
        Err(_) if stopped => Ok(()),
        Err(err) => Err(json_error(err)),
    }
}

struct Elements<'a> {
    each: &'a mut dyn FnMut(Value) -> bool,
    stopped: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for Elements<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> std::result::Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of time entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            if !(self.each)(value) {
                *self.stopped = true;
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let Elements { each, stopped } = self;
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if !found && ARRAY_KEYS.contains(&key.as_str()) {
                found = true;
                map.next_value_seed(Elements {
                    each: &mut *each,
                    stopped: &mut *stopped,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if found {
            Ok(())
        } else {
            Err(serde::de::Error::custom("no list of entries in it"))
        }
    }
}

fn json_error(err: serde_json::Error) -> Error {
    if err.is_io() {
        let io: std::io::Error = err.into();
        if io.kind() == std::io::ErrorKind::InvalidData {
            return Error::ImportNotUtf8 { line: 0 };
        }
        return Error::Io(io);
    }
    Error::ImportRow {
        line: err.line() as u64,
        reason: format!("the file is not valid JSON here (column {}).", err.column()),
    }
}

pub(crate) fn read<Tz: TimeZone>(
    source: Box<dyn Read + Send>,
    format: ImportFormat,
    context: &ReadContext<Tz>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut number = 0u64;
    let mut toggl_project_ids = 0u64;
    let result = for_each_element(source, &mut |value| {
        number += 1;
        let row = match format {
            ImportFormat::StintJson => stint(&value, number, context),
            ImportFormat::TogglJson => toggl(&value, number, &mut toggl_project_ids, sink),
            ImportFormat::WatsonFrames => watson_frame(&value, number),
            ImportFormat::WatsonLog => watson_log(&value, number),
            ImportFormat::TimewarriorExport => timewarrior(&value, number, context, sink),
            _ => unreachable!("not a JSON format"),
        };
        sink.row(row)
    });
    if toggl_project_ids > 0 {
        sink.notes.notes.push(format!(
            "{toggl_project_ids} entries name their Toggl project only by its number; they are in projects called “Toggl project NUMBER”. Rename those projects in Stint, or export from Toggl with project names."
        ));
    }
    result
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn string_list(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn not_an_entry(number: u64) -> Row {
    refuse(
        number,
        "it is not a time entry (expected an object with a start).",
    )
}

/// An RFC 3339 instant, as trackers' JSON writes them.
fn instant(text: &str) -> Result<DateTime<Utc>> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => in_range(t.with_timezone(&Utc), text),
        Err(_) => Err(Error::InvalidTime {
            input: text.to_string(),
            reason: "expected a date and time with an offset, such as 2026-11-02T09:30:00Z".into(),
        }),
    }
}

fn stint<Tz: TimeZone>(value: &Value, number: u64, context: &ReadContext<Tz>) -> Row {
    let Some(start) = text(value, "start") else {
        return not_an_entry(number);
    };
    let start = match parse_time(start, &context.tz) {
        Ok(t) => t,
        Err(err) => return refuse(number, err.to_string()),
    };
    let stop = match text(value, "stop")
        .map(|s| parse_time(s, &context.tz))
        .transpose()
    {
        Ok(stop) => stop,
        Err(err) => return refuse(number, err.to_string()),
    };
    Ok(SourceRecord {
        line: number,
        source_id: None,
        uuid: text(value, "uuid").map(str::to_string),
        start,
        stop,
        description: text(value, "description").unwrap_or("").to_string(),
        project: text(value, "project").map(str::to_string),
        client: text(value, "client").map(str::to_string),
        tags: string_list(value, "tags"),
        billable: value
            .get("billable")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

fn toggl(value: &Value, number: u64, project_ids: &mut u64, sink: &mut Sink<'_>) -> Row {
    let Some(start) = text(value, "start") else {
        return not_an_entry(number);
    };
    let start = match instant(start) {
        Ok(t) => t,
        Err(err) => return refuse(number, err.to_string()),
    };
    // v9 writes `stop` (null while running, with a negative duration); v2 reports write `end`.
    let stop = match text(value, "stop")
        .or_else(|| text(value, "end"))
        .map(instant)
        .transpose()
    {
        Ok(stop) => stop,
        Err(err) => return refuse(number, err.to_string()),
    };
    let project_id = value
        .get("project_id")
        .or_else(|| value.get("pid"))
        .and_then(Value::as_i64);
    let project = text(value, "project_name")
        .or_else(|| text(value, "project"))
        .map(str::to_string)
        .or_else(|| {
            project_id.map(|id| {
                *project_ids += 1;
                format!("Toggl project {id}")
            })
        });
    for (key, name) in [
        ("task", "Task"),
        ("task_name", "Task"),
        ("user", "User"),
        ("username", "User"),
        ("user_name", "User"),
    ] {
        if value.get(key).is_some_and(|v| !v.is_null() && v != "") {
            sink.notes.unkept(name);
        }
    }
    let id = value.get("id").and_then(|id| match id {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    });
    Ok(SourceRecord {
        line: number,
        source_id: id,
        uuid: None,
        start,
        stop,
        description: text(value, "description").unwrap_or("").to_string(),
        project,
        client: text(value, "client_name")
            .or_else(|| text(value, "client"))
            .map(str::to_string),
        tags: string_list(value, "tags"),
        billable: value
            .get("billable")
            .or_else(|| value.get("is_billable"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

fn unix_seconds(value: &Value) -> Option<DateTime<Utc>> {
    let seconds = value.as_f64()?;
    DateTime::from_timestamp_millis((seconds * 1000.0).round() as i64)
}

/// `[start, stop, project, id, tags, updated_at]`, times in Unix seconds.
fn watson_frame(value: &Value, number: u64) -> Row {
    let Some(frame) = value.as_array() else {
        return refuse(
            number,
            "it is not a Watson frame ([start, stop, project, id, tags, updated_at]).",
        );
    };
    let (Some(start), stop) = (frame.first().and_then(unix_seconds), frame.get(1)) else {
        return refuse(number, "its start is not a time in seconds.");
    };
    let stop = match stop {
        None | Some(Value::Null) => None,
        Some(v) => match unix_seconds(v) {
            Some(t) => Some(t),
            None => return refuse(number, "its stop is not a time in seconds."),
        },
    };
    Ok(SourceRecord {
        line: number,
        source_id: frame.get(3).and_then(Value::as_str).map(str::to_string),
        uuid: None,
        start,
        stop,
        description: String::new(),
        project: frame.get(2).and_then(Value::as_str).map(str::to_string),
        client: None,
        tags: frame
            .get(4)
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        billable: false,
    })
}

/// `watson log --json`: `{id, project, start, stop, tags}` with RFC 3339 times.
fn watson_log(value: &Value, number: u64) -> Row {
    let Some(start) = text(value, "start") else {
        return not_an_entry(number);
    };
    let times =
        instant(start).and_then(|start| Ok((start, text(value, "stop").map(instant).transpose()?)));
    let (start, stop) = match times {
        Ok(t) => t,
        Err(err) => return refuse(number, err.to_string()),
    };
    Ok(SourceRecord {
        line: number,
        source_id: text(value, "id").map(str::to_string),
        uuid: None,
        start,
        stop,
        description: text(value, "note").unwrap_or("").to_string(),
        project: text(value, "project").map(str::to_string),
        client: None,
        tags: string_list(value, "tags"),
        billable: false,
    })
}

/// Timewarrior's compact UTC form, `20261120T090000Z`.
pub(crate) fn timewarrior_instant(text: &str) -> Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ")
        .map_err(|_| Error::InvalidTime {
            input: text.to_string(),
            reason: "expected Timewarrior's form, such as 20261120T090000Z".into(),
        })
        .and_then(|t| in_range(t.and_utc(), text))
}

/// One Timewarrior interval, from `timew export` or a data file.
pub(crate) fn timewarrior_record<Tz: TimeZone>(
    line: u64,
    start: &str,
    end: Option<&str>,
    mut tags: Vec<String>,
    annotation: Option<String>,
    context: &ReadContext<Tz>,
) -> Row {
    let times =
        timewarrior_instant(start).and_then(|s| Ok((s, end.map(timewarrior_instant).transpose()?)));
    let (start_at, stop) = match times {
        Ok(t) => t,
        Err(err) => return refuse(line, err.to_string()),
    };
    let project = match &context.options.project_tag {
        ProjectTag::None => None,
        ProjectTag::First if tags.is_empty() => None,
        ProjectTag::First => Some(tags.remove(0)),
        ProjectTag::Prefix(prefix) => tags
            .iter()
            .position(|t| t.starts_with(prefix.as_str()))
            .map(|i| tags.remove(i)[prefix.len()..].to_string()),
    };
    Ok(SourceRecord {
        line,
        // An interval is identified by its start: Timewarrior allows no two at the same moment.
        source_id: Some(start.to_string()),
        uuid: None,
        start: start_at,
        stop,
        description: annotation.unwrap_or_default(),
        project,
        client: None,
        tags,
        billable: false,
    })
}

fn timewarrior<Tz: TimeZone>(
    value: &Value,
    number: u64,
    context: &ReadContext<Tz>,
    _sink: &mut Sink<'_>,
) -> Row {
    let Some(start) = text(value, "start") else {
        return not_an_entry(number);
    };
    timewarrior_record(
        number,
        start,
        text(value, "end"),
        string_list(value, "tags"),
        text(value, "annotation").map(str::to_string),
        context,
    )
}
