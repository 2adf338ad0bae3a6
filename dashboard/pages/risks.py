"""The partnership's risk register: owners, scores, mitigation and reviews."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash_ag_grid import AgGrid

from dashboard import ids
from dashboard.components import choice_message
from dashboard.ui.columns import WRAPPED
from dashboard.ui.export import PROVENANCE_FIELDS, export_only_columns
from dashboard.ui.grid import data_grid
from dashboard.views.risks.state import include_closed

dash.register_page(
    __name__,
    path="/risks",
    name="Risks",
    title="Risk register · PES board dashboard",
    order=32,
    nav=True,
    datasets=["demo_risks", "partnership_risks"],
)

BAND_CLASSES = {
    "band-high": "params.data.band === 'High'",
    "band-medium": "params.data.band === 'Medium'",
    "band-low": "params.data.band === 'Low'",
}
RISK_COLUMNS = [
    {"field": "risk_id", "headerName": "Risk", "width": 100, "pinned": "left"},
    {
        "field": "title",
        "headerName": "Title",
        "width": 300,
        **WRAPPED,
    },
    {
        "field": "score_label",
        "headerName": "Score",
        "width": 170,
        "cellClassRules": BAND_CLASSES,
    },
    {"field": "review_date", "headerName": "Review date", "width": 160},
    {
        "field": "review_text",
        "headerName": "Review",
        "width": 240,
        **WRAPPED,
        "cellClassRules": {"risk-overdue": "params.data.review_overdue"},
    },
    {
        "field": "owner",
        "headerName": "Owner",
        "width": 300,
        **WRAPPED,
    },
    {"field": "agency", "headerName": "Agency", "width": 120},
    {
        "field": "mitigation",
        "headerName": "Mitigation",
        "width": 420,
        **WRAPPED,
    },
    {"field": "likelihood", "headerName": "Likelihood", "width": 150},
    {"field": "impact", "headerName": "Impact", "width": 150},
    {"field": "status", "headerName": "Status", "width": 120},
    {"field": "data_kind", "headerName": "Data", "width": 110},
    # Only the CSV holds these: the numbers and the ISO date.
    *export_only_columns(
        ["score", "likelihood_score", "impact_score", "review_on", *PROVENANCE_FIELDS]
    ),
]


def risk_grid() -> AgGrid:
    """The register table; rows come from a callback."""
    return data_grid(
        ids.Risks.GRID,
        columns=RISK_COLUMNS,
        row_id="risk_id",
        file_name="pes-risk-register.csv",
    )


def layout(closed: str = "no", **_query: str) -> html.Div:
    """The register's frame; ?closed=yes includes closed risks. The box and the
    link's message are set here, so the register is read in the page's first round
    of callbacks."""
    closed_too, message = include_closed(closed)
    return html.Div(
        [
            dcc.Store(id=ids.Risks.URL_SEARCH),
            html.Div(id=ids.Risks.URL_SINK, hidden=True),
            html.H1("Risk register"),
            html.P(
                "The risks the board monitors: who owns each, how likely and how "
                "serious it is, what is being done, and when it is next reviewed.",
                className="lead",
            ),
            html.Div(choice_message(message, class_name=""), id=ids.Risks.MESSAGE),
            html.P(id=ids.Risks.SUMMARY, className="pes-summary"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H2("Likelihood by impact"),
                            html.Div(id=ids.Risks.MATRIX),
                            html.P(
                                "Score = likelihood × impact, each 1 (very low) to 5 "
                                "(very high). H High: 15 to 25; M Medium: 8 to 14; "
                                "L Low: 1 to 7. Each cell shows how many open risks "
                                "sit there and which.",
                                className="pes-note mt-2",
                            ),
                        ],
                        xl=6,
                    ),
                    dbc.Col(
                        [
                            html.H2("The register"),
                            dbc.Row(
                                [
                                    dbc.Col(
                                        dbc.Checkbox(
                                            id=ids.Risks.INCLUDE_CLOSED,
                                            label="Include closed risks",
                                            value=closed_too,
                                        ),
                                        width="auto",
                                    ),
                                    dbc.Col(
                                        dbc.Button(
                                            [
                                                html.I(
                                                    className="bi bi-download me-2",
                                                    **{"aria-hidden": "true"},
                                                ),
                                                "Download CSV",
                                            ],
                                            id=ids.Risks.DOWNLOAD,
                                            color="primary",
                                        ),
                                        width="auto",
                                    ),
                                ],
                                className="g-3 mb-2 align-items-center",
                            ),
                            risk_grid(),
                        ],
                        xl=12,
                    ),
                ],
                className="g-4",
            ),
        ]
    )
