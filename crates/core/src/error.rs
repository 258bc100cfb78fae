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
    #[error("“{input}” is not a time Stint understands: {reason}.")]
    InvalidTime { input: String, reason: String },
    #[error("“{input}” is not a colour: write it as #rrggbb, e.g. #0d9488.")]
    InvalidColor { input: String },
    #[error("“{input}” is not a currency: give its three-letter code, e.g. EUR or USD.")]
    InvalidCurrency { input: String },
    #[error("A rate cannot be negative.")]
    InvalidRate,
    #[error("“{input}” is not a rounding Stint understands: {reason}.")]
    InvalidRounding { input: String, reason: String },
    #[error("A timer is already running (“{description}”). Stop it first.")]
    TimerAlreadyRunning { description: String },
    #[error("No timer is running.")]
    NoTimerRunning,
    #[error("That entry no longer exists.")]
    EntryNotFound { id: i64 },
    #[error("That project no longer exists.")]
    ProjectNotFound { id: i64 },
    #[error("There is no project called “{name}”. `stint projects` lists them.")]
    UnknownProject { name: String },
    #[error("There is no tag called “{name}”. `stint tags` lists them.")]
    UnknownTag { name: String },
    #[error("The project “{name}” was deleted.")]
    ProjectDeleted { name: String },
    #[error("A project called “{name}” already exists.")]
    ProjectNameTaken { name: String },
    #[error("An entry that has ended needs an end time.")]
    EndTimeRequired,
    #[error("There is nothing to undo.")]
    NothingToUndo,
    #[error("There is no question about time away to answer: it was answered already, or the timer it asked about was deleted.")]
    NoAwayQuestion,
    #[error("Another question about time away is waiting; answer it first.")]
    AwayQuestionPending,
    #[error("{setting}: {reason}")]
    InvalidSetting { setting: String, reason: String },
    #[error(
        "The file has no “{column}” column, which a {format} has. Its columns are: {columns}."
    )]
    ImportMissingColumn {
        column: String,
        format: String,
        columns: String,
    },
    #[error("Cannot open {path}: {reason}. Check the file's name and that you can read it.")]
    ImportOpen { path: String, reason: String },
    #[error(
        "Stint cannot tell what this file is: {detail}. Choose its format (stint import --format)."
    )]
    ImportUnknownFormat { detail: String },
    #[error("This CSV's columns ({columns}) are not a format Stint knows. Say which column holds what, for example --map start=Begin,stop=End,description=Notes (or start_date, start_time, stop_time, duration, project, client, tags, billable, id).")]
    ImportNeedsMapping { columns: String },
    #[error("The mapping names the column “{column}” for {field}, but the file has no such column. Its columns are: {columns}.")]
    ImportMappedColumnMissing {
        field: String,
        column: String,
        columns: String,
    },
    #[error("The dates in this file can be read day-first or month-first ({}). Nothing was imported. Choose how to read them: --date-format dmy (DD/MM/YYYY) or --date-format mdy (MM/DD/YYYY).", dated_lines(.lines))]
    ImportDatesAmbiguous { lines: Vec<(u64, String)> },
    #[error("The dates in this file are written both ways: line {} has “{}”, which can only be month-first, and line {} has “{}”, which can only be day-first. Nothing was imported. Make them one format, or choose one with --date-format.", .month_first.0, .month_first.1, .day_first.0, .day_first.1)]
    ImportDatesMixed {
        month_first: (u64, String),
        day_first: (u64, String),
    },
    #[error("{} Nothing was imported. Fix {}, or import the others and leave {} out (--skip-invalid).", refused_rows(.unit, *.refused, .refusals), if *.refused == 1 { "it" } else { "them" }, if *.refused == 1 { "it" } else { "them" })]
    ImportRowsRefused {
        unit: String,
        refused: u32,
        refusals: Vec<crate::import::RowRefusal>,
    },
    #[error("There is no import to undo.")]
    NoImportToUndo,
    #[error("There is no import number {id}. `stint import --list` shows them.")]
    ImportNotFound { id: i64 },
    #[error("Import {id} was already undone.")]
    ImportAlreadyUndone { id: i64 },
    #[error("The import stopped before it finished: {reason} Nothing was imported; import the file again.")]
    ImportInterrupted { reason: String },
    #[error("Line {line}: {reason} Nothing was imported.")]
    ImportRow { line: u64, reason: String },
    #[error("Line {line} is not UTF-8 text. Save the file as UTF-8 (any spreadsheet or text editor can) and import it again. Nothing was imported.")]
    ImportNotUtf8 { line: u64 },
    #[error("Could not read or write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("Stint's database is damaged ({detail}). Stint changed nothing in it. Restore a backup (`stint backups`, then `stint restore`) or save what can still be read (`stint recover`).")]
    Damaged { detail: String },
    #[error("Stint's database is read-only, so nothing can be changed. Make the file and its folder writable, or point STINT_DATA_DIR at a writable folder.")]
    ReadOnly,
    #[error("Another Stint is busy writing to the database. Nothing was changed; try again in a moment.")]
    Busy,
    #[error("This database was written by a newer version of Stint (it has upgrade {version}, which this Stint {running} does not know). Nothing was changed. Install the newer Stint, or restore a backup made before the upgrade.")]
    NewerDatabase { version: i64, running: &'static str },
    #[error("Upgrade {version} recorded in this database is not the one this Stint ships (it was changed after it ran). Nothing was changed. Restore a backup, or use the Stint that wrote it.")]
    MigrationMismatch { version: i64 },
    #[error("Stint's database failed: {}.", database_words(.0))]
    Database(sqlx::Error),
    /// The same, from code that runs on SQLite directly (see `bridge`).
    #[error("Stint's database failed: {}.", sqlite_words(.0))]
    Sqlite(rusqlite::Error),
    #[error("The database could not be upgraded to this version of Stint ({}). The original was left as it was; a copy taken before the upgrade is in the backups folder beside it.", migration_words(.0))]
    Migration(sqlx::migrate::MigrateError),
}

