//! `stint`: the command-line companion of the Stint desktop app. A thin shell over stint-core:
//! parse, call the core, print.

mod args;
mod completions;
mod config;
mod data;
mod entries;
mod export;
mod failure;
mod idle;
mod import;
mod labels;
mod log;
mod output;
mod range;
mod report;
mod timer;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Parser;
use stint_core::{data_dir, Error, Store, DATABASE_FILE};

use args::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Completions { shell } = cli.command {
        completions::print(shell);
        return ExitCode::SUCCESS;
    }
    // The plain `stint status`, `start` and `stop` need neither the store nor the async
    // runtime (see stint_core::glance and stint_core::direct).
    if matches!(
        cli.command,
        Command::Status | Command::Start(_) | Command::Stop
    ) {
        if let Ok(database) = database_path() {
            let now = Utc::now();
            let done = match cli.command {
                Command::Status => {
                    timer::status_at_a_glance(&database, cli.json, now).then_some(Ok(()))
                }
                _ => timer::start_or_stop_directly(&database, &cli.command, cli.json, now),
            };
            match done {
                Some(Ok(())) => return ExitCode::SUCCESS,
                Some(Err(failure)) => return fail(&failure),
                None => {}
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return fail(&Failure::from(err)),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure),
    }
}

fn fail(failure: &Failure) -> ExitCode {
    eprintln!("stint: {}", failure.message);
    failure.exit_code()
}

/// Opens the database for `command`. A command that only reads falls back to a read-only
/// open when the file or its folder cannot be written (a read-only mount, a backup drive).
async fn open(command: &Command) -> Result<(Store, PathBuf), Failure> {
    let path = database_path()?;
    let opened = if command.checks_whole_file() {
        Store::open(&path).await
    } else {
        Store::open_for_reading(&path).await
    };
    match opened {
        Ok(store) => Ok((store, path)),
        Err(err) => {
            let blocked = matches!(
                err,
                Error::ReadOnly | Error::Database(_) | Error::Sqlite(_) | Error::Io(_)
            );
            if blocked && path.is_file() && !command.writes() {
                if let Ok(store) = Store::open_read_only(&path).await {
                    return Ok((store, path));
                }
            }
            if blocked && path.is_file() && !writable(&path) {
                return Err(Failure::at(Error::ReadOnly, &path));
            }
            Err(Failure::at(err, &path))
        }
    }
}

/// Where the database is (its folder created if missing).
fn database_path() -> Result<PathBuf, Failure> {
    let dir = data_dir::resolve().map_err(|err| {
        Failure::internal(format!(
            "Stint cannot use its data folder: {}. Set {} to a folder you can write to.",
            failure::io_words(&err),
            data_dir::DATA_DIR_ENV
        ))
    })?;
    Ok(dir.join(DATABASE_FILE))
}

/// True when this process can write `database` and create files beside it (SQLite's -wal).
fn writable(database: &std::path::Path) -> bool {
    let file_ok = std::fs::OpenOptions::new()
        .append(true)
        .open(database)
        .is_ok();
    let dir_ok = database
        .parent()
        .is_some_and(|dir| tempfile_probe(dir).is_ok());
    file_ok && dir_ok
}

fn tempfile_probe(dir: &std::path::Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".stint-write-probe-{}", std::process::id()));
    std::fs::File::create(&probe)?;
    std::fs::remove_file(&probe)
}

async fn run(cli: Cli) -> Result<(), Failure> {
    // These work on a database that cannot be opened; that is when people need them.
    match &cli.command {
        Command::Recover { output } => {
            return data::recover(&database_path()?, output.as_deref(), cli.json).await
        }
        Command::Backups => {
            return data::list(&database_path()?, cli.json).await;
        }
        _ => {}
    }
    let (store, path) = match open(&cli.command).await {
        Ok(opened) => opened,
        // A database that cannot be opened can still be replaced by a backup.
        Err(failure) => {
            let database = database_path()?;
            return match &cli.command {
                Command::Restore { backup } if database.is_file() => {
                    data::replace(&database, backup, cli.json).await
                }
                _ => Err(failure),
            };
        }
    };
    let result = execute(cli, &store, &path).await;
    store.close().await;
    result.map_err(|failure| failure.locate(&path))
}

async fn execute(cli: Cli, store: &Store, path: &std::path::Path) -> Result<(), Failure> {
    let json_out = cli.json;
    let now = Utc::now();
    match cli.command {
        Command::Start(args) => timer::start(store, args, json_out, now).await,
        Command::Stop => timer::stop(store, json_out, now).await,
        Command::Status => timer::status(store, json_out, now).await,
        Command::Continue { id } => timer::continue_entry(store, id, json_out, now).await,
        Command::Idle { answer } => idle::run(store, answer, json_out, now).await,
        Command::Config { action } => config::run(store, action, json_out).await,
        Command::Add(args) => entries::add(store, args, json_out, now).await,
        Command::Edit(args) => entries::edit(store, args, json_out, now).await,
        Command::Delete { id } => entries::delete(store, id, json_out, now).await,
        Command::Undo => entries::undo(store, json_out, now).await,
        Command::Log(args) => log::run(store, args, json_out, now).await,
        Command::Report(args) => report::run(store, args, json_out, now).await,
        Command::Projects => labels::projects(store, json_out).await,
        Command::Tags => labels::tags(store, json_out).await,
        Command::Export(args) => export::run(store, args, now).await,
        Command::Import(request) => import::run(store, request, json_out).await,
        Command::Backup { file } => data::backup(store, path, file.as_deref(), json_out).await,
        Command::Restore { backup } => data::restore(store, path, &backup, json_out).await,
        Command::Completions { .. } | Command::Recover { .. } | Command::Backups => {
            unreachable!("handled before the database is opened")
        }
    }
}
