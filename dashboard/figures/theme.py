"""One board-room look for every chart: large type and a colour-blind-safe palette.

Colours are Okabe-Ito. No chart relies on colour alone: highlighted marks also
carry a text label or a distinct marker shape.

Every figure is a ``FigureSpec`` (see ``dashboard.figures.spec``) made by
``board_figure``, which applies the template, or ``empty_figure`` when there is
nothing to draw.
"""

from __future__ import annotations

from html import escape
from typing import Any

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
# The template as a figure's layout holds it in JSON; shared by every figure and
# never mutated.
_TEMPLATE_JSON = go.Figure(layout={"template": _TEMPLATE}).to_dict()["layout"][
    "template"
]


def plain(text: object) -> str:
    """Imported text as Plotly should show it: literally. Plotly renders a subset of
    HTML in titles, labels and hovers (bold, links), so '<' and '&' are escaped."""
    return escape(str(text), quote=False)


def board_figure(
    data: list[dict[str, Any]] | None = None, layout: dict[str, Any] | None = None
) -> FigureSpec:
    """A new figure with the board-room template: every builder starts here, so
    this is the one place the template is applied. ``data`` and ``layout`` are
    whole traces and layout, as in plotly's JSON form; numeric arrays go in as
    lists or numpy arrays (see ``dashboard.figures.spec``)."""
    figure = FigureSpec(data, layout)
    figure.layout["template"] = _TEMPLATE_JSON
    return figure


def empty_figure(message: str) -> FigureSpec:
    """A blank chart that says, in words, why there is nothing to show."""
    return board_figure(
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
