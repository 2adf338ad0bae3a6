"""Outcomes and stop and search: what happened after crimes in Peterborough, and
the police's stop and search there (police.uk, real data)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components import graph_config
from dashboard.ui.grid import chart_table
from dashboard.views.justice import text
from dashboard.views.justice.state import (
    PAGE_PATH,
    breakdown_options,
    first_area_options,
    parse_state,
    type_options,
)

dash.register_page(
    __name__,
    path=PAGE_PATH,
    name="Outcomes",
    title="Outcomes and stop and search · PES board dashboard",
    order=27,
    nav=True,
    datasets=["police_uk_outcomes", "police_uk_stop_search"],
)


def chart_section(section: str) -> html.Section:
    """One chart with its summary, source line and 'Show data' table with CSV."""
    heading = f"justice-heading-{section}"
    return html.Section(
        [
            html.H3(text.SECTION_TITLES[section], id=heading),
            html.P(
                id=ids.justice_part("summary", section),
                className="pes-summary chart-summary",
                **{"aria-live": "polite"},
            ),
            dcc.Loading(
                dcc.Graph(
                    id=ids.justice_part("figure", section),
                    config=graph_config(f"outcomes-{section}"),
                ),
                type="default",
            ),
            html.P(id=ids.justice_part("source", section), className="pes-note"),
            chart_table(
                ids.justice_part("grid", section),
                ids.justice_part("csv", section),
                file_name=f"pes-outcomes-{section}.csv",
                class_name="",
            ),
        ],
        className="justice-section mb-4",
        **{"aria-labelledby": heading},
    )


def _control(label: str, control_id: str, control: object, lg: int) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=control_id), control], lg=lg)


def layout(
    type: str | None = None,  # noqa: A002 - the query string's own name
    area: str | None = None,
    **query: str,
) -> html.Div:
    """The page's frame from the query string; a callback fills it from the data."""
    state = parse_state(type, area, query.get("from"), query.get("to"), query.get("by"))
    return html.Div(
        [
            # The address as given: the callback repeats its messages on first load.
            dcc.Store(
                id=ids.Justice.QUERY,
                data={
                    "type": type,
                    "area": area,
                    "from": query.get("from"),
                    "to": query.get("to"),
                    "by": query.get("by"),
                },
            ),
            dcc.Store(id=ids.Justice.URL_SEARCH),
            html.Div(id=ids.Justice.URL_SINK, hidden=True),
            html.H1("Outcomes and stop and search"),
            html.P(
                "What happened after crimes were recorded in Peterborough, and how "
                "the police used stop and search, from police.uk's public files. "
                "Real data, not demo.",
                className="lead",
            ),
            html.Div(
                [dbc.Alert(m, color="warning") for m in state.messages],
                id=ids.Justice.MESSAGE,
            ),
            dbc.Row(
                [
                    _control(
                        "Crime type",
                        ids.Justice.CRIME_TYPE,
                        dcc.Dropdown(
                            id=ids.Justice.CRIME_TYPE,
                            options=type_options(),
                            value=state.crime_type,
                            clearable=False,
                        ),
                        3,
                    ),
                    _control(
                        "Area",
                        ids.Justice.AREA,
                        dcc.Dropdown(
                            id=ids.Justice.AREA,
                            options=first_area_options(state.area),
                            value=state.area,
                            clearable=False,
                        ),
                        3,
                    ),
                    _control(
                        "From",
                        ids.Justice.FIRST,
                        dcc.Dropdown(
                            id=ids.Justice.FIRST,
                            options=[],
                            value=None,
                            clearable=False,
                        ),
                        2,
                    ),
                    _control(
                        "To",
                        ids.Justice.LAST,
                        dcc.Dropdown(
                            id=ids.Justice.LAST, options=[], value=None, clearable=False
                        ),
                        2,
                    ),
                ],
                className="g-3 mb-3",
            ),
            html.P(id=ids.Justice.HEADLINE, className="pes-summary fs-4"),
            html.P(id=ids.Justice.AS_AT, className="pes-note"),
            html.H2("What happened after a crime"),
            html.Ul([html.Li(c) for c in text.OUTCOME_CAVEATS], className="pes-note"),
            html.P(text.GROUPS_NOTE, className="pes-note"),
            *[chart_section(s) for s in ids.Justice.SECTIONS[:4]],
            html.H2("Stop and search"),
            html.Ul([html.Li(c) for c in text.SEARCH_CAVEATS], className="pes-note"),
            chart_section("search-months"),
            _control(
                "Break the searches down by",
                ids.Justice.BREAKDOWN,
                dbc.RadioItems(
                    id=ids.Justice.BREAKDOWN,
                    options=breakdown_options(),
                    value=state.breakdown,
                    inline=True,
                ),
                12,
            ),
            chart_section("search-breakdown"),
            html.P(text.ATTRIBUTION, className="pes-note"),
        ],
        className="justice-page",
    )
