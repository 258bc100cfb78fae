//! One list of commands: `collect_commands!` in src/lib.rs (build.rs reads its permissions from
//! there too). Everything else that names the commands must agree with it, or a command would
//! fail only at run time: the capability that lets the window call it, the UI's wrapper in
//! api.ts, and the test double the UI tests run against.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The command names, as the generated bindings invoke them.
fn registered() -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bindings.ts");
    stint_app::export_bindings(&file).unwrap();
    let bindings = std::fs::read_to_string(file).unwrap();
    let names: BTreeSet<String> = bindings
        .split("__TAURI_INVOKE(\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    assert!(
        names.len() > 30,
        "the bindings name the commands: {names:?}"
    );
    names
}

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match (c, upper) {
            ('_', _) => upper = true,
            (c, true) => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            (c, false) => out.push(c),
        }
    }
    out
}

#[test]
fn the_capability_grants_exactly_the_registered_commands() {
    let capability: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("capabilities/default.json")).unwrap(),
    )
    .unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .map(str::to_string)
        .collect();
    let wanted: BTreeSet<String> = registered()
        .iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    let missing: Vec<_> = wanted.difference(&granted).collect();
    let extra: Vec<_> = granted.difference(&wanted).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "capabilities/default.json differs from collect_commands! in src/lib.rs: missing {missing:?}, not a command {extra:?}"
    );
}

#[test]
fn the_ui_wraps_every_command_and_its_test_double_answers_each() {
    let api = std::fs::read_to_string(root().join("../ui/src/api.ts")).unwrap();
    let fake = std::fs::read_to_string(root().join("../ui/src/test/fakeCore.ts")).unwrap();
    let unwrapped: Vec<String> = registered()
        .into_iter()
        .filter(|name| !api.contains(&format!("commands.{}(", camel(name))))
        .collect();
    assert!(
        unwrapped.is_empty(),
        "ui/src/api.ts has no wrapper for {unwrapped:?}"
    );
    let unanswered: Vec<String> = registered()
        .into_iter()
        .filter(|name| !fake.contains(&format!("case \"{name}\"")))
        .collect();
    assert!(
        unanswered.is_empty(),
        "ui/src/test/fakeCore.ts does not answer {unanswered:?}"
    );
}
