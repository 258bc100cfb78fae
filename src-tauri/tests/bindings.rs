//! The committed TypeScript bindings must match what the Rust commands generate today.

use std::path::Path;

#[test]
fn committed_bindings_match_the_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    stint_app::export_bindings(&fresh).unwrap();
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh).unwrap();
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p stint-app --test bindings` and commit it"
    );
}
