"""FigureSpec (plotly's JSON form, built without validation) and the quartile
figures built with it: every one must still pass plotly's own validation."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures import quartile as figures
from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import apply_theme
from dashboard.metrics.quartile import funnel_positions, quartile_history, rank_areas

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
    go.Figure(figure)  # plotly accepts it


def test_plotly_still_rejects_a_misspelt_property() -> None:
    figure = FigureSpec().add_scatter(x=[1], y=[1], colour="red")
    with pytest.raises(ValueError, match="colour"):
        go.Figure(figure)


def test_theme_gives_a_spec_the_same_template_as_a_figure() -> None:
    spec = apply_theme(FigureSpec())
    plotly_figure = apply_theme(go.Figure())
    assert (
        spec["layout"]["template"]
        == plotly_figure.to_plotly_json()["layout"]["template"]
    )


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
    assert len(_validated(trend_figure)["layout"]["shapes"]) == 2
