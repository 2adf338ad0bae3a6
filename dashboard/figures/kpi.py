"""A KPI's trend with its target and baseline: a pure DataFrame -> figure builder."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import OKABE_ITO, board_figure, empty_figure, plain
from dashboard.metrics.kpi import format_value


def kpi_trend_figure(
    values: pd.DataFrame,
    *,
    unit: str,
    target: float | None,
    baseline: float | None,
    is_demo: bool,
) -> FigureSpec:
    """Values over time (columns period_end, value, note) with the target as a
    dashed line and the baseline as a dotted one, each labelled in words; the first
    and latest values are written on the chart and periods with a note are marked
    with a diamond, so nothing depends on hover or colour."""
    if values.empty:
        return empty_figure("No values have been reported for this KPI yet.")
    data = values.sort_values("period_end")
    x = pd.to_datetime(data.period_end)
    figure = board_figure()
    figure.add_scatter(
        x=x,
        y=data.value,
        mode="lines+markers",
        name="Value",
        line={"color": OKABE_ITO["blue"], "width": 4},
        marker={"size": 9, "symbol": "circle"},
        hovertemplate="%{x|%b %Y}: %{y:,.2f}<extra></extra>",
    )
    noted = data[data.note.fillna("") != ""]
    if not noted.empty:
        figure.add_scatter(
            x=pd.to_datetime(noted.period_end),
            y=noted.value,
            mode="markers",
            name="Period with a note (see notes)",
            marker={
                "size": 18,
                "symbol": "diamond-open",
                "color": OKABE_ITO["vermillion"],
                "line": {"width": 3},
            },
            hoverinfo="skip",
        )
    # Target and baseline are legend entries named with their values, so their
    # labels never collide with the data labels.
    for level, word, dash, colour in (
        (target, "Target", "dash", OKABE_ITO["green"]),
        (baseline, "Baseline", "dot", OKABE_ITO["grey"]),
    ):
        if level is None or pd.isna(level):
            continue
        figure.add_scatter(
            x=[x.min(), x.max()],
            y=[level, level],
            mode="lines",
            name=f"{word} {format_value(level)}",
            line={"dash": dash, "width": 3, "color": colour},
            hoverinfo="skip",
        )
    for position, anchor in ((0, "left"), (-1, "right")):
        row = data.iloc[position]
        figure.add_annotation(
            x=pd.Timestamp(row.period_end),
            y=row.value,
            text=f"<b>{format_value(row.value)}</b>",
            showarrow=False,
            yshift=24,
            xanchor=anchor,
            font={"size": 20},
            bgcolor="rgba(255,255,255,0.85)",
        )
    figure.update_layout(
        title={"text": f"{'DEMO · ' if is_demo else ''}Trend ({plain(unit)})"},
        showlegend=True,
        margin={"l": 80, "r": 30, "t": 60, "b": 70},
        height=420,
    )
    # Under the page zoom used on 4K screens plotly misjudges label sizes and would
    # hide tick labels it thinks overflow; always draw them.
    figure.update_yaxes(
        title={"text": plain(unit)}, rangemode="tozero", ticklabeloverflow="allow"
    )
    figure.update_xaxes(ticklabeloverflow="allow")
    return figure


def kpi_trend_sentence(
    values: pd.DataFrame,
    *,
    name: str,
    unit: str,
    status_word: str,
    target: float | None,
) -> str:
    """One sentence from the data: first and latest value, target, and status."""
    if values.empty:
        return f"{name}: no values have been reported yet."
    data = values.sort_values("period_end")
    first, last = data.iloc[0], data.iloc[-1]
    target_text = (
        f" against a target of {format_value(target)}" if target is not None else ""
    )
    return (
        f"{name} went from {format_value(first.value)} ({first.period_end:%b %Y}) to "
        f"{format_value(last.value)} {unit} ({last.period_end:%b %Y}){target_text}: "
        f"status {status_word}."
    )
