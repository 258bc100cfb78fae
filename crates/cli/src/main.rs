//! `stint`: the command-line companion of the Stint desktop app. A thin shell over stint-core:
//! parse, call the core, print.

mod args;
mod config;
mod data;
mod failure;
mod idle;
mod import;
mod output;
mod range;

use std::io::{BufWriter, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Local, Utc};
use clap::{CommandFactory, Parser};
use serde_json::json;
use stint_core::atomic_file::AtomicFile;
use stint_core::local_time::to_ms;
use stint_core::report::{Grouping, ReportFilter, ReportQuery, TagMatch};
use stint_core::transfer::ExportFormat as CoreExportFormat;
use stint_core::{
    data_dir, parse_human, Entry, EntryFields, Error, Store, TimerStart, DATABASE_FILE,
};

use args::{Cli, Command, ExportFormat, Labels};
use failure::Failure;
use output::{entry_json, entry_line, print_json, report_json, report_text, rfc3339};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(shell, &mut Cli::command(), "stint", &mut std::io::stdout());
        return ExitCode::SUCCESS;
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
            let blocked = matches!(err, Error::ReadOnly | Error::Database(_) | Error::Io(_));
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

fn description(words: &[String]) -> String {
    words.join(" ")
}

/// A typed time as RFC 3339, the form the core's entry fields take. `now` is the instant the
/// command checks times against, so `now` and `-0s` are never "in the future".
fn time(input: &str, now: DateTime<Utc>) -> Result<String, Failure> {
    Ok(rfc3339(parse_human(input, &Local, now)?))
}

fn print_entry(json_out: bool, verb: &str, entry: &Entry) {
    let now = Utc::now().timestamp_millis();
    if json_out {
        print_json(&entry_json(entry, now));
    } else {
        println!("{verb} {}", entry_line(entry, now));
    }
}

/// A list of projects or tags: one name a line, or `[{"id", "name"}]`.
fn print_names<'a>(json_out: bool, items: impl Iterator<Item = (i64, &'a str)>) {
    if json_out {
        print_json(&json!(items
            .map(|(id, name)| json!({ "id": id, "name": name }))
            .collect::<Vec<_>>()));
    } else {
        for (_, name) in items {
            println!("{name}");
        }
    }
}

