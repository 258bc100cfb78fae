//! The typed commands the UI calls. Each parses, calls stint-core, and maps the error.

pub mod away;
pub mod data;
pub mod entries;
pub mod import;
pub mod preferences;
pub mod projects;
pub mod reports;
pub mod timer;
pub mod updates;
