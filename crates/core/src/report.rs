//! Reports: where the time in a range went, filtered, grouped on one or two levels, rounded as
//! the person chose, with billable amounts, and a time series for a chart.
//!
//! Counting follows `counting`: every instant counts once, for the entry that started most
//! recently — over *all* entries, so a filter never hands a hidden entry's time to a shown one.
//! Only the part of an entry inside the range counts (a running entry up to `now`), split at
//! local midnights for day, week and month groups. Rounding (`rounding`) adjusts each entry, or
//! each day-and-project total (the difference goes to that bucket's longest entry), so that every
//! grouping adds up to the same rounded total. Amounts are summed per currency, never across
//! currencies.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

use crate::counting::Sweep;
use crate::display::WeekStart;
use crate::error::{Error, Result};
use crate::local_time::{day_bounds, from_ms, local_date, to_ms};
use crate::overlap::overlap_floor;
use crate::rounding::{Rounding, RoundingScope};
use crate::search::match_expression;
use crate::store::Store;

/// What a report's groups are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    Project,
    Client,
    /// An entry with several tags counts in each of their groups; one without counts under `None`.
    Tag,
    Day,
    Week,
    Month,
    Description,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TagMatch {
    /// Entries with any of the tags.
    #[default]
    Any,
    /// Entries with every one of them.
    All,
}

/// Which entries a report counts. Empty lists and `None` let everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportFilter {
    /// Project names (any case).
    pub projects: Vec<String>,
    /// Tag names (any case).
    pub tags: Vec<String>,
    pub tag_match: TagMatch,
    /// Words that must all occur in the description, as in search.
    pub text: String,
    pub billable: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportQuery {
    /// UTC ms, inclusive.
    pub from_ms: i64,
    /// UTC ms, exclusive.
    pub to_ms: i64,
    pub filter: ReportFilter,
    pub group_by: Grouping,
    /// A second level inside each group (e.g. project → description).
    pub then_by: Option<Grouping>,
    pub rounding: Option<Rounding>,
    /// Where weeks start, for week groups and the chart.
    pub week_start: WeekStart,
    /// At most this many groups on each level (the window asks for a few hundred; a file gets
    /// them all); the rest is summed up in [`SummaryReport::rest`] and [`ReportGroup::rest`].
    #[serde(default)]
    pub max_groups: Option<u32>,
}

/// Money in one currency, in its minor unit (cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Amount {
    pub currency: String,
    pub minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportGroup {
    /// The project, client, tag or description; the local date (`YYYY-MM-DD`) of a day or of a
    /// week's first day; `YYYY-MM` for a month. `None`: entries with no project, client or tag.
    pub key: Option<String>,
    /// The project's colour, when grouped by project.
    pub color: Option<String>,
    /// Counted time, rounded when the report rounds.
    pub ms: i64,
    /// The same before rounding.
    pub raw_ms: i64,
    /// Billable amounts, one per currency.
    pub amounts: Vec<Amount>,
    /// The second level, when asked for.
    pub children: Vec<ReportGroup>,
    /// Second-level groups left out by [`ReportQuery::max_groups`].
    pub rest: Option<Rest>,
}

/// Groups left out of a long list (the smallest ones, or the latest days): how many, and their
/// time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rest {
    pub count: u32,
    pub ms: i64,
    pub raw_ms: i64,
}

