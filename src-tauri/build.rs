// Declaring the app's commands makes Tauri generate an `allow-<command>` permission for each,
// so the capability file can grant exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "get_running",
    "start_timer",
    "stop_timer",
    "continue_entry",
    "get_timeline",
    "search_entries",
    "get_days",
    "add_entry",
    "update_entry",
    "delete_entry",
    "restore_entry",
    "list_projects",
    "create_project",
    "delete_project",
    "list_tags",
    "get_preferences",
    "get_display_preferences",
    "set_display_preferences",
    "set_start_at_login",
    "set_shortcut",
    "acknowledge_tray_hint",
    "set_crash_reports",
    "get_update_settings",
    "set_update_channel",
    "set_auto_update",
    "check_for_update",
    "install_update",
    "get_data_info",
    "back_up_now",
    "restore_backup",
    "choose_import_file",
    "preview_import",
    "import_file",
    "undo_import",
];

/// Only in builds with the `test-triggers` feature (see src/reporting/triggers.rs).
const TEST_TRIGGERS: &[&str] = &["debug_panic", "debug_crash"];

fn main() {
    let mut commands = COMMANDS.to_vec();
    if std::env::var_os("CARGO_FEATURE_TEST_TRIGGERS").is_some() {
        commands.extend(TEST_TRIGGERS);
    }
    let commands: &'static [&'static str] = commands.leak();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
