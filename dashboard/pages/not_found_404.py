"""The friendly page for an address that does not exist."""

from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(
    __name__,
    path="/404",
    name="Page not found",
    title="Page not found · PES board dashboard",
    nav=False,
    datasets=[],
)


def layout(**_query: str) -> html.Div:
    """Say plainly that the page does not exist and offer every real view."""
    links = [
        html.Li(dcc.Link(page["name"], href=page["path"]))
        for page in sorted(
            dash.page_registry.values(), key=lambda p: p.get("order") or 0
        )
        if page.get("nav")
    ]
    return html.Div(
        [
            html.H1("This page does not exist"),
            html.P(
                "The address may be mistyped, or the view may have moved. "
                "These are the views of the dashboard:",
                className="lead",
            ),
            html.Ul(links, className="fs-5"),
        ],
        id="not-found",
    )
