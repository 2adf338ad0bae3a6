"""Figures for the crime-against-the-national-quartile view. Pure: DataFrame -> Figure
(a FigureSpec, plotly's JSON form; ``empty_figure`` with a message when no data).

Every highlighted mark also carries words or a distinct marker shape, and values
the board needs are written on the chart (nothing is hover-only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.labels import LINE_HEIGHT, pixel_gap, spread
from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    HIGHLIGHT,
    NEUTRAL,
    OKABE_ITO,
    board_figure,
    empty_figure,
)
from dashboard.metrics.funnel import HIGHER, LOWER, Dispersion, funnel_limits

QUARTILE_FILL = {1: "#e3f1fb", 2: "#f4f4f4", 3: "#fdf0dc", 4: "#f9ddd0"}
QUARTILE_LABEL = {
    1: "Q1 lowest rates",
    2: "Q2",
    3: "Q3",
    4: "Q4 highest rates<br>(the 'bottom quartile')",
}
SIGNIFICANCE_COLOUR = {HIGHER: HIGHLIGHT, LOWER: OKABE_ITO["blue"]}
SIGNIFICANCE_SYMBOL = {HIGHER: "triangle-up", LOWER: "triangle-down"}
SIGNIFICANCE_WORD = {HIGHER: "higher", LOWER: "lower"}


def period_ticks(periods: pd.Series) -> tuple[list, list[str]]:
    """Tick positions and labels at each June and December period end and the last
    one, named by the month the 12 months end in (not the next month)."""
    ends = sorted(set(pd.to_datetime(periods)))
    chosen = [end for end in ends if end.month in (6, 12)]
    if ends and ends[-1] not in chosen:
        chosen.append(ends[-1])
    return chosen, [f"{end:%b %Y}" for end in chosen]


# Shapes and annotations are written as plain dicts and set in one update_layout
# call: plotly's add_vrect/add_hline/add_annotation re-validate the whole layout on
# every call, which cost tens of milliseconds per chart.


def band(axis: str, start: object, end: object, colour: str) -> dict:
    """A shaded band across the plot: ``axis`` "x" (a vertical band from start to
    end on x) or "y" (horizontal)."""
    across = "y domain" if axis == "x" else "x domain"
    return {
        "type": "rect",
        "xref": "x" if axis == "x" else across,
        "yref": "y" if axis == "y" else across,
        "x0": start if axis == "x" else 0,
        "x1": end if axis == "x" else 1,
        "y0": start if axis == "y" else 0,
        "y1": end if axis == "y" else 1,
        "fillcolor": colour,
        "line": {"width": 0},
        "layer": "below",
    }


def rule(axis: str, at: object, line: dict) -> dict:
    """A line across the plot at ``at`` on ``axis`` ("x": vertical, "y": horizontal)."""
    across = "y domain" if axis == "x" else "x domain"
    return {
        "type": "line",
        "xref": "x" if axis == "x" else across,
        "yref": "y" if axis == "y" else across,
        "x0": at if axis == "x" else 0,
        "x1": at if axis == "x" else 1,
        "y0": at if axis == "y" else 0,
        "y1": at if axis == "y" else 1,
        "line": line,
    }


def label(text: str, **place: object) -> dict:
    """A text annotation at ``place`` (no arrow unless ``showarrow`` is given)."""
    return {"text": text, "showarrow": False, **place}


def ski_slope_figure(
    ranked: pd.DataFrame,
    *,
    highlight: str,
    reference_rate: float | None,
    reference_label: str = "England and Wales",
) -> FigureSpec:
    """Every ranked area's rate, lowest first, with quartile bands shaded and named
    and the highlighted area labelled. ``ranked`` comes from ``rank_areas``."""
    shown = ranked[ranked["rank"].notna()].reset_index(drop=True)
    if shown.empty:
        return empty_figure("No area has a rate for this choice.")
    n_shown = len(shown)
    position = np.arange(1, n_shown + 1)
    is_highlight = shown.area_code == highlight
    figure = board_figure()
    shapes, notes = [], []
    for quartile, part in shown.groupby("quartile"):
        start, end = part.index.min() + 0.5, part.index.max() + 1.5
        shapes.append(band("x", start, end, QUARTILE_FILL[int(quartile)]))
        notes.append(
            label(
                f"<b>{QUARTILE_LABEL[int(quartile)]}</b>",
                x=(start + end) / 2,
                y=1.0,
                yref="paper",
                yanchor="bottom",
                font={"size": BASE_FONT_SIZE},
            )
        )
    figure.add_bar(
        x=position,
        y=shown.rate_per_1000,
        marker={
            "color": np.where(is_highlight, HIGHLIGHT, "#8a8a8a"),
            "line": {"width": 0},
        },
        customdata=np.stack([shown.area_name, shown["rank"]], axis=-1),
        hovertemplate="%{customdata[0]}<br>rank %{customdata[1]}: %{y:.1f}"
        "<extra></extra>",
        name="CSP rate",
        showlegend=False,
    )
    if reference_rate is not None:
        shapes.append(
            rule(
                "y",
                reference_rate,
                {"color": OKABE_ITO["black"], "dash": "dash", "width": 2},
            )
        )
        notes.append(
            label(
                f"{reference_label} {reference_rate:.1f}",
                x=0,
                xref="x domain",
                xanchor="left",
                y=reference_rate,
                yanchor="bottom",
                font={"size": BASE_FONT_SIZE},
            )
        )
    if is_highlight.any():
        index = int(np.flatnonzero(is_highlight)[0])
        item = shown.iloc[index]
        notes.append(
            dict(
                x=index + 1,
                y=item.rate_per_1000,
                text=(
                    f"<b>{item.area_name}</b><br>{item.rate_per_1000:.1f} per 1,000"
                    f"<br>rank {int(item['rank'])} of {int(item.n_ranked)}"
                ),
                showarrow=True,
                arrowhead=2,
                arrowwidth=3,
                arrowcolor=HIGHLIGHT,
                ax=-160 if index > n_shown / 2 else 160,
                ay=-70,
                bgcolor="rgba(255,255,255,0.92)",
                bordercolor=HIGHLIGHT,
                borderwidth=2,
                font={"size": BASE_FONT_SIZE + 2},
            )
        )
    tick_names = n_shown <= 40
    figure.update_layout(
        shapes=shapes,
        annotations=notes,
        height=560 if not tick_names else 640,
        bargap=0.1 if n_shown > 40 else 0.25,
        margin={"t": 80, "b": 160 if tick_names else 70},
    )
    figure.update_xaxes(
        title_text=""
        if tick_names
        else f"Areas ranked from lowest rate (1) to highest ({n_shown})",
        tickmode="array" if tick_names else "auto",
        tickvals=position if tick_names else None,
        ticktext=shown.area_name if tick_names else None,
        tickangle=-40 if tick_names else 0,
        range=[0.5, n_shown + 0.5],
    )
    figure.update_yaxes(title_text="Offences per 1,000 residents", rangemode="tozero")
    return figure


def quartile_history_figure(history: pd.DataFrame, *, area_name: str) -> FigureSpec:
    """The area's percentile (100 * rank / N) in each period, quartile bands shaded,
    the highest-rate quartile at the bottom; demo periods drawn with open markers."""
    if history.empty:
        return empty_figure(f"{area_name} has no rank in any period for this choice.")
    figure = board_figure()
    shapes = [
        band("y", 25 * (quartile - 1), 25 * quartile, QUARTILE_FILL[quartile])
        for quartile in (1, 2, 3, 4)
    ]
    notes = [
        label(
            f"<b>Q{quartile}</b>",
            x=1.0,
            xref="paper",
            xanchor="left",
            y=25 * quartile - 12.5,
            font={"size": BASE_FONT_SIZE},
        )
        for quartile in (1, 2, 3, 4)
    ]
    demo = history.is_demo.astype(bool) if "is_demo" in history else None
    labels = [
        f"Q{q} · {r}/{n}"
        for q, r, n in zip(
            history.quartile, history["rank"], history.n_ranked, strict=True
        )
    ]
    # Ends labelled with quartile and rank; every demo point says DEMO on the mark.
    text = [
        (label if i in (0, len(history) - 1) else "")
        + (
            (" DEMO" if i in (0, len(history) - 1) else "DEMO")
            if demo is not None and bool(demo.iloc[i])
            else ""
        )
        for i, label in enumerate(labels)
    ]
    figure.add_scatter(
        x=history.period_end,
        y=history.percentile,
        mode="lines+markers+text",
        text=text,
        textposition="top center",
        textfont={"size": BASE_FONT_SIZE + 2},
        line={"color": HIGHLIGHT, "width": 4},
        marker={
            "size": 14,
            "color": HIGHLIGHT,
            "symbol": (
                np.where(demo, "circle-open", "circle")
                if demo is not None
                else "circle"
            ),
            "line": {"width": 3, "color": HIGHLIGHT},
        },
        customdata=labels,
        hovertemplate="%{x|%b %Y}: %{customdata}<extra></extra>",
        name=area_name,
        showlegend=False,
    )
    figure.update_yaxes(
        range=[100, 0],
        title_text="Percentile of rate (0 = lowest)",
        tickvals=[0, 25, 50, 75, 100],
    )
    tickvals, ticktext = period_ticks(history.period_end)
    figure.update_xaxes(
        title_text="12 months ending", tickvals=tickvals, ticktext=ticktext
    )
    figure.update_layout(
        shapes=shapes, annotations=notes, height=460, margin={"r": 70, "t": 30}
    )
    return figure


def msg_figure(
    table: pd.DataFrame,
    *,
    highlight: str,
    group_rate: float | None,
    group_note: str,
    widened: bool = False,
) -> FigureSpec:
    """Each member's rate with its 95% interval against the group average.

    ``table`` columns: area_code, area_name, rate_per_1000, ci_low, ci_high,
    significance. Not-significant members are grey; others add a word and a
    triangle pointing up (higher) or down (lower)."""
    if table.empty:
        return empty_figure("No most similar group is loaded for this area.")
    shown = table.sort_values("rate_per_1000", ascending=True, ignore_index=True)
    names = [
        f"<b>{name}</b>" if code == highlight else name
        for code, name in zip(shown.area_code, shown.area_name, strict=True)
    ]
    figure = board_figure()
    shapes, notes = [], []
    for verdict in (HIGHER, LOWER, "not significantly different"):
        part = shown[shown.significance == verdict]
        if part.empty:
            continue
        colour = SIGNIFICANCE_COLOUR.get(verdict, NEUTRAL)
        word = SIGNIFICANCE_WORD.get(verdict, "not significant")
        notes += [
            label(
                f"<b>{rate:.1f}</b> {word}",
                x=1.0,
                xref="paper",
                xanchor="left",
                xshift=12,
                y=names[index],
                font={"size": BASE_FONT_SIZE, "color": colour},
            )
            for index, rate in zip(part.index, part.rate_per_1000, strict=True)
        ]
        figure.add_scatter(
            x=part.rate_per_1000,
            y=[names[i] for i in part.index],
            marker={
                "size": 16,
                "color": colour,
                "symbol": SIGNIFICANCE_SYMBOL.get(verdict, "circle"),
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": part.ci_high - part.rate_per_1000,
                "arrayminus": part.rate_per_1000 - part.ci_low,
                "color": colour,
                "thickness": 3,
                "width": 6,
            },
            mode="markers",
            name=f"{verdict.capitalize()} than the group average"
            if verdict != "not significantly different"
            else "Not significantly different",
            hovertemplate="%{y}: %{x:.1f}<extra></extra>",
        )
    if group_rate is not None:
        shapes.append(
            rule(
                "x",
                group_rate,
                {"color": OKABE_ITO["black"], "dash": "dash", "width": 2},
            )
        )
        notes.append(
            label(
                f"Group average {group_rate:.1f}",
                x=group_rate,
                y=1.0,
                yref="y domain",
                yanchor="bottom",
                font={"size": BASE_FONT_SIZE},
            )
        )
    x_max = float(shown.ci_high.max())
    figure.update_xaxes(
        title_text="Offences per 1,000 residents (bars: 95% range"
        + (", allowing for variation between members)" if widened else ")"),
        range=[0, x_max * 1.05],
    )
    figure.update_yaxes(title_text="", automargin=True)
    notes.append(
        label(
            group_note,
            x=0,
            xref="paper",
            y=1.0,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            yshift=28,
            font={"size": BASE_FONT_SIZE - 2, "color": "#4a4a4a"},
        )
    )
    figure.update_layout(
        shapes=shapes,
        annotations=notes,
        height=max(420, 46 * len(shown) + 200),
        margin={"t": 70, "l": 20, "r": 250, "b": 140},
        legend={"y": -0.18, "x": 0},
    )
    return figure


FUNNEL_STYLE = {
    "above the 99.8% limit": (HIGHLIGHT, "triangle-up", 12),
    "above the 95% limit": (OKABE_ITO["orange"], "triangle-up-open", 11),
    "within limits": ("#9a9a9a", "circle", 8),
    "below the 95% limit": (OKABE_ITO["sky_blue"], "triangle-down-open", 11),
    "below the 99.8% limit": (OKABE_ITO["blue"], "triangle-down", 12),
}


def limits_label(dispersion: Dispersion | None) -> str:
    """The funnel's limits named on the chart itself."""
    if dispersion is not None and dispersion.widened:
        kind = "random effects" if dispersion.method == "random" else "scaled"
        return (
            f"Limits allow for variation between areas (factor {dispersion.phi:,.1f}, "
            f"{kind})"
        )
    return "Limits: chance variation only (exact Poisson)"