/// The groups with time, at most `max` of them (the largest, or the earliest days), and the
/// others summed up.
fn keep(
    grouping: Grouping,
    mut groups: Vec<(Key, &Tally)>,
    max: Option<u32>,
) -> (Vec<(Key, &Tally)>, Option<Rest>) {
    groups.retain(|(_, t)| t.raw_ms > 0 || t.ms > 0);
    let max = max.map_or(usize::MAX, |m| m as usize);
    if groups.len() <= max {
        return (groups, None);
    }
    match grouping {
        Grouping::Day | Grouping::Week | Grouping::Month => {
            groups.sort_unstable_by_key(|(k, _)| *k)
        }
        _ => {
            groups.select_nth_unstable_by(max, |a, b| b.1.ms.cmp(&a.1.ms).then(a.0.cmp(&b.0)));
        }
    }
    let left_out = groups.split_off(max);
    let rest = Rest {
        count: u32::try_from(left_out.len()).unwrap_or(u32::MAX),
        ms: left_out.iter().map(|(_, t)| t.ms).sum(),
        raw_ms: left_out.iter().map(|(_, t)| t.raw_ms).sum(),
    };
    (groups, Some(rest))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChartUnit {
    Day,
    Week,
    Month,
    Year,
}

/// One bar of the chart: a day, week, month or year, its time split by project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChartBar {
    /// The bar's first local day, `YYYY-MM-DD`.
    pub first: String,
    pub ms: i64,
    /// Time per project, in the order of [`SummaryReport::projects`] (0 where none).
    pub by_project: Vec<i64>,
}

/// A project as the chart's legend shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChartProject {
    /// `None`: entries with no project.
    pub name: Option<String>,
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SummaryReport {
    pub from_ms: i64,
    pub to_ms: i64,
    /// Running entries count up to here.
    pub as_of_ms: i64,
    /// Counted time, rounded when the report rounds.
    pub total_ms: i64,
    pub raw_total_ms: i64,
    pub billable_ms: i64,
    pub amounts: Vec<Amount>,
    /// Entries with time in the report.
    pub entry_count: u32,
    pub groups: Vec<ReportGroup>,
    /// Groups left out by [`ReportQuery::max_groups`].
    pub rest: Option<Rest>,
    pub chart_unit: ChartUnit,
    pub chart: Vec<ChartBar>,
    /// Projects in the chart, most time first.
    pub projects: Vec<ChartProject>,
}

/// Currencies with no minor unit (ISO 4217 exponent 0); all others are taken to have cents.
pub const WHOLE_CURRENCIES: [&str; 16] = [
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];

impl Amount {
    /// Digits after the decimal point in this currency.
    pub fn decimals(&self) -> u32 {
        if WHOLE_CURRENCIES.contains(&self.currency.as_str()) {
            0
        } else {
            2
        }
    }
}

impl Amount {
    /// The amount without its currency: `1234.50`.
    pub fn number(&self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let minor = self.minor.unsigned_abs();
        match self.decimals() {
            0 => format!("{sign}{minor}"),
            _ => format!("{sign}{}.{:02}", minor / 100, minor % 100),
        }
    }
}

/// `1234.50 EUR`.
impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.number(), self.currency)
    }
}

/// The colour of time with no project.
pub const NO_PROJECT_COLOR: &str = "#94a3b8";

/// An entry that counts, with what grouping needs to know of it.
struct Counted {
    project: Option<usize>,
    /// In the report's [`Interner`] of descriptions.
    description: u32,
    /// Tag ids.
    tags: Vec<i64>,
    billable: bool,
    /// Its counted time per local day: `(day, raw ms, rounding adjustment)`.
    pieces: Vec<(NaiveDate, i64, i64)>,
}

/// A project as reports see it (archived and deleted ones included).
struct ProjectInfo {
    name: String,
    color: String,
    client: Option<String>,
    rate: Option<(String, i64)>,
}

/// Sums time and money for one group.
#[derive(Default)]
struct Tally {
    ms: i64,
    raw_ms: i64,
    /// Billable ms per (currency, rate).
    billable: BTreeMap<(String, i64), i64>,
    children: HashMap<Key, Tally>,
}

impl Tally {
    fn add(&mut self, raw: i64, adjusted: i64, rate: Option<&(String, i64)>) {
        self.ms += adjusted;
        self.raw_ms += raw;
        if let Some((currency, rate)) = rate {
            *self.billable.entry((currency.clone(), *rate)).or_default() += adjusted;
        }
    }

