//! `stint export`: entries as CSV, JSON or iCalendar, or a PDF timesheet, to standard output
//! or to a file that is replaced only once the new one is complete.

use std::io::{BufWriter, IsTerminal};

use chrono::{DateTime, Local, Utc};
use stint_core::atomic_file::AtomicFile;
use stint_core::local_time::to_ms;
use stint_core::report::{Grouping, ReportFilter, ReportQuery};
use stint_core::transfer::ExportFormat as CoreExportFormat;
use stint_core::Store;

use crate::args::{self, ExportArgs, ExportFormat};
use crate::failure::Failure;
use crate::range;

pub async fn run(store: &Store, args: ExportArgs, now: DateTime<Utc>) -> Result<(), Failure> {
    let ExportArgs {
        format,
        range,
        output,
    } = args;
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
