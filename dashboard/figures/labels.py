"""Label placement for the figure builders, so labels never sit on one another.

Pure arithmetic on numbers: the builders say how large a label is in pixels and
how many pixels an axis has, and get back positions in data units (end labels) or
which side of its marker each label goes (point labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A label's box from its text: an average glyph is about 0.6 of the font size
# wide in the sans-serif fonts the charts use, a line about 1.3 of it high.
GLYPH_WIDTH = 0.6
LINE_HEIGHT = 1.3


def pixel_gap(pixels: float, axis_pixels: float, span: float) -> float:
    """``pixels`` on an axis ``axis_pixels`` long that shows ``span`` data units,
    in data units."""
    return pixels / axis_pixels * span if axis_pixels > 0 else 0.0


def spread(
    values: Sequence[float],
    gap: float,
    *,
    low: float | None = None,
    high: float | None = None,
) -> list[float]:
    """Positions for labels that belong at ``values`` (one axis), each at least
    ``gap`` from its neighbours, in the same order, and as near their values as
    can be: a crowd of labels is centred on the values it stands for rather than
    pushed one way. With ``low`` and ``high`` the labels stay within them where
    there is room."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    # Blocks of labels packed ``gap`` apart, each centred on what its members
    # want; neighbouring blocks that collide merge (pool adjacent violators).
    blocks: list[list[int]] = []
    starts: list[float] = []
    for index in order:
        blocks.append([index])
        starts.append(values[index])
        while len(blocks) > 1 and starts[-2] + gap * len(blocks[-2]) > starts[-1]:
            merged = blocks[-2] + blocks[-1]
            blocks[-2:] = [merged]
            starts[-2:] = [
                sum(values[i] - k * gap for k, i in enumerate(merged)) / len(merged)
            ]
    placed = [0.0] * len(values)
    for block, start in zip(blocks, starts, strict=True):
        for k, index in enumerate(block):
            placed[index] = start + k * gap
    if not placed:
        return placed
    shift = 0.0
    if high is not None and max(placed) > high:
        shift = high - max(placed)
    if low is not None and min(placed) + shift < low:
        shift = low - min(placed)
    return [position + shift for position in placed]


@dataclass(frozen=True)
class Plot:
    """A plot area: its data ranges and its size in pixels."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: float
    height: float

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        """(px from the left, px from the top) of a data point."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (
            (x - x0) / (x1 - x0) * self.width,
            (y1 - y) / (y1 - y0) * self.height,
        )


# Plotly's text positions beside a marker, tried in this order: (name, x side,
# y side), -1 left or above, 0 centred, 1 right or below.
SIDES = (
    ("top center", 0, -1),
    ("bottom center", 0, 1),
    ("middle right", 1, 0),
    ("middle left", -1, 0),
    ("top right", 1, -1),
    ("top left", -1, -1),
    ("bottom right", 1, 1),
    ("bottom left", -1, 1),
)

Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


def _box_beside(
    at: tuple[float, float], side: tuple[int, int], size: tuple[float, float], r: float
) -> Box:
    (x, y), (sx, sy), (w, h) = at, side, size
    left = x - w / 2 if sx == 0 else (x + r if sx > 0 else x - r - w)
    top = y - h / 2 if sy == 0 else (y + r if sy > 0 else y - r - h)
    return (left, top, left + w, top + h)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_point_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    plot: Plot,
    *,
    font_px: float,
    marker_px: float,
) -> list[str | None]:
    """Plotly ``textposition`` for each point's label, or None where no side of
    its marker is free: labels are placed in the order given (put the ones that
    matter first), each on the first side where it overlaps no marker and no
    label already placed and stays inside the plot. An empty text gets None."""
    radius = marker_px / 2 + 2
    centres = [plot.to_pixels(x, y) for x, y in points]
    taken: list[Box] = [
        (x - radius, y - radius, x + radius, y + radius) for x, y in centres
    ]
    chosen: list[str | None] = []
    for index, (at, text) in enumerate(zip(centres, texts, strict=True)):
        chosen.append(None)
        if not text:
            continue
        lines = text.split("<br>")
        size = (
            GLYPH_WIDTH * font_px * max(len(line) for line in lines),
            LINE_HEIGHT * font_px * len(lines),
        )
        for name, sx, sy in SIDES:
            box = _box_beside(at, (sx, sy), size, radius)
            inside = box[0] >= 0 and box[1] >= 0
            inside = inside and box[2] <= plot.width and box[3] <= plot.height
            others = (b for i, b in enumerate(taken) if i != index)
            if inside and not any(_overlaps(box, other) for other in others):
                chosen[index] = name
                taken.append(box)
                break
    return chosen