    fn amounts(&self) -> Vec<Amount> {
        amounts(&self.billable)
    }
}

/// Money per currency for billable ms at each rate, rounded to the minor unit once per rate.
fn amounts(billable: &BTreeMap<(String, i64), i64>) -> Vec<Amount> {
    let mut by_currency: BTreeMap<&str, i64> = BTreeMap::new();
    for ((currency, rate), ms) in billable {
        let minor = (i128::from(*ms) * i128::from(*rate) + 1_800_000) / 3_600_000;
        *by_currency.entry(currency).or_default() += i64::try_from(minor).unwrap_or(i64::MAX);
    }
    by_currency
        .into_iter()
        .map(|(currency, minor)| Amount {
            currency: currency.to_string(),
            minor,
        })
        .collect()
}

impl Store {
    /// The report for `query`, with running entries counted up to `now_ms`, in local time `tz`.
    pub async fn summary<Tz: TimeZone>(
        &self,
        query: &ReportQuery,
        now_ms: i64,
        tz: &Tz,
    ) -> Result<SummaryReport> {
        if query.to_ms < query.from_ms {
            return Err(Error::StopBeforeStart);
        }
        let mut tx = self.pool.begin().await?;
        let (projects, project_index) = report_projects(&mut tx).await?;
        let filter = FilterSql::resolve(&mut tx, &query.filter).await?;
        let floor = overlap_floor(&mut tx, query.from_ms).await?;
        // Every entry in the range goes through the sweep (so hidden ones still take their own
        // time); `matches` says which are counted.
        let matches = filter.sql(5, 6);
        // Rows come a page at a time, folded into one text value per page: sqlx hands every
        // row across threads, so thousands of rows per round trip instead of one is what keeps
        // an all-time report fast (the export does the same).
        // Tags and descriptions are read only when the report groups by them.
        let uses = |g: Grouping| query.group_by == g || query.then_by == Some(g);
        let tags = if uses(Grouping::Tag) {
            "IFNULL((SELECT group_concat(tag_id, ' ') FROM entry_tags WHERE entry_id = e.id), '')"
        } else {
            "''"
        };
        let description = if uses(Grouping::Description) {
            "e.description"
        } else {
            "''"
        };
        let sql = format!(
            "SELECT group_concat(line, char(30)) FROM (
                SELECT e.start_ms || ',' || e.id || ',' || COALESCE(e.stop_ms, ?1) || ',' ||
                       IFNULL(e.project_id, '') || ',' || e.billable || ',' || ({matches}) || ',' ||
                       {tags} || ',' || {description} AS line
                FROM entries e
                WHERE e.deleted_at IS NULL AND e.start_ms >= max(?4, ?7) AND e.start_ms < ?3
                  AND (e.start_ms, e.id) > (?7, ?8) AND COALESCE(e.stop_ms, ?1) > ?2
                ORDER BY e.start_ms, e.id
                LIMIT 4000)"
        );
        let mut sweep = Sweep::new(query.from_ms, query.to_ms);
        let mut days = DayCache::new(tz);
        // Entries that do not match still enter the sweep (under a slot with no record).
        let mut records: Vec<Option<Counted>> = Vec::new();
        let mut after = (floor, i64::MIN);
        let mut descriptions = Interner::default();
        loop {
            let page: Option<String> = sqlx::query_scalar(&sql)
                .bind(now_ms)
                .bind(query.from_ms)
                .bind(query.to_ms)
                .bind(floor)
                .bind(filter.text.clone())
                .bind(filter.billable)
                .bind(after.0)
                .bind(after.1)
                .fetch_one(&mut *tx)
                .await?;
            let Some(page) = page else { break };
            let mut rows = page
                .split('\u{1e}')
                .map(ReportRow::parse)
                .collect::<Result<Vec<_>>>()?;
            // The aggregate does not promise to keep the subquery's order.
            rows.sort_unstable_by_key(|row| (row.start, row.id));
            for row in rows {
                after = (row.start, row.id);
                records.push(row.matches.then(|| Counted {
                    project: row.project.and_then(|id| project_index.get(&id).copied()),
                    description: descriptions.id(row.description),
                    tags: row.tags,
                    billable: row.billable,
                    pieces: Vec::new(),
                }));
                sweep.push(
                    row.start,
                    row.stop,
                    records.len() - 1,
                    &mut |slot: &usize, a, b| {
                        if let Some(Some(record)) = records.get_mut(*slot) {
                            days.split(a, b, &mut record.pieces);
                        }
                    },
                );
            }
        }
        sweep.finish(&mut |slot: &usize, a, b| {
            if let Some(Some(record)) = records.get_mut(*slot) {
                days.split(a, b, &mut record.pieces);
            }
        });
        let tag_names: HashMap<i64, String> = sqlx::query_as("SELECT id, name FROM tags")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        tx.commit().await?;
        let mut counted: Vec<Counted> = records
            .into_iter()
            .flatten()
            .filter(|c| !c.pieces.is_empty())
            .collect();

