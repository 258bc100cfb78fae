// Declaring the app's commands makes Tauri generate an `allow-<command>` permission for each,
// so the capability file can grant exactly these and nothing else. The list is read from the one
// place commands are registered, `collect_commands!` in src/lib.rs; `tests/commands_list.rs`
// checks the capability file, the UI's api.ts and the test double against the same list.
fn registered_commands() -> Vec<String> {
    let source = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs is readable");
    let start = source
        .find("collect_commands![")
        .expect("src/lib.rs registers its commands with collect_commands!");
    let body = &source[start + "collect_commands![".len()..];
    let body = &body[..body.find(']').expect("collect_commands! is closed")];
    body.split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_string())
        .collect()
}

/// Only in builds with the `test-triggers` feature (see src/reporting/triggers.rs).
const TEST_TRIGGERS: &[&str] = &["debug_panic", "debug_crash"];

fn main() {
    println!("cargo:rerun-if-changed=src/lib.rs");
    let mut commands: Vec<&'static str> = registered_commands()
        .into_iter()
        .map(|name| &*name.leak())
        .collect();
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
