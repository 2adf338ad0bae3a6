"""Outcomes and stop and search: the callbacks, which turn the view
(``dashboard.views.justice``) into components, and the Overview tile."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, ctx
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, headline_tile
from dashboard.ui.grid import grid_props, register_csv_export, show_data_props
from dashboard.ui.url_sync import register_url_sync
from dashboard.views.justice import data
from dashboard.views.justice.state import PAGE_PATH, JusticeState, parse_state
from dashboard.views.justice.text import share
from data_access.engine import DataUnavailableError


def _empty_section() -> dict[str, Any]:
    return {
        "summary": "",
        "figure": {},
        "source": "",
        "table": grid_props([], []),
    }


def page_content(
    engine: Engine,
    query: dict | None,
    crime_type: str | None,
    area: str | None,
    first: str | None,
    last: str | None,
    breakdown: str | None,
    *,
    from_url: bool = True,
) -> dict[str, Any]:
    """Every output of the page for the controls (the URL's state before the
    controls are filled). ``from_url``: the page has just loaded, so the URL's
    own messages (an unknown crime type...) stay on screen; once a control
    changes, only the messages about the controls' values remain."""
    query = query or {}
    url_messages = (
        parse_state(
            query.get("type"),
            query.get("area"),
            query.get("from"),
            query.get("to"),
            query.get("by"),
        ).messages
        if from_url
        else ()
    )
    state = parse_state(
        crime_type or query.get("type"),
        area or query.get("area"),
        first if first is not None else query.get("from"),
        last if last is not None else query.get("to"),
        breakdown or query.get("by"),
    )
    sections = {key: _empty_section() for key in ids.Justice.SECTIONS}
    try:
        view = data.read_view(engine, state)
    except DataUnavailableError as error:
        return {
            "message": data_error(str(error)),
            "headline": "",
            "as_at": "",
            "areas": [],
            "area": state.area,
            "months": [],
            "last_months": [],
            "first": None,
            "last": None,
            "search": "",
            "sections": sections,
        }
    for key, section in view.sections.items():
        sections[key] = {
            "summary": section.summary,
            "figure": section.figure,
            "source": section.source,
            "table": grid_props(section.rows, section.columns, section.csv),
        }
    months = view.months
    messages = list(dict.fromkeys([*url_messages, *view.messages]))
    return {
        "message": [dbc.Alert(m, color="warning") for m in messages] or None,
        "headline": view.headline,
        "as_at": view.as_at,
        "areas": view.areas,
        "area": view.state.area,
        "months": months,
        "last_months": months,
        "first": view.state.first or (months[0]["value"] if months else None),
        "last": view.state.last or (months[-1]["value"] if months else None),
        "search": view.state.query_string(),
        "sections": sections,
    }


def justice_tiles(engine: Engine) -> list:
    """Overview tile: the share of Peterborough's crimes charged or summonsed."""
    view = data.read_view(engine, JusticeState())
    groups = view.extra.get("charged")
    if groups is None or groups.crimes.sum() == 0:
        return [data_error("No police.uk outcomes have been loaded.")]
    charged = groups[groups.outcome_group == "Charged or summonsed"]
    none = groups[groups.outcome_group == "No suspect identified"]
    return [
        headline_tile(
            label=f"Crimes charged or summonsed, {view.extra['period']}",
            value=share(float(charged.share.sum())),
            unit=f"of {int(groups.crimes.sum()):,} crimes with an outcome",
            details=[
                f"{int(charged.crimes.sum()):,} charged or summonsed; "
                f"{share(float(none.share.sum()))} closed with no suspect identified "
                "(each crime's latest outcome, police.uk).",
                view.as_at,
            ],
            link=("Outcomes and stop and search", PAGE_PATH),
        )
    ]


def _section_outputs(key: str) -> dict[str, Output]:
    return {
        "summary": Output(ids.justice_part("summary", key), "children"),
        "figure": Output(ids.justice_part("figure", key), "figure"),
        "source": Output(ids.justice_part("source", key), "children"),
        "table": Output(show_data_props(ids.justice_part("grid", key)), "data"),
    }


def register(app: Dash, engine: Engine) -> None:
    """Wire the outcomes page."""
    app.callback(
        output={
            "message": Output(ids.Justice.MESSAGE, "children"),
            "headline": Output(ids.Justice.HEADLINE, "children"),
            "as_at": Output(ids.Justice.AS_AT, "children"),
            "areas": Output(ids.Justice.AREA, "options"),
            "area": Output(ids.Justice.AREA, "value"),
            "months": Output(ids.Justice.FIRST, "options"),
            "last_months": Output(ids.Justice.LAST, "options"),
            "first": Output(ids.Justice.FIRST, "value"),
            "last": Output(ids.Justice.LAST, "value"),
            "search": Output(ids.Justice.URL_SEARCH, "data"),
            "sections": {key: _section_outputs(key) for key in ids.Justice.SECTIONS},
        },
        inputs={
            "query": Input(ids.Justice.QUERY, "data"),
            "crime_type": Input(ids.Justice.CRIME_TYPE, "value"),
            "area": Input(ids.Justice.AREA, "value"),
            "first": Input(ids.Justice.FIRST, "value"),
            "last": Input(ids.Justice.LAST, "value"),
            "breakdown": Input(ids.Justice.BREAKDOWN, "value"),
        },
    )(
        lambda **kwargs: page_content(
            engine,
            **kwargs,
            from_url=ctx.triggered_id in (None, ids.Justice.QUERY),
        )
    )
    for key in ids.Justice.SECTIONS:
        register_csv_export(
            app, ids.justice_part("csv", key), ids.justice_part("grid", key)
        )
    register_url_sync(app, ids.Justice.URL_SEARCH, (ids.Justice.URL_SINK, "children"))
