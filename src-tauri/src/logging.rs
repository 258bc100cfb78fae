//! The app's log: what went wrong in the background (a tray action, a notification, an update
//! check), at levels, in a file people can attach to a bug report. It lives in the OS's log
//! folder (`~/.local/share/<id>/logs` on Linux, `~/Library/Logs/<id>` on macOS,
//! `%LOCALAPPDATA%\<id>\logs` on Windows), or in `logs/` beside the database when
//! `STINT_DATA_DIR` moves the data; it rotates at 1 MiB and keeps three old files. Lines go
//! through the same scrubbing as crash reports, so descriptions, project and tag names the app
//! knows are replaced before they are written.

use std::path::{Path, PathBuf};

use log::LevelFilter;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};

/// The log file's name, without its `.log`.
pub const FILE_NAME: &str = "stint";
const MAX_FILE_BYTES: u128 = 1024 * 1024;
const OLD_FILES_KEPT: usize = 3;

/// Where the log is, known at setup (managed state) so Settings can open it.
pub struct LogFolder(pub PathBuf);

/// The folder the log is written to.
pub fn folder<R: Runtime>(app: &AppHandle<R>, data_dir: Option<&Path>) -> PathBuf {
    match data_dir {
        Some(dir) => dir.join("logs"),
        None => app
            .path()
            .app_log_dir()
            .unwrap_or_else(|_| std::env::temp_dir().join("stint-logs")),
    }
}

/// The logger: the file, and stderr for whoever started Stint from a terminal. Installed once
/// per process (the global logger), so only the real app adds it, not the command tests.
pub fn plugin<R: Runtime>(data_dir: Option<&Path>) -> TauriPlugin<R> {
    let file = match data_dir {
        Some(dir) => TargetKind::Folder {
            path: dir.join("logs"),
            file_name: Some(FILE_NAME.into()),
        },
        None => TargetKind::LogDir {
            file_name: Some(FILE_NAME.into()),
        },
    };
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(file))
        .target(Target::new(TargetKind::Stderr))
        .level(LevelFilter::Info)
        // Libraries speak up only when something is wrong.
        .level_for("sqlx", LevelFilter::Warn)
        .level_for("tao", LevelFilter::Warn)
        .level_for("wry", LevelFilter::Warn)
        .level_for("zbus", LevelFilter::Warn)
        .level_for("tracing", LevelFilter::Warn)
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(OLD_FILES_KEPT))
        .timezone_strategy(TimezoneStrategy::UseLocal)
        .format(|out, message, record| {
            out.finish(format_args!(
                "{} {:<5} {}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S%.3f %:z"),
                record.level(),
                scrub(&message.to_string())
            ))
        })
        .build()
}

/// `line` with the person's own words (as far as the app knows them) replaced, as whole words:
/// the same rule as crash reports, so a tag called "a" does not take every "a" out of the log.
pub fn scrub(line: &str) -> String {
    let mut line = line.to_string();
    for text in crate::reporting::redactions::current() {
        line = crate::reporting::scrub::replace_bounded(&line, &text, "[redacted]");
    }
    line
}

/// For the first moments of start-up, before the app (and so the log) exists: stderr only.
pub fn before_start(line: &str) {
    eprintln!("stint: {line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the list of words is the process's own, shared by every test thread.
    #[test]
    fn the_persons_words_do_not_reach_the_log_and_the_rest_of_it_stays() {
        crate::reporting::redactions::replace(vec!["Secret client pitch".into(), "Acme".into()]);
        assert_eq!(
            scrub("could not stop “Secret client pitch” (Acme): database busy"),
            "could not stop “[redacted]” ([redacted]): database busy"
        );
        // A tag called "a": whole words only, as in crash reports.
        crate::reporting::redactions::replace(vec!["a".into(), "io".into()]);
        assert_eq!(
            scrub("Stint started on linux (tag a, io: ratio)"),
            "Stint started on linux (tag [redacted], [redacted]: ratio)"
        );
        crate::reporting::redactions::replace(Vec::new());
    }
}
