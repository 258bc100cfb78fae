#!/usr/bin/env bash
# Builds the desktop app the way users get it: the UI bundled in, through the Tauri CLI (a plain
# `cargo build` would point the window at the dev server). Prints what it built last.
#
#   scripts/build-app.sh                 the app (debug profile), as $CARGO_TARGET_DIR/app/stint-app
#   scripts/build-app.sh --test          the test build, as $CARGO_TARGET_DIR/app/stint-app-test
#   scripts/build-app.sh --deb VERSION   the test build as a .deb that says it is VERSION (for the
#                                        update install test)
#
# The test build has the `test-triggers` feature: commands that panic or crash on purpose for the
# crash-report tests, and STINT_UPDATER_PUBKEY naming the update key. Nothing else has them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/stint-target}"
cd "$ROOT"
TAURI=ui/node_modules/.bin/tauri

if [ "${1:-}" = "--deb" ]; then
  version="${2:?usage: build-app.sh --deb VERSION}"
  # The tests sign the package themselves, with a throwaway key.
  config="{\"version\":\"$version\",\"bundle\":{\"createUpdaterArtifacts\":false}}"
  "$TAURI" build --debug --bundles deb --ci --features test-triggers --config "$config" >&2
  deb="$CARGO_TARGET_DIR/debug/bundle/deb/Stint_${version}_amd64.deb"
  # Packed with xz as a release is (.github/workflows/release.yml), so the update test installs
  # the same kind of package; at a fast level, since a debug build is ten times the size.
  scripts/repack-deb.sh "$deb" 0
  mkdir -p "$CARGO_TARGET_DIR/app"
  cp "$deb" "$CARGO_TARGET_DIR/app/"
  echo "$CARGO_TARGET_DIR/app/$(basename "$deb")"
  exit 0
fi

features=()
name=stint-app
if [ "${1:-}" = "--test" ]; then
  features=(--features test-triggers)
  name=stint-app-test
fi
"$TAURI" build --debug --no-bundle --ci "${features[@]}" >&2
# `cargo test` rebuilds target/debug/stint-app without the bundled UI, so keep a copy of our own.
mkdir -p "$CARGO_TARGET_DIR/app"
# Copied beside, then renamed over: a copy left running by an interrupted run keeps its old file.
cp "$CARGO_TARGET_DIR/debug/stint-app" "$CARGO_TARGET_DIR/app/.$name.new"
mv -f "$CARGO_TARGET_DIR/app/.$name.new" "$CARGO_TARGET_DIR/app/$name"
echo "$CARGO_TARGET_DIR/app/$name"
