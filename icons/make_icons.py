#!/usr/bin/env python3
"""Draws Afterword's icons as PNGs with no dependencies beyond the standard
library: the app icon (a rounded blue square with a white play mark and a
speech tail) and two tray icons (idle: a ring; recording: a red dot in it).
Run it from this folder after changing a shape; the PNGs are committed."""
import math
import struct
import zlib


def png(path, size, pixel):
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((x + 0.5) / size, (y + 0.5) / size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def rounded(x, y, r):
    dx, dy = max(r - x, 0, x - (1 - r)), max(r - y, 0, y - (1 - r))
    return dx * dx + dy * dy <= r * r


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))


BLUE, WHITE, RED, INK, CLEAR = (46, 107, 209, 255), (255, 255, 255, 255), (220, 38, 38, 255), (40, 44, 52, 255), (0, 0, 0, 0)


def app(x, y):
    if not rounded(x, y, 0.22):
        return CLEAR
    if in_triangle(x, y, (0.38, 0.28), (0.38, 0.72), (0.74, 0.5)):
        return WHITE
    return BLUE


def tray(recording):
    def pixel(x, y):
        d = math.hypot(x - 0.5, y - 0.5)
        if recording and d <= 0.28:
            return RED
        if 0.36 <= d <= 0.47:
            return RED if recording else INK
        if not recording and in_triangle(x, y, (0.4, 0.3), (0.4, 0.7), (0.72, 0.5)):
            return INK
        return CLEAR

    return pixel


for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    png(name, size, app)
png("tray.png", 64, tray(False))
png("tray-recording.png", 64, tray(True))
