"""One board-room look for every chart: large type and a colour-blind-safe palette.

Colours are Okabe-Ito. No chart relies on colour alone: highlighted marks also
carry a text label or a distinct marker shape.
"""

from __future__ import annotations

import base64
from typing import Any, TypeVar

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.spec import FigureSpec

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6B6B6B",
}
PALETTE = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["black"],
]
HIGHLIGHT = OKABE_ITO["vermillion"]
NEUTRAL = OKABE_ITO["grey"]
FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
)
BASE_FONT_SIZE = 18  # px at 1920x1080; CSS scales the page up on 4K screens


def board_template() -> go.layout.Template:
    """The template every figure uses: big type, high contrast, no clutter."""
    return go.layout.Template(
        layout=go.Layout(
            font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#1a1a1a"},
            title={"font": {"size": BASE_FONT_SIZE + 6}, "x": 0, "xanchor": "left"},
            colorway=PALETTE,
            paper_bgcolor="white",
            plot_bgcolor="white",
            margin={"l": 70, "r": 30, "t": 60, "b": 60},
            # The page is CSS-zoomed on 4K screens; without "allow" plotly measures
            # tick labels at the wrong scale and hides some of them.
            xaxis={
                "ticklabeloverflow": "allow",
                "showgrid": False,
                "linecolor": "#444",
                "ticks": "outside",
                "tickfont": {"size": BASE_FONT_SIZE},
                "title": {"font": {"size": BASE_FONT_SIZE}},
            },
            yaxis={
                "ticklabeloverflow": "allow",
                "gridcolor": "#dddddd",
                "zeroline": False,
                "tickfont": {"size": BASE_FONT_SIZE},
                "title": {"font": {"size": BASE_FONT_SIZE}},
            },
            legend={"font": {"size": BASE_FONT_SIZE}, "orientation": "h", "y": -0.2},
            hoverlabel={"font": {"size": BASE_FONT_SIZE}},
        )
    )


_TEMPLATE = board_template()
# The template as a figure's layout holds it in JSON; shared by every plain figure
# and never mutated.
_TEMPLATE_JSON = go.Figure(layout={"template": _TEMPLATE}).to_dict()["layout"][
    "template"
]


Themed = TypeVar("Themed", go.Figure, FigureSpec)


def apply_theme(figure: Themed) -> Themed:
    """Give a figure the board-room template, in place, and return it (plotly
    copies the template into the figure, so one built template serves all; a
    FigureSpec shares the one JSON form, which nothing changes)."""
    if isinstance(figure, FigureSpec):
        figure.layout["template"] = _TEMPLATE_JSON
    else:
        figure.update_layout(template=_TEMPLATE)
    return figure


def empty_figure(message: str) -> go.Figure:
    """A blank chart that says, in words, why there is nothing to show."""
    figure = go.Figure()
    figure.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": BASE_FONT_SIZE + 4},
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return apply_theme(figure)


def plain_figure(data: list[dict], layout: dict[str, Any]) -> FigureSpec:
    """A FigureSpec (the plain dict Dash sends, what ``go.Figure.to_dict()`` gives)
    from whole traces and layout, with the board-room template, built without
    plotly's validation: validating a large figure property by property costs tens
    of milliseconds. Check builders that use this with ``go.Figure(figure)`` in
    their tests.

    Pass numeric arrays through ``typed_array``, as plotly encodes them."""
    return apply_theme(FigureSpec(data, layout))


def typed_array(values: np.ndarray | list[float]) -> dict[str, str] | np.ndarray:
    """Numbers as the plotly.js typed array plotly sends for a numpy array
    (float64, base64-encoded); an empty array stays as it is, as in plotly."""
    array = np.asarray(values, dtype=np.float64)
    if not array.size:
        return array
    return {"dtype": "f8", "bdata": base64.b64encode(array.tobytes()).decode("ascii")}


def plain_empty_figure(message: str) -> FigureSpec:
    """``empty_figure(message)`` as a plain dict."""
    return plain_figure(
        [],
        {
            "annotations": [
                {
                    "font": {"size": BASE_FONT_SIZE + 4},
                    "showarrow": False,
                    "text": message,
                    "x": 0.5,
                    "xref": "paper",
                    "y": 0.5,
                    "yref": "paper",
                }
            ],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
        },
    )