def funnel_figure(
    areas: pd.DataFrame,
    *,
    highlight: str,
    reference_rate: float | None,
    dispersion: Dispersion | None = None,
) -> FigureSpec:
    """Rate against population with 95% and 99.8% limits around the reference rate,
    widened for over-dispersion when ``dispersion`` says so (and then named on
    the chart with its factor).

    ``areas`` columns: area_code, area_name, population, rate_per_1000, position
    (from ``funnel_positions``, with the same dispersion)."""
    shown = areas[areas.population.notna() & areas.rate_per_1000.notna()]
    if shown.empty or reference_rate is None:
        return empty_figure("No rates to plot for this choice.")
    figure = board_figure()
    low = max(float(shown.population.min()) * 0.8, 1000.0)
    high = float(shown.population.max()) * 1.2
    grid = np.geomspace(low, high, 200)
    for level, dash, name in ((0.95, "dash", "95% limits"), (0.998, "solid", "99.8%")):
        limits = funnel_limits(reference_rate, grid, level, dispersion)
        for side in ("upper", "lower"):
            figure.add_scatter(
                x=limits.population,
                y=limits[side],
                mode="lines",
                line={"color": "#333", "dash": dash, "width": 2},
                name=f"{name} limits" if level == 0.998 else name,
                showlegend=side == "upper",
                hoverinfo="skip",
            )
    shapes = [rule("y", reference_rate, {"color": OKABE_ITO["black"], "width": 2})]
    notes = [
        label(
            f"England and Wales {reference_rate:.1f}",
            x=1,
            xref="x domain",
            xanchor="right",
            y=reference_rate,
            yanchor="top",
            font={"size": BASE_FONT_SIZE},
        )
    ]
    for position, (colour, symbol, size) in FUNNEL_STYLE.items():
        part = shown[shown.position == position]
        if part.empty:
            continue
        figure.add_scatter(
            x=part.population,
            y=part.rate_per_1000,
            mode="markers",
            marker={"color": colour, "symbol": symbol, "size": size},
            name=f"{position.capitalize()} ({len(part)})",
            customdata=part.area_name,
            hovertemplate="%{customdata}: %{y:.1f} (pop. %{x:,})<extra></extra>",
        )
    target = shown[shown.area_code == highlight]
    if not target.empty:
        item = target.iloc[0]
        figure.add_scatter(
            x=[item.population],
            y=[item.rate_per_1000],
            mode="markers",
            marker={
                "color": HIGHLIGHT,
                "symbol": "diamond",
                "size": 22,
                "line": {"color": "black", "width": 2},
            },
            name=str(item.area_name),
            hoverinfo="skip",
        )
        notes.append(
            dict(
                x=np.log10(item.population),
                y=item.rate_per_1000,
                text=f"<b>{item.area_name}</b> {item.rate_per_1000:.1f}<br>{item.position}",
                showarrow=True,
                ax=-120,
                ay=-80,
                arrowhead=2,
                arrowwidth=3,
                arrowcolor=HIGHLIGHT,
                bgcolor="rgba(255,255,255,0.92)",
                bordercolor=HIGHLIGHT,
                borderwidth=2,
                font={"size": BASE_FONT_SIZE + 2},
            )
        )
    y_top = float(np.nanpercentile(shown.rate_per_1000, 99)) * 1.15
    y_top = max(y_top, float(target.rate_per_1000.max()) * 1.2 if len(target) else 0)
    y_limit = max(y_top, reference_rate * 2)
    notes.append(
        label(
            limits_label(dispersion),
            x=0,
            xref="paper",
            xanchor="left",
            y=1,
            yref="paper",
            yanchor="bottom",
            font={"size": BASE_FONT_SIZE - 2, "color": "#4a4a4a"},
        )
    )
    clipped = int((shown.rate_per_1000 > y_limit).sum())
    if clipped:
        notes.append(
            label(
                f"{clipped} area{'s' if clipped > 1 else ''} above {y_limit:.0f} "
                "per 1,000 not drawn (see the data table)",
                x=1,
                xref="paper",
                xanchor="right",
                y=1,
                yref="paper",
                yanchor="bottom",
                font={"size": BASE_FONT_SIZE - 2, "color": "#4a4a4a"},
            )
        )
    ticks = [
        t
        for t in (2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6)
        if low <= t <= high
    ]
    figure.update_xaxes(
        tickvals=ticks,
        ticktext=[f"{t / 1e6:g}m" if t >= 1e6 else f"{t / 1e3:g}k" for t in ticks],
        type="log",
        title_text="Residents (log scale)",
        range=[np.log10(low), np.log10(high)],
    )
    figure.update_yaxes(title_text="Offences per 1,000 residents", range=[0, y_limit])
    figure.update_layout(
        shapes=shapes,
        annotations=notes,
        height=620,
        legend={"y": -0.22, "x": 0},
    )
    return figure


