#!/usr/bin/env bash
# Builds the release `stint` command line and prints its path.
#
# On Linux with glibc it is linked statically: a dynamically linked `stint` spends about a third
# of a `stint status` in the dynamic loader (finding and mapping libc, libm and libgcc_s, and
# binding their symbols), ~0.9 ms of 2.5 on this machine (`perf stat -r 300 stint status` at
# 100,000 entries: 2.45–2.64 ms dynamic, 1.56–1.66 ms static, 210 page faults against 169).
# The CLI needs nothing from glibc that a static link gives up: no host lookups, and the home
# folder comes from $HOME (glibc's user database, which a static binary reaches only through the
# system's own glibc, is a fallback for when $HOME is unset).
#
# The flags apply only to what is built for the named target, not to build scripts and
# procedural macros, which must stay dynamic; they do not touch the app's builds (a separate
# build cache under $CARGO_TARGET_DIR/<target>). Elsewhere this is `cargo build --release -p stint`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/stint-target}"
cd "$ROOT"
host="$(rustc -vV | sed -n 's/^host: //p')"
flags="$(scripts/release-rustflags.sh)"
case "$host" in
  *-linux-gnu)
    RUSTFLAGS="$flags -C target-feature=+crt-static -C relocation-model=static" \
      cargo build --release --locked -q -p stint --target "$host" >&2
    echo "$CARGO_TARGET_DIR/$host/release/stint"
    ;;
  *)
    RUSTFLAGS="$flags" cargo build --release --locked -q -p stint >&2
    echo "$CARGO_TARGET_DIR/release/stint"
    ;;
esac
