//! Export (CSV, JSON and iCalendar, streamed row by row), and the CSV cell rules import shares
//! with it.
//! Importing lives in [`crate::import`].

use std::collections::HashMap;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::local_time::{from_ms, to_ms};
use crate::report::{FilterSql, ReportFilter};
use crate::store::Store;

/// The CSV columns Stint writes, in order. Import needs `start` and `stop`.
pub const CSV_COLUMNS: [&str; 8] = [
    "uuid",
    "start",
    "stop",
    "project",
    "tags",
    "description",
    "client",
    "billable",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    /// RFC 5545: one VEVENT per entry, for calendars.
    Ical,
}

/// One exported entry. Times are RFC 3339 in UTC, with milliseconds when there are any.
#[derive(Debug, Serialize)]
pub struct ExportedEntry<'a> {
    pub uuid: &'a str,
    #[serde(skip)]
    pub start_ms: i64,
    #[serde(skip)]
    pub stop_ms: Option<i64>,
    pub start: String,
    pub stop: Option<String>,
    pub project: Option<&'a str>,
    pub tags: &'a [String],
    pub description: &'a str,
    /// The project's client.
    pub client: Option<&'a str>,
    pub billable: bool,
}

/// Separates rows in an export page; descriptions and names cannot contain control characters.
const ROW_SEPARATOR: char = '\u{1e}';

/// One page of the export: up to 4,000 live entries after the key `(?1, ?2)` = (start, id) and
/// starting before `?3`. (`start_ms >= ?1` on its own gives SQLite the index range to seek to;
/// the row value alone would make it scan from the first entry on every page.)
/// folded into one value as `id,start,stop,project_id,tag ids,billable,uuid,description` rows.
/// Moving thousands of rows per round trip instead of one is what makes a large export fast:
/// sqlx hands every row across threads.
const EXPORT_PAGE: &str = "
    SELECT group_concat(line, char(30)) FROM (
        SELECT e.start_ms, e.id,
               e.id || ',' || e.start_ms || ',' || IFNULL(e.stop_ms, '') || ',' ||
               IFNULL(e.project_id, '') || ',' ||
               IFNULL((SELECT group_concat(tag_id, ' ') FROM entry_tags WHERE entry_id = e.id), '') ||
               ',' || e.billable || ',' || e.uuid || ',' || e.description AS line
        FROM entries e
        WHERE e.deleted_at IS NULL AND e.start_ms >= ?1 AND e.start_ms < ?3
          AND (e.start_ms, e.id) > (?1, ?2)
        ORDER BY e.start_ms, e.id
        LIMIT 4000)";

/// The next page of the export after `after` = (start, id), for entries starting before `to`
/// (and matching `filter`, when given).
async fn export_page(
    conn: &mut sqlx::SqliteConnection,
    sql: &str,
    filter: Option<&FilterSql>,
    after: (i64, i64),
    to: i64,
) -> sqlx::Result<Option<String>> {
    let query = sqlx::query_scalar(sql).bind(after.0).bind(after.1).bind(to);
    match filter {
        Some(filter) => query.bind(filter.text.clone()).bind(filter.billable),
        None => query,
    }
    .fetch_one(conn)
    .await
}

struct PageRow<'a> {
    id: i64,
    start_ms: i64,
    stop_ms: Option<i64>,
    project_id: Option<i64>,
    tag_ids: Vec<i64>,
    billable: bool,
    uuid: &'a str,
    description: &'a str,
}

