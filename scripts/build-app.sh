#!/usr/bin/env bash
# Builds the desktop app for the end-to-end tests the way users get it: the UI bundled in, through the Tauri CLI (a plain
# `cargo build` would point the window at the dev server). Prints the binary's path last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/stint-target}"
cd "$ROOT"
# A test build: `test-triggers` adds the commands that panic or crash on purpose for the
# crash-report tests. Release builds (scripts/run.sh, the release workflow) never have them.
ui/node_modules/.bin/tauri build --debug --no-bundle --ci --features test-triggers >&2
# `cargo test` rebuilds target/debug/stint-app without the bundled UI, so keep a copy of our own.
mkdir -p "$CARGO_TARGET_DIR/app"
cp "$CARGO_TARGET_DIR/debug/stint-app" "$CARGO_TARGET_DIR/app/stint-app"
echo "$CARGO_TARGET_DIR/app/stint-app"
