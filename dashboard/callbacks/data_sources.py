"""Data and sources: the table of every dataset."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, html
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error
from dashboard.freshness import format_day
from data_access.engine import DataUnavailableError
from data_access.queries import meta


def sources_summary(datasets: pd.DataFrame) -> str:
    """'14 datasets: 12 real, 2 demo.'"""
    demo = int(datasets.is_demo.sum())
    return f"{len(datasets)} datasets: {len(datasets) - demo} real, {demo} demo."


def sources_table(datasets: pd.DataFrame) -> dbc.Table:
    """One row per dataset; 'Real' or 'DEMO' in words, not colour alone."""
    header = html.Thead(
        html.Tr(
            [
                html.Th(name, scope="col")
                for name in (
                    "Dataset",
                    "Real or demo",
                    "Source",
                    "Licence",
                    "Attribution",
                    "Period covered",
                    "Loaded",
                    "Rows",
                )
            ]
        )
    )
    rows = []
    for item in datasets.itertuples():
        kind = (
            html.Span("DEMO", className="badge-demo")
            if item.is_demo
            else html.Span("Real", className="badge-real")
        )
        notes = (
            [html.Div(item.notes, className="small text-muted mt-1")]
            if item.notes
            else []
        )
        rows.append(
            html.Tr(
                [
                    html.Th([html.Div(item.title), *notes], scope="row"),
                    html.Td(kind),
                    html.Td(item.source),
                    html.Td(item.licence),
                    html.Td(item.attribution),
                    html.Td(item.period_label),
                    html.Td(format_day(item.loaded_at)),
                    html.Td(f"{int(item.row_count):,}", className="text-end"),
                ]
            )
        )
    return dbc.Table(
        [html.Caption("Datasets behind this dashboard"), header, html.Tbody(rows)],
        bordered=True,
        hover=True,
        responsive=True,
        className="pes-sources-table",
        id="data-sources-grid",
    )


def data_sources_content(engine: Engine) -> tuple:
    """The summary line and the table, or an error box."""
    try:
        datasets = meta.datasets(engine)
    except DataUnavailableError as error:
        return "", data_error(str(error))
    return sources_summary(datasets), sources_table(datasets)


def register(app: Dash, engine: Engine) -> None:
    """Wire the sources callback."""
    app.callback(
        Output(ids.DataSources.SUMMARY, "children"),
        Output(ids.DataSources.TABLE, "children"),
        Input(ids.DataSources.TRIGGER, "data"),
    )(lambda _trigger: data_sources_content(engine))
