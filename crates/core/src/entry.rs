//! The time entry and the inputs that create or change one, with their validation.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Longest description accepted, in characters. Long enough for a sentence or two; a pasted
/// document is almost certainly a mistake.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
pub const MAX_NAME_CHARS: usize = 60;

/// A span of tracked time. `stop_ms` is `None` while it is the running timer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Entry {
    pub id: i64,
    pub uuid: String,
    pub description: String,
    pub project: Option<ProjectRef>,
    /// Tag names, sorted case-insensitively.
    pub tags: Vec<String>,
    /// UTC milliseconds since the Unix epoch.
    pub start_ms: i64,
    pub stop_ms: Option<i64>,
    /// Time a client pays for: reports show its amount where the project has a rate.
    pub billable: bool,
}

impl Entry {
    pub fn is_running(&self) -> bool {
        self.stop_ms.is_none()
    }

    /// Length in milliseconds, counting a running entry up to `now_ms`.
    pub fn duration_ms(&self, now_ms: i64) -> i64 {
        (self.stop_ms.unwrap_or(now_ms) - self.start_ms).max(0)
    }
}

/// The project an entry belongs to, as the entry sees it: it may since have been deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectRef {
    pub id: i64,
    pub name: String,
    pub deleted: bool,
}

/// What starts a timer. `start` is optional text in any form [`crate::parse_time`] reads;
/// without it the timer starts now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimerStart {
    pub description: String,
    pub project_id: Option<i64>,
    pub tags: Vec<String>,
    pub start: Option<String>,
    /// `None`: as the project says.
    #[serde(default)]
    pub billable: Option<bool>,
}

/// The full set of an entry's editable fields, as an edit dialog or a manual entry sends it.
/// `stop` may be `None` only for the running timer, which then keeps running.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntryFields {
    pub description: String,
    pub project_id: Option<i64>,
    pub tags: Vec<String>,
    pub start: String,
    pub stop: Option<String>,
    /// Whether the time is billable; `None` takes the project's default for a new entry and
    /// keeps the entry's flag on an edit.
    #[serde(default)]
    pub billable: Option<bool>,
}

/// A change to some of an entry's fields (`stint edit`): `None` keeps a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryEdit {
    pub description: Option<String>,
    /// `Some(None)` removes the project; `Some(Some(name))` moves the entry into the project
    /// called `name` (ignoring case), created with the change if there is none.
    pub project: Option<Option<String>>,
    /// Replaces the tags (`Some(vec![])` removes them all).
    pub tags: Option<Vec<String>>,
    /// A new start or end, as typed (every form `parse_human` reads; an end also `+1h30` or a
    /// bare clock time on the start's day).
    pub start: Option<String>,
    pub stop: Option<String>,
    pub billable: Option<bool>,
}

/// Trims and checks a description.
pub fn clean_description(text: &str) -> Result<String> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 {
        return Err(Error::EmptyDescription);
    }
    if chars > MAX_DESCRIPTION_CHARS {
        return Err(Error::DescriptionTooLong { actual: chars });
    }
    // One line of text: line breaks and other control characters have no place in a
    // description (and the export relies on their absence).
    if text.chars().any(char::is_control) {
        return Err(Error::DescriptionControlCharacters);
    }
    Ok(text.to_string())
}

/// Trims and checks a project or tag name. Tag names are also kept free of commas and control
/// characters, since tags travel comma-separated in CSV and joined by a control character in SQL.
pub fn clean_name(text: &str) -> Result<String> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 {
        return Err(Error::EmptyName);
    }
    if chars > MAX_NAME_CHARS {
        return Err(Error::NameTooLong {
            actual: chars,
            max: MAX_NAME_CHARS,
        });
    }
    if text.chars().any(|c| c.is_control() || c == ',') {
        return Err(Error::InvalidName {
            name: text.to_string(),
        });
    }
    Ok(text.to_string())
}

/// Cleans a list of tag names and drops repeats, ignoring case; the first spelling wins.
pub fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = clean_name(tag)?;
        if !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    Ok(out)
}
