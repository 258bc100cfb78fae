//! Before the app starts for real, stint-core opens the database: it checks the file, backs it
//! up before an upgrade and upgrades it. When that fails (a damaged or foreign file, a newer
//! Stint's database, a read-only folder, a folder where the file should be) Stint does not start
//! its timer, tray or window over it: it shows what is wrong, where, and what the person can
//! do, and leaves the file exactly as it was.

use std::path::{Path, PathBuf};

use stint_core::backup::{list_backups_with_counts, Backup};
use stint_core::error::io_words;
use stint_core::{Error, Store};
use tauri::Runtime;
use tauri_plugin_dialog::{
    DialogExt, MessageDialogButtons, MessageDialogKind, MessageDialogResult,
};

/// Why Stint could not open its data, in words, with where it is and the backups beside it.
#[derive(Debug)]
pub struct LaunchProblem {
    pub message: String,
    pub database: PathBuf,
    pub backups: Vec<Backup>,
}

/// Opens, checks and upgrades the database through stint-core, then closes it again for the
/// SQL plugin to open.
pub fn preflight(database: &Path) -> Result<(), LaunchProblem> {
    tauri::async_runtime::block_on(async {
        let opened = match database.parent() {
            Some(dir) => stint_core::data_dir::create_private_dir(dir).map_err(Error::from),
            None => Ok(()),
        };
        let result = match opened {
            Ok(()) => Store::open(database).await,
            Err(err) => Err(err),
        };
        match result {
            Ok(store) => {
                store.close().await;
                Ok(())
            }
            Err(err) => Err(LaunchProblem {
                message: describe(&err, database),
                database: database.to_path_buf(),
                backups: list_backups_with_counts(database)
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|b| b.entries.is_some())
                    .collect(),
            }),
        }
    })
}

fn describe(err: &Error, database: &Path) -> String {
    let what = match err {
        Error::Damaged { detail } => format!("Stint's database is damaged: {detail}."),
        Error::ReadOnly => {
            "Stint's data is in a folder it cannot write to, so it cannot keep your time.".into()
        }
        Error::NewerDatabase { version, running } => format!(
            "Your time entries were saved by a newer version of Stint (it has upgrade {version}, which Stint {running} does not know)."
        ),
        Error::Io(io) => format!("Stint cannot use its database file: {}.", io_words(io)),
        other => other.to_string(),
    };
    format!("{what}\n\nThe database is {}.", database.display())
}

const RESTORE: &str = "Restore the latest backup";
const SHOW: &str = "Show the folder";
const QUIT: &str = "Quit";

/// The full text of the message: what happened, where, and what the person can do.
pub fn message_text(problem: &LaunchProblem) -> String {
    let mut text = problem.message.clone();
    text.push_str("\n\nStint has not changed the file and has not started the timer or the tray.");
    match problem.backups.first() {
        Some(latest) => {
            let taken = stint_core::local_time::from_ms(latest.taken_ms)
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M");
            text.push_str(&format!(
                "\n\nYou can restore the latest backup (from {taken}, {} entries); the file there now is kept beside it, renamed. Or look at the folder, or quit and start Stint with STINT_DATA_DIR set to another folder.",
                latest.entries.unwrap_or(0)
            ));
        }
        None => text.push_str(
            "\n\nThere is no backup of it. You can look at the folder (`stint recover` saves what can still be read from a damaged file), or quit and start Stint with STINT_DATA_DIR set to another folder.",
        ),
    }
    text
}

/// Runs Stint in its launch-problem mode: one message window, no tray, no timer. Returns the
/// process's exit code.
pub fn run_problem<R: Runtime>(
    builder: tauri::Builder<R>,
    context: tauri::Context<R>,
    problem: LaunchProblem,
) -> i32 {
    let app = match builder.plugin(tauri_plugin_dialog::init()).build(context) {
        Ok(app) => app,
        Err(err) => {
            crate::logging::before_start(&format!(
                "{}\n(and no window could be shown: {err})",
                message_text(&problem)
            ));
            return 1;
        }
    };
    let handle = app.handle().clone();
    log::error!("{}", problem.message.replace("\n\n", " "));
    std::thread::spawn(move || loop {
        let buttons = if problem.backups.is_empty() {
            MessageDialogButtons::OkCancelCustom(SHOW.into(), QUIT.into())
        } else {
            MessageDialogButtons::YesNoCancelCustom(RESTORE.into(), SHOW.into(), QUIT.into())
        };
        let answer = handle
            .dialog()
            .message(message_text(&problem))
            .title("Stint cannot open your time entries")
            .kind(MessageDialogKind::Error)
            .buttons(buttons)
            .blocking_show_with_result();
        let restore = !problem.backups.is_empty();
        let choice = match answer {
            MessageDialogResult::Custom(label) => label,
            // Backends that report the button's role rather than its text.
            MessageDialogResult::Yes => RESTORE.into(),
            MessageDialogResult::Ok if !restore => SHOW.into(),
            MessageDialogResult::No if restore => SHOW.into(),
            _ => QUIT.into(),
        };
        match choice.as_str() {
            RESTORE => match restore_latest(&problem) {
                Ok(()) => {
                    handle.restart();
                }
                Err(err) => {
                    handle
                        .dialog()
                        .message(format!("The backup could not be restored: {err}"))
                        .kind(MessageDialogKind::Error)
                        .blocking_show();
                }
            },
            SHOW => {
                if let Some(dir) = problem.database.parent() {
                    show_folder(dir);
                }
            }
            _ => {
                handle.exit(1);
                return;
            }
        }
    });
    app.run_return(|_, _| {})
}

fn restore_latest(problem: &LaunchProblem) -> Result<(), Error> {
    let latest = problem
        .backups
        .first()
        .ok_or_else(|| Error::Io(std::io::Error::other("there is no backup")))?;
    tauri::async_runtime::block_on(stint_core::backup::replace_with_backup(
        &problem.database,
        &latest.path,
    ))
    .map(|_| ())
}

/// Opens the folder in the system's file manager.
fn show_folder(dir: &Path) {
    if let Err(err) = crate::desktop::show_folder(dir) {
        log::warn!("could not open {}: {err}", dir.display());
    }
}
