"""Perceived against recorded crime: the quadrant and the two-panel trend.

Pure builders (DataFrame -> figure). Areas are told apart by colour, marker shape and
a text label; significant gaps by a larger diamond and the word in the label.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    NEUTRAL,
    OKABE_ITO,
    PALETTE,
    apply_theme,
    empty_figure,
)
from dashboard.metrics.perception import quadrant_name

CITY_COLOUR = OKABE_ITO["black"]
SYMBOLS = ["circle", "square", "triangle-up", "diamond", "star", "hexagon", "cross"]
LABEL_SIZE = BASE_FONT_SIZE - 2
_POSITIONS = ["top center", "bottom center"]


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
    label_all_up_to: int = 6,
) -> go.Figure:
    """Recorded rate (x, Poisson 95%) against the survey share (y, Wilson 95%).

    ``points``: area_name, estimate, lower, upper, rate, rate_lower, rate_upper,
    significant. Dividing lines at Peterborough's values; corners named in words.
    With more than ``label_all_up_to`` points only significant ones are named (the
    table names them all).
    """
    shown = points.dropna(subset=["estimate", "rate"])
    if shown.empty:
        return empty_figure("No area has a survey estimate to plot")
    figure = go.Figure()
    for significant, symbol, size in ((False, "circle", 16), (True, "diamond", 22)):
        part = shown[shown.significant.fillna(False).astype(bool) == significant]
        if part.empty:
            continue
        labels = [
            f"{name}{' (significant gap)' if significant else ''}"
            if significant or len(shown) <= label_all_up_to
            else ""
            for name in part.area_name
        ]
        order = part.rate.rank(method="first").astype(int).to_list()
        positions = [
            _POSITIONS[rank % len(_POSITIONS)]
            if len(shown) > label_all_up_to
            else "top center"
            for rank in order
        ]
        figure.add_trace(
            go.Scatter(
                x=part.rate,
                y=100 * part.estimate,
                mode="markers+text",
                text=labels,
                textposition=positions,
                textfont={"size": LABEL_SIZE},
                customdata=part.area_name,
                marker={
                    "symbol": symbol,
                    "size": size,
                    "color": OKABE_ITO["vermillion"]
                    if significant
                    else OKABE_ITO["blue"],
                    "line": {"width": 1.5, "color": "white"},
                },
                error_x={
                    "type": "data",
                    "array": part.rate_upper - part.rate,
                    "arrayminus": part.rate - part.rate_lower,
                    "thickness": 1.5,
                    "color": NEUTRAL,
                },
                error_y={
                    "type": "data",
                    "array": 100 * (part.upper - part.estimate),
                    "arrayminus": 100 * (part.estimate - part.lower),
                    "thickness": 1.5,
                    "color": NEUTRAL,
                },
                name="Significant gap (diamond)"
                if significant
                else "No significant gap (circle)",
                hovertemplate="%{customdata}<br>%{x:.1f} per 1,000<br>%{y:.0f}%<extra></extra>",
            )
        )
    x_low = min(shown.rate_lower.min(), city_rate)
    x_high = max(shown.rate_upper.max(), city_rate)
    y_low = 100 * min(shown.lower.min(), city_estimate)
    y_high = 100 * max(shown.upper.max(), city_estimate)
    x_pad, y_pad = 0.12 * (x_high - x_low or 1), 0.15 * (y_high - y_low or 1)
    x_range = [max(0, x_low - x_pad), x_high + x_pad]
    y_range = [max(0, y_low - y_pad), min(100, y_high + 1.6 * y_pad)]
    dividing = {"color": CITY_COLOUR, "dash": "dash", "width": 2}
    figure.update_layout(
        shapes=[
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
        ]
    )
    figure.add_annotation(
        x=city_rate,
        y=1,
        yref="paper",
        yanchor="bottom",
        text=f"Peterborough {city_rate:.1f}",
        showarrow=False,
        font={"size": LABEL_SIZE},
    )
    figure.add_annotation(
        x=1,
        xref="paper",
        xanchor="right",
        y=100 * city_estimate,
        yanchor="bottom",
        text=f"Peterborough {_percent(city_estimate)}",
        showarrow=False,
        font={"size": LABEL_SIZE},
    )
    for top in (True, False):
        for right in (True, False):
            concern_above = top if direction == "higher_is_worse" else not top
            figure.add_annotation(
                x=0.99 if right else 0.01,
                xanchor="right" if right else "left",
                y=0.99 if top else 0.01,
                yanchor="top" if top else "bottom",
                xref="paper",
                yref="paper",
                text=f"<i>{quadrant_name(concern_above, right)}</i>",
                showarrow=False,
                font={"size": LABEL_SIZE, "color": "#333"},
            )
    figure.update_layout(
        title=("DEMO · " if demo else "") + f"{question_label} against {measure_label}",
        xaxis={
            "title": f"{measure_label} per 1,000 residents, 12 months (95% interval)",
            "range": x_range,
        },
        yaxis={"title": f"{question_label} (%, 95% interval)", "range": y_range},
        height=640,
        margin={"t": 90},
        legend={"y": -0.18},
    )
    return _allow_tick_labels(apply_theme(figure))


def _allow_tick_labels(figure: go.Figure) -> go.Figure:
    """Keep every tick label: the page is zoomed on 4K screens, which makes plotly's
    own overflow check hide labels that fit."""
    figure.update_xaxes(ticklabeloverflow="allow")
    figure.update_yaxes(ticklabeloverflow="allow")
    return figure


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
) -> go.Figure:
    """Two aligned panels on one time axis: the survey share by wave (Wilson bars)
    above, recorded incidents per 1,000 a quarter (Poisson band) below.

    ``survey``: area_code, area_name, fieldwork_start, fieldwork_end, estimate,
    lower, upper (NaN where suppressed); ``recorded``: area_code, area_name,
    quarter_start, quarter_end, rate, rate_lower, rate_upper; ``waves``: wave,
    fieldwork_start, fieldwork_end; ``references``: wave, area_name, estimate.
    """
    if survey.empty and recorded.empty:
        return empty_figure("No survey or recorded data for these choices")
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=(
            f"Residents: {question_label} (%)",
            f"Recorded: {measure_label} per 1,000 residents, each quarter",
        ),
    )
    areas = list(dict.fromkeys([*survey.area_code, *recorded.area_code]))
    areas.sort(key=lambda code: (code == city_code, code))
    names = {
        **dict(zip(recorded.area_code, recorded.area_name, strict=True)),
        **dict(zip(survey.area_code, survey.area_name, strict=True)),
    }
    end_labels: dict[int, list[tuple]] = {1: [], 2: []}
    annotations: list[dict] = []
    has_recorded = False
    offsets = {code: (i - (len(areas) - 1) / 2) * 6 for i, code in enumerate(areas)}
    for index, code in enumerate(areas):
        is_city = code == city_code
        colour = CITY_COLOUR if is_city else PALETTE[index % len(PALETTE)]
        symbol = "x" if is_city else SYMBOLS[index % len(SYMBOLS)]
        name = names.get(code, code)
        points = survey[(survey.area_code == code)].copy()
        points["x"] = [
            _midpoint(s, e) + timedelta(days=offsets[code])
            for s, e in zip(points.fieldwork_start, points.fieldwork_end, strict=True)
        ]
        points = points.sort_values("x")
        last = points.dropna(subset=["estimate"]).tail(1)
        figure.add_trace(
            go.Scatter(
                x=points.x,
                y=100 * points.estimate,
                mode="lines+markers",
                name=name,
                legendgroup=code,
                line={
                    "color": colour,
                    "width": 3,
                    "dash": "dot" if is_city else "solid",
                },
                marker={"symbol": symbol, "size": 13, "color": colour},
                error_y={
                    "type": "data",
                    "array": 100 * (points.upper - points.estimate),
                    "arrayminus": 100 * (points.estimate - points.lower),
                    "color": colour,
                    "thickness": 1.5,
                    "width": 4,
                },
                connectgaps=False,
                hovertemplate=f"{name}<br>%{{y:.0f}}%<extra></extra>",
            ),
            row=1,
            col=1,
        )
        if not last.empty:
            end_labels[1].append(
                (
                    last.x.iloc[0],
                    100 * last.estimate.iloc[0],
                    f"{_short(name)} {_percent(last.estimate.iloc[0])}",
                    colour,
                )
            )
        series = recorded[recorded.area_code == code].sort_values("quarter_start")
        if series.empty:
            continue
        has_recorded = True
        x = [
            _midpoint(s, e + timedelta(days=30))
            for s, e in zip(series.quarter_start, series.quarter_end, strict=True)
        ]
        figure.add_trace(
            go.Scatter(
                x=x + x[::-1],
                y=list(series.rate_upper) + list(series.rate_lower)[::-1],
                fill="toself",
                mode="lines",
                fillcolor=_transparent(colour),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=code,
            ),
            row=2,
            col=1,
        )
        figure.add_trace(
            go.Scatter(
                x=x,
                y=series.rate,
                mode="lines+markers",
                name=name,
                legendgroup=code,
                showlegend=False,
                line={
                    "color": colour,
                    "width": 3,
                    "dash": "dot" if is_city else "solid",
                },
                marker={"symbol": symbol, "size": 11, "color": colour},
                hovertemplate=f"{name}<br>%{{y:.1f}} per 1,000<extra></extra>",
            ),
            row=2,
            col=1,
        )
        end_labels[2].append(
            (
                x[-1],
                series.rate.iloc[-1],
                f"{_short(name)} {series.rate.iloc[-1]:.1f}",
                colour,
            )
        )
    for row, labels in end_labels.items():
        if not labels:
            continue
        low = min(label[1] for label in labels)
        high = max(label[1] for label in labels)
        panel = survey if row == 1 else recorded
        column = 100 * panel.upper if row == 1 else panel.rate_upper
        span = max(float(column.max()) - (0 if row == 2 else low), high - low, 1.0)
        positions = _spread([label[1] for label in labels], 0.09 * span)
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
    # Shapes and labels are set once as plain dicts: plotly's add_vrect and
    # add_hline re-validate every shape already on a figure with subplots, which
    # made this chart the slowest part of the page.
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
    figure.update_layout(
        shapes=shapes, annotations=[*figure.layout.annotations, *annotations]
    )
    first = min(waves.fieldwork_start) if not waves.empty else None
    last_x = (
        max(
            [
                *waves.fieldwork_end,
                *(recorded.quarter_end if not recorded.empty else []),
            ]
        )
        if not waves.empty
        else None
    )
    if first is not None and last_x is not None:
        figure.update_xaxes(
            range=[first - timedelta(days=30), last_x + timedelta(days=150)]
        )
    figure.update_annotations(font_size=LABEL_SIZE)
    figure.update_layout(
        title=("DEMO · " if demo else "")
        + "Survey waves (shaded: fieldwork; orange: the wave chosen) and recorded crime",
        height=760,
        legend={"y": -0.08},
        margin={"t": 110, "r": 40},
    )
    figure.update_yaxes(rangemode="tozero", row=2, col=1)
    figure.update_yaxes(ticksuffix="%", row=1, col=1)
    return _allow_tick_labels(apply_theme(figure))


def _spread(values: list[float], min_gap: float) -> list[float]:
    """Label positions near ``values`` but at least ``min_gap`` apart, order kept."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = list(values)
    for previous, current in zip(order, order[1:], strict=False):
        if placed[current] - placed[previous] < min_gap:
            placed[current] = placed[previous] + min_gap
    return placed


def _short(name: str) -> str:
    return name.replace(" sector", "")


def _transparent(colour: str, alpha: float = 0.15) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
