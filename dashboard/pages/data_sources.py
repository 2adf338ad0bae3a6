"""Data and sources: every dataset with its source, licence, attribution and freshness."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids

dash.register_page(
    __name__,
    path="/data-sources",
    name="Data and sources",
    title="Data and sources · PES board dashboard",
    order=90,
    nav=True,
    datasets=["*"],
)


def layout(**_query: str) -> html.Div:
    """The sources page's frame; the table is filled from the dataset table."""
    return html.Div(
        [
            dcc.Store(id=ids.DataSources.TRIGGER, data=True),
            html.H1("Data and sources"),
            html.P(
                "Every dataset behind this dashboard: where it comes from, its licence "
                "and the attribution it requires, the period it covers, when it was "
                "loaded and whether it is real published data or demo data generated "
                "where no public source exists.",
                className="lead",
            ),
            html.Div(id=ids.DataSources.SUMMARY, className="mb-3"),
            dcc.Loading(html.Div(id=ids.DataSources.TABLE)),
        ]
    )