        if let Some(rounding) = query.rounding {
            round(&mut counted, rounding);
        }
        let names = Names::new(&projects, tag_names, descriptions.names, query.week_start);
        Ok(build(query, now_ms, tz, &names, counted))
    }
}

/// A [`ReportFilter`] as an SQL condition on `entries e`, with names resolved to ids (an unknown
/// name is refused, not silently matched by nothing). Shared with the filtered export.
pub(crate) struct FilterSql {
    projects: Vec<i64>,
    tags: Vec<i64>,
    tag_match: TagMatch,
    pub text: Option<String>,
    pub billable: Option<bool>,
}

impl FilterSql {
    pub async fn resolve(
        conn: &mut sqlx::SqliteConnection,
        filter: &ReportFilter,
    ) -> Result<FilterSql> {
        Ok(FilterSql {
            projects: wanted_projects(conn, &filter.projects).await?,
            tags: wanted_tags(conn, &filter.tags).await?,
            tag_match: filter.tag_match,
            text: match_expression(&filter.text),
            billable: filter.billable,
        })
    }

    /// The condition, with `text` and `billable` the numbers of the parameters bound to
    /// [`FilterSql::text`] and [`FilterSql::billable`]. Ids are written in (they are integers).
    pub fn sql(&self, text: u8, billable: u8) -> String {
        let list = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let projects = if self.projects.is_empty() {
            "1".to_string()
        } else {
            format!("e.project_id IN ({})", list(&self.projects))
        };
        let tags = match (self.tags.is_empty(), self.tag_match) {
            (true, _) => "1".to_string(),
            (false, TagMatch::Any) => format!(
                "EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id AND et.tag_id IN ({}))",
                list(&self.tags)
            ),
            (false, TagMatch::All) => format!(
                "(SELECT COUNT(*) FROM entry_tags et WHERE et.entry_id = e.id AND et.tag_id IN ({})) = {}",
                list(&self.tags),
                self.tags.len()
            ),
        };
        let words = if self.text.is_some() {
            format!("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?{text})")
        } else {
            format!("?{text} IS NULL")
        };
        format!("(({projects}) AND ({tags}) AND ({words}) AND (?{billable} IS NULL OR e.billable = ?{billable}))")
    }
}

/// id, name, colour, client, rate, currency.
type ProjectRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// For each (day, project): its raw time, and the (entry, piece) with the most of it.
type Buckets = HashMap<(NaiveDate, Option<usize>), (i64, (usize, usize), i64)>;

