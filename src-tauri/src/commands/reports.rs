use chrono::{Local, NaiveDate, Utc};
use stint_core::date_range::{DateSpan, RangePreset};
use stint_core::local_time::{day_start, local_date, to_ms};
use stint_core::report::{ReportQuery, SummaryReport};
use stint_core::Store;
use tauri::State;

use crate::error::CommandResult;
use crate::reporting::kpi::Timed;

/// Where the time in a range went: the Reports view's groups, totals, amounts and chart.
#[tauri::command]
#[specta::specta]
pub async fn get_report(
    store: State<'_, Store>,
    query: ReportQuery,
) -> CommandResult<SummaryReport> {
    Ok(store
        .summary(&query, to_ms(Utc::now()), &Local)
        .timed("get_report")
        .await?)
}

/// The local days a named range covers today, weeks starting as the person chose.
#[tauri::command]
#[specta::specta]
pub async fn get_report_range(
    store: State<'_, Store>,
    preset: RangePreset,
) -> CommandResult<ReportSpan> {
    let week_start = store.display_preferences().await?.week_start;
    let first_entry = match preset {
        RangePreset::AllTime => store.first_start().await?.map(|t| local_date(t, &Local)),
        _ => None,
    };
    Ok(span(preset.days(
        local_date(Utc::now(), &Local),
        week_start,
        first_entry,
    )))
}

/// `span` moved `steps` of its own size (a month by months, a week by weeks, ...).
#[tauri::command]
#[specta::specta]
pub async fn step_report_range(
    first: NaiveDate,
    last: NaiveDate,
    steps: i32,
) -> CommandResult<ReportSpan> {
    Ok(span(DateSpan { first, last }.step(steps)))
}

/// The days of a range and the instants a report query takes for them.
#[derive(serde::Serialize, specta::Type)]
pub struct ReportSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub from_ms: i64,
    pub to_ms: i64,
}

fn span(days: DateSpan) -> ReportSpan {
    let after = days.last.succ_opt().unwrap_or(days.last);
    ReportSpan {
        first: days.first,
        last: days.last,
        from_ms: to_ms(day_start(days.first, &Local)),
        to_ms: to_ms(day_start(after, &Local)),
    }
}

/// What the Reports view can save: the report itself, or the entries behind it.
#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportExport {
    ReportCsv,
    ReportJson,
    EntriesCsv,
    EntriesJson,
    EntriesIcal,
    TimesheetPdf,
}

impl ReportExport {
    fn extension(self) -> &'static str {
        match self {
            ReportExport::ReportCsv | ReportExport::EntriesCsv => "csv",
            ReportExport::ReportJson | ReportExport::EntriesJson => "json",
            ReportExport::EntriesIcal => "ics",
            ReportExport::TimesheetPdf => "pdf",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            ReportExport::ReportCsv | ReportExport::EntriesCsv => "CSV",
            ReportExport::ReportJson | ReportExport::EntriesJson => "JSON",
            ReportExport::EntriesIcal => "iCalendar",
            ReportExport::TimesheetPdf => "PDF",
        }
    }
}

/// A file written: its name (never its folder: the window has no business with paths).
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct ExportDone {
    pub file_name: String,
}

/// Shows the native save dialog (the name proposed, filtered to one kind of file) and hands back
/// where to write. Made in setup, where the runtime is known.
pub struct SaveChooser(pub Box<AskWhere>);

/// Given the proposed file name, the kind of file and its extension: where to write, or `None`.
pub type AskWhere = dyn Fn(
        String,
        &'static str,
        &'static str,
    ) -> tokio::sync::oneshot::Receiver<Option<std::path::PathBuf>>
    + Send
    + Sync;

impl SaveChooser {
    pub fn native<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> SaveChooser {
        SaveChooser(Box::new(move |name, kind, extension| {
            use tauri_plugin_dialog::DialogExt;
            let (tx, rx) = tokio::sync::oneshot::channel();
            app.dialog()
                .file()
                .set_title("Save the report")
                .set_file_name(name)
                .add_filter(kind, &[extension])
                .save_file(move |path| {
                    let _ = tx.send(path.and_then(|p| p.into_path().ok()));
                });
            rx
        }))
    }
}

/// Asks where to save the report (or its entries) and writes it there whole: a temporary file
/// beside the target, renamed into place once complete. `None` when the person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    store: State<'_, Store>,
    chooser: State<'_, SaveChooser>,
    query: ReportQuery,
    what: ReportExport,
) -> CommandResult<Option<ExportDone>> {
    let first = stint_core::local_time::from_ms(query.from_ms).with_timezone(&Local);
    let name = format!(
        "stint-report-{}.{}",
        first.format("%Y-%m-%d"),
        what.extension()
    );
    let Some(path) = (chooser.0)(name, what.kind(), what.extension())
        .await
        .ok()
        .flatten()
    else {
        return Ok(None);
    };
    write_export(&store, &query, what, &path).await.map(Some)
}

/// Writes `what` for `query` to `path`, atomically.
pub async fn write_export(
    store: &Store,
    query: &ReportQuery,
    what: ReportExport,
    path: &std::path::Path,
) -> CommandResult<ExportDone> {
    use std::io::Write;
    use stint_core::atomic_file::AtomicFile;
    use stint_core::transfer::ExportFormat;
    let mut file = AtomicFile::create(path).map_err(stint_core::Error::from)?;
    let now = to_ms(Utc::now());
    match what {
        ReportExport::ReportCsv | ReportExport::ReportJson => {
            let report = store.summary(query, now, &Local).await?;
            let out = std::io::BufWriter::new(file.file());
            if let ReportExport::ReportCsv = what {
                stint_core::report_file::write_csv(&report, query, out)?;
            } else {
                stint_core::report_file::write_json(&report, query, out)?;
            }
        }
        ReportExport::EntriesCsv | ReportExport::EntriesJson | ReportExport::EntriesIcal => {
            let format = match what {
                ReportExport::EntriesCsv => ExportFormat::Csv,
                ReportExport::EntriesJson => ExportFormat::Json,
                _ => ExportFormat::Ical,
            };
            let (from, to) = (
                stint_core::local_time::from_ms(query.from_ms),
                stint_core::local_time::from_ms(query.to_ms),
            );
            store
                .export_matching(
                    format,
                    Some(from),
                    Some(to),
                    Some(&query.filter),
                    std::io::BufWriter::new(file.file()),
                )
                .timed("export_report")
                .await?;
        }
        ReportExport::TimesheetPdf => {
            let pdf = store.timesheet(query, now, &Local).await?;
            file.write_all(&pdf).map_err(stint_core::Error::from)?;
        }
    }
    file.commit().map_err(stint_core::Error::from)?;
    Ok(ExportDone {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}