impl<'a> PageRow<'a> {
    fn parse(line: &'a str) -> Result<PageRow<'a>> {
        let bad = || Error::Damaged {
            detail: "an entry's row could not be read back".into(),
        };
        let int = |text: &str| text.parse::<i64>().map_err(|_| bad());
        let opt = |text: &str| {
            if text.is_empty() {
                Ok(None)
            } else {
                int(text).map(Some)
            }
        };
        let mut fields = line.splitn(8, ',');
        let mut next = || fields.next().ok_or_else(bad);
        let (id, start, stop, project, tag_ids) = (next()?, next()?, next()?, next()?, next()?);
        let (billable, uuid, description) = (next()?, next()?, next()?);
        Ok(PageRow {
            id: int(id)?,
            start_ms: int(start)?,
            stop_ms: opt(stop)?,
            project_id: opt(project)?,
            tag_ids: tag_ids.split_whitespace().map(int).collect::<Result<_>>()?,
            billable: int(billable)? != 0,
            uuid,
            description,
        })
    }
}

/// Writes entries as CSV rows or as the elements of one JSON array.
enum ExportWriter<W: Write> {
    Csv(Box<csv::Writer<W>>, u64),
    Json(W, u64),
    /// With the DTSTAMP every event carries: when the file was made.
    Ical(W, u64, String),
}

impl<W: Write> ExportWriter<W> {
    fn new(format: ExportFormat, out: W) -> Result<Self> {
        Ok(match format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(CSV_COLUMNS).map_err(write_error)?;
                ExportWriter::Csv(Box::new(csv), 0)
            }
            ExportFormat::Json => {
                let mut out = out;
                out.write_all(b"[")?;
                ExportWriter::Json(out, 0)
            }
            ExportFormat::Ical => {
                let mut out = out;
                for line in [
                    "BEGIN:VCALENDAR",
                    "VERSION:2.0",
                    "PRODID:-//Stint//Stint time tracker//EN",
                    "CALSCALE:GREGORIAN",
                    "X-WR-CALNAME:Stint",
                ] {
                    write_ical_line(&mut out, line)?;
                }
                ExportWriter::Ical(out, 0, ical_time(to_ms(Utc::now())))
            }
        })
    }

    fn write(&mut self, e: &ExportedEntry<'_>) -> Result<()> {
        match self {
            ExportWriter::Csv(csv, count) => {
                let tags = e.tags.join(",");
                let stop = e.stop.as_deref().unwrap_or("");
                let project = e.project.unwrap_or("");
                csv.write_record([
                    e.uuid,
                    &e.start,
                    stop,
                    &defuse_formula(project),
                    &defuse_formula(&tags),
                    &defuse_formula(e.description),
                    &defuse_formula(e.client.unwrap_or("")),
                    if e.billable { "yes" } else { "no" },
                ])
                .map_err(write_error)?;
                *count += 1;
            }
            ExportWriter::Json(out, count) => {
                out.write_all(if *count == 0 { b"\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut *out, e).map_err(std::io::Error::from)?;
                *count += 1;
            }
            ExportWriter::Ical(out, count, stamp) => {
                write_ical_line(out, "BEGIN:VEVENT")?;
                write_ical_line(out, &format!("UID:{}@stint", e.uuid))?;
                write_ical_line(out, &format!("DTSTAMP:{stamp}"))?;
                write_ical_line(out, &format!("DTSTART:{}", ical_time(e.start_ms)))?;
                // A running entry has no end yet: an event with a start only.
                if let Some(stop) = e.stop_ms {
                    write_ical_line(out, &format!("DTEND:{}", ical_time(stop)))?;
                }
                write_ical_line(out, &format!("SUMMARY:{}", ical_text(e.description)))?;
                if !e.tags.is_empty() {
                    let tags: Vec<String> = e.tags.iter().map(|t| ical_text(t)).collect();
                    write_ical_line(out, &format!("CATEGORIES:{}", tags.join(",")))?;
                }
                let mut about = Vec::new();
                if let Some(project) = e.project {
                    about.push(format!("Project: {project}"));
                }
                if let Some(client) = e.client {
                    about.push(format!("Client: {client}"));
                }
                if e.billable {
                    about.push("Billable".to_string());
                }
                if !about.is_empty() {
                    write_ical_line(
                        out,
                        &format!("DESCRIPTION:{}", ical_text(&about.join("\n"))),
                    )?;
                }
                write_ical_line(out, "TRANSP:TRANSPARENT")?;
                write_ical_line(out, "END:VEVENT")?;
                *count += 1;
            }
        }
        Ok(())
    }

    /// Closes the output; returns how many entries were written.
    fn finish(self) -> Result<u64> {
        match self {
            ExportWriter::Csv(mut csv, count) => {
                csv.flush()?;
                Ok(count)
            }
            ExportWriter::Json(mut out, count) => {
                out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?;
                out.flush()?;
                Ok(count)
            }
            ExportWriter::Ical(mut out, count, _) => {
                write_ical_line(&mut out, "END:VCALENDAR")?;
                out.flush()?;
                Ok(count)
            }
        }
    }
}

/// A UTC instant as iCalendar writes it: `20261201T093000Z` (seconds; milliseconds dropped).
fn ical_time(ms: i64) -> String {
    from_ms(ms).format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaped as RFC 5545 §3.3.11 says: backslash, semicolon, comma and line breaks.
pub fn ical_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets (RFC 5545 §3.1) without splitting a character,
/// ending in CRLF.
fn write_ical_line<W: Write>(out: &mut W, line: &str) -> Result<()> {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.write_all(rest.as_bytes())?;
            out.write_all(b"\r\n")?;
            return Ok(());
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.write_all(&rest.as_bytes()[..cut])?;
        out.write_all(b"\r\n ")?;
        rest = &rest[cut..];
        // A continuation line starts with the space, which counts.
        limit = 74;
    }
}

fn rfc3339(ms: i64) -> String {
    from_ms(ms).to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

impl Store {
    /// Writes live entries that started in `[from, to)` (all when `None`), oldest first.
    /// Entries are read a page at a time; memory does not grow with the history.
    pub async fn export<W: Write>(
        &self,
        format: ExportFormat,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        out: W,
    ) -> Result<u64> {
        self.export_matching(format, from, to, None, out).await
    }

    /// [`Store::export`] of only the entries a report's filter lets through (the entries behind
    /// a report).
    pub async fn export_matching<W: Write>(
        &self,
        format: ExportFormat,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        filter: Option<&ReportFilter>,
        out: W,
    ) -> Result<u64> {
        let mut conn = self.pool.acquire().await?;
        let filter = match filter {
            Some(filter) => Some(FilterSql::resolve(&mut conn, filter).await?),
            None => None,
        };
        let sql = match &filter {
            Some(filter) => EXPORT_PAGE.replace(
                "AND (e.start_ms, e.id) > (?1, ?2)",
                &format!("AND (e.start_ms, e.id) > (?1, ?2) AND {}", filter.sql(4, 5)),
            ),
            None => EXPORT_PAGE.to_string(),
        };
        // Names by id: a few hundred at most, and cheaper than joining them into every row.
        let projects: HashMap<i64, (String, Option<String>)> =
            sqlx::query_as::<_, (i64, String, Option<String>)>(
                "SELECT id, name, client FROM projects",
            )
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, name, client)| (id, (name, client)))
            .collect();
        let tags: HashMap<i64, String> = sqlx::query_as("SELECT id, name FROM tags")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
        let hi = to.map_or(i64::MAX, to_ms);
        let mut writer = ExportWriter::new(format, out)?;
        // Entries come after (start, id); the first page starts at `from`.
        let mut page = export_page(
            &mut conn,
            &sql,
            filter.as_ref(),
            (from.map_or(i64::MIN, to_ms), i64::MIN),
            hi,
        )
        .await?;
        while let Some(text) = page {
            // The aggregate does not promise to keep the subquery's order; sorting the page
            // rows here is cheaper than asking SQLite to sort them again.
            let mut rows = text
                .split(ROW_SEPARATOR)
                .map(PageRow::parse)
                .collect::<Result<Vec<_>>>()?;
            rows.sort_unstable_by_key(|row| (row.start_ms, row.id));
            let last = rows
                .last()
                .map_or((i64::MAX, i64::MAX), |row| (row.start_ms, row.id));
            // SQLite reads the next page on sqlx's thread while this one is written out here.
            let write = async {
                for row in &rows {
                    let mut entry_tags: Vec<String> = row
                        .tag_ids
                        .iter()
                        .filter_map(|id| tags.get(id).cloned())
                        .collect();
                    entry_tags.sort_by_cached_key(|t| t.to_lowercase());
                    let project = row.project_id.and_then(|id| projects.get(&id));
                    writer.write(&ExportedEntry {
                        uuid: row.uuid,
                        start_ms: row.start_ms,
                        stop_ms: row.stop_ms,
                        start: rfc3339(row.start_ms),
                        stop: row.stop_ms.map(rfc3339),
                        project: project.map(|(name, _)| name.as_str()),
                        tags: &entry_tags,
                        description: row.description,
                        client: project.and_then(|(_, client)| client.as_deref()),
                        billable: row.billable,
                    })?;
                }
                Ok::<(), Error>(())
            };
            let (next, written) = futures_util::future::join(
                export_page(&mut conn, &sql, filter.as_ref(), last, hi),
                write,
            )
            .await;
            written?;
            page = next?;
        }
        writer.finish()
    }
}

/// A CSV error while writing an export: only the output can fail there.
pub(crate) fn write_error(err: csv::Error) -> Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        _ => Error::Io(std::io::Error::other("the CSV writer refused a row")),
    }
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// True when a spreadsheet would run `text` as a formula once one `'` is taken off its front:
/// it starts with a trigger, after any number of quotes.
fn needs_defusing(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS)
}

/// Prefixes a cell a spreadsheet would run as a formula with `'`, as OWASP advises. Cells that
/// already start with quotes before a trigger get one more, so [`restore_formula`] can undo
/// exactly this and the round trip stays lossless.
pub fn defuse_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if needs_defusing(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Undoes [`defuse_formula`].
pub fn restore_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_defusing(rest) => rest,
        _ => text,
    }
}
