"""Small reusable pieces of layout built from plain values (no data access)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash_extensions import Purify


def element(tag: str, children: object = None, **props: object) -> dict:
    """``html.<tag>(children, **props)`` as the JSON Dash sends to the browser,
    without making the component. Making one checks every keyword (some 20 µs a
    component), which adds up where a callback builds hundreds at once, as the
    alignment matrix does; the browser gets the same JSON. Nothing is checked
    here, so pass only props that html.<tag> takes."""
    return {
        "props": {"children": children, **props},
        "type": tag,
        "namespace": "dash_html_components",
    }


def graph_config(view: str, *, width: int | None = None) -> dict:
    """The one ``dcc.Graph`` config: a mode bar with a single button, "Download
    plot as a PNG", saved as ``pes-<view>.png``. No Plotly logo, no "Share chart"
    (it uploads the chart to Plotly's cloud), no edit-in-Chart-Studio link, and no
    zoom and pan buttons: one Tab stop per chart. ``width`` fixes the saved image's
    width in CSS pixels (the board's slides); otherwise it is the chart's own."""
    image = {"format": "png", "filename": f"pes-{view}", "scale": 2}
    if width is not None:
        image["width"] = width
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": image,
        "responsive": True,
    }


METHOD_SUMMARY = "How this is worked out"


def method_disclosure(*children: object, **props: object) -> html.Details:
    """The method behind a chart or figure (formulas, tests, their notation), closed
    until asked for: the sentences on screen say it in plain English first. A
    native <details>, so Tab and Enter or Space open it."""
    return html.Details(
        [html.Summary(METHOD_SUMMARY), *children],
        className="pes-method",
        **props,
    )


def data_error(message: str, *, since: str | None = None) -> dbc.Alert:
    """A plain-English error box that keeps the rest of the page working; ``since``
    (such as '14:32') says when the outage began."""
    # dbc.Alert already carries role="alert", so screen readers announce it.
    heading = (
        f"Live data unavailable since {since}. "
        if since
        else ("Live data unavailable. ")
    )
    return dbc.Alert(
        [html.Strong(heading), message],
        color="danger",
        className="pes-error",
    )


def choice_message(
    message: str | None, *, failed: bool = False, class_name: str = "pes-url-note"
) -> dbc.Alert | None:
    """What a page says about a control filled from the link: an error box when the
    data could not be read, a warning when the link asked for something not loaded,
    else nothing."""
    if failed:
        return data_error(message or "")
    if message:
        return dbc.Alert(message, color="warning", className=class_name)
    return None


def demo_banner(titles: list[str], *, shows_data: bool = True) -> html.Div | None:
    """The page's DEMO state in words: the DEMO DATA banner naming what on this
    page is generated, or "no demo data" for a page whose data is all real (none
    for a page that shows no data)."""
    if not titles:
        if not shows_data:
            return None
        return html.Div(
            [
                html.Span("NO DEMO DATA", className="badge-real"),
                "Nothing here is demo.",
            ],
            className="pes-real-note",
        )
    return html.Div(
        [
            html.Span("DEMO DATA", className="badge-demo"),
            "Parts of this page use demo data generated for demonstration, not real "
            "figures: " + "; ".join(titles) + ".",
        ],
        className="pes-demo-banner",
    )


def headline_tile(
    *,
    label: str,
    value: str,
    unit: str,
    details: list[str],
    link: tuple[str, str] | None = None,
    demo: bool = False,
) -> dbc.Col:
    """A big-number tile for the overview, readable from the back of the room."""
    body = [
        html.Div(
            [html.Span("DEMO", className="badge-demo")] if demo else [],
            className="mb-1",
        ),
        html.Div(label, className="tile-label"),
        html.Div(
            [
                html.Span(value, className="tile-value"),
                " ",
                html.Span(unit, className="tile-unit"),
            ]
        ),
        *[html.Div(text, className="tile-detail") for text in details],
    ]
    if link:
        body.append(dcc.Link(link[0], href=link[1], className="tile-link"))
    return dbc.Col(
        dbc.Card(dbc.CardBody(body), className="pes-tile shadow-sm"), md=6, xl=4
    )


def detail_panel(panel_id: str, content_id: str, title: str) -> dbc.Offcanvas:
    """A side panel that opens over the page's right side, where the eye is, for
    the detail of what was clicked: focus moves into it, Esc or its close button
    shuts it. Its content goes into ``content_id``."""
    return dbc.Offcanvas(
        html.Div(id=content_id, className="pes-detail"),
        id=panel_id,
        title=title,
        placement="end",
        is_open=False,
        keyboard=True,
        class_name="pes-detail-panel",
    )


def html_table(component_id: str, class_name: str = "", markup: str = "") -> Purify:
    """The component a working table's HTML is written into (its ``html``
    property, from ``dashboard.ui.html_table.table_html``, every value escaped).
    Purify draws it through DOMPurify as well, and weighs 22 KB against
    dcc.Markdown's 470 KB with the code highlighter it always loads."""
    return Purify(
        id=component_id,
        html=markup,
        className=f"pes-html-table-wrap table-responsive {class_name}".strip(),
    )
