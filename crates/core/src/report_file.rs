//! A report written out as a file: CSV for spreadsheets (one row per group and second-level
//! group, times in hours and as h:mm:ss, a column per currency), JSON with the question asked
//! beside the answer, and a PDF timesheet (`timesheet`).

use std::collections::BTreeSet;
use std::io::Write;

use serde::Serialize;

use crate::display::DurationFormat;
use crate::error::Result;
use crate::report::{Amount, Grouping, ReportGroup, ReportQuery, SummaryReport};
use crate::transfer::write_error;

/// What a group's key says to a person: its name, a date, or "(no project)".
pub fn group_name(grouping: Grouping, key: Option<&str>) -> String {
    match (grouping, key) {
        (_, Some(key)) => key.to_string(),
        (Grouping::Tag, None) => "(no tag)".into(),
        (Grouping::Client, None) => "(no client)".into(),
        (_, None) => "(no project)".into(),
    }
}

fn hours(ms: i64) -> String {
    format!("{:.2}", ms as f64 / 3_600_000.0)
}

fn money(amounts: &[Amount], currency: &str) -> String {
    amounts
        .iter()
        .find(|a| a.currency == currency)
        .map(|a| {
            let text = a.to_string();
            text.rsplit_once(' ')
                .map_or(text.clone(), |(n, _)| n.to_string())
        })
        .unwrap_or_default()
}

/// The report as CSV: `group, subgroup, duration, hours, share` (and `raw_hours` when rounded),
/// then one `amount_XXX` column per currency; a last row holds the total.
pub fn write_csv<W: Write>(report: &SummaryReport, query: &ReportQuery, out: W) -> Result<()> {
    let currencies: BTreeSet<&str> = report.amounts.iter().map(|a| a.currency.as_str()).collect();
    let mut csv = csv::Writer::from_writer(out);
    let mut header = vec![
        "group".to_string(),
        "subgroup".into(),
        "duration".into(),
        "hours".into(),
        "share".into(),
    ];
    if query.rounding.is_some() {
        header.push("raw_hours".into());
    }
    header.extend(currencies.iter().map(|c| format!("amount_{c}")));
    csv.write_record(&header).map_err(write_error)?;
    let row = |group: &str, subgroup: &str, g: &ReportGroup| {
        let mut row = vec![
            crate::transfer::defuse_formula(group).into_owned(),
            crate::transfer::defuse_formula(subgroup).into_owned(),
            DurationFormat::HoursMinutesSeconds.format(g.ms),
            hours(g.ms),
            if report.total_ms > 0 {
                format!("{:.1}%", g.ms as f64 * 100.0 / report.total_ms as f64)
            } else {
                String::new()
            },
        ];
        if query.rounding.is_some() {
            row.push(hours(g.raw_ms));
        }
        row.extend(currencies.iter().map(|c| money(&g.amounts, c)));
        row
    };
    for group in &report.groups {
        let name = group_name(query.group_by, group.key.as_deref());
        csv.write_record(row(&name, "", group))
            .map_err(write_error)?;
        for child in &group.children {
            let child_name = group_name(
                query.then_by.unwrap_or(query.group_by),
                child.key.as_deref(),
            );
            csv.write_record(row(&name, &child_name, child))
                .map_err(write_error)?;
        }
    }
    let total = ReportGroup {
        key: None,
        color: None,
        ms: report.total_ms,
        raw_ms: report.raw_total_ms,
        amounts: report.amounts.clone(),
        children: Vec::new(),
        rest: None,
    };
    csv.write_record(row("Total", "", &total))
        .map_err(write_error)?;
    csv.flush()?;
    Ok(())
}

/// The report as JSON: `{ "query": …, "report": … }`.
pub fn write_json<W: Write>(report: &SummaryReport, query: &ReportQuery, mut out: W) -> Result<()> {
    #[derive(Serialize)]
    struct File<'a> {
        query: &'a ReportQuery,
        report: &'a SummaryReport,
    }
    serde_json::to_writer_pretty(&mut out, &File { query, report })
        .map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}
