"""Draw Fagnett's Teams app icons with the standard library only.

Teams wants two PNGs: `color.png`, 192×192 in full colour, and `outline.png`, 32×32, white on a
transparent background. Both show the same glyph, a small network: three nodes joined by lines.
The PNGs are committed; run `python -m manifest.icons` to draw them again after changing this file.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

ACCENT = (0x00, 0x5B, 0x96)
"""Background of the colour icon; also the manifest's `accentColor`."""
WHITE = (0xFF, 0xFF, 0xFF)

Point = tuple[float, float]

# The glyph on a unit square: node centres, node radius and line half-width.
_NODES: tuple[Point, ...] = ((0.50, 0.25), (0.25, 0.72), (0.75, 0.72))
_EDGES: tuple[tuple[int, int], ...] = ((0, 1), (0, 2), (1, 2))


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from `p` to the segment `a`–`b`."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    along = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + along * dx), py - (ay + along * dy))


def glyph_distance(p: Point, *, node_radius: float, line_width: float) -> float:
    """Signed distance (unit square) from `p` to the network glyph; negative inside."""
    nodes = min(math.hypot(p[0] - x, p[1] - y) - node_radius for x, y in _NODES)
    lines = min(_segment_distance(p, _NODES[i], _NODES[j]) - line_width / 2 for i, j in _EDGES)
    return min(nodes, lines)


def _coverage(size: int, distance: Callable[[Point], float]) -> list[list[float]]:
    """Anti-aliased coverage (0..1) of a shape given by its signed distance, per pixel."""
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            d = distance(((x + 0.5) / size, (y + 0.5) / size)) * size
            row.append(max(0.0, min(1.0, 0.5 - d)))
        rows.append(row)
    return rows


def png(size: int, pixels: list[list[tuple[int, int, int, int]]]) -> bytes:
    """Encode square RGBA pixels (rows of `(r, g, b, a)`) as an 8-bit RGBA PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(channel for px in row for channel in px) for row in pixels)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: a white network on the accent colour, filling the square."""
    cover = _coverage(size, lambda p: glyph_distance(p, node_radius=0.105, line_width=0.045))

    def shade(c: float) -> tuple[int, int, int, int]:
        r, g, b = (round(a + (w - a) * c) for a, w in zip(ACCENT, WHITE, strict=True))
        return (r, g, b, 255)

    return png(size, [[shade(c) for c in row] for row in cover])


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: the white network on transparency (white pixels, varying alpha)."""
    cover = _coverage(size, lambda p: glyph_distance(p, node_radius=0.14, line_width=0.09))
    return png(size, [[(255, 255, 255, round(255 * c)) for c in row] for row in cover])


def main() -> None:
    """Write `color.png` and `outline.png` next to this file."""
    (HERE / "color.png").write_bytes(color_icon())
    (HERE / "outline.png").write_bytes(outline_icon())


if __name__ == "__main__":
    main()
