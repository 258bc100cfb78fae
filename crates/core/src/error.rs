//! The one error type of stint-core. Every variant but `Database` is a user mistake or a state
//! conflict a person can act on; the messages are written for them.

use crate::entry::MAX_DESCRIPTION_CHARS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Describe what you are working on.")]
    EmptyDescription,
    #[error("The description is {actual} characters long; the limit is {MAX_DESCRIPTION_CHARS}.")]
    DescriptionTooLong { actual: usize },
    #[error(
        "The description must be one line of text, without line breaks or control characters."
    )]
    DescriptionControlCharacters,
    #[error("The name cannot be empty.")]
    EmptyName,
    #[error("The name is {actual} characters long; the limit is {max}.")]
    NameTooLong { actual: usize, max: usize },
    #[error("“{name}” cannot be used as a name: commas and control characters are not allowed.")]
    InvalidName { name: String },
    #[error("The end time is before the start time.")]
    StopBeforeStart,
    #[error("The {which} time is in the future.")]
    InFuture { which: TimeField },
    #[error("“{input}” is not a time Stint understands: {reason}")]
    InvalidTime { input: String, reason: String },
    #[error("A timer is already running (“{description}”). Stop it first.")]
    TimerAlreadyRunning { description: String },
    #[error("No timer is running.")]
    NoTimerRunning,
    #[error("That entry no longer exists.")]
    EntryNotFound { id: i64 },
    #[error("That project no longer exists.")]
    ProjectNotFound { id: i64 },
    #[error("The project “{name}” was deleted.")]
    ProjectDeleted { name: String },
    #[error("A project called “{name}” already exists.")]
    ProjectNameTaken { name: String },
    #[error("An entry that has ended needs an end time.")]
    EndTimeRequired,
    #[error("There is nothing to undo.")]
    NothingToUndo,
    #[error("The file has no “{column}” column. Expected a header with at least: start, stop, description (and optionally project, tags, uuid).")]
    ImportMissingColumn { column: String },
    #[error("Line {line}: {reason} Nothing was imported.")]
    ImportRow { line: u64, reason: String },
    #[error("Could not read or write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("The database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("The database could not be upgraded: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    Start,
    End,
}

impl std::fmt::Display for TimeField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TimeField::Start => "start",
            TimeField::End => "end",
        })
    }
}

impl Error {
    /// True when the error means a bug or a broken environment rather than something the user
    /// asked for that cannot be done.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            Error::Database(_) | Error::Migration(_) | Error::Io(_)
        )
    }
}
