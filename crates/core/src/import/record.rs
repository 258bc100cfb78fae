//! What every format's reader hands the batch writer: one row of the source, already turned
//! into instants and names, or the reason that row cannot be read.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One entry as the source had it.
#[derive(Debug, Clone)]
pub(crate) struct SourceRecord {
    /// Where it was in the file: the line for text formats, the entry's number in JSON.
    pub line: u64,
    /// The tracker's own id for it (Toggl id, Watson frame id, Timewarrior start, …).
    pub source_id: Option<String>,
    /// Stint's own uuid, for Stint's own exports.
    pub uuid: Option<String>,
    pub start: DateTime<Utc>,
    pub stop: Option<DateTime<Utc>>,
    pub description: String,
    pub project: Option<String>,
    pub client: Option<String>,
    pub tags: Vec<String>,
    pub billable: bool,
}

/// A row Stint cannot take, and why, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowRefusal {
    /// The line (or, in JSON, the entry's number) the row is at.
    pub line: u32,
    pub reason: String,
}

pub(crate) type Row = std::result::Result<SourceRecord, RowRefusal>;

pub(crate) fn refuse(line: u64, reason: impl Into<String>) -> Row {
    Err(RowRefusal {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        reason: reason.into(),
    })
}

/// What a reader noticed across the whole file: source fields Stint has no place for (with
/// how many rows had a value in them), and anything else the summary should say.
#[derive(Debug, Default)]
pub(crate) struct ReadNotes {
    pub unkept: BTreeMap<String, u64>,
    pub notes: Vec<String>,
}

impl ReadNotes {
    pub(crate) fn unkept(&mut self, field: &str) {
        *self.unkept.entry(field.to_string()).or_default() += 1;
    }
}

/// Where readers put rows: `emit` returns false when the writer has stopped listening.
pub(crate) struct Sink<'a> {
    pub emit: &'a mut dyn FnMut(Row) -> bool,
    pub notes: ReadNotes,
}

impl Sink<'_> {
    pub(crate) fn row(&mut self, row: Row) -> bool {
        (self.emit)(row)
    }
}

/// Reads a yes/no cell as Toggl and Clockify write it.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "n" => Some(false),
        "yes" | "true" | "1" | "y" => Some(true),
        _ => None,
    }
}

/// Splits a tag cell (`a, b,c`) into names.
pub(crate) fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}
