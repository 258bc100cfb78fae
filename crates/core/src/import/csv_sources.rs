//! CSV sources: Stint's own export, Toggl Track's and Clockify's detailed reports, and any CSV
//! read through a column mapping. All are one header row and one entry per row; what differs is
//! which columns hold what, so each format is a [`Layout`] over the same reader.

use std::io::Read;

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::record::{refuse, split_tags, yes_no, Row, Sink, SourceRecord};
use super::wall_clock::{date_time_cell, local_date_time, DateOrder, DateOrderScan};
use super::{ImportFormat, ImportOptions, MappedField, ReadContext};
use crate::error::{Error, Result};
use crate::local_time::parse_time;
use crate::transfer::restore_formula;

/// Where an instant is: one cell, or a date cell and a clock cell.
#[derive(Debug, Clone, Copy)]
enum TimeCells {
    One(usize),
    Split { date: usize, clock: usize },
}

/// Which column holds which field, for one file.
#[derive(Debug)]
struct Layout {
    start: TimeCells,
    stop: Option<TimeCells>,
    duration: Option<usize>,
    description: Option<usize>,
    project: Option<usize>,
    client: Option<usize>,
    tags: Option<usize>,
    billable: Option<usize>,
    id: Option<usize>,
    uuid: Option<usize>,
    /// Columns Stint has no place for, by their header.
    unkept: Vec<(usize, String)>,
    /// Columns that repeat what other columns say (Toggl's Duration): neither kept nor noted.
    ignored: Vec<usize>,
}

struct Headers(Vec<String>);

impl Headers {
    fn find(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    fn find_any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.find(n))
    }

    fn require(&self, name: &str, format: ImportFormat) -> Result<usize> {
        self.find(name).ok_or_else(|| Error::ImportMissingColumn {
            column: name.to_string(),
            format: format.label().to_string(),
            columns: self.0.join(", "),
        })
    }

    fn starts_with(&self, prefix: &str) -> Vec<usize> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, h)| h.to_lowercase().starts_with(prefix))
            .map(|(i, _)| i)
            .collect()
    }
}

fn layout(headers: &Headers, format: ImportFormat, options: &ImportOptions) -> Result<Layout> {
    let mut layout = match format {
        ImportFormat::StintCsv => Layout {
            start: TimeCells::One(headers.require("start", format)?),
            stop: Some(TimeCells::One(headers.require("stop", format)?)),
            duration: None,
            description: headers.find("description"),
            project: headers.find("project"),
            client: headers.find("client"),
            tags: headers.find("tags"),
            billable: headers.find("billable"),
            id: None,
            uuid: headers.find("uuid"),
            unkept: Vec::new(),
            ignored: Vec::new(),
        },
        ImportFormat::TogglCsv | ImportFormat::ClockifyCsv => {
            let mut ignored = headers.starts_with("duration");
            // Derived from the rate and the duration; the rate itself is noted.
            ignored.extend(headers.starts_with("amount"));
            ignored.extend(headers.starts_with("billable amount"));
            Layout {
                start: TimeCells::Split {
                    date: headers.require("start date", format)?,
                    clock: headers.require("start time", format)?,
                },
                stop: Some(TimeCells::Split {
                    date: headers.require("end date", format)?,
                    clock: headers.require("end time", format)?,
                }),
                duration: None,
                description: headers.find("description"),
                project: headers.find("project"),
                client: headers.find("client"),
                tags: headers.find("tags"),
                billable: headers.find("billable"),
                id: headers.find_any(&["id", "time entry id"]),
                uuid: None,
                unkept: Vec::new(),
                ignored,
            }
        }
        ImportFormat::MappedCsv => mapped_layout(headers, options)?,
        _ => unreachable!("not a CSV format"),
    };
    let used: Vec<usize> = [
        Some(cell_index(layout.start, true)),
        Some(cell_index(layout.start, false)),
        layout.stop.map(|s| cell_index(s, true)),
        layout.stop.map(|s| cell_index(s, false)),
        layout.duration,
        layout.description,
        layout.project,
        layout.client,
        layout.tags,
        layout.billable,
        layout.id,
        layout.uuid,
    ]
    .into_iter()
    .flatten()
    .chain(layout.ignored.iter().copied())
    .collect();
    layout.unkept = headers
        .0
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.trim().is_empty())
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    Ok(layout)
}

