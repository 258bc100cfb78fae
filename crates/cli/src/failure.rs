//! How a command fails: a message for the person and the exit code scripts rely on.

use std::path::Path;
use std::process::ExitCode;

#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub internal: bool,
    /// The failure is about the database file itself, so the message names where it is.
    about_database: bool,
}

impl Failure {
    pub fn refused(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            internal: false,
            about_database: false,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            internal: true,
            about_database: false,
        }
    }

    /// A core error about the database at `path`, naming the file when that helps.
    pub fn at(err: stint_core::Error, path: &Path) -> Self {
        Failure::from(err).locate(path)
    }

    /// Adds where the database is to a message about the database.
    pub fn locate(mut self, path: &Path) -> Self {
        if self.about_database {
            self.message = format!("{} (The database is {}.)", self.message, path.display());
            self.about_database = false;
        }
        self
    }

    /// 1 for a refused request, 3 for Stint itself failing (2 is clap's, for a bad command line).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.internal { 3 } else { 1 })
    }
}

impl From<stint_core::Error> for Failure {
    fn from(err: stint_core::Error) -> Self {
        use stint_core::Error;
        let about_database = matches!(
            err,
            Error::Damaged { .. }
                | Error::ReadOnly
                | Error::NewerDatabase { .. }
                | Error::MigrationMismatch { .. }
                | Error::Database(_)
                | Error::Sqlite(_)
                | Error::Migration(_)
        );
        Failure {
            internal: err.is_internal(),
            message: err.to_string(),
            about_database,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::internal(format!(
            "Could not read or write a file: {}.",
            io_words(&err)
        ))
    }
}

pub use stint_core::error::io_words;
