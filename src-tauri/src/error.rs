//! The error every command returns: a kind the UI can branch on and a sentence it can show.

use serde::Serialize;
use specta::Type;
use stint_core::Error;

#[derive(Debug, Clone, Serialize, Type, PartialEq, Eq)]
pub struct CommandError {
    pub kind: ErrorKind,
    /// A sentence written for the person using Stint.
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
pub enum ErrorKind {
    EmptyDescription,
    DescriptionTooLong,
    DescriptionControlCharacters,
    EmptyName,
    NameTooLong,
    InvalidName,
    StopBeforeStart,
    InFuture,
    InvalidTime,
    InvalidRounding,
    /// A project's colour, currency or rate was refused.
    InvalidProjectSetting,
    TimerAlreadyRunning,
    NoTimerRunning,
    EntryNotFound,
    ProjectNotFound,
    /// A tag named in a filter does not exist.
    TagNotFound,
    ProjectDeleted,
    ProjectNameTaken,
    EndTimeRequired,
    NothingToUndo,
    /// The question about time away was answered already (or its entry is gone).
    NoAwayQuestion,
    /// Another question about time away waits for an answer first.
    AwayQuestionPending,
    /// A setting's value was refused; the message names the setting.
    InvalidSetting,
    /// A file to import was refused; the message names the line.
    ImportRefused,
    /// The file's dates read both day-first and month-first: the person must choose.
    ImportDatesAmbiguous,
    /// The platform does not offer this (a global shortcut on Wayland, for one).
    Unavailable,
    InvalidShortcut,
    ShortcutTaken,
    /// The update server could not be reached or gave no usable answer.
    UpdateCheckFailed,
    /// The update's signature (or the version signed into it) did not match: not installed.
    UpdateRefused,
    UpdateDownloadFailed,
    UpdateInstallFailed,
    NoUpdatePending,
    /// The database file is damaged; nothing was written.
    DatabaseDamaged,
    /// The database file or its folder is read-only.
    DatabaseReadOnly,
    /// Another Stint held the write lock too long; nothing was written, retry.
    DatabaseBusy,
    /// The database was written by a newer Stint, or its upgrade history was altered.
    DatabaseTooNew,
    /// The backup asked for is not in the backups folder.
    BackupNotFound,
    /// Something broke that the user cannot fix by changing their input.
    Internal,
}

impl From<crate::updates::UpdateError> for CommandError {
    fn from(err: crate::updates::UpdateError) -> Self {
        use crate::updates::UpdateError;
        let kind = match &err {
            UpdateError::Check(_) => ErrorKind::UpdateCheckFailed,
            UpdateError::Refused(..) => ErrorKind::UpdateRefused,
            UpdateError::Download(..) => ErrorKind::UpdateDownloadFailed,
            UpdateError::Install(_) => ErrorKind::UpdateInstallFailed,
            UpdateError::NothingPending => ErrorKind::NoUpdatePending,
        };
        CommandError::new(kind, err.to_string())
    }
}

impl From<Error> for CommandError {
    fn from(err: Error) -> Self {
        let kind = match &err {
            Error::EmptyDescription => ErrorKind::EmptyDescription,
            Error::DescriptionTooLong { .. } => ErrorKind::DescriptionTooLong,
            Error::DescriptionControlCharacters => ErrorKind::DescriptionControlCharacters,
            Error::EmptyName => ErrorKind::EmptyName,
            Error::NameTooLong { .. } => ErrorKind::NameTooLong,
            Error::InvalidName { .. } => ErrorKind::InvalidName,
            Error::StopBeforeStart => ErrorKind::StopBeforeStart,
            Error::InFuture { .. } => ErrorKind::InFuture,
            Error::InvalidTime { .. } => ErrorKind::InvalidTime,
            Error::InvalidRounding { .. } => ErrorKind::InvalidRounding,
            Error::InvalidColor { .. } | Error::InvalidCurrency { .. } | Error::InvalidRate => {
                ErrorKind::InvalidProjectSetting
            }
            Error::TimerAlreadyRunning { .. } => ErrorKind::TimerAlreadyRunning,
            Error::NoTimerRunning => ErrorKind::NoTimerRunning,
            Error::EntryNotFound { .. } => ErrorKind::EntryNotFound,
            Error::ProjectNotFound { .. } | Error::UnknownProject { .. } => {
                ErrorKind::ProjectNotFound
            }
            Error::UnknownTag { .. } => ErrorKind::TagNotFound,
            Error::ProjectDeleted { .. } => ErrorKind::ProjectDeleted,
            Error::ProjectNameTaken { .. } => ErrorKind::ProjectNameTaken,
            Error::EndTimeRequired => ErrorKind::EndTimeRequired,
            Error::NothingToUndo => ErrorKind::NothingToUndo,
            Error::NoAwayQuestion => ErrorKind::NoAwayQuestion,
            Error::AwayQuestionPending => ErrorKind::AwayQuestionPending,
            Error::InvalidSetting { .. } => ErrorKind::InvalidSetting,
            Error::ImportMissingColumn { .. }
            | Error::ImportRow { .. }
            | Error::ImportNotUtf8 { .. }
            | Error::ImportOpen { .. }
            | Error::ImportUnknownFormat { .. }
            | Error::ImportNeedsMapping { .. }
            | Error::ImportMappedColumnMissing { .. }
            | Error::ImportInterrupted { .. }
            | Error::ImportRowsRefused { .. } => ErrorKind::ImportRefused,
            Error::ImportDatesAmbiguous { .. } | Error::ImportDatesMixed { .. } => {
                ErrorKind::ImportDatesAmbiguous
            }
            Error::NoImportToUndo
            | Error::ImportNotFound { .. }
            | Error::ImportAlreadyUndone { .. } => ErrorKind::NothingToUndo,
            Error::Damaged { .. } => ErrorKind::DatabaseDamaged,
            Error::ReadOnly => ErrorKind::DatabaseReadOnly,
            Error::Busy => ErrorKind::DatabaseBusy,
            Error::NewerDatabase { .. } | Error::MigrationMismatch { .. } => {
                ErrorKind::DatabaseTooNew
            }
            Error::Database(_) | Error::Sqlite(_) | Error::Migration(_) | Error::Io(_) => {
                ErrorKind::Internal
            }
        };
        // A person's mistake is theirs to fix; these mean a bug or a broken machine, so they
        // are reported (if the person agreed).
        if kind == ErrorKind::Internal {
            sentry::capture_error(&err);
        }
        CommandError {
            kind,
            message: err.to_string(),
        }
    }
}

impl CommandError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_that_mean_a_bug_are_reported() {
        let events = sentry::test::with_captured_events(|| {
            let _ = CommandError::from(Error::EmptyDescription);
            let _ = CommandError::from(Error::StopBeforeStart);
            let broken = CommandError::from(Error::Io(std::io::Error::other("disk gone")));
            assert_eq!(broken.kind, ErrorKind::Internal);
        });
        assert_eq!(events.len(), 1);
        assert!(format!("{:?}", events[0].exception).contains("disk gone"));
    }
}
