"""FigureSpec (plotly's JSON form, built without validation) and the figures built
with it (quartile, board, KPI, maps): every one must still pass plotly's own
validation."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures import board as board_figures
from dashboard.figures import quartile as figures
from dashboard.figures.kpi import kpi_trend_figure
from dashboard.figures.maps import trend_figure as map_trend_figure
from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import board_figure, board_template, empty_figure
from dashboard.metrics.funnel import funnel_positions
from dashboard.metrics.quartile import quartile_history, rank_areas

CODES = [f"E{index:02d}" for index in range(12)]


def test_spec_methods_build_plotly_json() -> None:
    figure = FigureSpec()
    figure.add_scatter(x=pd.Series([1, 2]), y=[3, 4], name="a", text=None)
    figure.add_bar(x=[1], y=[2], marker={"color": "red", "line": {"width": 0}})
    figure.update_xaxes(title_text="Residents", range=[0, 5], tickvals=None)
    figure.update_xaxes(type="log")
    figure.update_layout(height=400, legend={"x": 0})
    figure.update_layout(legend={"y": -0.2})

    assert figure["data"][0]["type"] == "scatter"
    assert isinstance(figure["data"][0]["x"], np.ndarray)  # a Series is sent as numpy
    assert "text" not in figure["data"][0]  # None means unset, as in plotly
    assert figure["layout"]["xaxis"] == {
        "title": {"text": "Residents"},
        "range": [0, 5],
        "type": "log",
    }
    assert figure["layout"]["legend"] == {"x": 0, "y": -0.2}
    assert json.loads(figure.to_json())["data"][1]["marker"]["color"] == "red"
    figure.add_annotation(text="note", x=1, y=2, font=None)
    figure.add_shape(type="line", x0=1, x1=1, y0=0, y1=1, yref="y domain")
    assert figure["layout"]["annotations"] == [{"text": "note", "x": 1, "y": 2}]
    assert figure["layout"]["shapes"][0]["yref"] == "y domain"
    go.Figure(figure)  # plotly accepts it


def test_plotly_still_rejects_a_misspelt_property() -> None:
    figure = FigureSpec().add_scatter(x=[1], y=[1], colour="red")
    with pytest.raises(ValueError, match="colour"):
        go.Figure(figure)


def test_theme_gives_a_spec_the_same_template_as_a_figure() -> None:
    spec = board_figure()
    plotly_figure = go.Figure(layout={"template": board_template()})
    assert (
        spec["layout"]["template"]
        == plotly_figure.to_plotly_json()["layout"]["template"]
    )
    # The empty figure is a FigureSpec with the same template.
    empty = empty_figure("Nothing")
    assert isinstance(empty, FigureSpec)
    assert empty["layout"]["template"] == spec["layout"]["template"]
    assert _validated(empty)["layout"]["annotations"][0]["text"] == "Nothing"


@pytest.fixture()
def panel() -> pd.DataFrame:
    rows = []
    for year in (2022, 2023, 2024):
        for index, code in enumerate(CODES):
            rows.append(
                {
                    "period_end": date(year, 6, 30),
                    "area_code": code,
                    "area_name": f"Area {index}",
                    "offence_count": 500 + 37 * index + 11 * (year - 2022),
                    "population": 8000 + 900 * index,
                    "excluded_reason": None,
                    "is_demo": year == 2022,
                }
            )
    return pd.DataFrame(rows)


def _validated(figure: FigureSpec | go.Figure) -> dict:
    """The figure after plotly's validation (raises on any unknown property)."""
    assert isinstance(figure, FigureSpec)
    return go.Figure(figure).to_plotly_json()


def test_every_quartile_figure_passes_plotly_validation(panel: pd.DataFrame) -> None:
    latest = panel[panel.period_end == panel.period_end.max()]
    ranked = rank_areas(latest)
    slope = _validated(
        figures.ski_slope_figure(ranked, highlight="E03", reference_rate=60.0)
    )
    assert len(slope["data"]) == 1 and slope["layout"]["annotations"]

    rated = ranked.copy()
    rated["position"] = funnel_positions(rated.offence_count, rated.population, 60.0)
    funnel = _validated(
        figures.funnel_figure(rated, highlight="E03", reference_rate=60.0)
    )
    assert funnel["layout"]["xaxis"]["type"] == "log"

    history = quartile_history(panel, "E03")
    assert _validated(figures.quartile_history_figure(history, area_name="Area 3"))

    members = ranked.head(6).assign(
        ci_low=lambda t: t.rate_per_1000 * 0.9,
        ci_high=lambda t: t.rate_per_1000 * 1.1,
        significance=["significantly higher", "significantly lower"]
        + ["not significantly different"] * 4,
    )
    msg = figures.msg_figure(
        members, highlight="E03", group_rate=60.0, group_note="Computed group"
    )
    assert len(_validated(msg)["data"]) == 3

    trend = pd.DataFrame(
        {
            "period_end": [date(2023, 6, 30), date(2024, 6, 30)] * 2,
            "series": ["Peterborough"] * 2 + ["England and Wales"] * 2,
            "rate_per_1000": [90.0, 95.0, 80.0, 82.0],
        }
    )
    breaks = pd.DataFrame(
        {"break_date": [date(2023, 12, 31)], "description": ["Recording change"]}
    )
    trend_figure = figures.trend_figure(trend, breaks, demo_until=date(2023, 6, 30))
    # the demo band, the break line and the shaded year after the break
    assert len(_validated(trend_figure)["layout"]["shapes"]) == 3


