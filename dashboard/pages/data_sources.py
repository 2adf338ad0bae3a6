"""Data and sources: every dataset with its source, licence, attribution and freshness."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
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

# What each badge means, in the order the table lists them.
STATUS_MEANINGS = (
    ("Real", "badge-real", "published data, loaded as published."),
    (
        "Computed",
        "badge-computed",
        "worked out by this project from real data by a stated method "
        "(the most similar groups).",
    ),
    (
        "Default",
        "badge-default",
        "a stand-in shipped with the dashboard for the partnership to replace "
        "(the ward-to-sector mapping, the board agendas, the links between "
        "objectives and priorities).",
    ),
    (
        "DEMO",
        "badge-demo",
        "generated where no public source exists; every chart that uses it says DEMO.",
    ),
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
                "loaded and what kind of data it is.",
                className="lead",
            ),
            html.Dl(
                [
                    part
                    for word, badge, meaning in STATUS_MEANINGS
                    for part in (
                        html.Dt(html.Span(word, className=badge)),
                        html.Dd(meaning),
                    )
                ],
                className="pes-status-legend",
            ),
            dbc.Label("Show", html_for=ids.DataSources.STATUS),
            dbc.RadioItems(
                id=ids.DataSources.STATUS,
                options=[
                    {"label": "All", "value": "all"},
                    {"label": "Real", "value": "real"},
                    {"label": "Computed", "value": "computed"},
                    {"label": "Default", "value": "default"},
                    {"label": "Demo", "value": "demo"},
                ],
                value="all",
                inline=True,
                className="mb-2",
            ),
            html.Div(
                id=ids.DataSources.SUMMARY, className="mb-3", **{"aria-live": "polite"}
            ),
            dcc.Loading(html.Div(id=ids.DataSources.TABLE)),
        ]
    )
