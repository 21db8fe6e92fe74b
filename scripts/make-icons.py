#!/usr/bin/env python3
"""Draws the action/extension icons (a white envelope on a blue rounded square) as PNGs with
the standard library only. Run once; the PNGs are committed as source assets."""
import struct
import sys
import zlib

BLUE = (37, 99, 235, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def pixel(x, y, n):
    # Work in a unit square so every size draws the same shape.
    u, v = (x + 0.5) / n, (y + 0.5) / n
    r = 0.18  # corner radius
    cx, cy = min(max(u, r), 1 - r), min(max(v, r), 1 - r)
    if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
        return CLEAR
    left, right, top, bottom = 0.2, 0.8, 0.3, 0.72
    if not (left <= u <= right and top <= v <= bottom):
        return BLUE
    line = max(1.2 / n, 0.045)
    on_border = min(u - left, right - u, v - top, bottom - v) < line
    # The flap: two lines from the top corners to the centre.
    mid = 0.5
    flap_v = top + (bottom - top) * 0.55 * (1 - abs(u - mid) / (mid - left))
    on_flap = abs(v - flap_v) < line * 1.2 and v <= top + (bottom - top) * 0.56
    return BLUE if on_border or on_flap else WHITE


def png(n):
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y, n)) for x in range(n)) for y in range(n)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


out = sys.argv[1] if len(sys.argv) > 1 else "extension/icons"
for size in (16, 32, 48, 128):
    with open(f"{out}/icon{size}.png", "wb") as fh:
        fh.write(png(size))
