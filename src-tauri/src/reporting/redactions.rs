//! The person's own words the app currently knows — entry descriptions, project and tag
//! names — so a report can be searched for them before it leaves. They reach reports through
//! panic messages and UI errors that quote what was on screen.

use std::sync::RwLock;

use stint_core::Store;

/// Recent enough to be on screen or in a running task's memory.
const RECENT_ENTRIES: u32 = 200;

static TEXTS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// The texts to redact, longest first so a longer one is never cut by a shorter one inside it.
pub fn current() -> Vec<String> {
    TEXTS.read().map(|texts| texts.clone()).unwrap_or_default()
}

pub fn replace(mut texts: Vec<String>) {
    texts.retain(|text| !text.trim().is_empty());
    texts.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    texts.dedup();
    if let Ok(mut current) = TEXTS.write() {
        *current = texts;
    }
}

/// Reloads the texts from the database. The log (logging.rs) is scrubbed with them too, so
/// they are kept whether or not reports may be sent.
pub async fn refresh(store: &Store) {
    let (entries, projects, tags) = match (
        store.recent(RECENT_ENTRIES).await,
        store.projects().await,
        store.tags().await,
    ) {
        (Ok(entries), Ok(projects), Ok(tags)) => (entries, projects, tags),
        _ => return,
    };
    let mut texts = Vec::new();
    for entry in entries {
        texts.push(entry.description);
        texts.extend(entry.project.map(|p| p.name));
        texts.extend(entry.tags);
    }
    texts.extend(projects.into_iter().map(|p| p.name));
    texts.extend(tags.into_iter().map(|t| t.name));
    replace(texts);
}