fn cell_index(cells: TimeCells, first: bool) -> usize {
    match cells {
        TimeCells::One(i) => i,
        TimeCells::Split { date, clock } => {
            if first {
                date
            } else {
                clock
            }
        }
    }
}

fn mapped_layout(headers: &Headers, options: &ImportOptions) -> Result<Layout> {
    if options.mapping.is_empty() {
        return Err(Error::ImportNeedsMapping {
            columns: headers.0.join(", "),
        });
    }
    let column =
        |field: MappedField| -> Result<Option<usize>> {
            match options.mapping.iter().find(|m| m.field == field) {
                None => Ok(None),
                Some(m) => headers.find(&m.column).map(Some).ok_or_else(|| {
                    Error::ImportMappedColumnMissing {
                        field: field.id().to_string(),
                        column: m.column.clone(),
                        columns: headers.0.join(", "),
                    }
                }),
            }
        };
    let times =
        |one: MappedField, date: MappedField, clock: MappedField| -> Result<Option<TimeCells>> {
            Ok(match (column(one)?, column(date)?, column(clock)?) {
                (Some(i), _, _) => Some(TimeCells::One(i)),
                (None, Some(date), Some(clock)) => Some(TimeCells::Split { date, clock }),
                (None, Some(date), None) => Some(TimeCells::One(date)),
                _ => None,
            })
        };
    let start = times(
        MappedField::Start,
        MappedField::StartDate,
        MappedField::StartTime,
    )?
    .ok_or_else(|| Error::ImportNeedsMapping {
        columns: headers.0.join(", "),
    })?;
    let stop = times(
        MappedField::Stop,
        MappedField::StopDate,
        MappedField::StopTime,
    )?;
    // A stop time without a stop date is on the start's day (or the next, past midnight).
    let stop = match (stop, column(MappedField::StopTime)?, start) {
        (None, Some(clock), TimeCells::Split { date, .. }) => {
            Some(TimeCells::Split { date, clock })
        }
        (stop, _, _) => stop,
    };
    Ok(Layout {
        start,
        stop,
        duration: column(MappedField::Duration)?,
        description: column(MappedField::Description)?,
        project: column(MappedField::Project)?,
        client: column(MappedField::Client)?,
        tags: column(MappedField::Tags)?,
        billable: column(MappedField::Billable)?,
        id: column(MappedField::Id)?,
        uuid: None,
        unkept: Vec::new(),
        ignored: Vec::new(),
    })
}

fn reader(source: Box<dyn Read + Send>) -> csv::Reader<Box<dyn Read + Send>> {
    csv::ReaderBuilder::new().flexible(true).from_reader(source)
}

fn headers(reader: &mut csv::Reader<Box<dyn Read + Send>>) -> Result<Headers> {
    let headers = reader.headers().map_err(|e| csv_error(1, e))?;
    Ok(Headers(
        headers.iter().map(|h| h.trim().to_string()).collect(),
    ))
}

/// The header row alone, for detection.
pub(crate) fn header_names(source: Box<dyn Read + Send>) -> Result<Vec<String>> {
    Ok(headers(&mut reader(source))?.0)
}

