//! Events the Rust side sends the UI, typed through tauri-specta.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Something changed the database outside this window's own commands (the `stint` CLI, or
/// another process): the UI should fetch a fresh picture.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct DataChanged;

/// The person closed the window for the first time: the UI explains that Stint stays in the
/// tray, then closes the window itself.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct CloseToTrayAsked;

/// The person chose Import… in the tray menu: the window (shown by then) opens its import
/// dialog.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct ImportAsked;

/// The person chose Reports… in the tray menu: the window (shown by then) opens its Reports view.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct ReportsAsked;

/// The person came back after time away while a timer ran: the window (shown by then) asks
/// what to do with that time.
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct AwayAsked;
