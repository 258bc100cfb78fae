#!/usr/bin/env python3
"""Writes a channel's update manifest (`latest.json`) from built, signed bundles.

The release workflow and the updater tests both call this, so what the tests serve is what
users get. Every bundle needs its `.sig` (written by `tauri build` when
TAURI_SIGNING_PRIVATE_KEY is set, or by `tauri signer sign --app-version`), and every signature
must be bound to the version being released: a manifest is never written that the app would
refuse.

    scripts/release_manifest.py --version 0.2.0 --notes-file notes.md \
        --download-url https://github.com/OWNER/stint/releases/download/v0.2.0 \
        --out latest.json bundles/*.AppImage bundles/*.deb ...
"""
import argparse
import base64
import datetime
import json
import re
import sys
import urllib.parse
from pathlib import Path

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")

# (file name ending, os, installer, whether it is the OS's default updater target)
KINDS = [
    (".AppImage", "linux", "appimage", True),
    (".deb", "linux", "deb", False),
    (".rpm", "linux", "rpm", False),
    (".app.tar.gz", "darwin", "app", True),
    ("-setup.exe", "windows", "nsis", True),
    (".msi", "windows", "msi", False),
]
ARCHES = [
    (re.compile(r"universal", re.I), ["x86_64", "aarch64"]),
    (re.compile(r"aarch64|arm64", re.I), ["aarch64"]),
    (re.compile(r"amd64|x86_64|x64", re.I), ["x86_64"]),
    (re.compile(r"i686|x86\b|_x86_", re.I), ["i686"]),
    (re.compile(r"armv7|armhf", re.I), ["armv7"]),
]


class Refused(Exception):
    pass


def kind_of(name):
    for ending, os_name, installer, default in KINDS:
        if name.endswith(ending):
            return os_name, installer, default
    raise Refused(f"{name}: not an updater bundle (expected one of {', '.join(k[0] for k in KINDS)})")


def arches_of(name, os_name):
    for pattern, arches in ARCHES:
        if pattern.search(name):
            return arches
    if os_name == "darwin":
        raise Refused(f"{name}: no architecture in the name (x64, aarch64 or universal)")
    raise Refused(f"{name}: no architecture in the name (amd64, x86_64, x64, aarch64, ...)")


def signed_version(signature, name):
    """The version bound into a signature's trusted comment."""
    try:
        text = base64.b64decode(signature, validate=True).decode("utf-8")
    except Exception:
        raise Refused(f"{name}.sig is not a signature written by `tauri signer`")
    match = re.search(r"^trusted comment:.*\bversion:(\S+)", text, re.M)
    if not match:
        raise Refused(f"{name}.sig does not name the version it was signed for (sign with --app-version)")
    return match.group(1)


def manifest(version, notes, pub_date, download_url, artifacts):
    if not SEMVER.match(version):
        raise Refused(f"{version!r} is not a semantic version such as 1.2.3 or 1.3.0-beta.1")
    if not artifacts:
        raise Refused("no bundles given")
    platforms = {}
    for path in artifacts:
        path = Path(path)
        name = path.name
        sig_path = path.with_name(name + ".sig")
        if not path.is_file():
            raise Refused(f"{path}: no such file")
        if not sig_path.is_file():
            raise Refused(f"{name}: no {sig_path.name} next to it (was TAURI_SIGNING_PRIVATE_KEY set?)")
        signature = sig_path.read_text().strip()
        signed = signed_version(signature, name)
        if signed != version:
            raise Refused(f"{name} is signed for version {signed}, not {version}")
        os_name, installer, default = kind_of(name)
        entry = {"signature": signature, "url": f"{download_url.rstrip('/')}/{urllib.parse.quote(name)}"}
        for arch in arches_of(name, os_name):
            keys = [f"{os_name}-{arch}-{installer}"] + ([f"{os_name}-{arch}"] if default else [])
            for key in keys:
                if key in platforms:
                    raise Refused(f"two bundles for {key}: {Path(platforms[key]['url']).name} and {name}")
                platforms[key] = entry
    return {"version": version, "notes": notes, "pub_date": pub_date, "platforms": platforms}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True, help="the version being released, e.g. 1.3.0-beta.1")
    parser.add_argument("--download-url", required=True, help="the URL the bundles are downloaded from")
    parser.add_argument("--notes-file", help="release notes (Markdown) shown in the update banner")
    parser.add_argument("--pub-date", help="RFC 3339 publication time (default: now)")
    parser.add_argument("--out", required=True, help="where to write latest.json")
    parser.add_argument("artifacts", nargs="*", help="the signed bundles")
    args = parser.parse_args(argv)
    notes = Path(args.notes_file).read_text().strip() if args.notes_file else ""
    pub_date = args.pub_date or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        result = manifest(args.version, notes, pub_date, args.download_url, args.artifacts)
    except Refused as err:
        print(f"release_manifest: refused: {err}", file=sys.stderr)
        return 2
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"release_manifest: {args.out}: {args.version} for {', '.join(sorted(result['platforms']))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