/// Reads every date the layout's time cells hold and settles the file's date order.
pub(crate) fn scan_date_order(
    source: Box<dyn Read + Send>,
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<DateOrder> {
    let mut reader = reader(source);
    let headers = headers(&mut reader)?;
    let layout = layout(&headers, format, options)?;
    let mut scan = DateOrderScan::default();
    let date_cells: Vec<usize> = [Some(layout.start), layout.stop]
        .into_iter()
        .flatten()
        .map(|cells| cell_index(cells, true))
        .collect();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).unwrap_or(false) {
        let line = record.position().map_or(0, |p| p.line());
        for &i in &date_cells {
            if let Some(text) = record.get(i) {
                scan.add(line, text);
            }
        }
    }
    scan.finish(options.date_order)
}

pub(crate) fn read<Tz: TimeZone>(
    source: Box<dyn Read + Send>,
    format: ImportFormat,
    context: &ReadContext<Tz>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut reader = reader(source);
    let headers = headers(&mut reader)?;
    let layout = layout(&headers, format, &context.options)?;
    let header_count = headers.0.len();
    let mut record = csv::StringRecord::new();
    let mut joined_lines = 0u64;
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => return Err(csv_error(line, err)),
        }
        let line = record.position().map_or(line, |p| p.line());
        let next_line = reader.position().line();
        let spans_lines = next_line > line + 1 && record.iter().any(|f| f.contains(['\n', '\r']));
        if spans_lines && format == ImportFormat::StintCsv {
            // Stint never writes a line break inside a cell, so one that is there swallowed
            // the following lines: a quote opened on this line was never closed.
            return Err(Error::ImportRow {
                line,
                reason: format!(
                    "a quoted field starts here and its closing \" is missing (the file's lines {line} to {} were read as one field). Close the quote or remove it.",
                    next_line - 1
                ),
            });
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != header_count {
            let row = refuse(
                line,
                format!(
                    "it has {} cells where the header has {header_count}.",
                    record.len()
                ),
            );
            if !sink.row(row) {
                break;
            }
            continue;
        }
        for (i, name) in &layout.unkept {
            if record.get(*i).is_some_and(|c| !c.trim().is_empty()) {
                sink.notes.unkept(name);
            }
        }
        if spans_lines {
            joined_lines += 1;
        }
        let row = read_row(&record, line, &layout, format, context);
        if !sink.row(row) {
            break;
        }
    }
    if joined_lines > 0 {
        sink.notes.notes.push(format!(
            "{} line breaks; Stint keeps a description on one line, so the lines were joined with spaces.",
            if joined_lines == 1 { "1 description had".to_string() } else { format!("{joined_lines} descriptions had") }
        ));
    }
    Ok(())
}