/// SQLite's primary result codes that mean something a person can act on.
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_READONLY: i64 = 8;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_NOTADB: i64 = 26;
const SQLITE_SCHEMA: i64 = 17;

fn primary_code(err: &sqlx::Error) -> Option<i64> {
    err.as_database_error()
        .and_then(|db| db.code())
        .and_then(|code| code.parse::<i64>().ok())
        .map(|code| code & 0xff)
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        let code = match &err {
            rusqlite::Error::SqliteFailure(failure, _) => {
                Some(i64::from(failure.extended_code & 0xff))
            }
            _ => None,
        };
        by_code(code).unwrap_or(Error::Sqlite(err))
    }
}

/// What SQLite's primary result `code` means to a person, whichever library reported it; `None`
/// for a failure with no meaning of its own (kept with the library's error).
fn by_code(code: Option<i64>) -> Option<Error> {
    Some(match code? {
        SQLITE_BUSY | SQLITE_LOCKED => Error::Busy,
        SQLITE_READONLY => Error::ReadOnly,
        SQLITE_CORRUPT => Error::Damaged {
            detail: "SQLite found a malformed page while reading it".into(),
        },
        SQLITE_NOTADB => Error::Damaged {
            detail: "the file is not an SQLite database, or its header was overwritten".into(),
        },
        _ => return None,
    })
}

/// Another connection changed the schema while a statement was being prepared, and SQLite could
/// not retry it itself (it does for ordinary statements, not inside a virtual table's
/// constructor). Running the statement again is safe.
pub(crate) fn schema_changed(err: &sqlx::Error) -> bool {
    primary_code(err) == Some(SQLITE_SCHEMA)
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        by_code(primary_code(&err)).unwrap_or(Error::Database(err))
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError;
        match err {
            MigrateError::VersionMissing(version) => Error::NewerDatabase {
                version,
                running: env!("CARGO_PKG_VERSION"),
            },
            MigrateError::VersionMismatch(version) => Error::MigrationMismatch { version },
            MigrateError::Execute(inner) => match Error::from(inner) {
                Error::Database(inner) => Error::Migration(MigrateError::Execute(inner)),
                other => other,
            },
            MigrateError::ExecuteMigration(inner, version) => match Error::from(inner) {
                Error::Database(inner) => {
                    Error::Migration(MigrateError::ExecuteMigration(inner, version))
                }
                other => other,
            },
            other => Error::Migration(other),
        }
    }
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
            Error::Database(_)
                | Error::Sqlite(_)
                | Error::Migration(_)
                | Error::Io(_)
                | Error::Damaged { .. }
        )
    }

    /// A write refused by a UNIQUE index (a name already taken).
    pub(crate) fn is_unique_violation(&self) -> bool {
        match self {
            Error::Database(sqlx::Error::Database(db)) => db.is_unique_violation(),
            Error::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) => {
                failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            }
            _ => false,
        }
    }

    /// A write refused by `entries_one_running`: another timer runs already.
    pub(crate) fn is_second_running_timer(&self) -> bool {
        let message = match self {
            Error::Database(sqlx::Error::Database(db)) => db.message(),
            Error::Sqlite(rusqlite::Error::SqliteFailure(_, Some(message))) => message,
            _ => return false,
        };
        message.contains("entries_one_running")
    }
}

/// SQLite's own words for a database error, without sqlx's wrapping and codes.
fn database_words(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "it did not answer in time".into(),
        other => other.to_string(),
    }
}

/// SQLite's own words, without rusqlite's wrapping.
fn sqlite_words(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(failure, None) => failure.to_string(),
        other => other.to_string(),
    }
}

fn migration_words(err: &sqlx::migrate::MigrateError) -> String {
    use sqlx::migrate::MigrateError;
    match err {
        MigrateError::Execute(inner) => database_words(inner),
        MigrateError::ExecuteMigration(inner, version) => {
            format!("upgrade {version} failed: {}", database_words(inner))
        }
        other => other.to_string(),
    }
}

/// An I/O error in words, without Rust's "(os error N)" suffix.
pub fn io_words(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

fn dated_lines(lines: &[(u64, String)]) -> String {
    lines
        .iter()
        .map(|(line, date)| format!("line {line}: “{date}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn refused_rows(unit: &str, refused: u32, refusals: &[crate::import::RowRefusal]) -> String {
    let listed: Vec<String> = refusals
        .iter()
        .map(|r| format!("{} {}: {}", capitalised(unit), r.line, r.reason))
        .collect();
    let rest = refused as usize - refusals.len().min(refused as usize);
    let more = if rest > 0 {
        format!(" And {rest} more.")
    } else {
        String::new()
    };
    let head = if refused == 1 {
        String::new()
    } else {
        format!("{refused} rows cannot be imported. ")
    };
    format!("{head}{}{more}", listed.join(" "))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
