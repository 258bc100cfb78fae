//! stint-core: Stint's domain, free of any UI toolkit. The desktop app and the CLI are thin
//! shells over this crate.
//!
//! - [`Store`] owns the SQLite database and every query.
//! - [`entry`] holds the time entry and the validation of what creates or changes one.
//! - [`local_time`] turns typed times into UTC instants and finds local day boundaries.
//! - [`timeline`] groups entries into local days and totals them, DST-correct.
//! - [`counting`] is the rule for time that entries share: it counts once.
//! - [`report`] answers where the time in a range went ([`rounding`], [`date_range`]).

pub mod atomic_file;
pub mod away;
pub mod backup;
mod bridge;
mod changes;
pub mod counting;
pub mod data_dir;
pub mod date_range;
pub mod direct;
pub mod display;
mod entries;
pub mod entry;
pub mod error;
pub mod glance;
pub mod heartbeat;
pub mod import;
pub mod local_time;
mod overlap;
mod projects;
pub mod report;
pub mod report_file;
pub mod rounding;
pub mod salvage;
pub mod search;
pub mod settings;
mod store;
mod tags;
mod text_encoding;
pub mod timeline;
mod timer;
pub mod timesheet;
pub mod tracking;
pub mod transfer;

pub use changes::{Change, ChangeWatcher};
pub use entry::{Entry, EntryEdit, EntryFields, ProjectRef, TimerStart};
pub use error::{Error, Result, TimeField};
pub use local_time::{parse_day, parse_end, parse_human, parse_length, parse_time};
pub use projects::{Project, ProjectChanges, PALETTE};
pub use settings::{Setting, SettingsSnapshot, UpdateChannel};
pub use store::{migrations, MigrationScript, Store, DATABASE_FILE, MIGRATOR};
pub use tags::Tag;
pub use timer::Toggled;
