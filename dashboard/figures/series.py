"""Real published evidence: CSEW force estimates against England and Wales, and
annual series (recorded ASB, fly-tipping) with their breaks marked in words."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    NEUTRAL,
    OKABE_ITO,
    PALETTE,
    board_figure,
    empty_figure,
)

SYMBOLS = ["circle", "square", "diamond", "triangle-up"]
DASHES = ["solid", "dash", "dot", "dashdot"]


def force_survey_figure(results: pd.DataFrame, *, title: str) -> FigureSpec:
    """Each area's % (dot) and Wilson 95% interval (bar), per measure and year.

    ``results``: wave, area_name, short_label, estimate, lower, upper,
    significant_vs_reference. Areas differ by colour and marker shape; the label
    beside each dot gives the % and, where published, the significance in words.
    """
    if results.empty:
        return empty_figure("No CSEW force-level results are loaded")
    traces = []
    rows = [
        f"{label} · {wave.replace('Year ending ', 'YE ')}"
        for label, wave in zip(results.short_label, results.wave, strict=True)
    ]
    order = list(dict.fromkeys(rows))
    for i, (area, group) in enumerate(results.groupby("area_name", sort=False)):
        index = group.index
        estimate = 100 * group.estimate.to_numpy(dtype=float)
        lower = 100 * group.lower.to_numpy(dtype=float)
        upper = 100 * group.upper.to_numpy(dtype=float)
        flags = [
            ""
            if flag is None or pd.isna(flag)
            else " (sig. different from E&W)"
            if flag
            else " (not sig. different)"
            for flag in group.significant_vs_reference
        ]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": str(area),
                "x": estimate,
                "y": [rows[results.index.get_loc(j)] for j in index],
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": upper - estimate,
                    "arrayminus": estimate - lower,
                    "thickness": 3,
                    "width": 8,
                },
                "marker": {
                    "size": 16,
                    "symbol": SYMBOLS[i % len(SYMBOLS)],
                    "color": PALETTE[i % len(PALETTE)],
                },
                "text": [f"{v:.1f}%{f}" for v, f in zip(estimate, flags, strict=True)],
                "textposition": "top center" if i == 0 else "bottom center",
                "textfont": {"size": BASE_FONT_SIZE - 4},
            }
        )
    return board_figure(
        traces,
        {
            "title": {"text": title},
            "xaxis": {
                "ticksuffix": "%",
                "rangemode": "tozero",
                "title": {"text": "% of adults (95% interval)"},
            },
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": order[::-1],
                "automargin": True,
            },
            "height": 120 + 90 * len(order),
            "legend": {"orientation": "h", "y": -0.15},
            "margin": {"l": 40, "r": 40, "t": 90},
        },
    )


def annual_series_figure(
    frame: pd.DataFrame,
    *,
    value: str,
    title: str,
    axis_title: str,
    breaks: list[tuple[date, str]],
    decimals: int = 1,
) -> FigureSpec:
    """One line per area (colour, dash and marker differ) of ``value`` by
    period_end, labelled with period_label; each break a dashed vertical line
    with its label written on the chart."""
    shown = frame[np.isfinite(frame[value].to_numpy(dtype=float))]
    if shown.empty:
        return empty_figure("No figures to plot")
    traces = []
    for i, (area, group) in enumerate(shown.groupby("area_name", sort=False)):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": str(area),
                "x": list(group.period_end),
                "y": group[value].to_numpy(dtype=float),
                "customdata": list(group.period_label),
                "line": {
                    "color": PALETTE[i % len(PALETTE)],
                    "width": 4,
                    "dash": DASHES[i % len(DASHES)],
                },
                "marker": {"size": 11, "symbol": SYMBOLS[i % len(SYMBOLS)]},
                "hovertemplate": f"%{{customdata}}: %{{y:,.{decimals}f}}<extra>{area}</extra>",
            }
        )
        last = group.iloc[-1]
        traces[-1]["text"] = [""] * (len(group) - 1) + [f"{last[value]:,.{decimals}f}"]
        traces[-1]["mode"] = "lines+markers+text"
        traces[-1]["textposition"] = "middle right"
        traces[-1]["textfont"] = {"size": BASE_FONT_SIZE - 2}
    shapes, annotations = [], []
    for when, label in breaks:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": when,
                "x1": when,
                "y0": 0,
                "y1": 1,
                "line": {"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 3},
            }
        )
        annotations.append(
            {
                "x": when,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": label,
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "top",
                "font": {"size": BASE_FONT_SIZE - 4, "color": NEUTRAL},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    ticks = sorted(set(shown.period_end))
    labels = dict(zip(shown.period_end, shown.period_label, strict=True))
    return board_figure(
        traces,
        {
            "title": {"text": title},
            "xaxis": {
                "tickvals": ticks,
                "ticktext": [labels[t] for t in ticks],
                "tickangle": -45 if len(ticks) > 8 else 0,
            },
            "yaxis": {"rangemode": "tozero", "title": {"text": axis_title}},
            "shapes": shapes,
            "annotations": annotations,
            "height": 520,
            "legend": {"orientation": "h", "y": -0.25},
            "margin": {"t": 90, "r": 90},
        },
    )