/// Projects by id, with an index each (reports refer to projects by index).
async fn report_projects(
    conn: &mut sqlx::SqliteConnection,
) -> Result<(Vec<ProjectInfo>, HashMap<i64, usize>)> {
    let rows: Vec<ProjectRow> = sqlx::query_as(
        "SELECT id, name, color, client, rate_minor, currency FROM projects ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut index = HashMap::new();
    let projects = rows
        .into_iter()
        .enumerate()
        .map(|(i, (id, name, color, client, rate, currency))| {
            index.insert(id, i);
            ProjectInfo {
                name,
                color: color.unwrap_or_else(|| {
                    crate::projects::PALETTE[id.rem_euclid(10) as usize].to_string()
                }),
                client,
                rate: rate.zip(currency).map(|(rate, currency)| (currency, rate)),
            }
        })
        .collect();
    Ok((projects, index))
}

/// The ids of the projects named (live, archived or deleted); an unknown name is refused.
async fn wanted_projects(conn: &mut sqlx::SqliteConnection, names: &[String]) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for name in names {
        let found: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM projects WHERE name = ? COLLATE NOCASE")
                .bind(name.trim())
                .fetch_all(&mut *conn)
                .await?;
        if found.is_empty() {
            return Err(Error::UnknownProject {
                name: name.trim().to_string(),
            });
        }
        ids.extend(found);
    }
    Ok(ids)
}

async fn wanted_tags(conn: &mut sqlx::SqliteConnection, names: &[String]) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for name in names {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM tags WHERE name = ? COLLATE NOCASE")
                .bind(name.trim())
                .fetch_optional(&mut *conn)
                .await?;
        match id {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => {
                return Err(Error::UnknownTag {
                    name: name.trim().to_string(),
                })
            }
        }
    }
    Ok(ids)
}

/// One row of a report page: `start,id,stop,project,billable,matches,tag ids,description`.
struct ReportRow<'a> {
    start: i64,
    id: i64,
    stop: i64,
    project: Option<i64>,
    billable: bool,
    matches: bool,
    tags: Vec<i64>,
    description: &'a str,
}

impl<'a> ReportRow<'a> {
    fn parse(line: &'a str) -> Result<ReportRow<'a>> {
        let bad = || Error::Damaged {
            detail: "an entry's row could not be read back".into(),
        };
        let int = |text: &str| text.parse::<i64>().map_err(|_| bad());
        let mut fields = line.splitn(8, ',');
        let mut next = || fields.next().ok_or_else(bad);
        let (start, id, stop, project) = (next()?, next()?, next()?, next()?);
        let (billable, matches, tags, description) = (next()?, next()?, next()?, next()?);
        Ok(ReportRow {
            start: int(start)?,
            id: int(id)?,
            stop: int(stop)?,
            project: if project.is_empty() {
                None
            } else {
                Some(int(project)?)
            },
            billable: int(billable)? != 0,
            matches: int(matches)? != 0,
            tags: tags.split_whitespace().map(int).collect::<Result<_>>()?,
            description,
        })
    }
}

/// Splits spans at local midnights, remembering the last day's bounds: entries come in start
/// order, so nearly every span falls in the day before it and no time zone lookup is needed.
struct DayCache<'a, Tz: TimeZone> {
    tz: &'a Tz,
    /// The day, its first instant and the next day's first instant (ms).
    day: Option<(NaiveDate, i64, i64)>,
}

impl<'a, Tz: TimeZone> DayCache<'a, Tz> {
    fn new(tz: &'a Tz) -> Self {
        DayCache { tz, day: None }
    }

    fn day_of(&mut self, ms: i64) -> (NaiveDate, i64, i64) {
        match self.day {
            Some(day) if day.1 <= ms && ms < day.2 => day,
            _ => {
                let date = local_date(from_ms(ms), self.tz);
                let (start, end) = day_bounds(date, self.tz);
                let day = (date, to_ms(start), to_ms(end));
                self.day = Some(day);
                day
            }
        }
    }

    /// Adds the span `[start, stop)` (ms) to the local days it covers.
    fn split(&mut self, start: i64, stop: i64, pieces: &mut Vec<(NaiveDate, i64, i64)>) {
        let mut cursor = start;
        while cursor < stop {
            let (date, _, day_end) = self.day_of(cursor);
            let end = stop.min(day_end);
            match pieces.last_mut() {
                Some((day, ms, _)) if *day == date => *ms += end - cursor,
                _ => pieces.push((date, end - cursor, 0)),
            }
            cursor = end;
        }
    }
}

