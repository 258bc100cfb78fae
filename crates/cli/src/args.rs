//! The command line's grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use stint_core::import::{ColumnMapping, DateOrder, ImportFormat, ProjectTag, UndoTarget};
use stint_core::report::Grouping;
use stint_core::rounding::Rounding;

/// Track time from the terminal, on the same database as the Stint desktop app.
///
/// Times can be typed as now, 9:30, yesterday 17:00, 2026-11-02T09:30, 2026-11-02 09:30, or -15m
/// (15 minutes ago), in your local time zone. A time that occurs twice when the clocks go back
/// means the first; a time the clocks skip is refused. Days are 2026-11-02, today or yesterday.
///
/// The database lives in the OS's per-user app directory, or in $STINT_DATA_DIR when set.
///
/// Exit codes: 0 success, 1 the request was refused (bad input, or the timer's state does not
/// allow it), 2 the command line itself was wrong, 3 Stint failed (database or file error).
#[derive(Debug, Parser)]
#[command(name = "stint", version, max_term_width = 100)]
pub struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

// Each subcommand's arguments are built only when it is the one run (or for help and
// completions): building all of them took a seventh of a `stint status`'s instructions. A doc
// comment on a type a subcommand flattens or nests would then replace the subcommand's own
// description, so those types carry plain comments (`tests/cli.rs` checks every description).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Start a timer.
    Start(StartArgs),
    /// Stop the running timer.
    Stop,
    /// Show the running timer.
    Status,
    /// Start a new timer like an earlier entry (the latest one when no ID is given).
    Continue { id: Option<i64> },
    /// Show or answer the question about time away from the machine while a timer ran (idle,
    /// screen locked, asleep). Without an answer, shows the question.
    Idle {
        #[command(subcommand)]
        answer: Option<IdleAnswer>,
    },
    /// Show or change preferences, the same ones as the app's Settings. Without a subcommand,
    /// lists them all with their values.
    Config {
        #[command(subcommand)]
        action: Option<ConfigAction>,
    },
    /// Add an entry for time you did not track live.
    Add(AddArgs),
    /// Change an entry; options not given keep their value.
    Edit(EditArgs),
    /// Delete an entry (`stint undo` brings it back).
    Delete { id: i64 },
    /// Restore the most recently deleted entry.
    Undo,
    /// List entries, grouped by day (the last 7 days unless a range is given; with a search or a
    /// filter, the whole history).
    Log(LogArgs),
    /// Where the time went in a range (today unless a range is given): grouped, filtered,
    /// rounded, with billable amounts.
    #[command(
        after_help = "Examples:\n  stint report --last-week --by project,description\n  stint report --month --project acme --billable --round up:15\n  stint report --year --by month --tag meetings --tag calls\n  stint report --from 2026-11-01 --to 2026-11-15 --round nearest:6:day"
    )]
    Report(ReportArgs),
    /// List projects.
    Projects,
    /// List tags.
    Tags,
    /// Write entries as CSV, JSON or iCalendar, or a PDF timesheet (to standard output unless
    /// --output is given).
    Export(ExportArgs),
    /// Import entries from Toggl Track, Clockify, Watson, Timewarrior, Stint, or any CSV.
    ///
    /// The format is found from the file's content: Toggl's detailed report (CSV) or time
    /// entries (JSON), Clockify's detailed report (CSV), Watson's frames file or `watson log
    /// --json`, `timew export` or Timewarrior's data folder, Stint's CSV or JSON export. Any
    /// other CSV imports with --map. All rows or none, in one batch you can undo
    /// (--undo LAST). Entries already there are left out, by the other tracker's id or by
    /// their times, text, project and tags.
    #[command(
        after_help = "Examples:\n  stint import toggl-report.csv\n  stint import --tz Europe/Berlin --date-format dmy clockify.csv\n  stint import ~/.timewarrior --project-tag first\n  stint import --map start=Begin,stop=End,description=Notes hours.csv\n  stint import --dry-run export.json\n  stint import --undo LAST"
    )]
    Import(ImportArgs),
    /// Write a consistent copy of the database: to FILE, or into the backups folder beside
    /// the database (safe while the app or another stint is writing).
    Backup { file: Option<PathBuf> },
    /// List the backups in the backups folder: when, why, entries and size.
    Backups,
    /// Replace all entries, projects and tags with those in BACKUP (a path, or a name from
    /// `stint backups`). What is there now is backed up first.
    Restore { backup: PathBuf },
    /// Save what can still be read from a damaged database into a new file and put it in place;
    /// the damaged file is kept beside it, renamed.
    Recover {
        /// Write the salvaged database here instead and leave the damaged one where it is.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
}