TREND_STYLE = {
    "Peterborough": (HIGHLIGHT, "solid", "circle", 5),
    "England and Wales": (OKABE_ITO["black"], "dash", "square", 3),
    "Most similar group average": (OKABE_ITO["blue"], "dot", "diamond", 3),
}


TREND_HEIGHT = 520
TREND_PLOT_PIXELS = TREND_HEIGHT - 120  # less the template's top and bottom margins


def trend_figure(
    trend: pd.DataFrame, breaks: pd.DataFrame, *, demo_until: object | None
) -> FigureSpec:
    """Rolling 12-month rates by series, each line labelled with its latest value;
    series breaks as vertical lines, with the 12 months after each shaded (periods
    ending there mix the old and new rules); demo points open and labelled DEMO
    (or, without an is_demo column, the periods up to ``demo_until`` shaded).

    ``trend`` columns: period_end, series, rate_per_1000. ``breaks`` columns:
    break_date, description."""
    if trend.empty:
        return empty_figure("No periods to show for this choice.")
    figure = board_figure()
    shapes, notes = [], []
    # With an is_demo column each demo point is marked DEMO itself (demo periods can
    # lie between real ones); without it, a band shades the periods up to demo_until.
    per_point = "is_demo" in trend.columns
    if demo_until is not None and not per_point:
        shapes.append(band("x", trend.period_end.min(), demo_until, "#fff3cd"))
        notes.append(
            label(
                "<b>DEMO periods</b>",
                x=trend.period_end.min(),
                xanchor="left",
                y=1,
                yref="y domain",
                yanchor="top",
                font={"size": BASE_FONT_SIZE, "color": "#7a4d00"},
            )
        )
    y_top = float(trend.rate_per_1000.max()) * 1.1
    labels = []
    for series, part in trend.groupby("series", sort=False):
        colour, dash, symbol, width = TREND_STYLE.get(
            series, (OKABE_ITO["purple"], "dashdot", "x", 3)
        )
        part = part.sort_values("period_end")
        demo = (
            part.is_demo.astype(bool).to_numpy()
            if per_point
            else np.zeros(len(part), dtype=bool)
        )
        figure.add_scatter(
            x=part.period_end,
            y=part.rate_per_1000,
            mode="lines+markers+text" if demo.any() else "lines+markers",
            line={"color": colour, "dash": dash, "width": width},
            marker={
                "symbol": [f"{symbol}-open" if d else symbol for d in demo]
                if demo.any()
                else symbol,
                "size": 10,
                "color": colour,
            },
            text=["DEMO" if d else "" for d in demo] if demo.any() else None,
            textposition="bottom center",
            textfont={"size": BASE_FONT_SIZE - 4, "color": "#7a4d00"},
            name=str(series),
            customdata=["DEMO" if d else "real" for d in demo],
            hovertemplate="%{x|%b %Y}: %{y:.1f} (%{customdata})<extra>"
            + str(series)
            + "</extra>",
        )
        last = part.iloc[-1]
        labels.append((str(series), last.period_end, float(last.rate_per_1000), colour))
    # One line of label text (plus 4 px) apart on the plot's 400 px, from 0 to
    # y_top.
    gap = pixel_gap(LINE_HEIGHT * BASE_FONT_SIZE + 4, TREND_PLOT_PIXELS, y_top)
    positions = spread([value for _, _, value, _ in labels], gap, low=gap / 2)
    notes += [
        label(
            f"<b>{value:.1f}</b> {series}",
            x=when,
            y=y,
            xanchor="left",
            xshift=12,
            font={"size": BASE_FONT_SIZE, "color": colour},
        )
        for (series, when, value, colour), y in zip(labels, positions, strict=True)
    ]
    for item in breaks.itertuples():
        when = pd.Timestamp(item.break_date)
        shapes.append(rule("x", when, {"color": "#444", "dash": "dot", "width": 3}))
        # A 12-month period ending in the year after the break mixes the old and the
        # new rules: shade that year so a point in it is not read as "after".
        shapes.append(
            band("x", when, when + pd.DateOffset(years=1), "rgba(68,68,68,0.10)")
        )
        notes.append(
            label(
                "<b>Series break</b><br>" + f"{when:%B %Y}<br>(shaded: 12 months<br>"
                "mixing old and new rules)",
                x=when,
                y=0.02,
                yref="paper",
                xanchor="left",
                xshift=6,
                yanchor="bottom",
                bgcolor="rgba(255,255,255,0.85)",
                font={"size": BASE_FONT_SIZE - 2},
            )
        )
    start = pd.Timestamp(trend.period_end.min()) - pd.Timedelta(days=20)
    if len(breaks):
        start = min(start, pd.Timestamp(min(breaks.break_date)) - pd.Timedelta(days=20))
    end = pd.Timestamp(trend.period_end.max())
    span = end - start
    tickvals, ticktext = period_ticks(trend.period_end)
    figure.update_xaxes(
        title_text="12 months ending",
        tickvals=tickvals,
        ticktext=ticktext,
        range=[start, end + span * 0.45],
    )
    figure.update_yaxes(
        title_text="Offences per 1,000 residents",
        range=[0, max(y_top, max(positions) * 1.05)],
    )
    figure.update_layout(
        shapes=shapes,
        annotations=notes,
        height=TREND_HEIGHT,
        legend={"y": -0.22, "x": 0},
    )
    return figure
