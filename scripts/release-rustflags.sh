#!/usr/bin/env bash
# Prints the RUSTFLAGS of a release build (bench/app_bench.py and the release workflow use it).
#
# Every panic message in the binary names its source file. Unmapped, each of the ~750 dependency
# files is named by the build machine's full path to cargo's registry
# (/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/…), ~45 KB of the app binary that
# tells a reader nothing they could not get from "crate-1.2.3/src/file.rs". Cargo's own
# `trim-paths` would do this, but it is not stable yet (Rust 1.95).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
cargo fetch --locked --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1 || true
# rustc sees Windows paths; Git Bash on a Windows runner shows /c/… ones.
native() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
flags="--remap-path-prefix=$(native "$ROOT/")="
for registry in "$cargo_home"/registry/src/*/; do
  [ -d "$registry" ] && flags="$flags --remap-path-prefix=$(native "$registry")="
done
printf '%s\n' "$flags"
