//! Timewarrior's data folder, read directly: one `YYYY-MM.data` file per month, one interval
//! per line, as `inc START [- END] [# TAG … [# ANNOTATION]]` with times in UTC and tags or
//! annotations that hold spaces in double quotes.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use chrono::TimeZone;

use super::json_sources::timewarrior_record;
use super::record::{refuse, Sink};
use super::ReadContext;
use crate::error::{Error, Result};

/// The month files of a data folder (or of its `data` subfolder), oldest first.
pub(crate) fn data_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let folder = if folder.join("data").is_dir() {
        folder.join("data")
    } else {
        folder.to_path_buf()
    };
    let unreadable = |err: std::io::Error| Error::ImportOpen {
        path: folder.display().to_string(),
        reason: crate::error::io_words(&err),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(unreadable)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_month_file)
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `2026-11.data`: the tags and undo files beside them are not intervals.
fn is_month_file(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".data") else {
        return false;
    };
    stem.len() == 7
        && stem.as_bytes()[4] == b'-'
        && stem
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit())
}

pub(crate) fn read_folder<Tz: TimeZone>(
    folder: &Path,
    context: &ReadContext<Tz>,
    counter: Arc<AtomicU64>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let files = data_files(folder)?;
    if files.is_empty() {
        return Err(Error::ImportUnknownFormat {
            detail: format!(
                "the folder {} holds no Timewarrior month files (such as 2026-11.data)",
                folder.display()
            ),
        });
    }
    for file in files {
        let input = super::ImportInput::Path(file.clone());
        let name = input.name();
        if !read(input.open(counter.clone())?, Some(&name), context, sink)? {
            break;
        }
    }
    Ok(())
}

/// Reads one data file. Returns false when the writer stopped listening.
pub(crate) fn read<Tz: TimeZone>(
    source: Box<dyn Read + Send>,
    file: Option<&str>,
    context: &ReadContext<Tz>,
    sink: &mut Sink<'_>,
) -> Result<bool> {
    let mut reader = BufReader::new(source);
    let mut text = String::new();
    let mut line = 0u64;
    loop {
        text.clear();
        let read = reader.read_line(&mut text).map_err(|err| {
            if err.kind() == std::io::ErrorKind::InvalidData {
                Error::ImportNotUtf8 { line: line + 1 }
            } else {
                Error::Io(err)
            }
        })?;
        if read == 0 {
            return Ok(true);
        }
        line += 1;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let row = match parse_line(trimmed) {
            Some(interval) => timewarrior_record(
                line,
                interval.start,
                interval.end,
                interval.tags,
                interval.annotation,
                context,
            ),
            None => refuse(
                line,
                "it is not a Timewarrior interval (inc START - END # tags).",
            ),
        };
        let row = row.map_err(|mut refusal| {
            if let Some(file) = file {
                refusal.reason = format!("in {file}: {}", refusal.reason);
            }
            refusal
        });
        if !sink.row(row) {
            return Ok(false);
        }
    }
}

struct Interval<'a> {
    start: &'a str,
    end: Option<&'a str>,
    tags: Vec<String>,
    annotation: Option<String>,
}

fn parse_line(line: &str) -> Option<Interval<'_>> {
    let rest = line.strip_prefix("inc ")?.trim_start();
    let (times, extra) = match rest.split_once(" #") {
        Some((times, extra)) => (times.trim(), Some(extra)),
        None => (rest.trim(), None),
    };
    let mut parts = times.split_whitespace();
    let start = parts.next()?;
    let end = match (parts.next(), parts.next()) {
        (None, _) => None,
        (Some("-"), Some(end)) => Some(end),
        _ => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    let mut tags = Vec::new();
    let mut annotation = None;
    if let Some(extra) = extra {
        let tokens = tokens(extra)?;
        let mut in_annotation = false;
        for (token, quoted) in tokens {
            if token == "#" && !quoted {
                in_annotation = true;
            } else if in_annotation {
                annotation = Some(match annotation {
                    Some(before) => format!("{before} {token}"),
                    None => token,
                });
            } else {
                tags.push(token);
            }
        }
    }
    Some(Interval {
        start,
        end,
        tags,
        annotation,
    })
}

/// Splits on spaces, keeping double-quoted words whole (with `\"` and `\\` inside).
fn tokens(text: &str) -> Option<Vec<(String, bool)>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return Some(out);
        };
        if first == '"' {
            chars.next();
            let mut word = String::new();
            loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => match chars.next()? {
                        'n' => word.push(' '),
                        't' => word.push(' '),
                        other => word.push(other),
                    },
                    c => word.push(c),
                }
            }
            out.push((word, true));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push((word, false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_as_timewarrior_writes_them() {
        let i = parse_line(r#"inc 20261120T110000Z - 20261120T114500Z # review "deep work" # "Code review, \"quoted\" #1""#).unwrap();
        assert_eq!(i.start, "20261120T110000Z");
        assert_eq!(i.end, Some("20261120T114500Z"));
        assert_eq!(i.tags, ["review", "deep work"]);
        assert_eq!(i.annotation.as_deref(), Some(r#"Code review, "quoted" #1"#));
        let open = parse_line("inc 20261130T230000Z # night").unwrap();
        assert_eq!(open.end, None);
        assert_eq!(open.tags, ["night"]);
        let bare = parse_line("inc 20261130T230000Z - 20261130T233000Z").unwrap();
        assert!(bare.tags.is_empty() && bare.annotation.is_none());
        assert!(parse_line("exc monday").is_none());
        assert!(is_month_file("2026-11.data") && !is_month_file("tags.data"));
    }
}
