//! `stint`: the command-line companion of the Stint desktop app. A thin shell over stint-core:
//! parse, call the core, print.

mod args;
mod failure;
mod output;
mod range;

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use chrono::{Local, Utc};
use clap::{CommandFactory, Parser};
use serde_json::json;
use stint_core::report::GroupBy as CoreGroupBy;
use stint_core::transfer::ExportFormat as CoreExportFormat;
use stint_core::{data_dir, parse_human, Entry, EntryFields, Store, TimerStart, DATABASE_FILE};

use args::{Cli, Command, ExportFormat, GroupBy, Labels};
use failure::Failure;
use output::{duration, entry_json, entry_line, print_json, report_json, rfc3339};

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

async fn open() -> Result<Store, Failure> {
    let dir = data_dir::resolve()?;
    Ok(Store::open(&dir.join(DATABASE_FILE)).await?)
}

fn description(words: &[String]) -> String {
    words.join(" ")
}

/// Resolves `-p NAME` to a project id, creating the project if it is new.
async fn project_id(store: &Store, name: Option<&str>) -> Result<Option<i64>, Failure> {
    match name {
        Some(name) => Ok(Some(store.ensure_project(name, Utc::now()).await?.id)),
        None => Ok(None),
    }
}

/// A typed time as RFC 3339, the form the core's entry fields take.
fn time(input: &str) -> Result<String, Failure> {
    Ok(rfc3339(parse_human(input, &Local, Utc::now())?))
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

async fn run(cli: Cli) -> Result<(), Failure> {
    let store = open().await?;
    let result = execute(cli, &store).await;
    store.close().await;
    result
}

async fn execute(cli: Cli, store: &Store) -> Result<(), Failure> {
    let json_out = cli.json;
    let now = Utc::now();
    match cli.command {
        Command::Start {
            description: words,
            labels: Labels { project, tags },
            at,
        } => {
            let start = TimerStart {
                description: description(&words),
                project_id: project_id(store, project.as_deref()).await?,
                tags,
                start: at.as_deref().map(time).transpose()?,
            };
            let entry = store.start_timer(&start, &Local, now).await?;
            print_entry(json_out, "Started", &entry);
        }
        Command::Stop => {
            let entry = store.stop_timer(now).await?;
            print_entry(json_out, "Stopped", &entry);
        }
        Command::Status => {
            let running = store.running().await?;
            if json_out {
                let running = running.map(|e| entry_json(&e, now.timestamp_millis()));
                print_json(&json!({ "running": running }));
            } else {
                match running {
                    Some(entry) => {
                        println!("Running {}", entry_line(&entry, now.timestamp_millis()))
                    }
                    None => println!("No timer is running."),
                }
            }
        }
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
        } => {
            let fields = EntryFields {
                description: description(&words),
                project_id: project_id(store, project.as_deref()).await?,
                tags,
                start: time(&from)?,
                stop: Some(time(&to)?),
            };
            let entry = store.add_entry(&fields, &Local, now).await?;
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
        } => {
            let entry = store.entry(id).await?;
            let project_id = match (project, no_project) {
                (Some(name), _) => project_id(store, Some(&name)).await?,
                (None, true) => None,
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
                    Some(t) => time(&t)?,
                    None => rfc3339(stint_core::local_time::from_ms(entry.start_ms)),
                },
                stop: match to {
                    Some(t) => Some(time(&t)?),
                    None => entry
                        .stop_ms
                        .map(|ms| rfc3339(stint_core::local_time::from_ms(ms))),
                },
            };
            let entry = store.update_entry(id, &fields, &Local, now).await?;
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
        Command::Log { range } => {
            let (from, to) =
                range::resolve(&range, range::Default::LastWeekOfDays, store, now).await?;
            let entries = store.entries_between(from, to).await?;
            let now_ms = now.timestamp_millis();
            if json_out {
                print_json(&json!(entries
                    .iter()
                    .map(|e| entry_json(e, now_ms))
                    .collect::<Vec<_>>()));
            } else if entries.is_empty() {
                println!("No entries in this range.");
            } else {
                for day in stint_core::timeline::group_days(entries, &Local, now) {
                    let date = chrono::NaiveDate::parse_from_str(&day.date, "%Y-%m-%d")
                        .map_or(day.date.clone(), |d| d.format("%a %-d %b %Y").to_string());
                    println!("{date:<40}{:>10}", duration(day.total_ms));
                    for entry in &day.entries {
                        println!("  {}", entry_line(entry, now_ms));
                    }
                }
            }
        }
        Command::Report { range, by } => {
            let (from, to) = range::resolve(&range, range::Default::Today, store, now).await?;
            let by = match by {
                None => CoreGroupBy::Nothing,
                Some(GroupBy::Project) => CoreGroupBy::Project,
                Some(GroupBy::Tag) => CoreGroupBy::Tag,
                Some(GroupBy::Day) => CoreGroupBy::Day,
            };
            let report = store.report(from, to, now, by, &Local).await?;
            if json_out {
                print_json(&report_json(&report));
            } else {
                let fmt = |t: chrono::DateTime<Utc>| {
                    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
                };
                println!("{} – {}", fmt(report.from), fmt(report.to));
                for group in &report.groups {
                    let key = group.key.as_deref().unwrap_or(match by {
                        CoreGroupBy::Tag => "(no tag)",
                        _ => "(no project)",
                    });
                    println!("  {key:<38}{:>10}", duration(group.ms));
                }
                println!("{:<40}{:>10}", "Total", duration(report.total_ms));
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
            let any_range =
                range.today || range.week || range.month || range.all || range.from.is_some();
            let (from, to) = if any_range {
                let (from, to) = range::resolve(&range, range::Default::Today, store, now).await?;
                (Some(from), Some(to))
            } else {
                (None, None)
            };
            let format = match format {
                ExportFormat::Csv => CoreExportFormat::Csv,
                ExportFormat::Json => CoreExportFormat::Json,
            };
            let count = match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)?;
                    store.export(format, from, to, BufWriter::new(file)).await?
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
        Command::Import { file, format: _ } => {
            let input = std::fs::File::open(&file).map_err(|err| {
                Failure::refused(format!("Cannot open {}: {err}", file.display()))
            })?;
            let show_progress = std::io::stderr().is_terminal();
            let summary = store
                .import_csv(std::io::BufReader::new(input), &Local, now, |rows| {
                    if show_progress && rows % 10_000 == 0 {
                        eprint!("\rRead {rows} rows…");
                        let _ = std::io::stderr().flush();
                    }
                })
                .await?;
            if show_progress {
                eprint!("\r");
            }
            if json_out {
                print_json(&json!({ "imported": summary.imported, "skipped": summary.skipped }));
            } else {
                println!(
                    "Imported {} entries; skipped {} already there.",
                    summary.imported, summary.skipped
                );
            }
        }
        Command::Completions { .. } => unreachable!("handled before the database is opened"),
    }
    Ok(())
}