impl Command {
    /// True for commands that must not run on a damaged file: those that write, and those whose
    /// output people keep as a copy of their data (export, backup). The others skip the
    /// full-file check (see `Store::open_for_reading`).
    pub fn checks_whole_file(&self) -> bool {
        self.writes() || matches!(self, Command::Export(_) | Command::Backup { .. })
    }

    /// True for commands that change the database; the others work on a read-only file.
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            Command::Status
                | Command::Idle { answer: None }
                | Command::Config {
                    action: None | Some(ConfigAction::Get { .. })
                }
                | Command::Log(_)
                | Command::Report(_)
                | Command::Projects
                | Command::Tags
                | Command::Export(_)
                | Command::Backup { .. }
                | Command::Backups
                | Command::Completions { .. }
                | Command::Import(ImportArgs { list: true, .. })
        )
    }
}

// What `stint config` does. (Doc comments on the types below the subcommands would replace the
// commands' own descriptions: see `Command`.)
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Show one setting's value (`tracking.idle_minutes` for one part of `tracking`).
    Get { name: String },
    /// Change one setting, checked as the app checks it (e.g. `week_start sunday`,
    /// `tracking.idle_minutes 10`, `tracking.stop_at 18:30`, `tracking.stop_at none`).
    Set {
        name: String,
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        value: Vec<String>,
    },
    /// Put a setting (or one part of `tracking`) back to its default.
    Unset { name: String },
}