fn read_row<Tz: TimeZone>(
    record: &csv::StringRecord,
    line: u64,
    layout: &Layout,
    format: ImportFormat,
    context: &ReadContext<Tz>,
) -> Row {
    let cell = |i: Option<usize>| -> &str {
        let text = i.and_then(|i| record.get(i)).unwrap_or("").trim();
        if format == ImportFormat::StintCsv {
            restore_formula(text)
        } else {
            text
        }
    };
    let instant = |cells: TimeCells| -> Result<Option<DateTime<Utc>>> {
        match cells {
            TimeCells::One(i) => {
                let text = cell(Some(i));
                if text.is_empty() {
                    Ok(None)
                } else if format == ImportFormat::StintCsv {
                    parse_time(text, &context.tz).map(Some)
                } else {
                    date_time_cell(text, context.date_order, &context.tz).map(Some)
                }
            }
            TimeCells::Split { date, clock } => {
                let (date, clock) = (cell(Some(date)), cell(Some(clock)));
                if date.is_empty() && clock.is_empty() {
                    return Ok(None);
                }
                local_date_time(date, clock, context.date_order, &context.tz).map(Some)
            }
        }
    };
    let start = match instant(layout.start) {
        Ok(Some(t)) => t,
        Ok(None) => return refuse(line, "it has no start time."),
        Err(err) => return refuse(line, err.to_string()),
    };
    let mut stop = match layout.stop.map(instant).transpose() {
        Ok(stop) => stop.flatten(),
        Err(err) => return refuse(line, err.to_string()),
    };
    // A stop clock on the start's date that is earlier than the start ran past midnight.
    if let (Some(s), Some(TimeCells::Split { date: d1, .. }), TimeCells::Split { date: d0, .. }) =
        (stop, layout.stop, layout.start)
    {
        if d0 == d1 && s < start {
            stop = Some(s + Duration::days(1));
        }
    }
    if stop.is_none() {
        if let Some(text) = layout
            .duration
            .map(|i| cell(Some(i)))
            .filter(|t| !t.is_empty())
        {
            match parse_duration(text) {
                Some(length) => stop = Some(start + length),
                None => {
                    return refuse(
                        line,
                        format!("“{text}” is not a duration such as 1:30, 1:30:00 or 1.5 (hours)."),
                    )
                }
            }
        }
    }
    let billable = match layout.billable.map(|i| cell(Some(i))) {
        None => false,
        Some(text) => match yes_no(text) {
            Some(b) => b,
            None => {
                return refuse(
                    line,
                    format!("“{text}” in the billable column is not yes or no."),
                )
            }
        },
    };
    let source_id = match (format.source(), layout.id) {
        (_, Some(i)) if !cell(Some(i)).is_empty() => Some(cell(Some(i)).to_string()),
        // Toggl's and Clockify's reports carry no entry id: the row itself, whole, is what a
        // later export of the same account repeats.
        (Some(_), _) => Some(row_fingerprint(record, start)),
        _ => None,
    };
    let text = |i: Option<usize>| Some(cell(i).to_string()).filter(|t| !t.is_empty());
    Ok(SourceRecord {
        line,
        source_id,
        uuid: text(layout.uuid),
        start,
        stop,
        description: cell(layout.description).to_string(),
        project: text(layout.project),
        client: text(layout.client),
        tags: split_tags(cell(layout.tags)),
        billable,
    })
}

/// A stable id for a row without one: a name-based UUID of its cells, after the start instant
/// so that ids of a time-ordered file arrive in index order (random keys would make every
/// insert into the unique index land on a different page).
fn row_fingerprint(record: &csv::StringRecord, start: DateTime<Utc>) -> String {
    let joined = record
        .iter()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\u{1f}");
    let hash = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, joined.as_bytes());
    // 64 bits of the hash: a chance collision needs two rows starting in the same millisecond.
    format!("{}:{:016x}", start.timestamp_millis(), hash.as_u64_pair().0)
}

/// `1:30`, `1:30:00`, `01:30:00` or decimal hours `1.5`.
fn parse_duration(text: &str) -> Option<Duration> {
    let parts: Vec<&str> = text.split(':').collect();
    let number = |s: &str| s.trim().parse::<i64>().ok().filter(|n| *n >= 0);
    match parts.as_slice() {
        [hours] => {
            let hours: f64 = hours.trim().replace(',', ".").parse().ok()?;
            (hours.is_finite() && (0.0..1e6).contains(&hours))
                .then(|| Duration::milliseconds((hours * 3_600_000.0).round() as i64))
        }
        [h, m] => Some(Duration::hours(number(h)?) + Duration::minutes(number(m)?)),
        [h, m, s] => Some(
            Duration::hours(number(h)?)
                + Duration::minutes(number(m)?)
                + Duration::seconds(number(s)?),
        ),
        _ => None,
    }
}

/// A CSV error while reading, in words.
fn csv_error(line: u64, err: csv::Error) -> Error {
    let at = err.position().map_or(line, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
            Error::ImportNotUtf8 { line: at }
        }
        csv::ErrorKind::Io(io) => Error::Io(io),
        csv::ErrorKind::Utf8 { pos, .. } => Error::ImportNotUtf8 {
            line: pos.map_or(at, |p| p.line()),
        },
        _ => Error::ImportRow {
            line: at,
            reason: "it is not valid CSV.".into(),
        },
    }
}
