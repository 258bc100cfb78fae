#!/usr/bin/env bash
# Recompresses a .deb's contents with xz, as Debian's own packages are: Tauri's bundler always
# writes gzip, which leaves Stint's package at ~9 MB instead of ~6.5 MB. The package is the same
# otherwise (same files, modes and control data; owned by root as dpkg-deb builds it); run it
# before the package is signed, since its bytes change.
#
#   scripts/repack-deb.sh PACKAGE.deb [LEVEL]   rewrites PACKAGE.deb in place, with xz at LEVEL
#                                               (0-9; 9, the smallest, unless given)
#
# Level 9 takes ~20 s for a release package here; the tests' debug packages (~200 MB of
# binary) take ~5 minutes at 9 and one at 0, so the test build asks for 0.
set -euo pipefail
deb="${1:?usage: repack-deb.sh PACKAGE.deb [LEVEL]}"
level="${2:-9}"
[ -f "$deb" ] || { echo "repack-deb: there is no package at $deb" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/root"
dpkg-deb --build --root-owner-group -Zxz -z"$level" "$work/root" "$work/repacked.deb" >/dev/null
before=$(stat -c %s "$deb")
mv "$work/repacked.deb" "$deb"
echo "repack-deb: $(basename "$deb"): $before → $(stat -c %s "$deb") bytes (xz)" >&2
