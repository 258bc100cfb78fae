//! `stint import`: bring entries from another tracker, preview them, list and undo imports.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use chrono::{Local, TimeZone, Utc};
use serde_json::json;
use stint_core::import::{
    ImportInput, ImportOptions, ImportProgress, ImportReport, RowStatus, UndoTarget,
};
use stint_core::Store;

use crate::args::ImportArgs;
use crate::failure::Failure;
use crate::output::print_json;

pub async fn run(store: &Store, request: ImportArgs, json_out: bool) -> Result<(), Failure> {
    if request.list {
        return list(store, json_out).await;
    }
    if let Some(target) = request.undo {
        return undo(store, target, json_out).await;
    }
    let file = request.file.clone().unwrap_or_default();
    let input = input(&file)?;
    let options = ImportOptions {
        format: request.format,
        date_order: request.date_format,
        mapping: request.map.clone().unwrap_or_default(),
        project_tag: request.project_tag.clone(),
        skip_invalid: request.skip_invalid,
    };
    match request.tz.as_deref() {
        None => import_in(store, &input, &options, &Local, request.dry_run, json_out).await,
        Some(name) => {
            let tz: chrono_tz::Tz = name.parse().map_err(|_| {
                Failure::refused(format!(
                    "“{name}” is not a time zone Stint knows. Use a name such as Europe/Berlin, America/New_York or UTC."
                ))
            })?;
            import_in(store, &input, &options, &tz, request.dry_run, json_out).await
        }
    }
}

fn input(file: &Path) -> Result<ImportInput, Failure> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        return Ok(ImportInput::bytes("standard input", bytes));
    }
    if !file.exists() {
        return Err(Failure::refused(format!(
            "Cannot open {}: there is no such file or folder. Check its name.",
            file.display()
        )));
    }
    Ok(ImportInput::Path(file.to_path_buf()))
}

async fn import_in<Tz>(
    store: &Store,
    input: &ImportInput,
    options: &ImportOptions,
    tz: &Tz,
    dry_run: bool,
    json_out: bool,
) -> Result<(), Failure>
where
    Tz: TimeZone + Send + Sync + 'static,
    Tz::Offset: Send,
{
    let show_progress = std::io::stderr().is_terminal() && !json_out;
    let progress = |p: ImportProgress| {
        if show_progress && p.rows % 10_000 == 0 {
            let share = if p.total_bytes > 0.0 {
                (p.bytes_read / p.total_bytes * 100.0).min(100.0)
            } else {
                0.0
            };
            eprint!("\rRead {} rows ({share:.0}%)…", p.rows);
            let _ = std::io::stderr().flush();
        }
    };
    let now = Utc::now();
    let report = if dry_run {
        store
            .preview_import(input, options, tz, now, progress)
            .await
    } else {
        store.import(input, options, tz, now, progress).await
    };
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let report = report?;
    if json_out {
        let mut out = json!(report);
        // The names `stint import --json` has always printed.
        out["imported"] = json!(if dry_run { 0 } else { report.new });
        out["skipped"] = json!(report.duplicates);
        print_json(&out);
    } else {
        print_report(&report, dry_run, tz);
    }
    Ok(())
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn lines(unit: &str, numbers: &[u32], total: u32) -> String {
    let shown: Vec<String> = numbers.iter().take(8).map(u32::to_string).collect();
    let more = if total as usize > shown.len() {
        ", …"
    } else {
        ""
    };
    let unit = if shown.len() == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    };
    format!("{unit} {}{more}", shown.join(", "))
}

