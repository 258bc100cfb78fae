//! Bringing history from other trackers: Toggl Track, Clockify, Watson, Timewarrior, Stint's own
//! exports, and any CSV with a column mapping.
//!
//! An import reads its file on a blocking thread ([`ImportFormat`]'s reader turns each row into
//! instants and names) and hands rows in chunks to one write transaction ([`batch`]), which
//! resolves projects and tags in memory, finds duplicates and overlaps a chunk at a time, and
//! inserts with multi-row statements. Memory stays flat in the file's size. The same path
//! previews an import: it runs to the end and rolls back.

mod batch;
pub(crate) use batch::{abandoned_before, take_back_abandoned, ABANDONED_IMPORT_EXISTS};
mod csv_sources;
mod detect;
mod json_sources;
mod record;
mod timewarrior_data;
pub mod wall_clock;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::Store;

pub use record::RowRefusal;
pub use wall_clock::DateOrder;

/// The formats Stint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    StintCsv,
    StintJson,
    TogglCsv,
    TogglJson,
    ClockifyCsv,
    WatsonFrames,
    WatsonLog,
    TimewarriorExport,
    TimewarriorData,
    /// Any CSV, read through a column mapping.
    MappedCsv,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 10] = [
        ImportFormat::StintCsv,
        ImportFormat::StintJson,
        ImportFormat::TogglCsv,
        ImportFormat::TogglJson,
        ImportFormat::ClockifyCsv,
        ImportFormat::WatsonFrames,
        ImportFormat::WatsonLog,
        ImportFormat::TimewarriorExport,
        ImportFormat::TimewarriorData,
        ImportFormat::MappedCsv,
    ];

    /// The name `--format` takes.
    pub fn id(self) -> &'static str {
        match self {
            ImportFormat::StintCsv => "stint-csv",
            ImportFormat::StintJson => "stint-json",
            ImportFormat::TogglCsv => "toggl-csv",
            ImportFormat::TogglJson => "toggl-json",
            ImportFormat::ClockifyCsv => "clockify-csv",
            ImportFormat::WatsonFrames => "watson-frames",
            ImportFormat::WatsonLog => "watson-log",
            ImportFormat::TimewarriorExport => "timewarrior-export",
            ImportFormat::TimewarriorData => "timewarrior-data",
            ImportFormat::MappedCsv => "csv-mapped",
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::StintCsv => "Stint CSV export",
            ImportFormat::StintJson => "Stint JSON export",
            ImportFormat::TogglCsv => "Toggl Track detailed report (CSV)",
            ImportFormat::TogglJson => "Toggl Track time entries (JSON)",
            ImportFormat::ClockifyCsv => "Clockify detailed report (CSV)",
            ImportFormat::WatsonFrames => "Watson frames file",
            ImportFormat::WatsonLog => "Watson log (JSON)",
            ImportFormat::TimewarriorExport => "Timewarrior export (JSON)",
            ImportFormat::TimewarriorData => "Timewarrior data folder",
            ImportFormat::MappedCsv => "CSV with a column mapping",
        }
    }

    /// The tracker whose ids entries keep, when the format carries ids of another tracker.
    fn source(self) -> Option<&'static str> {
        match self {
            ImportFormat::TogglCsv | ImportFormat::TogglJson => Some("toggl"),
            ImportFormat::ClockifyCsv => Some("clockify"),
            ImportFormat::WatsonFrames | ImportFormat::WatsonLog => Some("watson"),
            ImportFormat::TimewarriorExport | ImportFormat::TimewarriorData => Some("timewarrior"),
            ImportFormat::StintCsv | ImportFormat::StintJson | ImportFormat::MappedCsv => None,
        }
    }

    /// JSON rows are counted as entries, text rows by line.
    fn is_json(self) -> bool {
        matches!(
            self,
            ImportFormat::StintJson
                | ImportFormat::TogglJson
                | ImportFormat::WatsonFrames
                | ImportFormat::WatsonLog
                | ImportFormat::TimewarriorExport
        )
    }
}