/// Sets each piece's rounding adjustment.
fn round(counted: &mut [Counted], rounding: Rounding) {
    match rounding.scope {
        RoundingScope::Entry => {
            for entry in counted.iter_mut() {
                let raw: i64 = entry.pieces.iter().map(|p| p.1).sum();
                let delta = rounding.apply(raw) - raw;
                // The difference goes to the day the entry's counted time begins.
                entry.pieces[0].2 += delta;
            }
        }
        RoundingScope::DayAndProject => {
            // (day, project) -> (raw sum, the entry and piece with the most time).
            let mut buckets: Buckets = HashMap::new();
            for (e, entry) in counted.iter().enumerate() {
                for (p, (day, raw, _)) in entry.pieces.iter().enumerate() {
                    let bucket = buckets
                        .entry((*day, entry.project))
                        .or_insert((0, (e, p), -1));
                    bucket.0 += raw;
                    if *raw > bucket.2 {
                        bucket.1 = (e, p);
                        bucket.2 = *raw;
                    }
                }
            }
            for (raw, (e, p), _) in buckets.into_values() {
                counted[e].pieces[p].2 += rounding.apply(raw) - raw;
            }
        }
    }
}

/// Gives each distinct text a number, so grouping compares numbers, not strings.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(id) = self.ids.get(text) {
            return *id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(text.to_string());
        self.ids.insert(text.to_string(), id);
        id
    }
}

/// A group while counting: small and cheap to hash; named only at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    None,
    /// The first project with the name (deleted and live projects may share one).
    Project(usize),
    Client(u32),
    Tag(i64),
    Day(NaiveDate),
    Week(NaiveDate),
    Month(i32, u32),
    Description(u32),
}

/// What turns keys into names.
struct Names<'a> {
    projects: &'a [ProjectInfo],
    /// Per project, the first project with its name.
    same_name: Vec<usize>,
    /// Per project, its client's number in `clients`.
    client_of: Vec<Option<u32>>,
    clients: Vec<String>,
    tags: HashMap<i64, String>,
    descriptions: Vec<String>,
    week_start: WeekStart,
}

impl<'a> Names<'a> {
    fn new(
        projects: &'a [ProjectInfo],
        tags: HashMap<i64, String>,
        descriptions: Vec<String>,
        week_start: WeekStart,
    ) -> Self {
        let mut first_named: HashMap<&str, usize> = HashMap::new();
        let same_name = projects
            .iter()
            .enumerate()
            .map(|(i, p)| *first_named.entry(p.name.as_str()).or_insert(i))
            .collect();
        let mut clients = Interner::default();
        let client_of = projects
            .iter()
            .map(|p| p.client.as_deref().map(|c| clients.id(c)))
            .collect();
        Names {
            projects,
            same_name,
            client_of,
            clients: clients.names,
            tags,
            descriptions,
            week_start,
        }
    }

    /// The group keys of an entry's piece on `day` under `grouping`, into `out`.
    fn keys(&self, grouping: Grouping, entry: &Counted, day: NaiveDate, out: &mut Vec<Key>) {
        out.clear();
        match grouping {
            Grouping::Project => out.push(
                entry
                    .project
                    .map_or(Key::None, |p| Key::Project(self.same_name[p])),
            ),
            Grouping::Client => out.push(
                entry
                    .project
                    .and_then(|p| self.client_of[p])
                    .map_or(Key::None, Key::Client),
            ),
            Grouping::Tag if entry.tags.is_empty() => out.push(Key::None),
            Grouping::Tag => out.extend(entry.tags.iter().map(|t| Key::Tag(*t))),
            Grouping::Day => out.push(Key::Day(day)),
            Grouping::Week => out.push(Key::Week(self.week_start.week_of(day))),
            Grouping::Month => out.push(Key::Month(day.year(), day.month())),
            Grouping::Description => out.push(Key::Description(entry.description)),
        }
    }

