#!/usr/bin/env bash
# Windows, checked from Linux: clippy of the whole workspace for x86_64-pc-windows-gnu (every
# #[cfg(windows)] path: tray, handover, autostart, idle time, reporting), then stint-core's
# tests built as Windows programs and run under Wine, and the CLI's tests built. The CLI's tests
# do not run under Wine: they start `stint` with its output piped, and under Debian 12's Wine
# 8.0 that fails at once ("Invalid handle", os error 6) in Rust's standard library.
#
# The Windows standard library comes from rustup (`rustup target add`). Where rustup's server
# cannot be reached (a machine that sees only the package registries), Debian's own Rust 1.96
# (rustc-web) builds it from Debian's Rust sources (`-Z build-std`) for the clippy step instead.
# README, "Windows and macOS in CI", says what runs where.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET=x86_64-pc-windows-gnu
say() { printf '\n==> %s\n' "$*"; }

if rustup target list --installed 2>/dev/null | grep -qx "$TARGET" ||
  timeout 300 rustup target add "$TARGET" >/dev/null 2>&1; then
  say "Windows: clippy for $TARGET (rustup's Windows standard library)"
  cargo clippy --target "$TARGET" --workspace --all-targets --locked -- -D warnings
  cargo clippy --target "$TARGET" -p stint-app --all-targets --locked --features test-triggers -- -D warnings

  say "Windows: stint-core's tests as Windows programs, under Wine"
  WINE="$(command -v wine64 || echo /usr/lib/wine/wine64)"
  # Their own Wine folder next to the build cache; no Wine debug chatter in the log.
  export WINEPREFIX="${STINT_WINEPREFIX:-/var/tmp/stint-wine}" WINEDEBUG=-all
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINE"
  if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
    "$WINE" cmd /c exit >/dev/null 2>&1 || true
  fi
  # Wine before 9.0 lacks the DLL Rust programs take random numbers from (the C file says more).
  x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c -lbcrypt
  cargo test --target "$TARGET" -p stint-core --locked
  say "Windows: the CLI's tests, built (not run: see the top of this script)"
  cargo test --target "$TARGET" -p stint --locked --no-run
else
  if { [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ]; } && [ "$(id -u)" = 0 ]; then
    say "Installing Debian's Rust and its sources (rustc-web, rust-web-src) to build the Windows standard library"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      rustc-web cargo-web rust-web-clippy rust-web-src >/dev/null
  fi
  if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
    echo "The Windows check needs rustup's $TARGET target or Debian's rustc-web and rust-web-src." >&2
    exit 1
  fi
  say "Windows: rustup cannot fetch the $TARGET standard library here; clippy with Debian's Rust $(/usr/bin/rustc --version | cut -d' ' -f2), building it from source"
  # A target folder of its own: a different compiler's artifacts would rebuild the main cache.
  PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR-debian-rust" \
    cargo clippy -Z build-std=std,panic_abort --target "$TARGET" --workspace --all-targets --locked -- -D warnings
  say "Windows: tests under Wine skipped: they need rustup's $TARGET target, which could not be installed here"
fi
