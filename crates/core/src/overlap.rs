//! Finding the entries that overlap a time range without reading the whole history.

use sqlx::SqliteConnection;

use crate::error::Result;

/// The earliest start an entry overlapping an instant `from_ms` can have: `from_ms` less the
/// longest finished entry (an indexed lookup, see migration 0002), or the running entry's start
/// if that is earlier. Queries add `start_ms >= floor` so their index range stays near the range.
pub(crate) async fn overlap_floor(conn: &mut SqliteConnection, from_ms: i64) -> Result<i64> {
    let longest: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(stop_ms - start_ms) FROM entries WHERE deleted_at IS NULL AND stop_ms IS NOT NULL",
    )
    .fetch_one(&mut *conn)
    .await?;
    let running: Option<i64> = sqlx::query_scalar(
        "SELECT start_ms FROM entries INDEXED BY entries_one_running
         WHERE stop_ms IS NULL AND deleted_at IS NULL",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let floor = from_ms.saturating_sub(longest.unwrap_or(0));
    Ok(running.map_or(floor, |start| floor.min(start)))
}

/// SQL for the part of an entry inside `[?from, ?to)`, a running entry counting up to `?now`.
/// Parameters: 1 = now, 2 = from, 3 = to.
pub(crate) const CLIPPED_MS: &str =
    "MAX(0, MIN(COALESCE(e.stop_ms, ?1), ?3) - MAX(e.start_ms, ?2))";

/// SQL condition for live entries overlapping `[?2, ?3)`, with `?4` the overlap floor.
pub(crate) const OVERLAPS: &str = "e.deleted_at IS NULL AND e.start_ms >= ?4 AND e.start_ms < ?3 \
     AND COALESCE(e.stop_ms, ?1) > ?2";
