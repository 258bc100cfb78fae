#!/usr/bin/python3
"""Saves what is on the X screen (Xvfb) as a PNG: what a person would see, window manager or
not. Used where WebKitWebDriver's own screenshot stalls (it waits for a rendering update the
page may not need).

  screen.py OUT.png [WIDTH HEIGHT]   the top-left WIDTH x HEIGHT (default: the whole screen)

Uses Debian's python3-xlib, so it runs with /usr/bin/python3."""

import struct
import sys
import zlib

from Xlib import X, display


def main():
    out = sys.argv[1]
    root = display.Display().screen().root
    geometry = root.get_geometry()
    width = int(sys.argv[2]) if len(sys.argv) > 2 else geometry.width
    height = int(sys.argv[3]) if len(sys.argv) > 3 else geometry.height
    pixels = root.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF).data
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        line = pixels[y * width * 4:(y + 1) * width * 4]
        rows += bytes(c for x in range(width) for c in (line[x * 4 + 2], line[x * 4 + 1], line[x * 4]))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(out, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


if __name__ == "__main__":
    main()