fn print_report<Tz: TimeZone>(report: &ImportReport, dry_run: bool, tz: &Tz) {
    let mut how = report.format_label.clone();
    if let Some(order) = report.date_order {
        how.push_str(&format!(", dates read as {}", order.pattern()));
    }
    let verb = if dry_run { "Would import" } else { "Imported" };
    let batch = match report.batch_id {
        Some(id) if !dry_run => format!(" as import {id}"),
        _ => String::new(),
    };
    println!(
        "{verb} {} from {} ({how}){batch}.",
        plural(report.new, "entry", "entries"),
        report.file_name
    );
    if report.duplicates > 0 {
        println!(
            "  {} already in Stint, left out.",
            plural(report.duplicates, "entry was", "entries were")
        );
    }
    if report.overlapping > 0 {
        println!(
            "  {} time already in Stint ({}).",
            plural(
                report.overlapping,
                "new entry overlaps",
                "new entries overlap"
            ),
            lines(&report.unit, &report.overlap_lines, report.overlapping)
        );
    }
    if report.refused > 0 {
        println!(
            "  {} left out because they cannot be read:",
            plural(report.refused, "row was", "rows were")
        );
        for refusal in report.refusals.iter().take(10) {
            println!("    {} {}: {}", report.unit, refusal.line, refusal.reason);
        }
        if report.refused as usize > report.refusals.len().min(10) {
            println!(
                "    … and {} more.",
                report.refused as usize - report.refusals.len().min(10)
            );
        }
    }
    if report.projects_created + report.tags_created > 0 {
        println!(
            "  {} and {} {}.",
            plural(report.projects_created, "new project", "new projects"),
            plural(report.tags_created, "new tag", "new tags"),
            if dry_run {
                "would be created"
            } else {
                "created"
            }
        );
    }
    for note in &report.notes {
        println!("  {note}");
    }
    if dry_run {
        if !report.sample.is_empty() {
            println!("The first rows, as Stint would store them:");
            for row in report.sample.iter().take(10) {
                println!("  {}", sample_line(row, &report.unit, tz));
            }
        }
        println!("Nothing was changed (--dry-run).");
    } else if let Some(id) = report.batch_id {
        println!("To take it back: stint import --undo {id}");
    }
}

fn sample_line<Tz: TimeZone>(row: &stint_core::import::ImportedRow, unit: &str, tz: &Tz) -> String {
    let local = |ms: f64| {
        tz.timestamp_millis_opt(ms as i64)
            .single()
            .map(|t| t.naive_local().format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    let stop = row.stop_ms.map_or_else(|| "running".to_string(), &local);
    let project = row
        .project
        .as_ref()
        .map(|p| format!(" [{p}]"))
        .unwrap_or_default();
    let tags: String = row.tags.iter().map(|t| format!(" #{t}")).collect();
    let status = match row.status {
        RowStatus::New => "new",
        RowStatus::Duplicate => "already in Stint",
        RowStatus::Overlapping => "new, overlaps",
    };
    format!(
        "{unit} {}: {} – {}  {}{project}{tags}  ({status})",
        row.line,
        local(row.start_ms),
        stop,
        row.description
    )
}

async fn undo(store: &Store, target: UndoTarget, json_out: bool) -> Result<(), Failure> {
    let batch = store.undo_import(target, Utc::now()).await?;
    if json_out {
        print_json(&json!(batch));
    } else {
        println!(
            "Took back import {} ({}): {} removed.",
            batch.id,
            batch.file_name,
            plural(batch.entries, "entry", "entries")
        );
    }
    Ok(())
}

async fn list(store: &Store, json_out: bool) -> Result<(), Failure> {
    let batches = store.import_batches().await?;
    if json_out {
        print_json(&json!(batches));
        return Ok(());
    }
    if batches.is_empty() {
        println!("Nothing has been imported.");
        return Ok(());
    }
    for batch in batches {
        let when = Local
            .timestamp_millis_opt(batch.created_ms as i64)
            .single()
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        println!(
            "{:>4}  {when}  {:<8} {}  ({}){}",
            batch.id,
            plural(batch.entries, "entry", "entries"),
            batch.file_name,
            batch.format,
            if batch.undone { "  undone" } else { "" }
        );
    }
    Ok(())
}