def test_every_board_figure_passes_plotly_validation() -> None:
    survey = pd.DataFrame(
        {
            "area_name": ["North", "South"],
            "estimate": [0.3, 0.45],
            "base_size": [120, np.nan],
            "previous_estimate": [0.25, np.nan],
        }
    )
    bars = _validated(
        board_figures.perception_bars(
            survey, wave="2024", previous_wave="2023", measure="feel safe"
        )
    )
    assert [trace["name"] for trace in bars["data"]] == [
        "Previous wave: 2023",
        "This wave: 2024",
    ]
    assert bars["layout"]["height"] == board_figures.SLIDE_HEIGHT
    assert bars["layout"]["template"]["layout"]["colorway"]

    wards = pd.DataFrame(
        {
            "area_name": ["X", "Y", "Z"],
            "sector_name": ["North", "South", "East"],
            "sector_short": ["N", "S", "E"],
            "value": [3.5, 7.25, 1.0],
        }
    )
    areas = _validated(
        board_figures.area_bars(wards, unit="crimes", decimals=1, city_value=4.0)
    )
    assert len(areas["data"]) == 3
    (line,) = areas["layout"]["shapes"]
    assert (line["x0"], line["x1"], line["yref"]) == (4.0, 4.0, "y domain")
    assert areas["layout"]["annotations"][0]["text"] == "Peterborough 4.0"

    counts = pd.DataFrame(
        {
            "group": ["Group one", "Group one", "Group two"],
            "status_word": ["Red", "Green", "Amber"],
            "kpis": [2, 3, 1],
        }
    )
    statuses = _validated(board_figures.status_bars(counts))
    assert [trace["name"] for trace in statuses["data"]] == [
        "R = Red",
        "A = Amber",
        "G = Green",
    ]
    assert all(
        trace["marker"]["line"] == {"color": "#ffffff", "width": 2}
        for trace in statuses["data"]
    )

    for empty in (
        board_figures.perception_bars(
            survey.iloc[:0], wave="2024", previous_wave=None, measure="m"
        ),
        board_figures.area_bars(wards.iloc[:0], unit="u", decimals=0, city_value=None),
        board_figures.status_bars(counts.iloc[:0]),
    ):
        assert _validated(empty)["layout"]["annotations"]


def test_kpi_and_map_trend_figures_pass_plotly_validation() -> None:
    values = pd.DataFrame(
        {
            "period_end": [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)],
            "value": [10.0, 12.5, 11.0],
            "note": [None, "revised", ""],
        }
    )
    kpi = _validated(
        kpi_trend_figure(values, unit="%", target=15.0, baseline=9.0, is_demo=True)
    )
    assert [trace["name"] for trace in kpi["data"]] == [
        "Value",
        "Period with a note (see notes)",
        "Target 15",
        "Baseline 9",
    ]
    assert kpi["layout"]["title"]["text"] == "DEMO · Trend (%)"
    assert len(kpi["layout"]["annotations"]) == 2
    assert _validated(
        kpi_trend_figure(
            values.iloc[:0], unit="%", target=None, baseline=None, is_demo=False
        )
    )

    trend = pd.DataFrame({"period_label": ["Jan 2024", "Feb 2024"], "value": [3, 5]})
    ward = _validated(
        map_trend_figure(trend, title="Ward", value_label="Crimes", decimals=1)
    )
    assert ward["data"][0]["text"] == ["3.0", "5.0"]
    assert ward["layout"]["title"]["text"] == "Ward"
    assert ward["layout"]["yaxis"]["title"]["text"] == "Crimes"
    assert _validated(map_trend_figure(trend.iloc[:0], title="W", value_label="C"))
