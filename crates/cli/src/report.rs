//! `stint report`: where the time went in a range, grouped, filtered, rounded, with amounts —
//! stint-core's report engine, the same as the window's Reports.

use chrono::{DateTime, Local, Utc};
use stint_core::local_time::to_ms;
use stint_core::report::{Grouping, ReportFilter, ReportQuery, TagMatch};
use stint_core::Store;

use crate::args::ReportArgs;
use crate::failure::Failure;
use crate::output::{print_json, report_json, report_text};
use crate::range;

pub async fn run(
    store: &Store,
    args: ReportArgs,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let ReportArgs {
        range,
        by,
        project,
        tag,
        all_tags,
        search,
        billable,
        not_billable,
        round,
    } = args;
    let (from, to) = range::resolve(&range, range::Default::Today, store, now).await?;
    let display = store.display_preferences().await?;
    let query = ReportQuery {
        from_ms: to_ms(from),
        to_ms: to_ms(to),
        filter: ReportFilter {
            projects: project,
            tags: tag,
            tag_match: if all_tags {
                TagMatch::All
            } else {
                TagMatch::Any
            },
            text: search.unwrap_or_default(),
            billable: (billable || not_billable).then_some(billable),
        },
        group_by: by.map_or(Grouping::Project, |g| g.first),
        then_by: by.and_then(|g| g.then),
        rounding: round,
        week_start: display.week_start,
        max_groups: None,
    };
    let report = store.summary(&query, to_ms(now), &Local).await?;
    let groups = if by.is_some() {
        report.groups.as_slice()
    } else {
        &[]
    };
    if json_out {
        print_json(&report_json(&report, groups, round.is_some()));
    } else {
        print!(
            "{}",
            report_text(&report, groups, &query, display.duration_format)
        );
    }
    Ok(())
}
