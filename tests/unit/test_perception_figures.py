"""The perception quadrant and two-panel trend, built as plain figure dicts: valid
plotly figures with the layout, traces and marks the page describes."""

from __future__ import annotations

import base64
import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.perception import quadrant_figure, trend_figure
from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    board_figure,
    board_template,
    empty_figure,
)

CITY = "CITY"


def values(array: object) -> list:
    """The numbers of a trace array (a list or numpy array, as the builders send)."""
    assert not isinstance(array, dict)  # no typed arrays: one encoding, plain numbers
    return np.asarray(array, dtype=float).tolist()


def test_empty_figure_is_the_plotly_empty_figure_it_replaced() -> None:
    as_plotly = go.Figure()
    as_plotly.add_annotation(
        text="Nothing to show",
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": BASE_FONT_SIZE + 4},
    )
    as_plotly.update_xaxes(visible=False)
    as_plotly.update_yaxes(visible=False)
    as_plotly.update_layout(template=board_template())
    assert empty_figure("Nothing to show") == as_plotly.to_dict()


def test_numeric_arrays_send_the_numbers_plotly_would() -> None:
    numbers = np.array([0.25, np.nan, 31.5, -2.0])
    as_plotly = go.Figure(go.Scatter(y=numbers)).to_dict()["data"][0]["y"]
    sent = json.loads(board_figure().add_scatter(y=numbers).to_json())["data"][0]["y"]
    decoded = np.frombuffer(base64.b64decode(as_plotly["bdata"])).tolist()
    assert sent[0] == decoded[0] == 0.25
    assert sent == [None if np.isnan(v) else v for v in decoded]  # NaN is a gap
    assert values(sent)[0] == 0.25
    empty = json.loads(board_figure().add_scatter(y=np.array([])).to_json())
    assert len(empty["data"][0]["y"]) == 0


@pytest.fixture
def points() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_name": ["North", "South", "East"],
            "estimate": [0.30, 0.50, np.nan],
            "lower": [0.25, 0.44, np.nan],
            "upper": [0.36, 0.56, np.nan],
            "rate": [80.0, 120.0, 95.0],
            "rate_lower": [75.0, 112.0, 90.0],
            "rate_upper": [86.0, 128.0, 101.0],
            "significant": [False, True, np.nan],
        }
    )


def test_quadrant_is_a_valid_figure_with_both_kinds_of_point(points) -> None:  # type: ignore[no-untyped-def]
    figure = quadrant_figure(
        points,
        city_estimate=0.4,
        city_rate=100.0,
        question_label="Crime gone up locally",
        measure_label="All recorded crime",
        direction="higher_is_worse",
        demo=True,
    )
    checked = go.Figure(figure)  # raises on any property plotly does not know
    assert checked.layout.title.text.startswith("DEMO · Crime gone up locally")
    circles, diamonds = figure["data"]
    assert circles["marker"]["symbol"] == "circle"
    assert diamonds["marker"]["symbol"] == "diamond"
    assert diamonds["text"] == ["South (significant gap)"]
    assert values(circles["x"]) == [80.0]
    assert values(circles["y"]) == pytest.approx([30.0])
    assert values(circles["error_y"]["array"]) == pytest.approx([6.0])
    assert values(circles["error_x"]["arrayminus"]) == pytest.approx([5.0])
    vertical, horizontal = figure["layout"]["shapes"]
    assert vertical["x0"] == 100.0 and horizontal["y0"] == pytest.approx(40.0)
    corners = [note["text"] for note in figure["layout"]["annotations"][2:]]
    assert "<i>Feels less safe than the figures suggest</i>" in corners
    assert figure["layout"]["xaxis"]["ticklabeloverflow"] == "allow"


def test_quadrant_without_points_says_so(points) -> None:  # type: ignore[no-untyped-def]
    figure = quadrant_figure(
        points.assign(estimate=np.nan),
        city_estimate=0.4,
        city_rate=100.0,
        question_label="q",
        measure_label="m",
        direction="higher_is_worse",
        demo=False,
    )
    assert figure == empty_figure("No area has a survey estimate to plot")


def _trend_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    waves = pd.DataFrame(
        {
            "wave": ["w1", "w2"],
            "fieldwork_start": [date(2024, 1, 8), date(2024, 7, 8)],
            "fieldwork_end": [date(2024, 3, 8), date(2024, 9, 13)],
        }
    )
    survey = pd.DataFrame(
        [
            {
                "area_code": code,
                "area_name": name,
                "wave": wave.wave,
                "fieldwork_start": wave.fieldwork_start,
                "fieldwork_end": wave.fieldwork_end,
                "estimate": estimate,
                "lower": estimate - 0.05,
                "upper": estimate + 0.05,
            }
            # Rows out of date order, as a query may give them.
            for code, name in ((CITY, "Peterborough"), ("A", "North sector"))
            for wave, estimate in zip(waves[::-1].itertuples(), (0.4, 0.3), strict=True)
        ]
    )
    recorded = pd.DataFrame(
        [
            {
                "area_code": code,
                "area_name": name,
                "quarter_start": start,
                "quarter_end": end,
                "rate": rate,
                "rate_lower": rate - 1,
                "rate_upper": rate + 1,
            }
            for code, name in ((CITY, "Peterborough"), ("A", "North sector"))
            for start, end, rate in (
                (date(2024, 4, 1), date(2024, 6, 1), 20.0),
                (date(2024, 1, 1), date(2024, 3, 1), 25.0),
            )
        ]
    )
    return survey, recorded, waves