#[derive(Debug, Args)]
pub struct StartArgs {
    /// What you are working on.
    #[arg(required = true, num_args = 1..)]
    pub description: Vec<String>,
    #[command(flatten)]
    pub labels: Labels,
    /// When it started, if not now (e.g. -15m or 9:30).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
    #[command(flatten)]
    pub billing: Billing,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub from: String,
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub to: String,
    #[arg(required = true, num_args = 1..)]
    pub description: Vec<String>,
    #[command(flatten)]
    pub labels: Labels,
    #[command(flatten)]
    pub billing: Billing,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub id: i64,
    #[arg(short, long)]
    pub description: Option<String>,
    #[arg(short, long, conflicts_with = "no_project")]
    pub project: Option<String>,
    /// Remove the entry's project.
    #[arg(long)]
    pub no_project: bool,
    /// Replace the entry's tags (repeat for several).
    #[arg(short, long = "tag", value_name = "TAG", conflicts_with = "no_tags")]
    pub tags: Vec<String>,
    /// Remove all of the entry's tags.
    #[arg(long)]
    pub no_tags: bool,
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub from: Option<String>,
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub to: Option<String>,
    #[command(flatten)]
    pub billing: Billing,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub range: Range,
    /// Only entries whose description has these words (each matches from a word's start;
    /// case and accents are ignored).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only entries of this project.
    #[arg(long, short = 'p', value_name = "PROJECT")]
    pub project: Option<String>,
    /// Only entries with this tag.
    #[arg(long, short = 't', value_name = "TAG")]
    pub tag: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub range: Range,
    /// Group by one, or two levels of: project, client, tag, day, week, month, description
    /// (e.g. project,description).
    #[arg(long, value_name = "GROUPS", value_parser = parse_groups)]
    pub by: Option<Groups>,
    /// Only this project's entries (repeat for several).
    #[arg(long, short = 'p', value_name = "PROJECT")]
    pub project: Vec<String>,
    /// Only entries with this tag (repeat for several: any of them, or all with --all-tags).
    #[arg(long, short = 't', value_name = "TAG")]
    pub tag: Vec<String>,
    /// With several --tag: only entries that have every one.
    #[arg(long, requires = "tag")]
    pub all_tags: bool,
    /// Only entries whose description has these words.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only billable entries.
    #[arg(long, conflicts_with = "not_billable")]
    pub billable: bool,
    /// Only entries that are not billable.
    #[arg(long)]
    pub not_billable: bool,
    /// Round each entry: up:15, down:6, nearest:30 (steps 1, 5, 6, 10, 15, 30, 60 minutes);
    /// add :day to round each day's total per project instead (nearest:15:day).
    #[arg(long, value_name = "ROUNDING", value_parser = parse_rounding)]
    pub round: Option<Rounding>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    #[command(flatten)]
    pub range: Range,
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

// The answers to the question about time away.
#[derive(Debug, Subcommand)]
pub enum IdleAnswer {
    /// Count the time away in the entry.
    Keep,
    /// End the entry when the time away began; the timer stops.
    Discard,
    /// End the entry when the time away began and continue it from the return.
    Continue,
    /// Make the time away an entry of its own (e.g. "Meeting"); the timer continues.
    New {
        /// What the time away was.
        #[arg(required = true, num_args = 1..)]
        description: Vec<String>,
        #[command(flatten)]
        labels: Labels,
    },
    /// Take an answer back: the question is asked again.
    Undo {
        /// The answer's number, as the answer printed it.
        id: i64,
    },
}

// `--billable` / `--not-billable`; neither: as the project says (for a new entry) or unchanged.
#[derive(Debug, Args, Default)]
pub struct Billing {
    /// The time is billable.
    #[arg(long, conflicts_with = "not_billable")]
    pub billable: bool,
    /// The time is not billable.
    #[arg(long)]
    pub not_billable: bool,
}

impl Billing {
    pub fn choice(&self) -> Option<bool> {
        (self.billable || self.not_billable).then_some(self.billable)
    }
}

#[derive(Debug, Args)]
pub struct Labels {
    /// The project (created if new).
    #[arg(short, long)]
    pub project: Option<String>,
    /// A tag (repeat for several).
    #[arg(short, long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub struct Range {
    /// This day only.
    #[arg(long, conflicts_with_all = ["yesterday", "week", "last_week", "month", "last_month", "year", "last_year", "all", "from"])]
    pub today: bool,
    /// The day before today.
    #[arg(long, conflicts_with_all = ["week", "last_week", "month", "last_month", "year", "last_year", "all", "from"])]
    pub yesterday: bool,
    /// This week (starting on the day chosen in the app's Settings, Monday unless changed).
    #[arg(long, conflicts_with_all = ["last_week", "month", "last_month", "year", "last_year", "all", "from"])]
    pub week: bool,
    /// The week before this one.
    #[arg(long, conflicts_with_all = ["month", "last_month", "year", "last_year", "all", "from"])]
    pub last_week: bool,
    /// This calendar month.
    #[arg(long, conflicts_with_all = ["last_month", "year", "last_year", "all", "from"])]
    pub month: bool,
    /// The month before this one.
    #[arg(long, conflicts_with_all = ["year", "last_year", "all", "from"])]
    pub last_month: bool,
    /// This calendar year.
    #[arg(long, conflicts_with_all = ["last_year", "all", "from"])]
    pub year: bool,
    /// The year before this one.
    #[arg(long, conflicts_with_all = ["all", "from"])]
    pub last_year: bool,
    /// Everything since the first entry.
    #[arg(long, conflicts_with_all = ["from"])]
    pub all: bool,
    /// First day of the range, whole.
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    /// Last day of the range, whole (today when omitted).
    #[arg(long, value_name = "DAY", requires = "from")]
    pub to: Option<String>,
}

impl Range {
    /// Whether any range option was given.
    pub fn is_given(&self) -> bool {
        self.today
            || self.yesterday
            || self.week
            || self.last_week
            || self.month
            || self.last_month
            || self.year
            || self.last_year
            || self.all
            || self.from.is_some()
    }
}

/// `--by`: one grouping, or two levels.
#[derive(Debug, Clone, Copy)]
pub struct Groups {
    pub first: Grouping,
    pub then: Option<Grouping>,
}

fn parse_groups(text: &str) -> Result<Groups, String> {
    let one = |name: &str| match name.trim().to_ascii_lowercase().as_str() {
        "project" => Ok(Grouping::Project),
        "client" => Ok(Grouping::Client),
        "tag" => Ok(Grouping::Tag),
        "day" => Ok(Grouping::Day),
        "week" => Ok(Grouping::Week),
        "month" => Ok(Grouping::Month),
        "description" => Ok(Grouping::Description),
        other => Err(format!(
            "“{other}” is not a grouping: use project, client, tag, day, week, month or description"
        )),
    };
    let parts: Vec<&str> = text.split(',').collect();
    match parts.as_slice() {
        [first] => Ok(Groups {
            first: one(first)?,
            then: None,
        }),
        [first, then] => Ok(Groups {
            first: one(first)?,
            then: Some(one(then)?),
        }),
        _ => Err("give one grouping, or two separated by a comma (project,description)".into()),
    }
}

fn parse_rounding(text: &str) -> Result<Rounding, String> {
    text.parse::<Rounding>().map_err(|err| err.to_string())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    /// iCalendar (RFC 5545), one event per entry.
    Ical,
    /// A timesheet, one page per week, grouped by project.
    Pdf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file, or Timewarrior's data folder; - reads standard input.
    #[arg(required_unless_present_any = ["undo", "list"])]
    pub file: Option<PathBuf>,
    /// Read the file as this format instead of detecting it: stint-csv, stint-json,
    /// toggl-csv, toggl-json, clockify-csv, watson-frames, watson-log, timewarrior-export,
    /// timewarrior-data, csv-mapped.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<ImportFormat>,
    /// The time zone the file's local times are in (default: this computer's), e.g.
    /// Europe/Berlin.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// How the file writes dates when that cannot be told from them: dmy (DD/MM/YYYY),
    /// mdy (MM/DD/YYYY) or ymd.
    #[arg(long = "date-format", value_name = "ORDER", value_parser = parse_date_order)]
    pub date_format: Option<DateOrder>,
    /// Which column holds what, for a CSV Stint does not know: start=Begin,stop=End,...
    /// Fields: start, stop (date and time in one cell), start_date, start_time, stop_date,
    /// stop_time, duration, description, project, client, tags, billable, id.
    #[arg(long, value_name = "FIELD=COLUMN,...", value_parser = parse_map)]
    pub map: Option<Vec<ColumnMapping>>,
    /// For Timewarrior, which has tags but no projects: none (every tag stays a tag),
    /// first (each interval's first tag is its project), or a prefix such as project:.
    #[arg(long = "project-tag", value_name = "RULE", default_value = "none", value_parser = parse_project_tag)]
    pub project_tag: ProjectTag,
    /// Show what the import would do, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the rows that can be read and leave out the others (they are listed).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Take back a whole import: LAST, or its number from --list.
    #[arg(long, value_name = "LAST|NUMBER", value_parser = parse_undo, conflicts_with = "file")]
    pub undo: Option<UndoTarget>,
    /// List past imports.
    #[arg(long, conflicts_with_all = ["file", "undo"])]
    pub list: bool,
}

fn parse_format(text: &str) -> Result<ImportFormat, String> {
    text.parse()
}

fn parse_date_order(text: &str) -> Result<DateOrder, String> {
    text.parse()
}

fn parse_map(text: &str) -> Result<Vec<ColumnMapping>, String> {
    stint_core::import::parse_mapping(text)
}

fn parse_project_tag(text: &str) -> Result<ProjectTag, String> {
    text.parse()
}

fn parse_undo(text: &str) -> Result<UndoTarget, String> {
    text.parse()
}