impl FromStr for ImportFormat {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        let text = text.trim().to_lowercase();
        let alias = match text.as_str() {
            "csv" | "stint" => Some(ImportFormat::StintCsv),
            "json" => Some(ImportFormat::StintJson),
            "toggl" => Some(ImportFormat::TogglCsv),
            "clockify" => Some(ImportFormat::ClockifyCsv),
            "watson" => Some(ImportFormat::WatsonFrames),
            "timewarrior" | "timew" => Some(ImportFormat::TimewarriorExport),
            "mapped" => Some(ImportFormat::MappedCsv),
            _ => None,
        };
        alias
            .or_else(|| ImportFormat::ALL.into_iter().find(|f| f.id() == text))
            .ok_or_else(|| {
                let ids: Vec<&str> = ImportFormat::ALL.iter().map(|f| f.id()).collect();
                format!(
                    "“{text}” is not a format Stint imports; use one of: {}",
                    ids.join(", ")
                )
            })
    }
}

/// A field of a Stint entry that a CSV column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MappedField {
    /// A date and time in one cell.
    Start,
    Stop,
    StartDate,
    StartTime,
    StopDate,
    StopTime,
    /// `1:30`, `1:30:00` or decimal hours (`1.5`), used when there is no stop.
    Duration,
    Description,
    Project,
    Client,
    Tags,
    Billable,
    /// The source's id for the row, so a re-import adds only new rows.
    Id,
}

impl MappedField {
    pub const ALL: [MappedField; 13] = [
        MappedField::Start,
        MappedField::Stop,
        MappedField::StartDate,
        MappedField::StartTime,
        MappedField::StopDate,
        MappedField::StopTime,
        MappedField::Duration,
        MappedField::Description,
        MappedField::Project,
        MappedField::Client,
        MappedField::Tags,
        MappedField::Billable,
        MappedField::Id,
    ];

    pub fn id(self) -> &'static str {
        match self {
            MappedField::Start => "start",
            MappedField::Stop => "stop",
            MappedField::StartDate => "start_date",
            MappedField::StartTime => "start_time",
            MappedField::StopDate => "stop_date",
            MappedField::StopTime => "stop_time",
            MappedField::Duration => "duration",
            MappedField::Description => "description",
            MappedField::Project => "project",
            MappedField::Client => "client",
            MappedField::Tags => "tags",
            MappedField::Billable => "billable",
            MappedField::Id => "id",
        }
    }
}

/// One `field=Column` pair of a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMapping {
    pub field: MappedField,
    pub column: String,
}

/// Reads `start=Begin,stop=End,description=Notes` (pairs separated by commas).
pub fn parse_mapping(text: &str) -> std::result::Result<Vec<ColumnMapping>, String> {
    text.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (field, column) = pair
                .split_once('=')
                .ok_or_else(|| format!("“{pair}” is not field=Column (for example start=Begin)"))?;
            let field_name = field.trim().to_lowercase().replace('-', "_");
            let field_name = match field_name.as_str() {
                "end" => "stop",
                "end_date" => "stop_date",
                "end_time" => "stop_time",
                other => other,
            };
            let field = MappedField::ALL
                .into_iter()
                .find(|f| f.id() == field_name)
                .ok_or_else(|| {
                    let ids: Vec<&str> = MappedField::ALL.iter().map(|f| f.id()).collect();
                    format!(
                        "“{}” is not a field Stint maps; use: {}",
                        field.trim(),
                        ids.join(", ")
                    )
                })?;
            Ok(ColumnMapping {
                field,
                column: column.trim().to_string(),
            })
        })
        .collect()
}

/// What Timewarrior's tags become: Timewarrior has tags, not projects.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "prefix", rename_all = "lowercase")]
pub enum ProjectTag {
    /// Every tag stays a tag; entries have no project.
    #[default]
    None,
    /// Each interval's first tag becomes its project.
    First,
    /// The tag starting with this prefix (`project:` in `project:acme`) becomes the project.
    Prefix(String),
}

impl FromStr for ProjectTag {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        match text.trim() {
            "" | "none" => Ok(ProjectTag::None),
            "first" => Ok(ProjectTag::First),
            prefix if prefix.ends_with(':') => Ok(ProjectTag::Prefix(prefix.to_string())),
            other => Err(format!(
                "“{other}” is not a project-tag rule: use none, first, or a prefix ending in a colon (project:)"
            )),
        }
    }
}

/// How to read a file. Everything is optional: the format and date order are found from the
/// content.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ImportOptions {
    pub format: Option<ImportFormat>,
    pub date_order: Option<DateOrder>,
    /// For [`ImportFormat::MappedCsv`].
    pub mapping: Vec<ColumnMapping>,
    pub project_tag: ProjectTag,
    /// Import the rows that can be read and leave out the refused ones (listed in the
    /// summary). Without it, one refused row refuses the whole file.
    pub skip_invalid: bool,
}

