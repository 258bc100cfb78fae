//! Commands that break the app on purpose, so the tests can show what a report carries. They
//! exist only with the `test-triggers` feature: release builds have neither the commands nor
//! the permission to call them.

use stint_core::Store;
use tauri::ipc::{CapabilityBuilder, Invoke};
use tauri::{Manager, Runtime, State};

const COMMANDS: [&str; 2] = ["debug_panic", "debug_crash"];

/// Panics in a command while a timer runs, quoting its description the way careless code
/// might, so the test can show the description never leaves.
#[tauri::command]
async fn debug_panic(store: State<'_, Store>) -> Result<(), ()> {
    let running = store.running().await.ok().flatten();
    let description = running.map(|entry| entry.description).unwrap_or_default();
    panic!("deliberate test panic while timing {description}");
}

/// Ends the process the way a native crash does: by a fatal signal, with no Rust unwinding.
#[tauri::command]
fn debug_crash() {
    std::process::abort();
}

/// Puts the trigger commands in front of the app's own.
pub fn with_triggers<R: Runtime>(
    app_commands: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    let triggers: Box<dyn Fn(Invoke<R>) -> bool + Send + Sync> =
        Box::new(tauri::generate_handler![debug_panic, debug_crash]);
    move |invoke: Invoke<R>| {
        if COMMANDS.contains(&invoke.message.command()) {
            triggers(invoke)
        } else {
            app_commands(invoke)
        }
    }
}

/// Lets the main window call them.
pub fn allow<R: Runtime, M: Manager<R>>(app: &M) -> tauri::Result<()> {
    app.add_capability(
        CapabilityBuilder::new("test-triggers")
            .window(crate::MAIN_WINDOW)
            .permission("allow-debug-panic")
            .permission("allow-debug-crash"),
    )
}
