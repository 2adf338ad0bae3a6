"""The partnership's risk register: owners, scores, mitigation and reviews."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import choice_message, html_table
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


def layout(closed: str = "no", **_query: str) -> html.Div:
    """The register's frame; ?closed=yes includes closed risks. The box and the
    link's message are set here, so the register is read in the page's first round
    of callbacks."""
    closed_too, message = include_closed(closed)
    return html.Div(
        [
            dcc.Store(id=ids.Risks.URL_SEARCH),
            # Written by the table's sort buttons (assets/12-html-tables.js).
            dcc.Store(id=ids.Risks.SORT, data=""),
            dcc.Download(id=ids.Risks.CSV),
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
                            html_table(ids.Risks.TABLE_HTML, "risk-table"),
                        ],
                        xl=12,
                    ),
                ],
                className="g-4",
            ),
        ]
    )
