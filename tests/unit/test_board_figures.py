"""The board slides' figures: every piece of chart text large enough for the room,
and the slide's smaller charts show the wards and priorities that matter most."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.figures import board as board_figures
from dashboard.figures.quartile import ski_slope_figure
from dashboard.metrics.quartile import rank_areas


def font_sizes(figure: dict) -> list[float]:
    """Every font size set anywhere in a figure's JSON but its template."""
    found: list[float] = []

    def walk(part: object, key: str = "") -> None:
        if isinstance(part, dict):
            for name, value in part.items():
                if name != "template":
                    walk(value, name)
        elif isinstance(part, list):
            for value in part:
                walk(value, key)
        elif key == "size" and isinstance(part, int | float):
            found.append(float(part))

    walk(
        {
            "layout": figure["layout"],
            "data": [
                {k: v for k, v in trace.items() if k != "marker"}
                for trace in figure["data"]
            ],
        }
    )
    return found


WARDS = pd.DataFrame(
    {
        "area_name": [f"Ward {n}" for n in range(12)],
        "sector_name": ["Northern sector"] * 6 + ["Southern sector"] * 6,
        "sector_short": ["N"] * 6 + ["S"] * 6,
        "value": [float(n) for n in range(12)],
    }
)


def test_for_the_room_lifts_every_chart_text_to_the_room_size() -> None:
    built = board_figures.area_bars(WARDS, unit="per 1,000", decimals=1, city_value=5.0)
    figure = json.loads(built.to_json())
    assert min(font_sizes(figure)) < board_figures.ROOM_FONT_SIZE  # the ticks: 16px
    room = board_figures.for_the_room(figure)
    assert min(font_sizes(room)) >= board_figures.ROOM_FONT_SIZE >= 20
    for axis in ("xaxis", "yaxis"):
        assert room["layout"][axis]["tickfont"]["size"] >= 22
        assert room["layout"][axis]["automargin"] is True
    assert all(t["textfont"]["size"] >= 22 for t in room["data"])
    # The figure given is left as it was (the pack prints it so).
    assert min(font_sizes(figure)) < board_figures.ROOM_FONT_SIZE


def test_for_the_room_reaches_the_quartile_charts_annotations() -> None:
    ranked = rank_areas(
        pd.DataFrame(
            {
                "area_code": [f"E{n}" for n in range(8)],
                "area_name": [f"CSP {n}" for n in range(8)],
                "offence_count": [500 + 37 * n for n in range(8)],
                "population": [8000 + 900 * n for n in range(8)],
                "excluded_reason": [None] * 8,
                "is_demo": [False] * 8,
            }
        )
    )
    figure = json.loads(
        ski_slope_figure(ranked, highlight="E5", reference_rate=12.0).to_json()
    )
    room = board_figures.for_the_room(figure)
    sizes = [a["font"]["size"] for a in room["layout"].get("annotations", [])]
    assert sizes and min(sizes) >= board_figures.ROOM_FONT_SIZE


def test_slide_charts_show_the_highest_wards_and_first_priorities() -> None:
    top = board_figures.area_bars(
        WARDS, unit="per 1,000", decimals=1, city_value=5.0, highest=4
    )
    shown = [label for trace in top.traces for label in trace["y"]]
    assert sorted(shown) == ["Ward 10 (S)", "Ward 11 (S)", "Ward 8 (S)", "Ward 9 (S)"]
    assert top.layout["title"]["text"] == "The 4 highest of 12 wards"
    # Highest at the top: the category order runs from the lowest up.
    assert top.layout["yaxis"]["categoryarray"][-1] == "Ward 11 (S)"
    every = board_figures.area_bars(WARDS, unit="per 1,000", decimals=1, city_value=5)
    assert sum(len(trace["y"]) for trace in every.traces) == 12

    counts = pd.DataFrame(
        {
            "group": ["Roads", "Roads", "Fires", "Parking"],
            "status_word": ["Red", "Green", "Amber", "Green"],
            "kpis": [2, 1, 1, 3],
        }
    )
    first = board_figures.status_bars(counts, first=2)
    names = {name for trace in first.traces for name in trace["y"]}
    assert names == {"Roads", "Fires"}
    assert first.layout["title"]["text"] == "2 of 3 priorities, most Red first"
