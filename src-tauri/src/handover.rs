//! On Linux, closing the window hands the tray over to a fresh, hidden Stint and ends this
//! process. WebKitGTK keeps a good deal alive after its last webview is gone: its network
//! process, and the GL driver it loaded for the first page (Mesa's llvmpipe alone is ~26 MiB),
//! which no library can unload: a process whose window was closed holds about twice the memory
//! of one that never built a webview (the README's "Desktop footprint" table, from
//! bench/app_bench.py, has the figures). Stint's state
//! lives in the database, so the new process carries on exactly where this one was: the
//! running timer, the tray, the shortcut and the window's place.
//!
//! The successor is this binary again, started `--hidden --succeeds <pid>`. It waits for this
//! process to be gone before it claims the single instance, so two Stints never hold the tray.
//! This process lets go of the single instance first, so a launch in between starts a Stint of
//! its own, which the successor then hands over to.

use tauri::{AppHandle, Manager, Runtime};

use crate::window::{self, MAIN_WINDOW};

/// The argument that tells a new Stint which process it takes over from.
const SUCCEEDS_ARG: &str = "--succeeds";
/// How long a successor waits for its predecessor before it starts anyway.
const PREDECESSOR_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// The process this one takes over from, if it was started as a successor.
pub fn predecessor() -> Option<u32> {
    predecessor_in(std::env::args())
}

fn predecessor_in(args: impl IntoIterator<Item = String>) -> Option<u32> {
    let mut args = args.into_iter();
    args.find(|arg| arg == SUCCEEDS_ARG)?;
    args.next()?.parse().ok()
}

/// Waits until the predecessor has exited (or become a zombie its parent has not reaped yet).
pub fn await_exit(pid: u32) {
    let began = std::time::Instant::now();
    while running(pid) {
        if began.elapsed() > PREDECESSOR_GRACE {
            crate::logging::before_start(&format!(
                "the Stint before this one (pid {pid}) is still running; starting anyway"
            ));
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses and may hold spaces.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// The window is gone: start the successor and end this process, unless something here must
/// not be cut short (an update installing), the window was opened again meanwhile, or this is
/// `tauri dev` (which would take an ended process for the app quitting, and stop serving the UI).
pub fn begin<R: Runtime>(app: &AppHandle<R>) {
    if tauri::is_dev() || app.state::<crate::updates::Updates>().installing() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        window::save_geometry(&app).await;
        if app.get_webview_window(MAIN_WINDOW).is_some() {
            return;
        }
        match spawn_successor(&app) {
            Ok(()) => {
                tauri_plugin_single_instance::destroy(&app);
                app.exit(0);
            }
            // Staying is always safe: Stint just keeps the memory it holds.
            Err(err) => log::warn!("staying in this process; no successor: {err}"),
        }
    });
}

fn spawn_successor<R: Runtime>(app: &AppHandle<R>) -> std::io::Result<()> {
    let binary = tauri::process::current_binary(&app.env())?;
    std::process::Command::new(binary)
        .arg(crate::HIDDEN_ARG)
        .arg(SUCCEEDS_ARG)
        .arg(std::process::id().to_string())
        .spawn()
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn a_successor_knows_its_predecessor() {
        assert_eq!(
            predecessor_in(args(&["stint-app", "--hidden", "--succeeds", "4242"])),
            Some(4242)
        );
    }

    #[test]
    fn other_starts_have_none() {
        assert_eq!(predecessor_in(args(&["stint-app"])), None);
        assert_eq!(predecessor_in(args(&["stint-app", "--hidden"])), None);
        assert_eq!(predecessor_in(args(&["stint-app", "--succeeds"])), None);
        assert_eq!(
            predecessor_in(args(&["stint-app", "--succeeds", "me"])),
            None
        );
    }

    #[test]
    fn this_process_is_running_and_an_unused_pid_is_not() {
        assert!(running(std::process::id()));
        // Above the kernel's largest pid_max (2^22), so no process can have it.
        assert!(!running(5_000_000));
    }

    #[test]
    fn a_reaped_child_is_not_running() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!running(pid));
    }

    #[test]
    fn an_unreaped_child_counts_as_gone() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        // Let it exit without reaping it: a zombie holds no tray and no single instance.
        let began = std::time::Instant::now();
        while running(pid) && began.elapsed() < std::time::Duration::from_secs(5) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!running(pid));
        child.wait().unwrap();
    }
}
