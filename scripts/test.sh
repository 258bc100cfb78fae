#!/usr/bin/env bash
# One command from a fresh clone to every test passing: installs what is missing, then runs the
# linters, the core, command and UI tests, and the real app under Xvfb through WebDriver.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

if ! command -v tauri-driver >/dev/null; then
  say "Installing tauri-driver (cargo install, under a minute)"
  cargo install tauri-driver --locked --quiet
fi

say "UI: type check, lint, unit tests"
(cd ui && npx tsc --noEmit && npx eslint . && npx vitest run)

say "UI: production bundle"
(cd ui && npx vite build --logLevel warn)

say "Rust: format and lint (also the test build's crash triggers)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p stint-app --all-targets --locked --features test-triggers -- -D warnings

say "GitHub workflows: actionlint"
actionlint -no-color

say "Rust: stint-core and command tests (including the bindings drift check)"
# The import tests drive the real Timewarrior and Watson that setup.sh installed.
STINT_REQUIRE_TRACKERS=1 cargo test --workspace --locked

# Windows: cross clippy, stint-core's tests under Wine (the script says what runs where).
scripts/check-windows.sh
# macOS: clippy of every macOS path, type-checked without Apple's SDK (the script says how).
scripts/check-macos.sh

say "Fuzz: the CSV importer, time and day parsers, a bounded round (about a minute)"
STINT_FUZZ_CASES="${STINT_FUZZ_CASES:-1500}" cargo test -p stint-core --locked --test fuzz

say "Real app: the test build, with the Tauri CLI"
APP="$(scripts/build-app.sh --test)"

say "Real app: WebDriver tests under Xvfb, on a private D-Bus session"
ARTIFACTS="${STINT_E2E_ARTIFACTS:-$ROOT/e2e/artifacts}"
# The private bus ends with the tests, taking any services WebKit woke up along with it.
# `-noreset`: without it Xvfb resets itself whenever its last client leaves, which the tests do
# each time they end one Stint before starting the next; a client connecting during the reset
# has its connection dropped (seen as "Connection reset by peer" and "Failed to initialize GTK").
# Their whole output is kept in e2e.log; when a test fails, what it said is repeated at the very
# end, where a CI page that shows only the last lines still shows it.
mkdir -p "$ARTIFACTS"
if ! (cd e2e && STINT_APP_BIN="$APP" STINT_CLI_BIN="$CARGO_TARGET_DIR/debug/stint" STINT_E2E_ARTIFACTS="$ARTIFACTS" \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x900x24 -noreset" npm test --silent) 2>&1 | tee "$ARTIFACTS/e2e.log"; then
  say "Real-app tests failed; what each failing test said (all output: $ARTIFACTS/e2e.log):"
  awk '/^not ok /{show=1} show{print} show && /^  \.\.\.$/{show=0}' "$ARTIFACTS/e2e.log"
  exit 1
fi
say "All tests passed. Screenshot of the main window: $ARTIFACTS/main-window.png"