def test_trend_is_two_aligned_panels_with_waves_shaded() -> None:
    survey, recorded, waves = _trend_inputs()
    references = pd.DataFrame(
        {"wave": ["2013/14"], "area_name": ["England and Wales"], "estimate": [0.32]}
    )
    figure = trend_figure(
        survey,
        recorded,
        waves=waves,
        selected_wave="w2",
        question_label="Crime gone up locally",
        measure_label="All recorded crime",
        references=references,
        demo=False,
        city_code=CITY,
    )
    go.Figure(figure)  # raises on any property plotly does not know
    layout = figure["layout"]
    assert layout["yaxis"]["domain"] == [0.55, 1.0]
    assert layout["yaxis2"]["domain"] == [0.0, 0.45]
    assert layout["xaxis"]["matches"] == "x2"
    assert layout["xaxis"]["range"] == layout["xaxis2"]["range"]
    assert layout["yaxis"]["ticksuffix"] == "%"
    assert layout["yaxis2"]["rangemode"] == "tozero"
    titles = [note["text"] for note in layout["annotations"][:2]]
    assert titles == [
        "Residents: Crime gone up locally (%)",
        "Recorded (police.uk): All recorded crime per 1,000 residents, each quarter",
    ]
    # Per area: the survey line (top), the recorded band and line (bottom); the
    # city last, dotted.
    assert [(t.get("name", "band"), t["yaxis"]) for t in figure["data"]] == [
        ("North sector", "y"),
        ("band", "y2"),
        ("North sector", "y2"),
        ("Peterborough", "y"),
        ("band", "y2"),
        ("Peterborough", "y2"),
    ]
    north = figure["data"][0]
    assert north["x"] == sorted(north["x"])
    assert values(north["y"]) == pytest.approx([30.0, 40.0])
    assert figure["data"][3]["line"]["dash"] == "dot"
    assert values(figure["data"][2]["y"]) == [25.0, 20.0]
    # Each wave shaded on both panels, the chosen one in orange; one reference line.
    rects = [shape for shape in layout["shapes"] if shape["type"] == "rect"]
    assert len(rects) == 4
    assert [shape["opacity"] for shape in rects] == [0.12, 0.12, 0.25, 0.25]
    lines = [shape for shape in layout["shapes"] if shape["type"] == "line"]
    assert len(lines) == 1 and lines[0]["y0"] == pytest.approx(32.0)
    labels = [note["text"] for note in layout["annotations"]]
    assert "North 40%" in labels and "Peterborough 20.0" in labels
    assert "England and Wales, CSEW 2013/14: 32%" in labels


def test_trend_without_recorded_quarters_shades_only_the_survey_panel() -> None:
    survey, recorded, waves = _trend_inputs()
    figure = trend_figure(
        survey,
        recorded.iloc[0:0],
        waves=waves,
        selected_wave="w1",
        question_label="q",
        measure_label="m",
        references=pd.DataFrame(columns=["wave", "area_name", "estimate"]),
        demo=True,
        city_code=CITY,
    )
    go.Figure(figure)
    assert {trace["yaxis"] for trace in figure["data"]} == {"y"}
    assert {shape["yref"] for shape in figure["layout"]["shapes"]} == {"y domain"}
    empty = trend_figure(
        survey.iloc[0:0],
        recorded.iloc[0:0],
        waves=waves,
        selected_wave="w1",
        question_label="q",
        measure_label="m",
        references=pd.DataFrame(columns=["wave", "area_name", "estimate"]),
        demo=True,
        city_code=CITY,
    )
    assert empty == empty_figure("No survey or recorded data for these choices")


def test_imported_labels_are_shown_as_text_not_markup(points) -> None:  # type: ignore[no-untyped-def]
    label = "<b>Safe</b> <a href='https://example.org'>here</a> & now"
    figure = quadrant_figure(
        points,
        city_estimate=0.4,
        city_rate=100.0,
        question_label=label,
        measure_label="All recorded crime",
        direction="higher_is_worse",
        demo=True,
    )
    text = str(figure["layout"])
    assert "<b>Safe" not in text and "<a href" not in text
    assert "&lt;b&gt;Safe&lt;/b&gt; &lt;a href='https://example.org'&gt;here" in text
    assert "&amp; now" in text


def test_board_survey_bars_show_imported_labels_as_text() -> None:
    from dashboard.figures.board import perception_bars

    table = pd.DataFrame(
        {
            "area_code": ["E06000031"],
            "area_name": ["Peterborough"],
            "estimate": [0.4],
            "base_size": [500],
            "previous_estimate": [0.38],
        }
    )
    figure = perception_bars(
        table, wave="<i>2025</i>", previous_wave="2024 & before", measure="<b>Safe</b>"
    )
    text = str(figure)
    assert "<b>Safe" not in text and "&lt;b&gt;Safe&lt;/b&gt;" in text
    assert "&lt;i&gt;2025&lt;/i&gt;" in text and "2024 &amp; before" in text
