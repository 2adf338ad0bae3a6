"""Figures for board slides: every value the board needs is written on the chart.

Slides are read from across the room and printed in the board pack, so nothing is
left to hover: bars carry their value as text, and series differ by pattern and
name as well as colour.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import pandas as pd

from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    OKABE_ITO,
    board_figure,
    empty_figure,
    plain,
)

SLIDE_HEIGHT = 560
# The smallest chart text on a slide, in px at 1920x1080 (the page zoom doubles it on
# a 4K panel): slide text is read from the back of the board room, 20 px at least.
ROOM_FONT_SIZE = 22
STATUS_COLOURS = {
    "Red": OKABE_ITO["vermillion"],
    "Amber": OKABE_ITO["orange"],
    "Green": OKABE_ITO["green"],
    "Not rated": "#9a9a9a",
}
STATUS_PATTERNS = {"Red": "x", "Amber": "/", "Green": "", "Not rated": "."}


def perception_bars(
    table: pd.DataFrame, *, wave: str, previous_wave: str | None, measure: str
) -> FigureSpec:
    """Horizontal bars per area (area_name, estimate, base_size, previous_estimate),
    this wave solid and the previous wave hatched, each labelled with its value."""
    if table.empty:
        return empty_figure("No survey results for this measure and period.")
    # Imported survey labels and wave names: shown as text, never as markup.
    measure, wave = plain(measure), plain(wave)
    previous_wave = None if previous_wave is None else plain(previous_wave)
    table = table.iloc[::-1]
    figure = board_figure()
    if previous_wave is not None and table.previous_estimate.notna().any():
        figure.add_bar(
            y=table.area_name,
            x=100 * table.previous_estimate,
            orientation="h",
            name=f"Previous wave: {previous_wave}",
            marker={
                "color": "#cfe3f3",
                "pattern": {"shape": "/", "fgcolor": OKABE_ITO["blue"]},
                "line": {"color": OKABE_ITO["blue"], "width": 1},
            },
            text=[
                "" if pd.isna(v) else f"{100 * v:.0f}%" for v in table.previous_estimate
            ],
            textposition="outside",
            cliponaxis=False,
        )
    figure.add_bar(
        y=table.area_name,
        x=100 * table.estimate,
        orientation="h",
        name=f"This wave: {wave}",
        marker={"color": OKABE_ITO["blue"]},
        text=[
            f"<b>{100 * v:.0f}%</b>" + ("" if pd.isna(n) else f" (n={int(n):,})")
            for v, n in zip(table.estimate, table.base_size, strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
    )
    figure.update_layout(
        barmode="group",
        height=SLIDE_HEIGHT,
        margin={"l": 230, "r": 40, "t": 30, "b": 120},
        legend={"orientation": "h", "y": -0.18, "x": 0, "traceorder": "reversed"},
        uniformtext={"minsize": BASE_FONT_SIZE, "mode": "show"},
    )
    figure.update_xaxes(
        title_text=f"Per cent of residents: {measure}", range=[0, 119], ticksuffix="%"
    )
    return figure


def area_bars(
    table: pd.DataFrame,
    *,
    unit: str,
    decimals: int,
    city_value: float | None,
    city_label: str = "Peterborough",
    highest: int | None = None,
) -> FigureSpec:
    """Wards as horizontal bars grouped by sector (area_name, sector_name, value),
    each labelled with its value; the city's figure as a dashed line, labelled
    ``city_label`` (which names its series, so it is not read as another's).

    With ``highest``, only that many wards with the highest values, highest at the
    top and titled so (the slide: few enough bars to read across the room)."""
    if table.empty:
        return empty_figure("No records for this measure and period.")
    title = None
    if highest is not None and highest < len(table):
        title = f"The {highest} highest of {len(table)} wards"
        table = table.nlargest(highest, "value").sort_values("value")
    else:
        table = table.sort_values(["sector_name", "value"], ascending=[False, True])
    labels = [f"{row.area_name} ({row.sector_short})" for row in table.itertuples()]
    figure = board_figure()
    symbols = {"N": "", "S": "/", "E": "."}
    for short, group in table.groupby("sector_short", sort=False):
        figure.add_bar(
            y=[f"{row.area_name} ({short})" for row in group.itertuples()],
            x=group.value,
            orientation="h",
            name=str(group.sector_name.iloc[0]),
            marker={
                "color": {"N": OKABE_ITO["blue"], "S": OKABE_ITO["orange"]}.get(
                    str(short), OKABE_ITO["green"]
                ),
                "pattern": {"shape": symbols.get(str(short), "")},
            },
            text=[f"{v:,.{decimals}f}" for v in group.value],
            textposition="outside",
            cliponaxis=False,
        )
    if city_value is not None:
        # A vertical line over the whole plot, labelled at its foot on the right
        # (what go.Figure.add_vline writes for annotation_position="bottom right").
        figure.add_shape(
            type="line",
            x0=city_value,
            x1=city_value,
            xref="x",
            y0=0,
            y1=1,
            yref="y domain",
            line={"color": OKABE_ITO["black"], "dash": "dash", "width": 2},
        )
        figure.add_annotation(
            text=f"{city_label} {city_value:,.{decimals}f}",
            x=city_value,
            xanchor="left",
            xref="x",
            y=0,
            yanchor="bottom",
            yref="y domain",
            showarrow=False,
            bgcolor="rgba(255,255,255,0.9)",
            font={"size": BASE_FONT_SIZE},
        )
    figure.update_layout(
        height=SLIDE_HEIGHT,
        margin={"l": 300, "r": 70, "t": 50 if title is None else 90, "b": 40},
        legend={"orientation": "h", "y": 1.01, "x": 0, "yanchor": "bottom"},
        bargap=0.12,
    )
    if title is not None:
        figure.update_layout(title={"text": title, "y": 0.98, "yanchor": "top"})
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        dtick=1,
        tickfont={"size": BASE_FONT_SIZE - 2},
    )
    figure.update_xaxes(rangemode="tozero", ticksuffix="")
    return figure


def status_bars(counts: pd.DataFrame, first: int | None = None) -> FigureSpec:
    """KPI statuses per group as stacked horizontal bars (group, status_word, kpis),
    each segment labelled with its count and status word, shaded by pattern too.
    Groups are drawn in the order given, the first at the top; with ``first``, only
    that many, titled so (the slide: few enough bars to read across the room)."""
    if counts.empty:
        return empty_figure("No KPI has a value for this period.")
    groups = list(dict.fromkeys(counts.group))
    title = None
    if first is not None and first < len(groups):
        title = f"{first} of {len(groups)} priorities, most Red first"
        groups = groups[:first]
    groups = groups[::-1]
    names = [_wrap(group, 30) for group in groups]
    figure = board_figure()
    for status, colour in STATUS_COLOURS.items():
        part = counts[counts.status_word == status].set_index("group")
        values = [int(part.kpis.get(group, 0)) for group in groups]
        if not any(values):
            continue
        figure.add_bar(
            y=names,
            x=values,
            orientation="h",
            name=f"{_short(status)} = {status}",
            marker={
                "color": colour,
                "line": {"color": "#ffffff", "width": 2},
                "pattern": {
                    "shape": STATUS_PATTERNS[status],
                    "fgcolor": "#ffffff",
                    "fillmode": "overlay",
                    "fgopacity": 0.35,
                },
            },
            text=[f"<b>{v} {_short(status)}</b>" if v else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"size": BASE_FONT_SIZE, "color": "#000000"},
            insidetextfont={"color": "#ffffff" if status != "Amber" else "#000000"},
        )
    figure.update_layout(
        barmode="stack",
        height=SLIDE_HEIGHT,
        margin={"l": 330, "r": 30, "t": 50 if title is None else 90, "b": 60},
        legend={"orientation": "h", "y": 1.01, "x": 0, "yanchor": "bottom"},
        uniformtext={"minsize": BASE_FONT_SIZE, "mode": "show"},
    )
    if title is not None:
        figure.update_layout(title={"text": title, "y": 0.98, "yanchor": "top"})
    figure.update_xaxes(title_text="Number of KPIs", dtick=1)
    return figure


def _short(status: str) -> str:
    return {"Red": "R", "Amber": "A", "Green": "G"}.get(status, "N")


def _wrap(text: str, width: int) -> str:
    """Break a long label into lines of about ``width`` characters (plotly <br>)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _at_least(font: dict[str, Any] | None, size: int) -> dict[str, Any]:
    """A font dict whose size is at least ``size`` (other settings kept)."""
    font = dict(font or {})
    font["size"] = max(float(font.get("size") or 0), size)
    return font


def for_the_room(figure: dict[str, Any], size: int = ROOM_FONT_SIZE) -> dict[str, Any]:
    """A copy of a figure (plotly JSON) with every piece of its text at least
    ``size`` px: the base font, axis ticks and titles, legend, chart title,
    annotations and bar labels. Axes grow their margins to fit the larger labels.

    Applied when a slide is drawn, so a snapshot frozen before this rule reads
    as large as a new one; the pack prints the figure as it was built."""
    room = deepcopy(figure)
    layout = room.setdefault("layout", {})
    layout["font"] = _at_least(layout.get("font"), size)
    # The template sets the axes' fonts: give the main axes their own to override.
    layout.setdefault("xaxis", {})
    layout.setdefault("yaxis", {})
    for name, axis in list(layout.items()):
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["tickfont"] = _at_least(axis.get("tickfont"), size)
            title = axis.get("title")
            if isinstance(title, dict):
                title["font"] = _at_least(title.get("font"), size)
            axis["automargin"] = True
    for name in ("legend", "hoverlabel"):
        part = layout.setdefault(name, {})
        part["font"] = _at_least(part.get("font"), size)
    title = layout.get("title")
    if isinstance(title, dict):
        title["font"] = _at_least(title.get("font"), size + 2)
    for annotation in layout.get("annotations") or []:
        annotation["font"] = _at_least(annotation.get("font"), size)
    if "uniformtext" in layout:
        layout["uniformtext"]["minsize"] = max(
            layout["uniformtext"].get("minsize") or 0, size
        )
    for trace in room.get("data") or []:
        trace["textfont"] = _at_least(trace.get("textfont"), size)
        for key in ("insidetextfont", "outsidetextfont"):
            if key in trace:
                trace[key] = _at_least(trace[key], size)
    return room
