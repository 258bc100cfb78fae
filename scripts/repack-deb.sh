#!/usr/bin/env bash
# Recompresses a .deb's contents with xz, as Debian's own packages are: Tauri's bundler always
# writes gzip, which leaves Stint's package at ~9 MB instead of ~6.5 MB. The package is the same
# otherwise (same files, modes and control data; owned by root as dpkg-deb builds it); run it
# before the package is signed, since its bytes change.
#
#   scripts/repack-deb.sh PACKAGE.deb      rewrites PACKAGE.deb in place
set -euo pipefail
deb="${1:?usage: repack-deb.sh PACKAGE.deb}"
[ -f "$deb" ] || { echo "repack-deb: there is no package at $deb" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/root"
dpkg-deb --build --root-owner-group -Zxz -z9 "$work/root" "$work/repacked.deb" >/dev/null
before=$(stat -c %s "$deb")
mv "$work/repacked.deb" "$deb"
echo "repack-deb: $(basename "$deb"): $before → $(stat -c %s "$deb") bytes (xz)" >&2