/// Applies Settings → Tracking's "stop timers at", which the app applies on its clock; here for
/// when the app is not running. A read-only database is left as it is.
async fn auto_stop(store: &Store, now: DateTime<Utc>) -> Option<Entry> {
    let settings = store.tracking_settings().await.ok()?;
    store
        .apply_auto_stop(&settings, &Local, now)
        .await
        .ok()
        .flatten()
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
        Command::Start {
            description: words,
            labels: Labels { project, tags },
            at,
            billing,
        } => {
            let start = TimerStart {
                description: description(&words),
                project_id: None,
                tags,
                start: at.as_deref().map(|at| time(at, now)).transpose()?,
                billable: billing.choice(),
            };
            let entry = store
                .start_timer_named(&start, project.as_deref(), &Local, now)
                .await?;
            print_entry(json_out, "Started", &entry);
        }
        Command::Stop => {
            if let Some(entry) = auto_stop(store, now).await {
                print_entry(json_out, "Stopped at the set time", &entry);
                return Ok(());
            }
            let entry = store.stop_timer(now).await?;
            print_entry(json_out, "Stopped", &entry);
        }
        Command::Status => {
            let stopped = auto_stop(store, now).await;
            let running = store.running().await?;
            let away = store.away_question().await?;
            let sentence = match &away {
                Some(question) => Some(idle::question_text(store, question, now).await?),
                None => None,
            };
            if json_out {
                let running = running.map(|e| entry_json(&e, now.timestamp_millis()));
                let away = away
                    .as_ref()
                    .zip(sentence.as_deref())
                    .map(|(q, s)| idle::question_json(q, s));
                print_json(&json!({ "running": running, "away": away }));
            } else {
                if let Some(entry) = stopped {
                    println!(
                        "Stopped at the set time {}",
                        entry_line(&entry, now.timestamp_millis())
                    );
                }
                match running {
                    Some(entry) => {
                        println!("Running {}", entry_line(&entry, now.timestamp_millis()))
                    }
                    None => println!("No timer is running."),
                }
                if let Some(sentence) = sentence {
                    println!("{sentence}");
                    println!("{}", idle::HOW_TO_ANSWER);
                }
            }
        }
        Command::Idle { answer } => idle::run(store, answer, json_out, now).await?,
        Command::Config { action } => config::run(store, action, json_out).await?,
        Command::Continue { id } => {
            let id = match id {
                Some(id) => id,
                None => {
                    store
                        .last_entry()
                        .await?
                        .ok_or_else(|| Failure::refused("There is no entry to continue yet."))?
                        .id
                }
            };
            let entry = store.continue_entry(id, &Local, now).await?;
            print_entry(json_out, "Started", &entry);
        }
        Command::Add {
            from,
            to,
            description: words,
            labels: Labels { project, tags },
            billing,
        } => {
            let fields = EntryFields {
                description: description(&words),
                project_id: None,
                tags,
                // The core reads times as typed (the same rules as the app's fields): the end
                // may be a clock time on the start's day or a length after it (`+1h30`).
                start: from,
                stop: Some(to),
                billable: billing.choice(),
            };
            let entry = store
                .add_entry_named(&fields, project.as_deref(), &Local, now)
                .await?;
            print_entry(json_out, "Added", &entry);
        }
        Command::Edit {
            id,
            description,
            project,
            no_project,
            tags,
            no_tags,
            from,
            to,
            billing,
        } => {
            let entry = store.entry(id).await?;
            let project_id = match (&project, no_project) {
                (Some(_), _) | (None, true) => None,
                (None, false) => entry.project.as_ref().map(|p| p.id),
            };
            let fields = EntryFields {
                description: description.unwrap_or_else(|| entry.description.clone()),
                project_id,
                tags: if no_tags {
                    Vec::new()
                } else if tags.is_empty() {
                    entry.tags.clone()
                } else {
                    tags
                },
                start: match from {
                    Some(t) => t,
                    None => rfc3339(stint_core::local_time::from_ms(entry.start_ms)),
                },
                stop: match to {
                    Some(t) => Some(t),
                    None => entry
                        .stop_ms
                        .map(|ms| rfc3339(stint_core::local_time::from_ms(ms))),
                },
                billable: billing.choice(),
            };
            let entry = store
                .update_entry_named(id, &fields, project.as_deref(), &Local, now)
                .await?;
            print_entry(json_out, "Saved", &entry);
        }
        Command::Delete { id } => {
            let entry = store.delete_entry(id, now).await?;
            print_entry(json_out, "Deleted", &entry);
            if !json_out {
                println!("(`stint undo` brings it back)");
            }
        }
        Command::Undo => {
            let entry = store.restore_last_deleted(now).await?;
            print_entry(json_out, "Restored", &entry);
        }
        Command::Log {
            range,
            search,
            project,
            tag,
        } => {
            let filtered = search.is_some() || project.is_some() || tag.is_some();
            let default = if filtered {
                range::Default::Everything
            } else {
                range::Default::LastWeekOfDays
            };
            let (from, to) = range::resolve(&range, default, store, now).await?;
            let entries = if filtered {
                let query = stint_core::search::SearchQuery {
                    text: search.unwrap_or_default(),
                    project,
                    tag,
                    from_ms: Some(from.timestamp_millis()),
                    to_ms: Some(to.timestamp_millis()),
                    limit: Some(u32::MAX - 1),
                };
                let results = store.search(&query, &Local, now).await?;
                results.days.into_iter().flat_map(|d| d.entries).collect()
            } else {
                store.entries_between(from, to).await?
            };
            let now_ms = now.timestamp_millis();
            if json_out {
                print_json(&json!(entries
                    .iter()
                    .map(|e| entry_json(e, now_ms))
                    .collect::<Vec<_>>()));
            } else if entries.is_empty() {
                println!(
                    "{}",
                    if filtered {
                        "No entries match."
                    } else {
                        "No entries in this range."
                    }
                );
            } else {
                let style = store.display_preferences().await?.duration_format;
                for day in stint_core::timeline::group_days(entries, &Local, now) {
                    let date = chrono::NaiveDate::parse_from_str(&day.date, "%Y-%m-%d")
                        .map_or(day.date.clone(), |d| d.format("%a %-d %b %Y").to_string());
                    println!("{date:<40}{:>10}", style.format(day.total_ms));
                    for entry in &day.entries {
                        let overlap = day
                            .overlaps
                            .iter()
                            .find(|o| o.entry_id == entry.id)
                            .map(|o| format!("  (overlaps #{})", o.other_id))
                            .unwrap_or_default();
                        println!("  {}{overlap}", entry_line(entry, now_ms));
                    }
                }
            }
        }
        Command::Report {
            range,
            by,
            project,
            tag,
            all_tags,
            search,
            billable,
            not_billable,
            round,
        } => {
            let (from, to) = range::resolve(&range, range::Default::Today, store, now).await?;
            let display = store.display_preferences().await?;
            let query = ReportQuery {
                from_ms: to_ms(from),
                to_ms: to_ms(to),
                filter: ReportFilter {
                    projects: project,
                    tags: tag,
                    tag_match: if all_tags {
                        TagMatch::All
                    } else {
                        TagMatch::Any
                    },
                    text: search.unwrap_or_default(),
                    billable: (billable || not_billable).then_some(billable),
                },
                group_by: by.map_or(Grouping::Project, |g| g.first),
                then_by: by.and_then(|g| g.then),
                rounding: round,
                week_start: display.week_start,
                max_groups: None,
            };
            let report = store.summary(&query, to_ms(now), &Local).await?;
            let groups = if by.is_some() {
                report.groups.as_slice()
            } else {
                &[]
            };
            if json_out {
                print_json(&report_json(&report, groups, round.is_some()));
            } else {
                print!(
                    "{}",
                    report_text(&report, groups, &query, display.duration_format)
                );
            }
        }
        Command::Projects => {
            let projects = store.projects().await?;
            print_names(json_out, projects.iter().map(|p| (p.id, p.name.as_str())));
        }
        Command::Tags => {
            let tags = store.tags().await?;
            print_names(json_out, tags.iter().map(|t| (t.id, t.name.as_str())));
        }
        Command::Export {
            format,
            range,
            output,
        } => {
            if let ExportFormat::Pdf = format {
                return export_pdf(store, &range, output.as_deref(), now).await;
            }
            let any_range = range.is_given();
            let (from, to) = if any_range {
                let (from, to) = range::resolve(&range, range::Default::Today, store, now).await?;
                (Some(from), Some(to))
            } else {
                (None, None)
            };
            let format = match format {
                ExportFormat::Csv => CoreExportFormat::Csv,
                ExportFormat::Json => CoreExportFormat::Json,
                ExportFormat::Ical => CoreExportFormat::Ical,
                ExportFormat::Pdf => unreachable!("written above"),
            };
            let count = match output {
                Some(target) => {
                    // The old file stays whole until the new one is complete.
                    let mut file = AtomicFile::create(&target).map_err(|err| {
                        Failure::refused(format!(
                            "Cannot write {}: {err}. Choose a folder you can write to.",
                            target.display()
                        ))
                    })?;
                    let count = store
                        .export(format, from, to, BufWriter::new(file.file()))
                        .await?;
                    file.commit().map_err(|err| {
                        Failure::internal(format!(
                            "Could not finish writing {}: {err}. The file there was left as it was.",
                            target.display()
                        ))
                    })?;
                    count
                }
                None => {
                    store
                        .export(format, from, to, BufWriter::new(std::io::stdout().lock()))
                        .await?
                }
            };
            if std::io::stderr().is_terminal() {
                eprintln!("Exported {count} entries.");
            }
        }
        Command::Import(request) => import::run(store, request, json_out).await?,
        Command::Backup { file } => data::backup(store, path, file.as_deref(), json_out).await?,
        Command::Restore { backup } => data::restore(store, path, &backup, json_out).await?,
        Command::Completions { .. } | Command::Recover { .. } | Command::Backups => {
            unreachable!("handled before the database is opened")
        }
    }
    Ok(())
}

