//! A report as a PDF timesheet a client would accept: one A4 page per week with time in it, each
//! saying the week, the report's range, grouping, rounding and filters, the time of each day,
//! the time and amount of each group, and the week's total.
//!
//! Drawn with pdf-writer in Helvetica, one of the fonts every PDF reader has, so nothing is
//! embedded and the file stays a few kilobytes a page. Helvetica's encoding (WinAnsi) covers
//! Western European text; other characters are written as "?" (a known limit, said in the README).

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::error::Result;
use crate::local_time::{day_start, from_ms, local_date, to_ms};
use crate::report::{Amount, Grouping, ReportQuery};
use crate::report_file::group_name;
use crate::store::Store;

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const LEFT: f32 = 56.0;
const RIGHT: f32 = PAGE_WIDTH - 56.0;

/// One week's page.
struct Week {
    first: NaiveDate,
    last: NaiveDate,
    days: Vec<(NaiveDate, i64)>,
    groups: Vec<(String, i64, Vec<Amount>)>,
    total_ms: i64,
    amounts: Vec<Amount>,
}

impl Store {
    /// The report for `query` as a PDF timesheet, one page per week with time in it.
    pub async fn timesheet<Tz: TimeZone>(
        &self,
        query: &ReportQuery,
        now_ms: i64,
        tz: &Tz,
    ) -> Result<Vec<u8>> {
        let first = local_date(from_ms(query.from_ms), tz);
        let last = local_date(from_ms((query.to_ms - 1).max(query.from_ms)), tz);
        let mut weeks = Vec::new();
        let mut week = query.week_start.week_of(first);
        while week <= last {
            let week_end = week + Duration::days(7);
            let from_ms = query.from_ms.max(to_ms(day_start(week, tz)));
            let to_ms_ = query.to_ms.min(to_ms(day_start(week_end, tz)));
            let groups = self
                .summary(
                    &ReportQuery {
                        from_ms,
                        to_ms: to_ms_,
                        then_by: None,
                        ..query.clone()
                    },
                    now_ms,
                    tz,
                )
                .await?;
            if groups.entry_count > 0 {
                weeks.push(Week {
                    first: week.max(first),
                    last: (week_end - Duration::days(1)).min(last),
                    days: (0..7)
                        .map(|i| week + Duration::days(i))
                        .filter(|d| *d >= first && *d <= last)
                        .map(|d| {
                            // A week's chart has a bar a day: the day totals, rounded as the groups are.
                            let key = d.format("%Y-%m-%d").to_string();
                            let ms = groups
                                .chart
                                .iter()
                                .find(|bar| bar.first == key)
                                .map_or(0, |bar| bar.ms);
                            (d, ms)
                        })
                        .collect(),
                    groups: groups
                        .groups
                        .iter()
                        .map(|g| {
                            (
                                group_name(query.group_by, g.key.as_deref()),
                                g.ms,
                                g.amounts.clone(),
                            )
                        })
                        .collect(),
                    total_ms: groups.total_ms,
                    amounts: groups.amounts,
                });
            }
            week = week_end;
        }
        Ok(render(query, first, last, &weeks))
    }
}

fn render(query: &ReportQuery, first: NaiveDate, last: NaiveDate, weeks: &[Week]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let pages = weeks.len().max(1);
    let page_ref = |i: usize| Ref::new(10 + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(11 + 2 * i as i32);

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..pages).map(page_ref))
        .count(pages as i32);
    for (font, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(font)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let title = format!("Timesheet {} – {}", long_date(first), long_date(last));
    pdf.document_info(info)
        .title(TextStr(&title))
        .creator(TextStr("Stint"));

    for i in 0..pages {
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_ref(i));
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();
        let mut page = Page::new();
        match weeks.get(i) {
            Some(week) => draw_week(&mut page, query, first, last, week),
            None => {
                page.header(
                    query,
                    first,
                    last,
                    &format!("{} – {}", long_date(first), long_date(last)),
                );
                page.text(
                    LEFT,
                    page.y,
                    11.0,
                    false,
                    "Nothing was tracked in this range.",
                );
            }
        }
        page.footer(&format!("Page {} of {pages}", i + 1));
        pdf.stream(content_ref(i), &page.content.finish());
    }
    pdf.finish()
}

fn draw_week(page: &mut Page, query: &ReportQuery, first: NaiveDate, last: NaiveDate, week: &Week) {
    let heading = if week.first == week.last {
        long_date(week.first)
    } else {
        format!(
            "Week of {}: {} – {}",
            long_date(week.first),
            short_date(week.first),
            short_date(week.last)
        )
    };
    page.header(query, first, last, &heading);

    page.row_heading("Day", "Time", "");
    for (day, ms) in &week.days {
        page.row(
            &format!("{} {}", weekday(*day), short_date(*day)),
            &hours(*ms),
            "",
            false,
        );
    }
    page.y -= 14.0;
    let grouping = match query.group_by {
        Grouping::Project => "Project",
        Grouping::Client => "Client",
        Grouping::Tag => "Tag",
        Grouping::Day => "Day",
        Grouping::Week => "Week",
        Grouping::Month => "Month",
        Grouping::Description => "Description",
    };
    let priced = !week.amounts.is_empty();
    page.row_heading(grouping, "Time", if priced { "Amount" } else { "" });
    for (name, ms, amounts) in &week.groups {
        page.row(name, &hours(*ms), &money(amounts), false);
        if page.y < 90.0 {
            page.text(
                LEFT,
                page.y,
                9.0,
                false,
                "(more groups than fit this page: see the CSV export)",
            );
            page.y -= 14.0;
            break;
        }
    }
    page.rule(page.y + 11.0, 0.8);
    page.row("Total", &hours(week.total_ms), &money(&week.amounts), true);
}

