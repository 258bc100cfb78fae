//! Finding the entries that overlap a time range without reading the whole history.

use sqlx::SqliteConnection;

use crate::error::Result;

/// What bounds how far before an instant an entry overlapping it can start: the longest
/// finished entry (an indexed lookup, see migration 0002) and the running entry's start.
pub(crate) struct OverlapBounds {
    pub longest_ms: i64,
    pub running_start_ms: Option<i64>,
}

impl OverlapBounds {
    /// The earliest start an entry overlapping `from_ms` can have. Queries add
    /// `start_ms >= floor` so their index range stays near the range.
    pub fn floor(&self, from_ms: i64) -> i64 {
        let floor = from_ms.saturating_sub(self.longest_ms);
        self.running_start_ms
            .map_or(floor, |start| floor.min(start))
    }
}

pub(crate) async fn overlap_bounds(conn: &mut SqliteConnection) -> Result<OverlapBounds> {
    let longest: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(stop_ms - start_ms) FROM entries WHERE deleted_at IS NULL AND stop_ms IS NOT NULL",
    )
    .fetch_one(&mut *conn)
    .await?;
    let running_start_ms: Option<i64> = sqlx::query_scalar(
        "SELECT start_ms FROM entries INDEXED BY entries_one_running
         WHERE stop_ms IS NULL AND deleted_at IS NULL",
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(OverlapBounds {
        longest_ms: longest.unwrap_or(0),
        running_start_ms,
    })
}

/// [`OverlapBounds::floor`] for one instant.
pub(crate) async fn overlap_floor(conn: &mut SqliteConnection, from_ms: i64) -> Result<i64> {
    Ok(overlap_bounds(conn).await?.floor(from_ms))
}

/// SQL condition for live entries overlapping `[?2, ?3)`, with `?4` the overlap floor.
pub(crate) const OVERLAPS: &str = "e.deleted_at IS NULL AND e.start_ms >= ?4 AND e.start_ms < ?3 \
     AND COALESCE(e.stop_ms, ?1) > ?2";
