"""Perceived against recorded crime: the quadrant and the two-panel trend.

Pure builders (DataFrame -> figure). Areas are told apart by colour, marker shape and
a text label; significant gaps by a larger diamond and the word in the label.

Both figures are built as the plain dicts Dash sends (``board_figure``, a
FigureSpec): this page's callback draws them on every change of its controls, and
building them as plotly objects (``make_subplots``, trace and layout validation)
took most of its time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from dashboard.figures.labels import (
    LINE_HEIGHT,
    Plot,
    pixel_gap,
    place_point_labels,
    spread,
)
from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    NEUTRAL,
    OKABE_ITO,
    PALETTE,
    board_figure,
    empty_figure,
    plain,
)
from dashboard.metrics.perception import quadrant_name

CITY_COLOUR = OKABE_ITO["black"]
SYMBOLS = ["circle", "square", "triangle-up", "diamond", "star", "hexagon", "cross"]
LABEL_SIZE = BASE_FONT_SIZE - 2
QUADRANT_HEIGHT, QUADRANT_MARGINS = 640, (90, 60)  # px: top, bottom
# The narrowest plot area the quadrant is drawn in (px; 1,920-wide screens and
# the board's slides give more): names that fit here fit wherever it is drawn.
QUADRANT_PLOT_WIDTH = 1000
# Keep every tick label: the page is zoomed on 4K screens, which makes plotly's own
# overflow check hide labels that fit.
_TICK_LABELS = "allow"
# The two trend panels share one time axis: survey above, recorded below, 0.1 of
# the height apart (the layout plotly's make_subplots gives).
_TOP_PANEL = [0.55, 1.0]
_BOTTOM_PANEL = [0.0, 0.45]
_TREND_HEIGHT, _TREND_MARGINS = 760, (110, 60)  # the trend figure, px: top, bottom
# Each panel's height in pixels: its share of the plot area.
_PANEL_PIXELS = 0.45 * (_TREND_HEIGHT - sum(_TREND_MARGINS))


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def quadrant_figure(
    points: pd.DataFrame,
    *,
    city_estimate: float,
    city_rate: float,
    question_label: str,
    measure_label: str,
    direction: str,
    demo: bool,
) -> FigureSpec:
    """Recorded rate (x, Poisson 95%) against the survey share (y, Wilson 95%).

    ``points``: area_name, estimate, lower, upper, rate, rate_lower, rate_upper,
    significant. Dividing lines at Peterborough's values; corners named in words.
    Each point is named beside its marker where a side is free of other markers
    and names (significant gaps first); the rest are left unnamed on the chart
    rather than drawn over one another (the table names them all).
    """
    # The labels come from imported files: shown as text, never as markup.
    question_label, measure_label = plain(question_label), plain(measure_label)
    estimate = points.estimate.to_numpy(dtype=float)
    rate = points.rate.to_numpy(dtype=float)
    shown = np.flatnonzero(~np.isnan(estimate) & ~np.isnan(rate))
    if not len(shown):
        return empty_figure("No area has a survey estimate to plot")
    n_shown = len(shown)
    flags = points.significant.fillna(False).astype(bool).to_numpy()[shown]
    names = points.area_name.to_numpy(dtype=object)[shown]
    lower, upper = (points[c].to_numpy(dtype=float)[shown] for c in ("lower", "upper"))
    rate_lower, rate_upper = (
        points[c].to_numpy(dtype=float)[shown] for c in ("rate_lower", "rate_upper")
    )
    estimate, rate = estimate[shown], rate[shown]
    x_low = min(pd.Series(rate_lower).min(), city_rate)
    x_high = max(pd.Series(rate_upper).max(), city_rate)
    y_low = 100 * min(pd.Series(lower).min(), city_estimate)
    y_high = 100 * max(pd.Series(upper).max(), city_estimate)
    x_pad, y_pad = 0.12 * (x_high - x_low or 1), 0.15 * (y_high - y_low or 1)
    x_range = [max(0, x_low - x_pad), x_high + x_pad]
    y_range = [max(0, y_low - y_pad), min(100, y_high + 1.6 * y_pad)]
    texts = [
        f"{name}{' (significant gap)' if flag else ''}"
        for name, flag in zip(names, flags, strict=True)
    ]
    # Significant gaps are named first; then the rest, where there is room.
    priority = np.argsort(~flags, kind="stable")
    placed = place_point_labels(
        [(rate[i], 100 * estimate[i]) for i in priority],
        [texts[i] for i in priority],
        Plot(
            (x_range[0], x_range[1]),
            (y_range[0], y_range[1]),
            QUADRANT_PLOT_WIDTH,
            QUADRANT_HEIGHT - sum(QUADRANT_MARGINS),
        ),
        font_px=LABEL_SIZE,
        marker_px=22,
    )
    sides: list[str | None] = [None] * n_shown
    for rank, index in enumerate(priority.tolist()):
        sides[index] = placed[rank]
    traces = []
    for significant, symbol, size in ((False, "circle", 16), (True, "diamond", 22)):
        part = np.flatnonzero(flags == significant)
        if not len(part):
            continue
        labels = [texts[i] if sides[i] else "" for i in part.tolist()]
        positions = [sides[i] or "top center" for i in part.tolist()]
        part_rate, part_estimate = rate[part], estimate[part]
        traces.append(
            {
                "type": "scatter",
                "x": part_rate,
                "y": 100 * part_estimate,
                "mode": "markers+text",
                "text": labels,
                "textposition": positions,
                "textfont": {"size": LABEL_SIZE},
                "customdata": names[part],
                "marker": {
                    "symbol": symbol,
                    "size": size,
                    "color": OKABE_ITO["vermillion"]
                    if significant
                    else OKABE_ITO["blue"],
                    "line": {"width": 1.5, "color": "white"},
                },
                "error_x": {
                    "type": "data",
                    "array": rate_upper[part] - part_rate,
                    "arrayminus": part_rate - rate_lower[part],
                    "thickness": 1.5,
                    "color": NEUTRAL,
                },
                "error_y": {
                    "type": "data",
                    "array": 100 * (upper[part] - part_estimate),
                    "arrayminus": 100 * (part_estimate - lower[part]),
                    "thickness": 1.5,
                    "color": NEUTRAL,
                },
                "name": "Significant gap (diamond)"
                if significant
                else "No significant gap (circle)",
                "hovertemplate": "%{customdata}<br>%{x:.1f} per 1,000<br>%{y:.0f}%"
                "<extra></extra>",
            }
        )
    dividing = {"color": CITY_COLOUR, "dash": "dash", "width": 2}
    annotations = [
        {
            "x": city_rate,
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "text": f"Peterborough {city_rate:.1f}",
            "showarrow": False,
            "font": {"size": LABEL_SIZE},
        },
        {
            "x": 1,
            "xref": "paper",
            "xanchor": "right",
            "y": 100 * city_estimate,
            "yanchor": "bottom",
            "text": f"Peterborough {_percent(city_estimate)}",
            "showarrow": False,
            "font": {"size": LABEL_SIZE},
        },
    ]
    for top in (True, False):
        for right in (True, False):
            concern_above = top if direction == "higher_is_worse" else not top
            annotations.append(
                {
                    "x": 0.99 if right else 0.01,
                    "xanchor": "right" if right else "left",
                    "y": 0.99 if top else 0.01,
                    "yanchor": "top" if top else "bottom",
                    "xref": "paper",
                    "yref": "paper",
                    "text": f"<i>{quadrant_name(concern_above, right)}</i>",
                    "showarrow": False,
                    "font": {"size": LABEL_SIZE, "color": "#333"},
                }
            )
    layout = {
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "y domain",
                "x0": city_rate,
                "x1": city_rate,
                "y0": 0,
                "y1": 1,
                "line": dividing,
            },
            {
                "type": "line",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": 100 * city_estimate,
                "y1": 100 * city_estimate,
                "line": dividing,
            },
        ],
        "annotations": annotations,
        "title": {
            "text": ("DEMO · " if demo else "")
            + f"{question_label} against {measure_label}"
        },
        "xaxis": {
            "title": {
                "text": f"{measure_label} per 1,000 residents, 12 months "
                "(police.uk street-level records; 95% interval)"
            },
            "range": x_range,
            "ticklabeloverflow": _TICK_LABELS,
        },
        "yaxis": {
            "title": {"text": f"{question_label} (%, 95% interval)"},
            "range": y_range,
            "ticklabeloverflow": _TICK_LABELS,
        },
        "height": QUADRANT_HEIGHT,
        "margin": {"t": QUADRANT_MARGINS[0], "b": QUADRANT_MARGINS[1]},
        "legend": {"y": -0.18},
    }
    return board_figure(traces, layout)


def _midpoint(start: date, end: date) -> date:
    return start + timedelta(days=(end - start).days // 2)


def trend_figure(
    survey: pd.DataFrame,
    recorded: pd.DataFrame,
    *,
    waves: pd.DataFrame,
    selected_wave: str,
    question_label: str,
    measure_label: str,
    references: pd.DataFrame,
    demo: bool,
    city_code: str,
) -> FigureSpec:
    """Two aligned panels on one time axis: the survey share by wave (Wilson bars)
    above, recorded incidents per 1,000 a quarter (Poisson band) below.

    ``survey``: area_code, area_name, fieldwork_start, fieldwork_end, estimate,
    lower, upper (NaN where suppressed); ``recorded``: area_code, area_name,
    quarter_start, quarter_end, rate, rate_lower, rate_upper; ``waves``: wave,
    fieldwork_start, fieldwork_end; ``references``: wave, area_name, estimate.
    """
    # The labels come from imported files: shown as text, never as markup.
    question_label, measure_label = plain(question_label), plain(measure_label)
    if survey.empty and recorded.empty:
        return empty_figure("No survey or recorded data for these choices")
    traces: list[dict] = []
    annotations: list[dict] = [
        _panel_title(f"Residents: {question_label} (%)", _TOP_PANEL[1]),
        _panel_title(
            f"Recorded (police.uk): {measure_label} per 1,000 residents, each quarter",
            _BOTTOM_PANEL[1],
        ),
    ]
    areas = list(dict.fromkeys([*survey.area_code, *recorded.area_code]))
    areas.sort(key=lambda code: (code == city_code, code))
    names = {
        **dict(zip(recorded.area_code, recorded.area_name, strict=True)),
        **dict(zip(survey.area_code, survey.area_name, strict=True)),
    }
    end_labels: dict[int, list[tuple]] = {1: [], 2: []}
    has_recorded = False
    offsets = {code: (i - (len(areas) - 1) / 2) * 6 for i, code in enumerate(areas)}
    # A few rows per area: grouped in plain Python, cheaper than pandas here.
    survey_rows = _rows_by_area(
        survey, ["fieldwork_start", "fieldwork_end", "estimate", "lower", "upper"]
    )
    recorded_rows = _rows_by_area(
        recorded, ["quarter_start", "quarter_end", "rate", "rate_lower", "rate_upper"]
    )
    for index, code in enumerate(areas):
        is_city = code == city_code
        colour = CITY_COLOUR if is_city else PALETTE[index % len(PALETTE)]
        symbol = "x" if is_city else SYMBOLS[index % len(SYMBOLS)]
        name = names.get(code, code)
        line = {"color": colour, "width": 3, "dash": "dot" if is_city else "solid"}
        offset = timedelta(days=offsets[code])
        # By date; stable, as the frame's order was kept.
        points = sorted(
            (
                (_midpoint(start, end) + offset, estimate, lower, upper)
                for start, end, estimate, lower, upper in survey_rows.get(code, [])
            ),
            key=lambda point: point[0],
        )
        x = [point[0] for point in points]
        estimate = np.array([point[1] for point in points], dtype=float)
        lower = np.array([point[2] for point in points], dtype=float)
        upper = np.array([point[3] for point in points], dtype=float)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": 100 * estimate,
                "mode": "lines+markers",
                "name": name,
                "legendgroup": code,
                "line": line,
                "marker": {"symbol": symbol, "size": 13, "color": colour},
                "error_y": {
                    "type": "data",
                    "array": 100 * (upper - estimate),
                    "arrayminus": 100 * (estimate - lower),
                    "color": colour,
                    "thickness": 1.5,
                    "width": 4,
                },
                "connectgaps": False,
                "hovertemplate": f"{name}<br>%{{y:.0f}}%<extra></extra>",
                "xaxis": "x",
                "yaxis": "y",
            }
        )
        shown = np.flatnonzero(~np.isnan(estimate))
        if len(shown):
            last = shown[-1]
            end_labels[1].append(
                (
                    x[last],
                    100 * estimate[last],
                    f"{_short(name)} {_percent(estimate[last])}",
                    colour,
                )
            )
        quarters = sorted(recorded_rows.get(code, []), key=lambda row: row[0])
        if not quarters:
            continue
        has_recorded = True
        x = [_midpoint(start, end + timedelta(days=30)) for start, end, *_ in quarters]
        rate = np.array([row[2] for row in quarters], dtype=float)
        traces.append(
            {
                "type": "scatter",
                "x": x + x[::-1],
                "y": [row[4] for row in quarters] + [row[3] for row in quarters][::-1],
                "fill": "toself",
                "mode": "lines",
                "fillcolor": _transparent(colour),
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
                "legendgroup": code,
                "xaxis": "x2",
                "yaxis": "y2",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": rate,
                "mode": "lines+markers",
                "name": name,
                "legendgroup": code,
                "showlegend": False,
                "line": dict(line),
                "marker": {"symbol": symbol, "size": 11, "color": colour},
                "hovertemplate": f"{name}<br>%{{y:.1f}} per 1,000<extra></extra>",
                "xaxis": "x2",
                "yaxis": "y2",
            }
        )
        end_labels[2].append(
            (x[-1], rate[-1], f"{_short(name)} {rate[-1]:.1f}", colour)
        )
    for row, labels in end_labels.items():
        if not labels:
            continue
        values = [label[1] for label in labels]
        # The panel's own range as plotly's autorange draws it (5% padding; the
        # recorded panel starts at 0), so a line of text converts to data units.
        if row == 1:
            top = max(float(np.nanmax(100 * survey.upper)), max(values))
            bottom = min(float(np.nanmin(100 * survey.lower)), min(values))
        else:
            top, bottom = max(float(np.nanmax(recorded.rate_upper)), max(values)), 0.0
        span = max(top - bottom, 1.0) * 1.1
        gap = pixel_gap(LINE_HEIGHT * LABEL_SIZE + 2, _PANEL_PIXELS, span)
        positions = spread(values, gap, low=bottom, high=top)
        axis = "" if row == 1 else "2"
        for (x_value, _, text, colour), y_value in zip(labels, positions, strict=True):
            annotations.append(
                {
                    "x": x_value,
                    "y": y_value,
                    "xref": f"x{axis}",
                    "yref": f"y{axis}",
                    "text": text,
                    "xanchor": "left",
                    "xshift": 12,
                    "showarrow": False,
                    "font": {"size": LABEL_SIZE, "color": colour},
                }
            )
    shapes: list[dict] = []
    panels = ["", "2"] if has_recorded else [""]
    for wave in waves.itertuples():
        chosen = wave.wave == selected_wave
        for axis in panels:
            shapes.append(
                {
                    "type": "rect",
                    "xref": f"x{axis}",
                    "yref": f"y{axis} domain",
                    "x0": wave.fieldwork_start,
                    "x1": wave.fieldwork_end,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": OKABE_ITO["orange"] if chosen else "#999999",
                    "opacity": 0.25 if chosen else 0.12,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
    for reference in references.itertuples():
        level = 100 * reference.estimate
        shapes.append(
            {
                "type": "line",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": level,
                "y1": level,
                "line": {"color": NEUTRAL, "dash": "dash", "width": 2},
            }
        )
        annotations.append(
            {
                "x": 0,
                "y": level,
                "xref": "x domain",
                "yref": "y",
                "text": f"{reference.area_name}, CSEW {reference.wave}: "
                f"{_percent(reference.estimate)}",
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": LABEL_SIZE},
            }
        )
    x_axis: dict[str, Any] = {"ticklabeloverflow": _TICK_LABELS}
    if not waves.empty:
        first = min(waves.fieldwork_start)
        last_x = max(
            [
                *waves.fieldwork_end,
                *(recorded.quarter_end if not recorded.empty else []),
            ]
        )
        x_axis["range"] = [first - timedelta(days=30), last_x + timedelta(days=150)]
    layout = {
        "xaxis": {
            "anchor": "y",
            "domain": [0.0, 1.0],
            "matches": "x2",
            "showticklabels": False,
            **x_axis,
        },
        "yaxis": {
            "anchor": "x",
            "domain": list(_TOP_PANEL),
            "ticksuffix": "%",
            "ticklabeloverflow": _TICK_LABELS,
        },
        "xaxis2": {"anchor": "y2", "domain": [0.0, 1.0], **x_axis},
        "yaxis2": {
            "anchor": "x2",
            "domain": list(_BOTTOM_PANEL),
            "rangemode": "tozero",
            "ticklabeloverflow": _TICK_LABELS,
        },
        "annotations": annotations,
        "shapes": shapes,
        "title": {
            "text": ("DEMO · " if demo else "")
            + "Survey waves (shaded: fieldwork; orange: the wave chosen) and recorded "
            "crime"
        },
        "height": _TREND_HEIGHT,
        "legend": {"y": -0.08},
        "margin": {"t": _TREND_MARGINS[0], "b": _TREND_MARGINS[1], "r": 40},
    }
    return board_figure(traces, layout)


def _rows_by_area(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """The rows of ``frame`` as tuples of ``columns``, by area_code, in order."""
    rows: dict[str, list[tuple]] = {}
    values = zip(*(frame[column].tolist() for column in columns), strict=True)
    for code, row in zip(frame.area_code.tolist(), values, strict=True):
        rows.setdefault(code, []).append(row)
    return rows


def _panel_title(text: str, top: float) -> dict:
    """A panel's title, centred above it (as make_subplots places it)."""
    return {
        "font": {"size": LABEL_SIZE},
        "showarrow": False,
        "text": text,
        "x": 0.5,
        "xanchor": "center",
        "xref": "paper",
        "y": top,
        "yanchor": "bottom",
        "yref": "paper",
    }


def _short(name: str) -> str:
    return name.replace(" sector", "")


def _transparent(colour: str, alpha: float = 0.15) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
