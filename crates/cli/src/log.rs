//! `stint log`: entries grouped by day, with each day's total (overlaps counted once) and each
//! overlap marked; with a search or a filter, over the whole history.

use chrono::{DateTime, Local, Utc};
use serde_json::json;
use stint_core::search::SearchQuery;
use stint_core::Store;

use crate::args::LogArgs;
use crate::failure::Failure;
use crate::output::{entry_json, entry_line, print_json};
use crate::range;

pub async fn run(
    store: &Store,
    args: LogArgs,
    json_out: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let LogArgs {
        range,
        search,
        project,
        tag,
    } = args;
    let filtered = search.is_some() || project.is_some() || tag.is_some();
    let default = if filtered {
        range::Default::Everything
    } else {
        range::Default::LastWeekOfDays
    };
    let (from, to) = range::resolve(&range, default, store, now).await?;
    let entries = if filtered {
        let query = SearchQuery {
            text: search.unwrap_or_default(),
            project,
            tag,
            from_ms: Some(from.timestamp_millis()),
            to_ms: Some(to.timestamp_millis()),
            limit: Some(u32::MAX - 1),
        };
        let results = store.search(&query, &Local, now).await?;
        results.days.into_iter().flat_map(|d| d.entries).collect()
    } else {
        store.entries_between(from, to).await?
    };
    let now_ms = now.timestamp_millis();
    if json_out {
        print_json(&json!(entries
            .iter()
            .map(|e| entry_json(e, now_ms))
            .collect::<Vec<_>>()));
        return Ok(());
    }
    if entries.is_empty() {
        println!(
            "{}",
            if filtered {
                "No entries match."
            } else {
                "No entries in this range."
            }
        );
        return Ok(());
    }
    let style = store.display_preferences().await?.duration_format;
    for day in stint_core::timeline::group_days(entries, &Local, now) {
        let date = chrono::NaiveDate::parse_from_str(&day.date, "%Y-%m-%d")
            .map_or(day.date.clone(), |d| d.format("%a %-d %b %Y").to_string());
        println!("{date:<40}{:>10}", style.format(day.total_ms));
        for entry in &day.entries {
            let overlap = day
                .overlaps
                .iter()
                .find(|o| o.entry_id == entry.id)
                .map(|o| format!("  (overlaps #{})", o.other_id))
                .unwrap_or_default();
            println!("  {}{overlap}", entry_line(entry, now_ms));
        }
    }
    Ok(())
}