    fn name(&self, key: Key) -> Option<String> {
        match key {
            Key::None => None,
            Key::Project(p) => Some(self.projects[p].name.clone()),
            Key::Client(c) => Some(self.clients[c as usize].clone()),
            Key::Tag(t) => self.tags.get(&t).cloned(),
            Key::Day(d) | Key::Week(d) => Some(d.format("%Y-%m-%d").to_string()),
            Key::Month(y, m) => Some(format!("{y:04}-{m:02}")),
            Key::Description(d) => Some(self.descriptions[d as usize].clone()),
        }
    }

    fn color(&self, key: Key) -> String {
        match key {
            Key::Project(p) => self.projects[p].color.clone(),
            _ => NO_PROJECT_COLOR.to_string(),
        }
    }
}

fn build<Tz: TimeZone>(
    query: &ReportQuery,
    now_ms: i64,
    tz: &Tz,
    names: &Names<'_>,
    counted: Vec<Counted>,
) -> SummaryReport {
    let projects = names.projects;
    let mut top: HashMap<Key, Tally> = HashMap::new();
    let (mut first_keys, mut then_keys) = (Vec::new(), Vec::new());
    let mut total = Tally::default();
    let mut billable_ms = 0;
    let mut per_project: HashMap<Option<usize>, i64> = HashMap::new();
    let mut first_day: Option<NaiveDate> = None;
    let mut last_day: Option<NaiveDate> = None;
    for entry in &counted {
        let rate = entry
            .billable
            .then(|| entry.project.and_then(|i| projects[i].rate.as_ref()))
            .flatten();
        for &(day, raw, adjustment) in &entry.pieces {
            let ms = raw + adjustment;
            total.add(raw, ms, rate);
            if entry.billable {
                billable_ms += ms;
            }
            *per_project.entry(entry.project).or_default() += ms;
            first_day = Some(first_day.map_or(day, |d| d.min(day)));
            last_day = Some(last_day.map_or(day, |d| d.max(day)));
            names.keys(query.group_by, entry, day, &mut first_keys);
            if let Some(then_by) = query.then_by {
                names.keys(then_by, entry, day, &mut then_keys);
            }
            for key in &first_keys {
                let group = top.entry(*key).or_default();
                group.add(raw, ms, rate);
                for child in &then_keys {
                    group.children.entry(*child).or_default().add(raw, ms, rate);
                }
            }
        }
    }

    let group = |grouping: Grouping, key: Key, tally: &Tally| ReportGroup {
        key: names.name(key),
        color: (grouping == Grouping::Project).then(|| names.color(key)),
        ms: tally.ms,
        raw_ms: tally.raw_ms,
        amounts: tally.amounts(),
        children: Vec::new(),
        rest: None,
    };
    // Only the groups shown are named and sorted by name: a year of unique descriptions does not
    // cost a string each.
    let (top_keys, rest) = keep(
        query.group_by,
        top.iter().map(|(k, t)| (*k, t)).collect(),
        query.max_groups,
    );
    let groups = sorted(
        query.group_by,
        top_keys
            .into_iter()
            .map(|(key, tally)| {
                let mut g = group(query.group_by, key, tally);
                if let Some(then_by) = query.then_by {
                    let (kept, rest) = keep(
                        then_by,
                        tally.children.iter().map(|(k, t)| (*k, t)).collect(),
                        query.max_groups,
                    );
                    g.children = sorted(
                        then_by,
                        kept.into_iter()
                            .map(|(k, t)| group(then_by, k, t))
                            .collect(),
                    );
                    g.rest = rest;
                }
                g
            })
            .collect(),
    );

    // The chart: projects by time, bars over the days that have time (or the range's days).
    let mut chart_projects: Vec<(Option<usize>, i64)> = per_project.into_iter().collect();
    chart_projects.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let range_first = local_date(from_ms(query.from_ms), tz);
    let range_last = local_date(from_ms((query.to_ms - 1).max(query.from_ms)), tz);
    let (first, last) = match (first_day, last_day) {
        // An open range ("all time") is drawn from the first day with time.
        (Some(f), Some(l)) if (range_last - range_first).num_days() > 366 * 3 => (f, l),
        _ => (range_first, range_last),
    };
    let unit = chart_unit(first, last);
    let column: HashMap<Option<usize>, usize> = chart_projects
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (*p, i))
        .collect();
    let mut bars: Vec<ChartBar> = Vec::new();
    let mut bar_index: HashMap<NaiveDate, usize> = HashMap::new();
    let mut cursor = bar_start(first, unit, query.week_start);
    while cursor <= last && bars.len() < 10_000 {
        bar_index.insert(cursor, bars.len());
        bars.push(ChartBar {
            first: cursor.format("%Y-%m-%d").to_string(),
            ms: 0,
            by_project: vec![0; chart_projects.len()],
        });
        cursor = next_bar(cursor, unit);
    }
    for entry in &counted {
        for &(day, raw, adjustment) in &entry.pieces {
            if let Some(&i) = bar_index.get(&bar_start(day, unit, query.week_start)) {
                bars[i].ms += raw + adjustment;
                bars[i].by_project[column[&entry.project]] += raw + adjustment;
            }
        }
    }

    SummaryReport {
        from_ms: query.from_ms,
        to_ms: query.to_ms,
        as_of_ms: now_ms,
        total_ms: total.ms,
        raw_total_ms: total.raw_ms,
        billable_ms,
        amounts: total.amounts(),
        entry_count: u32::try_from(counted.len()).unwrap_or(u32::MAX),
        groups,
        rest,
        chart_unit: unit,
        chart: bars,
        projects: chart_projects
            .iter()
            .map(|(p, _)| ChartProject {
                name: p.map(|i| projects[i].name.clone()),
                color: p.map_or(NO_PROJECT_COLOR.to_string(), |i| projects[i].color.clone()),
            })
            .collect(),
    }
}

