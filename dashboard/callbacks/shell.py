"""The shell: footer freshness, sources line, DEMO banner and data errors per page."""

from __future__ import annotations

import dash
from dash import ALL, Dash, Input, Output, State
from sqlalchemy.engine import Engine

from dashboard import availability, freshness, ids
from dashboard.components import data_error, demo_banner
from dashboard.ui.grid import register_show_data
from data_access.engine import DataUnavailableError
from data_access.queries import meta


def shell_for_path(
    engine: Engine, pathname: str | None, shown_periods: list | None = None
) -> tuple:
    """Footer as-at text, sources line, demo banner and error box for a path.
    ``shown_periods``: what the page's shown-period store says (the end of the
    latest period its figures show, once its view is drawn), else the latest
    period of the page's datasets."""
    page = freshness.page_for_path(pathname, dash.page_registry.values())
    record = availability.for_engine(engine)
    try:
        shown = freshness.datasets_for_page(
            page.get("datasets", []), meta.datasets(engine)
        )
    except DataUnavailableError as error:
        since = availability.since_text(record.failed())
        return (
            "Data as at: unknown (the database did not answer)",
            "",
            None,
            data_error(
                f"{error} The page comes back by itself once the database answers: "
                "reload it then.",
                since=since,
            ),
        )
    record.answered()
    return (
        freshness.as_at_sentence(shown, freshness.latest_shown(shown_periods or [])),
        freshness.source_names(shown),
        demo_banner(freshness.demo_titles(shown), shows_data=not shown.empty),
        None,
    )


def register(app: Dash, engine: Engine) -> None:
    """Wire the shell callback and every page's "Show data" blocks."""
    register_show_data(app)
    app.callback(
        Output(ids.Shell.AS_AT, "children"),
        Output(ids.Shell.FOOTER_SOURCES, "children"),
        Output(ids.Shell.DEMO_BANNER, "children"),
        Output(ids.Shell.DATA_ERROR, "children"),
        Input(ids.Shell.URL, "pathname"),
        Input(ids.shown_period(ALL), "data"),
    )(lambda pathname, shown: shell_for_path(engine, pathname, shown))
    # Pages registered with full_screen=True (the board presenter) hide the chrome;
    # done in the browser so moving between pages does not wait for the server.
    app.clientside_callback(
        """(pathname, paths) => {
            const path = (pathname || "/").replace(/\\/+$/, "") || "/";
            return (paths || []).includes(path) ? "pes-app pes-full-screen" : "pes-app";
        }""",
        Output(ids.Shell.ROOT, "className"),
        Input(ids.Shell.URL, "pathname"),
        State(ids.Shell.FULL_SCREEN, "data"),
    )
