"""Label placement: end labels kept apart, point labels placed only where free."""

from __future__ import annotations

from itertools import combinations

import pytest

from dashboard.figures.labels import (
    GLYPH_WIDTH,
    LINE_HEIGHT,
    Plot,
    pixel_gap,
    place_point_labels,
    spread,
)


def test_pixel_gap_converts_pixels_to_data_units() -> None:
    assert pixel_gap(20, 400, 100) == pytest.approx(5.0)
    assert pixel_gap(20, 0, 100) == 0.0


def test_spread_leaves_labels_that_are_apart_where_they_are() -> None:
    assert spread([1.0, 10.0, 20.0], 2.0) == [1.0, 10.0, 20.0]


def test_spread_keeps_the_gap_and_the_order_and_centres_a_crowd() -> None:
    values = [10.0, 10.2, 9.9, 30.0]
    placed = spread(values, 2.0)
    ordered = sorted(range(4), key=lambda i: values[i])
    assert sorted(range(4), key=lambda i: placed[i]) == ordered
    for a, b in combinations(placed, 2):
        assert abs(a - b) >= 2.0 - 1e-9
    # The crowd of three sits around its values' mean, not all pushed upwards.
    crowd = [placed[i] for i in (0, 1, 2)]
    assert sum(crowd) / 3 == pytest.approx(sum(values[:3]) / 3)
    assert placed[3] == 30.0


def test_spread_merges_a_crowd_that_runs_into_the_next_label() -> None:
    placed = spread([0.0, 0.0, 0.0, 3.0], 2.0)
    assert sorted(placed) == pytest.approx([-2.25, -0.25, 1.75, 3.75])


def test_spread_stays_within_bounds_when_there_is_room() -> None:
    placed = spread([99.0, 100.0], 4.0, low=0.0, high=100.0)
    assert max(placed) == pytest.approx(100.0)
    assert min(placed) == pytest.approx(96.0)
    assert spread([0.0, 0.5], 4.0, low=0.0) == pytest.approx([0.0, 4.0])
    assert spread([], 1.0) == []


def _box(at: tuple[float, float], side: str, text: str, font: float, r: float):  # type: ignore[no-untyped-def]
    w, h = GLYPH_WIDTH * font * len(text), LINE_HEIGHT * font
    vertical, horizontal = side.split(" ")
    x, y = at
    left = {"center": x - w / 2, "right": x + r, "left": x - r - w}[horizontal]
    top = {"middle": y - h / 2, "bottom": y + r, "top": y - r - h}[vertical]
    return (left, top, left + w, top + h)


def test_point_labels_take_a_free_side_and_never_overlap() -> None:
    plot = Plot((0.0, 100.0), (0.0, 100.0), 1000, 500)
    # A tight cluster: names beside one another would collide.
    points = [(50.0, 50.0), (51.0, 50.0), (50.0, 52.0), (52.0, 51.0), (90.0, 10.0)]
    texts = ["Central", "Park", "North", "East", "Barnack"]
    sides = place_point_labels(points, texts, plot, font_px=16, marker_px=20)
    assert sides[0] is not None  # the first always finds a free side
    assert sides[4] == "top center"  # alone, it is named where it prefers
    boxes = [
        _box(plot.to_pixels(*point), side, text, 16, 12)
        for point, side, text in zip(points, sides, texts, strict=True)
        if side
    ]
    for a, b in combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    # Boxes stay inside the plot.
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= 1000 and b[3] <= 500 for b in boxes)


def test_point_labels_leave_out_what_cannot_fit() -> None:
    plot = Plot((0.0, 10.0), (0.0, 10.0), 200, 60)
    points = [(5.0, 5.0)] * 4
    sides = place_point_labels(
        points, ["Aaaaaaaaaaaaaaa"] * 4, plot, font_px=16, marker_px=10
    )
    assert sides.count(None) >= 1
    assert place_point_labels([(1.0, 1.0)], [""], plot, font_px=16, marker_px=10) == [
        None
    ]
