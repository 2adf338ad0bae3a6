"""The frame around every page: skip link, navbar, banners, page container, footer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from dashboard import ids

APP_TITLE = "PES board dashboard"


def nav_entries(registry: Iterable[Mapping[str, object]]) -> list[tuple[str, str]]:
    """(name, path) of every page that asks for a nav entry, in page order."""
    pages = [page for page in registry if page.get("nav", False)]
    pages.sort(key=lambda page: (page.get("order") or 0, str(page["path"])))
    return [(str(page["name"]), str(page["path"])) for page in pages]


def navbar(entries: list[tuple[str, str]]) -> dbc.Navbar:
    """The top bar: the service's name and a link per view (keyboard reachable)."""
    links = [
        dbc.NavItem(dbc.NavLink(name, href=path, active="exact"))
        for name, path in entries
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [
                        html.I(
                            className="bi bi-shield-check me-2",
                            **{"aria-hidden": "true"},
                        ),
                        "Peterborough PES board",
                    ],
                    href="/",
                ),
                dbc.Nav(links, navbar=True, className="ms-auto flex-wrap"),
            ],
            fluid=True,
        ),
        id=ids.Shell.NAVBAR,
        className="pes-navbar",
        dark=True,
        expand=True,
    )


def status_band() -> html.Div:
    """How fresh the page's data is and whether any of it is demo, in the first
    screen of every page (the board reads it from the back of the room); filled by
    the shell callback for the page shown."""
    return html.Div(
        dbc.Container(
            [
                html.Div(id=ids.Shell.AS_AT, className="as-at"),
                html.Div(id=ids.Shell.DEMO_BANNER, **{"aria-live": "polite"}),
            ],
            fluid=True,
            className="pes-status-band-inner",
        ),
        className="pes-status-band",
    )


def footer() -> html.Footer:
    """Sources and the link to every licence; filled by the shell callback."""
    return html.Footer(
        dbc.Container(
            [
                html.Div(
                    [
                        html.Span(id=ids.Shell.FOOTER_SOURCES),
                        " ",
                        dcc.Link(
                            "All sources, licences and attributions",
                            href="/data-sources",
                        ),
                    ]
                ),
            ],
            fluid=True,
        ),
        className="pes-footer",
    )


def full_screen_paths(registry: Iterable[Mapping[str, object]]) -> list[str]:
    """Paths of pages registered with ``full_screen=True`` (no navbar or footer)."""
    return [str(page["path"]) for page in registry if page.get("full_screen", False)]


def root_class(pathname: str | None, full_screen: list[str]) -> str:
    """The root's class: full-screen pages hide the navbar, banner and footer."""
    path = (pathname or "/").rstrip("/") or "/"
    return "pes-app pes-full-screen" if path in full_screen else "pes-app"


def layout() -> html.Div:
    """The app's root layout; Dash's page container holds the current view."""
    full_screen = full_screen_paths(dash.page_registry.values())
    path = flask.request.path if flask.has_request_context() else "/"
    return html.Div(
        [
            html.A(
                "Skip to main content", href=f"#{ids.Shell.MAIN}", className="skip-link"
            ),
            dcc.Location(id=ids.Shell.URL, refresh=False),
            navbar(nav_entries(dash.page_registry.values())),
            status_band(),
            html.Div(id=ids.Shell.DATA_ERROR, role="alert", **{"aria-live": "polite"}),
            html.Main(
                dbc.Container(dash.page_container, fluid=True),
                id=ids.Shell.MAIN,
                tabIndex="-1",
            ),
            footer(),
            dcc.Store(id=ids.Shell.FULL_SCREEN, data=full_screen),
        ],
        id=ids.Shell.ROOT,
        className=root_class(path, full_screen),
    )
