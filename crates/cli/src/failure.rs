//! How a command fails: a message for the person and the exit code scripts rely on.

use std::process::ExitCode;

#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub internal: bool,
}

impl Failure {
    pub fn refused(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            internal: false,
        }
    }

    /// 1 for a refused request, 3 for Stint itself failing (2 is clap's, for a bad command line).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.internal { 3 } else { 1 })
    }
}

impl From<stint_core::Error> for Failure {
    fn from(err: stint_core::Error) -> Self {
        Failure {
            internal: err.is_internal(),
            message: err.to_string(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure {
            internal: true,
            message: format!("Could not read or write: {err}"),
        }
    }
}
