"""Crime against the national quartile: the callbacks, which turn the quartile
view (``dashboard.views.quartile``) into components.

Each ``*_content`` function takes the engine and the three choices and returns
exactly what its callback outputs (a dict, by output name), so tests and the
benchmark call it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import MATCH, Dash, Input, Output, html
from dash.exceptions import PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, headline_tile
from dashboard.ui.grid import grid_props, register_csv_export, show_data_props
from dashboard.ui.url_sync import register_url_sync
from dashboard.views.quartile import data, text
from dashboard.views.quartile.data import PAGE_PATH, RankingView, Section
from dashboard.views.quartile.state import query_string

# ---------------------------------------------------------------- components


def section_outputs(section: Section) -> dict[str, Any]:
    """A section's outputs, an error box in place of a failed summary."""
    return {
        "summary": data_error(section.summary) if section.failed else section.summary,
        "figure": section.figure,
        "source": section.source,
        "method": section.method,
        "table": grid_props(section.rows, section.columns, section.csv),
    }


def rank_children(view: RankingView) -> object:
    """The rank sentence: its figure in bold, a line break, then what it is."""
    if view.failed:
        return data_error(str(view.rank))
    if isinstance(view.rank, str):
        return view.rank
    return [
        html.Strong(view.rank.figure, className="quartile-rank-figure"),
        html.Br(),
        view.rank.detail,
    ]


# ---------------------------------------------------------------- content


def ranking_content(
    engine: Engine,
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> dict[str, Any]:
    """Rank sentence, distance sentence, then the ski slope and funnel sections."""
    view = data.read_ranking(engine, offence, period, peer, limits)
    return {
        "rank": rank_children(view),
        "distance": view.distance,
        "slope": section_outputs(view.slope),
        "funnel": section_outputs(view.funnel),
    }


def history_content(
    engine: Engine,
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> dict[str, Any]:
    """The quartile-history and trend sections."""
    view = data.read_history(engine, offence, period, peer)
    return {
        "history": section_outputs(view.history),
        "trend": section_outputs(view.trend),
    }


def msg_content(
    engine: Engine,
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> dict[str, Any]:
    """The most-similar-group section (the group ignores the peer choice)."""
    return {"msg": section_outputs(data.read_msg(engine, offence, period, limits))}


# ---------------------------------------------------------------- overview tile


def quartile_tiles(engine: Engine) -> list:
    """Overview tile: how far Peterborough is from leaving its quartile (real data)."""
    tile = data.read_tile(engine)
    if tile is None:
        return [data_error(text.MISSING_FROM_TABLE)]
    return [
        headline_tile(
            label=tile.text.label,
            value=tile.text.value,
            unit=tile.text.unit,
            details=list(tile.text.details),
            link=("Crime against the national quartile", PAGE_PATH),
            demo=tile.is_demo,
        )
    ]


# ---------------------------------------------------------------- wiring


def _section(chart: str) -> dict[str, Output]:
    return {
        "summary": Output(ids.quartile_part("summary", chart), "children"),
        "figure": Output(ids.quartile_part("figure", chart), "figure"),
        "source": Output(ids.quartile_part("source", chart), "children"),
        "method": Output(ids.quartile_part("method", chart), "children"),
        "table": Output(show_data_props(ids.quartile_part("grid", chart)), "data"),
    }


def _controls() -> dict[str, Input]:
    return {
        "offence": Input(ids.Quartile.OFFENCE, "value"),
        "period": Input(ids.Quartile.PERIOD, "value"),
        "peer": Input(ids.Quartile.PEER, "value"),
        "limits": Input(ids.Quartile.LIMITS, "value"),
    }


def url_search(
    offence: str | None,
    period: str | None,
    peer: str | None,
    limits: str | None = None,
) -> str:
    """The address's query string for the chosen controls (none until a period)."""
    if not period:
        raise PreventUpdate
    return query_string(offence or "", period, peer or "", limits)


def _with_period(
    engine: Engine, content: Callable[..., dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    # Until the period dropdown is filled there is no view to show.
    def callback(
        offence: str | None,
        period: str | None,
        peer: str | None,
        limits: str | None = None,
    ) -> dict:
        if period is None:
            raise PreventUpdate
        return content(engine, offence, period, peer, limits)

    return callback


def register(app: Dash, engine: Engine) -> None:
    """Wire the quartile view's callbacks."""
    # The period dropdown is filled with the page's layout, so these draw in the
    # page's first round of callbacks.
    app.callback(
        output={
            "rank": Output(ids.Quartile.RANK_SENTENCE, "children"),
            "distance": Output(ids.Quartile.DISTANCE_SENTENCE, "children"),
            "slope": _section("slope"),
            "funnel": _section("funnel"),
        },
        inputs=_controls(),
    )(_with_period(engine, ranking_content))
    app.callback(
        output={"history": _section("history"), "trend": _section("trend")},
        inputs=_controls(),
    )(_with_period(engine, history_content))
    app.callback(
        output={"msg": _section("msg")},
        inputs=_controls(),
    )(_with_period(engine, msg_content))
    # The footer's "Data as at": the end of the 12 months the page shows (the
    # layout gives the opening one).
    app.callback(
        Output(ids.shown_period("quartile"), "data"),
        Input(ids.Quartile.PERIOD, "value"),
        prevent_initial_call=True,
    )(lambda period: period)
    register_csv_export(
        app, ids.quartile_part("csv", MATCH), ids.quartile_part("grid", MATCH)
    )
    # The URL follows the controls without reloading the page, so a copied link
    # reproduces the view.
    app.callback(
        output=Output(ids.Quartile.URL_SYNC, "data"),
        inputs=_controls(),
    )(url_search)
    register_url_sync(app, ids.Quartile.URL_SYNC, (ids.Quartile.URL_SINK, "children"))
