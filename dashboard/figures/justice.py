"""Outcomes and stop and search charts: pure DataFrame -> figure builders. Each
outcome group has a colour and a fill pattern, and every bar carries its figure
in text, so nothing depends on colour or hover. A patterned bar is drawn on a pale
tint of its colour and labelled in dark bold type; only the solid (dark blue) bar
is labelled in white, so every label keeps its contrast at both screen sizes."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import (
    OKABE_ITO,
    PALETTE,
    board_figure,
    empty_figure,
    plain,
)
from domain.police_outcomes import OUTCOME_GROUPS

PATTERNS = ("", "/", "\\", "x", "-", "|", "+", ".")
GROUP_STYLE = {
    group: (PALETTE[i % len(PALETTE)], PATTERNS[i % len(PATTERNS)])
    for i, group in enumerate(OUTCOME_GROUPS)
}
DARK_TEXT = "#1a1a1a"


def tint(colour: str, amount: float = 0.8) -> str:
    """``colour`` (#RRGGBB) mixed with ``amount`` of white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def group_marker(group: str) -> dict:
    """The bar marker of an outcome group: a solid fill, or its pattern in the
    group's colour on a pale tint of it."""
    colour, pattern = GROUP_STYLE[group]
    if not pattern:
        return {"color": colour}
    return {
        "color": tint(colour),
        "pattern": {"shape": pattern, "fgcolor": colour, "bgcolor": tint(colour)},
    }


def label_colour(group: str) -> str:
    """White on the solid (dark) fill, dark on the pale patterned ones."""
    return "white" if not GROUP_STYLE[group][1] else DARK_TEXT


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def group_bar_figure(table: pd.DataFrame) -> FigureSpec:
    """Crimes by outcome group (columns outcome_group, crimes, share), largest
    group first, each bar labelled with its count and share."""
    if table.empty or table.crimes.sum() == 0:
        return empty_figure("No outcomes recorded for this choice.")
    data = table.iloc[::-1]
    figure = board_figure()
    # One trace a group, so that each bar has its own colour and pattern.
    for row in data.itertuples():
        figure.add_bar(
            y=[row.outcome_group],
            x=[row.crimes],
            orientation="h",
            marker=group_marker(row.outcome_group),
            text=[f"{row.crimes:,} ({_percent(row.share)})"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,} crimes<extra></extra>",
            showlegend=False,
        )
    figure.update_layout(
        barmode="stack",
        height=110 + 52 * len(data),
        margin={"l": 20, "r": 150, "t": 20, "b": 60},
        xaxis={"title": {"text": "Crimes (each crime's latest outcome)"}},
        yaxis={"automargin": True},
    )
    return figure


def share_stack_figure(table: pd.DataFrame, by: str, order: list[str]) -> FigureSpec:
    """100% stacked bars of outcome group shares for each value of ``by`` (in
    ``order``, top first), shares of 8% or more written on the bar, the number
    of crimes after each row's name."""
    if table.empty:
        return empty_figure("No outcomes recorded for this choice.")
    totals = table.groupby(by)["crimes"].sum()
    rows = [name for name in order if totals.get(name, 0) > 0][::-1]
    labels = [f"{plain(name)} ({totals[name]:,})" for name in rows]
    figure = board_figure()
    for group in OUTCOME_GROUPS:
        part = table[table.outcome_group == group].set_index(by).reindex(rows)
        shares = part.share.fillna(0.0)
        figure.add_bar(
            y=labels,
            x=(100 * shares).round(1).tolist(),
            name=group,
            orientation="h",
            marker=group_marker(group),
            text=[_percent(s) if s >= 0.08 else "" for s in shares],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": label_colour(group), "weight": "bold"},
            customdata=part.crimes.fillna(0).astype(int).tolist(),
            hovertemplate=f"{group}: %{{x:.1f}}% (%{{customdata:,}} crimes)<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        height=330 + 40 * len(rows),
        margin={"l": 20, "r": 20, "t": 20, "b": 70},
        xaxis={"title": {"text": "Share of crimes (%)"}, "range": [0, 100]},
        yaxis={"automargin": True},
        # Above the bars: below them it would meet the axis title of a short chart.
        legend={
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
    )
    return figure


def month_stack_figure(table: pd.DataFrame) -> FigureSpec:
    """Crimes by the month their latest outcome was recorded (columns month_label,
    outcome_group, crimes), stacked by group, each month's total on top."""
    if table.empty or table.crimes.sum() == 0:
        return empty_figure("No outcomes recorded for this choice.")
    months = list(dict.fromkeys(table.month_label))
    figure = board_figure()
    for group in OUTCOME_GROUPS:
        part = table[table.outcome_group == group].set_index("month_label")
        figure.add_bar(
            x=months,
            y=part.crimes.reindex(months).fillna(0).astype(int).tolist(),
            name=group,
            marker=group_marker(group),
            hovertemplate=f"{group}, %{{x}}: %{{y:,}}<extra></extra>",
        )
    totals = table.groupby("month_label", sort=False)["crimes"].sum().reindex(months)
    figure.add_scatter(
        x=months,
        y=totals.tolist(),
        mode="text",
        text=[f"{t:,}" for t in totals],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
    )
    figure.update_layout(
        barmode="stack",
        height=560,
        margin={"l": 70, "r": 20, "t": 30, "b": 40},
        yaxis={"title": {"text": "Crimes"}},
        legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
    )
    return figure


def count_bar_figure(
    labels: list[str], counts: list[float], *, axis_title: str, horizontal: bool
) -> FigureSpec:
    """Counts as bars, each labelled with its count (a count that is NaN was
    suppressed and is labelled 'not shown')."""
    if not labels:
        return empty_figure("Fewer than 5 searches: no breakdown is shown.")
    # Categories as police.uk's files give them: shown as text, never as markup.
    labels = [plain(label) for label in labels]
    values = [0 if pd.isna(c) else c for c in counts]
    text = ["not shown" if pd.isna(c) else f"{int(c):,}" for c in counts]
    figure = board_figure()
    if horizontal:
        figure.add_bar(
            y=labels[::-1],
            x=values[::-1],
            orientation="h",
            text=text[::-1],
            textposition="outside",
            cliponaxis=False,
            marker={"color": OKABE_ITO["blue"]},
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
        figure.update_layout(
            height=110 + 52 * len(labels),
            margin={"l": 20, "r": 150, "t": 20, "b": 60},
            xaxis={"title": {"text": axis_title}},
            yaxis={"automargin": True},
        )
    else:
        figure.add_bar(
            x=labels,
            y=values,
            text=text,
            textposition="outside",
            cliponaxis=False,
            marker={"color": OKABE_ITO["blue"]},
            hovertemplate="%{x}: %{y:,}<extra></extra>",
        )
        figure.update_layout(
            height=460,
            margin={"l": 70, "r": 20, "t": 40, "b": 60},
            yaxis={"title": {"text": axis_title}},
        )
    return figure
