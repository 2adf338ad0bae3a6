"""Signal or noise: the one way a process-behaviour chart is shown, on the KPI
detail, the ward panel and the sector or city view: its sentence first, the chart,
its data as a table, and how it is worked out behind a disclosure."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.components import graph_config, method_disclosure
from dashboard.figures.spec import FigureSpec
from dashboard.metrics.spc import METHOD_TEXT
from dashboard.ui.grid import data_grid, show_data


def _rows(table: pd.DataFrame) -> list[dict]:
    """The chart's points as grid rows: month, value, mean, limits and any signal
    (numbers rounded for reading; missing limits empty)."""
    rows = []
    for row in table.itertuples():
        rows.append(
            {
                "period": f"{pd.Timestamp(row.period):%B %Y}",
                **{
                    name: None if pd.isna(value) else round(float(value), 1)
                    for name, value in (
                        ("value", row.value),
                        ("mean", row.mean),
                        ("lower_limit", row.lower_limit),
                        ("upper_limit", row.upper_limit),
                    )
                },
                "signal": f"{row.signal}: {row.rules}" if row.signal else "",
            }
        )
    return rows


COLUMNS = [
    {"field": "period", "headerName": "Period", "flex": 1},
    {"field": "value", "headerName": "Value", "type": "numericColumn", "flex": 1},
    {"field": "mean", "headerName": "Mean", "type": "numericColumn", "flex": 1},
    {
        "field": "lower_limit",
        "headerName": "Lower limit",
        "type": "numericColumn",
        "flex": 1,
    },
    {
        "field": "upper_limit",
        "headerName": "Upper limit",
        "type": "numericColumn",
        "flex": 1,
    },
    {"field": "signal", "headerName": "Signal", "flex": 3, "wrapText": True},
]


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
        html.Div(
            [
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
                show_data(
                    data_grid(
                        f"{name}-spc-grid",
                        file_name=f"pes-{name}-process.csv",
                        rows=_rows(table),
                        columns=COLUMNS,
                        filters=False,
                        column_defaults={"resizable": False},
                    ),
                    summary="Show data: every point of this chart",
                    class_name="mt-1",
                ),
                method_disclosure(html.P(method), html.P(METHOD_TEXT)),
            ],
            className="pes-signal",
        )
    ]
