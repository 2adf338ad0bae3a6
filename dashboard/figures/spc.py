"""A process-behaviour chart (XmR or c-chart): a pure SpcResult -> figure builder.

The values as a line, the mean and the natural process limits of each segment as
steps (recalculated only at a stated change, drawn as a labelled vertical line), and
the special-cause points as large open markers whose shape and legend words say
improving or concerning, so nothing depends on colour or hover.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import (
    BASE_FONT_SIZE,
    OKABE_ITO,
    board_figure,
    empty_figure,
    plain,
)
from dashboard.metrics import spc

# Shapes for special-cause points: the words are in the legend, the shape on the mark.
SIGNAL_MARKS = {
    spc.IMPROVING: ("Special cause: improving", "circle-open", OKABE_ITO["blue"]),
    spc.CONCERNING: ("Special cause: concerning", "diamond-open", OKABE_ITO["orange"]),
    spc.NEITHER: ("Special cause", "square-open", OKABE_ITO["purple"]),
}


def point_kinds(result: spc.SpcResult, direction: str | None) -> list[str | None]:
    """Each point's special-cause kind (IMPROVING, CONCERNING, NEITHER) or None."""
    return [
        spc.variation_key(side, direction) if special else None
        for special, side in zip(result.special, result.side, strict=True)
    ]


def _steps(points: pd.DataFrame, column: str) -> tuple[list, list]:
    """x and y of a per-segment level as steps, with a gap between segments."""
    xs: list = []
    ys: list = []
    for _, segment in points.groupby("segment", sort=True):
        level = segment[column].iloc[0]
        if level is None or pd.isna(level):
            continue
        xs += [segment.period.iloc[0], segment.period.iloc[-1], None]
        ys += [level, level, None]
    return xs, ys


def process_behaviour_figure(
    result: spc.SpcResult,
    *,
    title: str,
    unit: str,
    direction: str | None,
    is_demo: bool,
    target: float | None = None,
    height: int = 420,
) -> FigureSpec:
    """The chart of ``result`` (periods are dates). ``direction`` says which way is
    better, for the words on special-cause points; ``target`` adds a labelled line."""
    if not result.values:
        return empty_figure("No values to chart yet.")
    points = result.frame()
    points["period"] = pd.to_datetime(points.period)
    prefix = "DEMO · " if is_demo else ""
    figure = board_figure()
    figure.add_scatter(
        x=points.period,
        y=points.value,
        mode="lines+markers",
        name=plain(unit).capitalize(),
        line={"color": OKABE_ITO["black"], "width": 3},
        marker={"size": 7},
        hovertemplate="%{x|%B %Y}: %{y:,.1f}<extra></extra>",
    )
    for column, name, dash in (
        ("mean", "Mean", "solid"),
        ("upper", "Process limits", "dash"),
        ("lower", None, "dash"),
    ):
        xs, ys = _steps(points, column)
        if not xs:
            continue
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=name or "Process limits",
            showlegend=name is not None,
            legendgroup=column if name == "Mean" else "limits",
            line={"color": OKABE_ITO["grey"], "width": 2, "dash": dash},
            hoverinfo="skip",
        )
    kinds = point_kinds(result, direction)
    for kind, (words, symbol, colour) in SIGNAL_MARKS.items():
        chosen = [i for i, k in enumerate(kinds) if k == kind]
        if not chosen:
            continue
        figure.add_scatter(
            x=points.period.iloc[chosen],
            y=points.value.iloc[chosen],
            mode="markers",
            name=words,
            marker={
                "size": 20,
                "symbol": symbol,
                "color": colour,
                "line": {"width": 4},
            },
            hoverinfo="skip",
        )
    if target is not None and not pd.isna(target):
        figure.add_scatter(
            x=[points.period.iloc[0], points.period.iloc[-1]],
            y=[target, target],
            mode="lines",
            name=f"Target {target:,.4g}",
            line={"color": OKABE_ITO["green"], "width": 3, "dash": "dot"},
            hoverinfo="skip",
        )
    for segment in result.segments[1:]:
        when = pd.Timestamp(segment.start_period)
        figure.add_shape(
            type="line",
            x0=when,
            x1=when,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": OKABE_ITO["black"], "width": 2, "dash": "dot"},
        )
        figure.add_annotation(
            x=when,
            y=1,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            showarrow=False,
            text=plain(f"Limits recalculated: {segment.reason or 'stated change'}"),
            font={"size": BASE_FONT_SIZE - 2},
        )
    figure.update_layout(
        title={"text": f"{prefix}{plain(title)}"},
        height=height,
        margin={"l": 80, "r": 30, "t": 80, "b": 70},
        showlegend=True,
        legend={"orientation": "h", "y": -0.22},
    )
    figure.update_yaxes(title={"text": plain(unit)}, rangemode="tozero")
    return figure


def signal_table(result: spc.SpcResult, direction: str | None) -> pd.DataFrame:
    """The chart as a table (its text alternative): period, value, mean, limits and
    what each special-cause point shows, in words."""
    points = result.frame()
    kinds = point_kinds(result, direction)
    words = {kind: SIGNAL_MARKS[kind][0] for kind in SIGNAL_MARKS}
    rules = [
        "; ".join(spc.RULE_WORDS[r] for r in result.rules_at(i))
        for i in range(len(points))
    ]
    return pd.DataFrame(
        {
            "period": points.period,
            "value": points.value,
            "mean": points["mean"],
            "lower_limit": points.lower,
            "upper_limit": points.upper,
            "signal": [words.get(k, "") if k else "" for k in kinds],
            "rules": rules,
        }
    )