/// Where the data comes from: a file or folder, or bytes already read (standard input, tests).
#[derive(Debug, Clone)]
pub enum ImportInput {
    Path(PathBuf),
    Bytes { name: String, bytes: Arc<Vec<u8>> },
}

impl ImportInput {
    pub fn bytes(name: &str, bytes: impl Into<Vec<u8>>) -> ImportInput {
        ImportInput::Bytes {
            name: name.to_string(),
            bytes: Arc::new(bytes.into()),
        }
    }

    /// The file's name, as the summary and `stint import --list` show it.
    pub fn name(&self) -> String {
        match self {
            ImportInput::Path(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            ),
            ImportInput::Bytes { name, .. } => name.clone(),
        }
    }

    fn is_folder(&self) -> bool {
        matches!(self, ImportInput::Path(path) if path.is_dir())
    }

    /// The `frames` file of a Watson folder, when this is one.
    fn watson_frames(&self) -> Option<ImportInput> {
        match self {
            ImportInput::Path(path) if path.is_dir() && path.join("frames").is_file() => {
                Some(ImportInput::Path(path.join("frames")))
            }
            _ => None,
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            ImportInput::Path(path) => Some(path),
            ImportInput::Bytes { .. } => None,
        }
    }

    fn size(&self) -> u64 {
        match self {
            ImportInput::Path(path) if path.is_dir() => timewarrior_data::data_files(path)
                .map(|files| {
                    files
                        .iter()
                        .filter_map(|f| f.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0),
            ImportInput::Path(path) => path.metadata().map_or(0, |m| m.len()),
            ImportInput::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }

    /// The content as UTF-8 (a byte-order mark dropped, UTF-16 converted), counting bytes read.
    fn open(&self, counter: Arc<AtomicU64>) -> Result<Box<dyn Read + Send>> {
        let raw: Box<dyn Read + Send> = match self {
            ImportInput::Path(path) => {
                Box::new(std::fs::File::open(path).map_err(|err| Error::ImportOpen {
                    path: path.display().to_string(),
                    reason: crate::error::io_words(&err),
                })?)
            }
            ImportInput::Bytes { bytes, .. } => {
                Box::new(std::io::Cursor::new(SharedBytes(bytes.clone())))
            }
        };
        let counted = CountingReader {
            inner: raw,
            counter,
        };
        Ok(Box::new(crate::text_encoding::Utf8Input::new(
            std::io::BufReader::with_capacity(1 << 16, counted),
        )?))
    }
}

struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

struct CountingReader<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// How far an import has got.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProgress {
    pub rows: u32,
    pub bytes_read: f64,
    pub total_bytes: f64,
}

/// An entry as an import will store it (the preview's first rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportedRow {
    pub line: u32,
    pub start_ms: f64,
    pub stop_ms: Option<f64>,
    pub description: String,
    pub project: Option<String>,
    pub tags: Vec<String>,
    pub billable: bool,
    pub status: RowStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    New,
    /// Already in Stint (the same source id, uuid, or the same times, text, project and tags).
    Duplicate,
    /// New, and overlapping an entry already in Stint.
    Overlapping,
}

/// What an import found (a preview) or did.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    pub format: ImportFormat,
    pub format_label: String,
    pub file_name: String,
    /// The date order local dates were read in, when the file has local dates.
    pub date_order: Option<DateOrder>,
    /// "line" for text files, "entry" for JSON: what `line` numbers count.
    pub unit: String,
    pub rows: u32,
    /// New entries (overlapping ones included).
    pub new: u32,
    pub duplicates: u32,
    pub overlapping: u32,
    pub refused: u32,
    /// The first refused rows, with reasons.
    pub refusals: Vec<RowRefusal>,
    /// Lines of the first new rows that overlap an entry already in Stint.
    pub overlap_lines: Vec<u32>,
    /// The first rows, as Stint will store them.
    pub sample: Vec<ImportedRow>,
    pub projects_created: u32,
    pub tags_created: u32,
    /// What was done that a person should know: fields with no place in Stint, descriptions
    /// made up, tags made projects.
    pub notes: Vec<String>,
    /// When the earliest and the latest new entry start: where to look for them.
    pub first_start_ms: Option<f64>,
    pub last_start_ms: Option<f64>,
    /// The batch written, for undo; `None` for a preview.
    pub batch_id: Option<i64>,
}

