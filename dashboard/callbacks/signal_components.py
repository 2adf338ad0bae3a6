"""Signal or noise: the one way a process-behaviour chart is shown, on the KPI
detail, the ward panel and the sector or city view: its sentence first, the chart,
its data as a table, and how it is worked out behind a disclosure."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components import graph_config, method_disclosure
from dashboard.figures.spec import FigureSpec
from dashboard.metrics.spc import METHOD_TEXT


def _number(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):,.1f}"


def signal_table(table: pd.DataFrame) -> dbc.Table:
    """The chart's points as a table: month, value, mean, limits and any signal."""
    header = html.Thead(
        html.Tr(
            [
                html.Th(name, scope="col")
                for name in ("Period", "Value", "Mean", "Lower", "Upper", "Signal")
            ]
        )
    )
    rows = [
        html.Tr(
            [
                html.Td(f"{pd.Timestamp(row.period):%B %Y}"),
                html.Td(_number(row.value)),
                html.Td(_number(row.mean)),
                html.Td(_number(row.lower_limit)),
                html.Td(_number(row.upper_limit)),
                html.Td(
                    f"{row.signal}: {row.rules}" if row.signal else "",
                ),
            ]
        )
        for row in table.itertuples()
    ]
    return dbc.Table([header, html.Tbody(rows)], size="sm", className="pes-spc-table")


def signal_section(
    *,
    sentence: str,
    figure: FigureSpec,
    method: str,
    table: pd.DataFrame,
    name: str,
    heading_level: int = 3,
    heading_class: str = "",
) -> list:
    """The section's children under a heading of ``heading_level``; ``name`` names
    the chart's PNG download and the ids."""
    heading = {2: html.H2, 3: html.H3, 4: html.H4}[heading_level]
    return [
        heading("Signal or noise", className=heading_class),
        html.P(
            sentence,
            className="pes-summary chart-summary",
            id=f"{name}-spc-summary",
        ),
        dcc.Graph(
            figure=figure,
            config=graph_config(f"{name}-process"),
            id=f"{name}-spc-graph",
            className="pes-spc-chart",
        ),
        html.Details(
            [html.Summary("Show the chart's data"), signal_table(table)],
            className="mt-1",
        ),
        method_disclosure(html.P(method), html.P(METHOD_TEXT)),
    ]