/// `stint export --format pdf`: a timesheet of the range (everything unless a range is given),
/// grouped by project, one page per week.
async fn export_pdf(
    store: &Store,
    range: &args::Range,
    output: Option<&std::path::Path>,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    use std::io::Write;
    let (from, to) = range::resolve(range, range::Default::Everything, store, now).await?;
    let query = ReportQuery {
        from_ms: to_ms(from),
        to_ms: to_ms(to),
        filter: ReportFilter::default(),
        group_by: Grouping::Project,
        then_by: None,
        rounding: None,
        week_start: store.display_preferences().await?.week_start,
        max_groups: None,
    };
    let pdf = store.timesheet(&query, to_ms(now), &Local).await?;
    match output {
        Some(target) => {
            let mut file = AtomicFile::create(target).map_err(|err| {
                Failure::refused(format!(
                    "Cannot write {}: {err}. Choose a folder you can write to.",
                    target.display()
                ))
            })?;
            file.write_all(&pdf)
                .and_then(|()| file.commit())
                .map_err(|err| {
                    Failure::internal(format!(
                        "Could not finish writing {}: {err}. The file there was left as it was.",
                        target.display()
                    ))
                })?;
        }
        None if std::io::stdout().is_terminal() => {
            return Err(Failure::refused(
                "A PDF cannot be shown in the terminal: give a file with --output timesheet.pdf."
                    .to_string(),
            ))
        }
        None => std::io::stdout().lock().write_all(&pdf)?,
    }
    Ok(())
}