/// A past import, for `stint import --list` and undo.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportBatch {
    pub id: i64,
    pub created_ms: f64,
    pub format: String,
    pub file_name: String,
    pub entries: u32,
    pub undone: bool,
}

/// Which import to undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndoTarget {
    Last,
    Batch(i64),
}

impl FromStr for UndoTarget {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("last") {
            return Ok(UndoTarget::Last);
        }
        text.trim()
            .trim_start_matches('#')
            .parse()
            .map(UndoTarget::Batch)
            .map_err(|_| {
                format!(
                    "“{text}” is not an import: use LAST or a number from `stint import --list`"
                )
            })
    }
}

/// Rows handed from the reading thread to the writer at a time.
const CHUNK_ROWS: usize = 1024;

impl Store {
    /// Reads the whole file and says what importing it would do, changing nothing.
    pub async fn preview_import<Tz>(
        &self,
        input: &ImportInput,
        options: &ImportOptions,
        tz: &Tz,
        now: DateTime<Utc>,
        progress: impl FnMut(ImportProgress),
    ) -> Result<ImportReport>
    where
        Tz: TimeZone + Send + Sync + 'static,
        Tz::Offset: Send,
    {
        self.run_import(input, options, tz, now, true, progress)
            .await
    }

    /// Imports the file as one batch: every row or none (unless `skip_invalid`), undoable with
    /// [`Store::undo_import`].
    pub async fn import<Tz>(
        &self,
        input: &ImportInput,
        options: &ImportOptions,
        tz: &Tz,
        now: DateTime<Utc>,
        progress: impl FnMut(ImportProgress),
    ) -> Result<ImportReport>
    where
        Tz: TimeZone + Send + Sync + 'static,
        Tz::Offset: Send,
    {
        self.run_import(input, options, tz, now, false, progress)
            .await
    }

    async fn run_import<Tz>(
        &self,
        input: &ImportInput,
        options: &ImportOptions,
        tz: &Tz,
        now: DateTime<Utc>,
        dry_run: bool,
        mut progress: impl FnMut(ImportProgress),
    ) -> Result<ImportReport>
    where
        Tz: TimeZone + Send + Sync + 'static,
        Tz::Offset: Send,
    {
        // Watson's folder (`~/.config/watson`) stands for its frames file.
        let watson_frames = input.watson_frames();
        let input = watson_frames.as_ref().unwrap_or(input);
        let format = match options.format {
            Some(format) => format,
            None if !options.mapping.is_empty() => ImportFormat::MappedCsv,
            None => detect::detect(input)?,
        };
        if format == ImportFormat::TimewarriorData && !input.is_folder() && input.path().is_none() {
            return Err(Error::ImportUnknownFormat {
                detail: "a Timewarrior data folder must be given as a folder".into(),
            });
        }
        // The date order is settled over the whole file before the first row is written.
        let date_order = match format {
            ImportFormat::TogglCsv | ImportFormat::ClockifyCsv | ImportFormat::MappedCsv => {
                let counter = Arc::new(AtomicU64::new(0));
                let source = input.open(counter)?;
                let fmt_options = options.clone();
                Some(
                    tokio::task::spawn_blocking(move || {
                        csv_sources::scan_date_order(source, format, &fmt_options)
                    })
                    .await
                    .map_err(|_| Error::Io(std::io::Error::other("the file reader stopped")))??,
                )
            }
            _ => None,
        };

        let counter = Arc::new(AtomicU64::new(0));
        let total_bytes = input.size();
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<batch::PreparedRow>>(4);
        let reader_input = input.clone();
        let reader_options = options.clone();
        let reader_tz = tz.clone();
        let reader_counter = counter.clone();
        let reader = tokio::task::spawn_blocking(move || {
            let mut chunk = Vec::with_capacity(CHUNK_ROWS);
            let mut emit = |row: record::Row| {
                chunk.push(row.and_then(|record| batch::prepare(record, now)));
                if chunk.len() >= CHUNK_ROWS {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS));
                    return sender.blocking_send(full).is_ok();
                }
                true
            };
            let mut sink = record::Sink {
                emit: &mut emit,
                notes: record::ReadNotes::default(),
            };
            let context = ReadContext {
                tz: reader_tz,
                date_order: date_order.unwrap_or(DateOrder::Ymd),
                options: reader_options,
            };
            let read = read_rows(&reader_input, format, &context, reader_counter, &mut sink);
            let notes = sink.notes;
            if !chunk.is_empty() {
                let _ = sender.blocking_send(chunk);
            }
            read.map(|()| notes)
        });

        let mut writer = batch::BatchWriter::begin(self, format, &input.name(), now).await?;
        let mut rows = 0u32;
        while let Some(chunk) = receiver.recv().await {
            rows += chunk.len() as u32;
            if let Err(err) = writer.write_chunk(chunk).await {
                drop(receiver);
                let _ = reader.await;
                return Err(err);
            }
            progress(ImportProgress {
                rows,
                bytes_read: counter.load(Ordering::Relaxed) as f64,
                total_bytes: total_bytes as f64,
            });
        }
        let notes = reader
            .await
            .map_err(|_| Error::Io(std::io::Error::other("the file reader stopped")))??;
        let mut notes = notes;
        if matches!(
            format,
            ImportFormat::TimewarriorExport | ImportFormat::TimewarriorData
        ) {
            notes.notes.push(timewarrior_note(&options.project_tag));
        }
        let mut report = writer.report(notes, date_order);
        report.unit = if format.is_json() { "entry" } else { "line" }.into();
        // A preview, or a refused file, ends with the staging database thrown away: nothing was
        // written to Stint's file.
        if dry_run {
            return Ok(report);
        }
        if report.refused > 0 && !options.skip_invalid {
            return Err(Error::ImportRowsRefused {
                unit: report.unit.clone(),
                refused: report.refused,
                refusals: report.refusals.iter().take(5).cloned().collect(),
            });
        }
        writer.publish(&mut report).await?;
        // Fold the large WAL this transaction left back into the database now, rather than
        // making the next command replay it.
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        Ok(report)
    }

    /// Takes back a whole import: its entries go, and the projects and tags it created that
    /// nothing else uses. Returns the batch as it was.
    pub async fn undo_import(&self, target: UndoTarget, now: DateTime<Utc>) -> Result<ImportBatch> {
        batch::undo(self, target, now).await
    }

    /// Past imports, newest first.
    pub async fn import_batches(&self) -> Result<Vec<ImportBatch>> {
        batch::list(self).await
    }
}

