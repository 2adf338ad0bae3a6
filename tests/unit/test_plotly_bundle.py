"""The browser's plotly.js: a partial bundle (dashboard/static) that can draw every
trace type the figure builders make, of the same plotly.js version as plotly's own;
served where dcc.Graph asks for plotly.js, and nothing in assets/ loads it on every
page."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.figures.spec import BROWSER_TRACE_TYPES, FigureSpec
from dashboard.figures.theme import board_figure

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "dashboard" / "static"
FULL_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TRACE_MODULE = re.compile(r'moduleType:"trace",name:"(\w+)"')


def bundles() -> list[Path]:
    # No plotly.js in assets/: Dash would load it on every page, charts or none.
    assert not list((ROOT / "assets").glob("*plotly*.js"))
    return sorted(STATIC.glob("*plotly*.js"))


def trace_types(bundle: Path) -> set[str]:
    """The trace types a plotly.js bundle registers, read from its source."""
    return set(TRACE_MODULE.findall(bundle.read_text(encoding="utf-8")))


def test_one_plotly_bundle_of_plotlys_own_version() -> None:
    [bundle] = bundles()
    header = bundle.read_text(encoding="utf-8")[:200]
    assert f"v{get_plotlyjs_version()}\n" in header
    assert "Licensed under the MIT license" in header
    assert bundle.name.endswith(f"-{get_plotlyjs_version()}.min.js")


def test_the_bundle_draws_every_trace_type_a_figure_may_use() -> None:
    [bundle] = bundles()
    assert trace_types(bundle) == BROWSER_TRACE_TYPES
    # The same reading finds the full bundle's many types, so it reads bundles.
    assert {"heatmap", "choropleth", "bar"} <= trace_types(FULL_BUNDLE)


@pytest.mark.parametrize(
    "build",
    [
        lambda: FigureSpec().add_trace_of("heatmap", z=[[1]]),
        lambda: FigureSpec([{"type": "choroplethmap", "z": [1]}]),
        lambda: board_figure([{"type": "box", "y": [1, 2]}]),
    ],
)
def test_a_figure_with_a_trace_the_browser_cannot_draw_fails_when_built(build) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="cannot draw"):
        build()


def test_traces_the_browser_draws_are_built_as_before() -> None:
    figure = FigureSpec([{"x": [1], "y": [2]}]).add_bar(x=[1], y=[2])
    assert [trace.get("type", "scatter") for trace in figure["data"]] == [
        "scatter",
        "bar",
    ]