/// Time groups run in order; the others largest first (then by name, "none" last).
fn sorted(grouping: Grouping, mut groups: Vec<ReportGroup>) -> Vec<ReportGroup> {
    groups.retain(|g| g.raw_ms > 0 || g.ms > 0);
    match grouping {
        Grouping::Day | Grouping::Week | Grouping::Month => {
            groups.sort_by(|a, b| a.key.cmp(&b.key))
        }
        _ => groups.sort_by(|a, b| {
            b.ms.cmp(&a.ms)
                .then_with(|| a.key.is_none().cmp(&b.key.is_none()))
                .then_with(|| a.key.cmp(&b.key))
        }),
    }
    groups
}

/// Days for up to about two months, weeks up to about half a year, months up to five years.
fn chart_unit(first: NaiveDate, last: NaiveDate) -> ChartUnit {
    match (last - first).num_days() {
        ..=62 => ChartUnit::Day,
        63..=190 => ChartUnit::Week,
        191..=1830 => ChartUnit::Month,
        _ => ChartUnit::Year,
    }
}

fn bar_start(day: NaiveDate, unit: ChartUnit, week_start: WeekStart) -> NaiveDate {
    match unit {
        ChartUnit::Day => day,
        ChartUnit::Week => week_start.week_of(day),
        ChartUnit::Month => day.with_day(1).unwrap_or(day),
        ChartUnit::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
    }
}

fn next_bar(start: NaiveDate, unit: ChartUnit) -> NaiveDate {
    match unit {
        ChartUnit::Day => start + Duration::days(1),
        ChartUnit::Week => start + Duration::days(7),
        ChartUnit::Month => start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX),
        ChartUnit::Year => {
            NaiveDate::from_ymd_opt(start.year() + 1, 1, 1).unwrap_or(NaiveDate::MAX)
        }
    }
}
