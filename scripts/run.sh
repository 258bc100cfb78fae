#!/usr/bin/env bash
# One command from a fresh clone to a running Stint: installs what is missing, builds, launches.
# On a machine without a display, run it under Xvfb: `xvfb-run -a scripts/run.sh`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
say "Building Stint (the first build takes a few minutes)"
APP="$("$ROOT/scripts/build-app.sh")"
say "Starting $APP"
exec "$APP" "$@"