/// Says what became of Timewarrior's tags, which stand in for projects there.
fn timewarrior_note(rule: &ProjectTag) -> String {
    match rule {
        ProjectTag::None => "Timewarrior has tags, not projects: every tag was kept as a tag and entries have no project. To make each interval's first tag its project, import with --project-tag first (or a prefix, such as --project-tag project:).".into(),
        ProjectTag::First => "Each interval's first tag became its project; its other tags stay tags.".into(),
        ProjectTag::Prefix(prefix) => format!("Tags starting with “{prefix}” became projects (without the prefix); the other tags stay tags."),
    }
}

/// The header row of a CSV file, for a column-mapping step; empty for anything that is not CSV.
pub fn csv_columns(input: &ImportInput) -> Result<Vec<String>> {
    if input.is_folder() || input.watson_frames().is_some() {
        return Ok(Vec::new());
    }
    let mut head = [0u8; 64];
    let read = input.open(Arc::new(AtomicU64::new(0)))?.read(&mut head)?;
    let text = String::from_utf8_lossy(&head[..read]);
    let text = text.trim_start();
    if text.starts_with(['[', '{']) || text.starts_with("inc ") {
        return Ok(Vec::new());
    }
    csv_sources::header_names(input.open(Arc::new(AtomicU64::new(0)))?)
}

/// Everything a reader needs besides the bytes.
pub(crate) struct ReadContext<Tz: TimeZone> {
    pub tz: Tz,
    pub date_order: DateOrder,
    pub options: ImportOptions,
}

fn read_rows<Tz: TimeZone>(
    input: &ImportInput,
    format: ImportFormat,
    context: &ReadContext<Tz>,
    counter: Arc<AtomicU64>,
    sink: &mut record::Sink<'_>,
) -> Result<()> {
    if format == ImportFormat::TimewarriorData {
        if let Some(path) = input.path().filter(|p| p.is_dir()) {
            return timewarrior_data::read_folder(path, context, counter, sink);
        }
        return timewarrior_data::read(input.open(counter)?, None, context, sink).map(|_| ());
    }
    let source = input.open(counter)?;
    match format {
        ImportFormat::StintCsv
        | ImportFormat::TogglCsv
        | ImportFormat::ClockifyCsv
        | ImportFormat::MappedCsv => csv_sources::read(source, format, context, sink),
        _ => json_sources::read(source, format, context, sink),
    }
}