/// A page's content stream and where the next line goes.
struct Page {
    content: Content,
    y: f32,
}

impl Page {
    fn new() -> Page {
        Page {
            content: Content::new(),
            y: PAGE_HEIGHT - 64.0,
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.content.begin_text();
        self.content
            .set_font(Name(if bold { b"F2" } else { b"F1" }), size);
        self.content.next_line(x, y);
        self.content.show(Str(&win_ansi(text)));
        self.content.end_text();
    }

    fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, text: &str) {
        let width = text_width(text, size, bold);
        self.text(right - width, y, size, bold, text);
    }

    /// A line across the page at `y`.
    fn rule(&mut self, y: f32, width: f32) {
        self.content.set_line_width(width);
        self.content.set_stroke_rgb(0.75, 0.78, 0.82);
        self.content.move_to(LEFT, y);
        self.content.line_to(RIGHT, y);
        self.content.stroke();
    }

    fn header(&mut self, query: &ReportQuery, first: NaiveDate, last: NaiveDate, heading: &str) {
        self.text(LEFT, self.y, 20.0, true, "Timesheet");
        self.y -= 26.0;
        self.text(LEFT, self.y, 12.0, true, heading);
        self.y -= 18.0;
        let mut about = format!("Report {} – {}", long_date(first), long_date(last));
        if let Some(rounding) = query.rounding {
            about.push_str(&format!("; times {rounding}"));
        }
        self.content.set_fill_rgb(0.36, 0.39, 0.45);
        self.text(LEFT, self.y, 9.0, false, &about);
        self.y -= 12.0;
        let filter = &query.filter;
        let mut only = Vec::new();
        if !filter.projects.is_empty() {
            only.push(format!("projects {}", filter.projects.join(", ")));
        }
        if !filter.tags.is_empty() {
            only.push(format!("tags {}", filter.tags.join(", ")));
        }
        if !filter.text.trim().is_empty() {
            only.push(format!("descriptions with “{}”", filter.text.trim()));
        }
        if let Some(billable) = filter.billable {
            only.push(
                if billable {
                    "billable time"
                } else {
                    "time not billable"
                }
                .to_string(),
            );
        }
        if !only.is_empty() {
            self.text(
                LEFT,
                self.y,
                9.0,
                false,
                &format!("Only {}", only.join("; ")),
            );
            self.y -= 12.0;
        }
        self.content.set_fill_rgb(0.0, 0.0, 0.0);
        self.y -= 18.0;
    }

    fn row_heading(&mut self, what: &str, time: &str, amount: &str) {
        self.content.set_fill_rgb(0.36, 0.39, 0.45);
        self.text(LEFT, self.y, 9.0, true, what);
        self.text_right(RIGHT - 110.0, self.y, 9.0, true, time);
        self.text_right(RIGHT, self.y, 9.0, true, amount);
        self.content.set_fill_rgb(0.0, 0.0, 0.0);
        self.rule(self.y - 4.0, 0.5);
        self.y -= 17.0;
    }

    fn row(&mut self, what: &str, time: &str, amount: &str, bold: bool) {
        let room = RIGHT - 110.0 - 60.0 - LEFT;
        self.text(LEFT, self.y, 10.0, bold, &fit(what, room, 10.0, bold));
        self.text_right(RIGHT - 110.0, self.y, 10.0, bold, time);
        self.text_right(RIGHT, self.y, 10.0, bold, amount);
        self.y -= 15.0;
    }

    fn footer(&mut self, text: &str) {
        self.content.set_fill_rgb(0.36, 0.39, 0.45);
        self.text(LEFT, 40.0, 8.0, false, "Made with Stint");
        self.text_right(RIGHT, 40.0, 8.0, false, text);
    }
}

fn hours(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn money(amounts: &[Amount]) -> String {
    amounts
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" + ")
}

fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

fn short_date(day: NaiveDate) -> String {
    day.format("%-d %b").to_string()
}

fn weekday(day: NaiveDate) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][day.weekday().num_days_from_monday() as usize]
}

/// `text` cut with an ellipsis to fit `room` points.
fn fit(text: &str, room: f32, size: f32, bold: bool) -> String {
    if text_width(text, size, bold) <= room {
        return text.to_string();
    }
    let mut cut = String::new();
    for c in text.chars() {
        if text_width(&format!("{cut}{c}…"), size, bold) > room {
            break;
        }
        cut.push(c);
    }
    format!("{}…", cut.trim_end())
}

/// Helvetica's advance widths (1/1000 em) for ASCII 32–126, from its AFM; bold is a little wider.
const WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c as u32 {
            32..=126 => u32::from(WIDTHS[c as usize - 32]),
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0 * if bold { 1.06 } else { 1.0 }
}

/// `text` in Windows-1252 (PDF's WinAnsiEncoding); characters it lacks become `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    text.chars()
        .map(|c| match c as u32 {
            0x20..=0x7E | 0xA0..=0xFF => c as u8,
            _ => HIGH.iter().find(|(h, _)| *h == c).map_or(b'?', |(_, b)| *b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_written_in_win_ansi() {
        assert_eq!(win_ansi("Café – 5 €"), b"Caf\xe9 \x96 5 \x80".to_vec());
        assert_eq!(win_ansi("日本"), b"??".to_vec());
    }

    #[test]
    fn long_names_are_cut_to_fit() {
        let name = "A description far too long for the column it has to fit into, surely";
        let cut = fit(name, 150.0, 10.0, false);
        assert!(
            cut.ends_with('…') && text_width(&cut, 10.0, false) <= 150.0,
            "{cut}"
        );
        assert_eq!(fit("Short", 150.0, 10.0, false), "Short");
    }
}
