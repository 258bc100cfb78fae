//! Settings → Troubleshooting: the log's folder is named, and Open log folder hands that folder
//! to the desktop's opener (xdg-open here). Its own test binary: it points PATH at a stand-in
//! opener, which no other test should see. Linux only: elsewhere the opener is the OS's own.
#![cfg(target_os = "linux")]

mod common;

use std::os::unix::fs::PermissionsExt;

use common::harness;
use serde_json::json;

#[test]
fn open_log_folder_opens_the_folder_preferences_name() {
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::var("PATH").unwrap_or_default();
    let home = tempfile::tempdir().unwrap();
    // Set before the harness starts any thread of its own, in a binary of one test.
    std::env::set_var("PATH", format!("{}:{path}", bin.path().display()));
    std::env::set_var("XDG_DATA_HOME", home.path());

    let h = harness();
    let preferences = h.ok("get_preferences", json!({}));
    let folder = preferences["log_folder"].as_str().unwrap().to_string();
    assert_eq!(
        folder,
        home.path()
            .join("org.stint.Stint/logs")
            .display()
            .to_string(),
        "the OS's per-user log folder"
    );
    h.ok("open_log_folder", json!({}));
    assert!(
        std::path::Path::new(&folder).is_dir(),
        "created to be opened"
    );
    assert_eq!(std::fs::read_to_string(&opened).unwrap().trim(), folder);

    // No opener at all: said in words, with the folder to open by hand.
    std::env::set_var("PATH", "/nonexistent");
    let err = h.invoke("open_log_folder", json!({})).unwrap_err();
    assert_eq!(err["kind"], "Unavailable");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("could not open the log folder"),
        "{message}"
    );
    assert!(message.contains(&folder), "{message}");
}
