// Shared by the integration tests: a real SQLite file in a fresh temp dir per test.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use stint_core::{EntryFields, Store, TimerStart};
use tempfile::TempDir;

pub async fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("stint.db")).await.unwrap();
    (dir, store)
}

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn start(description: &str) -> TimerStart {
    TimerStart {
        description: description.into(),
        ..Default::default()
    }
}

pub fn fields(description: &str, start: &str, stop: Option<&str>) -> EntryFields {
    EntryFields {
        description: description.into(),
        project_id: None,
        tags: vec![],
        start: start.into(),
        stop: stop.map(str::to_string),
        billable: None,
    }
}

pub async fn count_entries(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM entries")
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// Every live entry as Stint's CSV export.
pub async fn export_csv(store: &Store) -> String {
    let mut out = Vec::new();
    store
        .export(
            stint_core::transfer::ExportFormat::Csv,
            None,
            None,
            &mut out,
        )
        .await
        .unwrap();
    String::from_utf8(out).unwrap()
}
