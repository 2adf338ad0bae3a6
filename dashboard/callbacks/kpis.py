"""KPIs: the page's callbacks, turning the KPI view into filters, the table, the
detail and the Overview tile."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, ctx, dcc, html
from sqlalchemy.engine import Engine

from dashboard import auth, ids
from dashboard.callbacks.evidence_components import flytipping_block
from dashboard.components import data_error, graph_config, headline_tile
from dashboard.ui.grid import data_grid, register_csv_export
from dashboard.ui.url_sync import register_url_sync
from dashboard.views.kpis import data as view
from dashboard.views.kpis import text
from dashboard.views.kpis.state import KpiFilters, parse_query
from data_access.engine import DataUnavailableError

FILTERS = ("agency", "sector", "priority", "status")
DETAIL_DATA_COLUMN_DEFS = [
    {"field": "period", "headerName": "Period ending"},
    {"field": "value", "headerName": "Value", "type": "rightAligned"},
    {"field": "numerator", "headerName": "Numerator", "type": "rightAligned"},
    {"field": "denominator", "headerName": "Denominator", "type": "rightAligned"},
    {"field": "updated", "headerName": "Updated"},
    {"field": "note", "headerName": "Note", "flex": 2},
]


# The fly-tipping KPIs (reports by sector, clearance, FPNs) show Defra's series.
FLYTIPPING_KPIS = "flytip-"


def _message(message: str | None) -> dbc.Alert | None:
    """The state's message as a warning, or nothing."""
    return (
        dbc.Alert(message, color="warning", className="pes-message")
        if message
        else None
    )


def setup(engine: Engine, query: dict | None) -> dict:
    """Options for every filter and the checked URL values, with a message for any
    value that is not one of the choices."""
    try:
        data = view.load_kpi_data(engine)
    except DataUnavailableError as error:
        empty = [{"label": "All", "value": "all"}]
        return {
            **{f"{name}_options": empty for name in FILTERS},
            **{name: "all" for name in FILTERS},
            "message": data_error(str(error)),
        }
    choices = parse_query(
        query,
        objectives=data.objectives,
        plans=data.plans,
        kpi_ids=set(data.statuses.kpi_id),
    )
    chosen = choices.filters
    return {
        "agency_options": choices.agencies,
        "agency": chosen.agency,
        "sector_options": choices.sectors,
        "sector": chosen.sector,
        "priority_options": choices.priorities,
        "priority": chosen.priority,
        "status_options": choices.statuses,
        "status": chosen.status,
        "message": _message(choices.message),
    }


def tally_line(tally: dict[str, int]) -> html.Div:
    """Big counts by status, in words, letters and shapes."""
    return html.Div(
        [
            html.Span(f"{tally['total']} KPIs:", className="tally-total"),
            *[
                html.Span(
                    [html.Strong(number), " ", words], className=f"tally-item rag-{key}"
                )
                for key, number, words in text.tally_parts(tally)
            ],
            html.Span(
                [html.Strong(str(tally["overdue"])), " data overdue"],
                className="tally-item kpi-overdue",
            ),
        ]
    )


def table(
    engine: Engine, agency: str, sector: str, priority: str, status: str, search: str
) -> dict:
    """Grid rows, the 'showing N of M' line and the status tally."""
    try:
        data = view.load_kpi_data(engine)
        summary = view.load_summary(engine)
    except DataUnavailableError as error:
        return {"rows": [], "count": data_error(str(error)), "tally": None}
    shown = view.compute_table(
        summary, data.as_of, KpiFilters.of(agency, sector, priority, status, search)
    )
    return {"rows": shown.rows, "count": shown.count, "tally": tally_line(shown.tally)}


def detail_content(detail: view.KpiDetail) -> html.Div:
    """Trend with target and baseline, summary sentence, notes, objective links and
    the values as a table."""
    show_data = data_grid(
        "kpis-detail-data",
        file_name=f"pes-kpi-{detail.kpi_id}.csv",
        columns=DETAIL_DATA_COLUMN_DEFS,
        rows=detail.data_rows,
        filters=False,
        column_defaults={"flex": 1},
    )
    return html.Div(
        [
            html.H2(
                [
                    html.Span("DEMO", className="badge-demo")
                    if detail.is_demo
                    else None,
                    detail.name,
                ]
            ),
            html.P(detail.description),
            html.Div(
                [
                    html.Span(
                        text.status_label(detail.status),
                        className=f"kpi-status-pill {text.status_class(detail.status)}",
                    ),
                    html.Span(detail.status_text),
                    html.Span(
                        detail.freshness_text,
                        className="kpi-overdue" if detail.overdue else "",
                    ),
                ],
                className="mb-2",
            ),
            html.P(detail.sentence, className="pes-summary chart-summary"),
            dcc.Graph(
                figure=detail.figure,
                config=graph_config(f"kpi-{detail.kpi_id}"),
                id="kpis-detail-graph",
            ),
            html.P(detail.source, className="pes-source"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H3("Notes"),
                            html.Ul(
                                [html.Li(note) for note in detail.notes]
                                or [html.Li("No notes.")]
                            ),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            html.H3("Serves"),
                            html.Ul(
                                [html.Li(link) for link in detail.links]
                                or [html.Li("No links.")]
                            ),
                        ],
                        lg=6,
                    ),
                ]
            ),
            html.Details(
                [html.Summary("Show data: every value of this KPI"), show_data],
                className="mt-2",
            ),
        ]
    )


def detail(engine: Engine, kpi_id: str | None) -> html.Div | html.P:
    """The chosen KPI's detail, or a note saying how to choose one."""
    if not kpi_id:
        return html.P(text.CHOOSE_A_KPI, className="pes-note")
    try:
        data = view.load_kpi_data(engine)
    except DataUnavailableError as error:
        return data_error(str(error))
    found = view.compute_detail(data, kpi_id)
    if found is None:
        return html.P(text.no_such_kpi(kpi_id), className="pes-note")
    content = detail_content(found)
    if kpi_id.startswith(FLYTIPPING_KPIS):
        # Defra's real annual series beside the (demo) monthly KPI.
        content.children.extend(
            flytipping_block(engine, grid_id=ids.Kpis.FLYTIPPING_GRID)
        )
    return content


def selected_kpi(selected: list | None, query: dict | None) -> str:
    """The KPI chosen in the grid, else the one named in the URL, else ''."""
    if selected:
        return str(selected[0].get("kpi_id", ""))
    if ctx.triggered_id == ids.Kpis.GRID:
        return ""
    return str((query or {}).get("kpi", "") or "")


def detail_and_url(
    engine: Engine,
    selected: list | None,
    agency: str,
    sector: str,
    priority: str,
    status: str,
    search: str,
    query: dict | None,
) -> dict:
    """The detail of the KPI chosen (or the sign-in prompt) and the URL query."""
    kpi_id = selected_kpi(selected, query)
    search_string = KpiFilters.of(
        agency, sector, priority, status, search, kpi_id
    ).query_string()
    if kpi_id and not auth.allowed():
        shown = auth.kpi_detail_prompt("/kpis" + search_string)
    else:
        shown = detail(engine, kpi_id)
    return {"detail": shown, "search": search_string}


def kpi_tiles(engine: Engine) -> list:
    """Overview tile: how many KPIs are on track, at risk, off track and overdue."""
    tile = view.compute_tile(view.load_kpi_data(engine))
    if tile is None:
        return [data_error(text.NO_KPIS_LOADED)]
    return [
        headline_tile(
            label="KPIs on track",
            value=f"{tile.tally['green']} of {tile.tally['total']}",
            unit="● G on track",
            details=text.tile_details(tile.tally, tile.as_of),
            link=("All KPIs", "/kpis"),
            demo=tile.demo,
        )
    ]


def register(app: Dash, engine: Engine) -> None:
    """Wire the KPI page's callbacks."""
    filters = {
        "agency": Input(ids.Kpis.AGENCY, "value"),
        "sector": Input(ids.Kpis.SECTOR, "value"),
        "priority": Input(ids.Kpis.PRIORITY, "value"),
        "status": Input(ids.Kpis.STATUS, "value"),
        "search": Input(ids.Kpis.SEARCH, "value"),
    }
    app.callback(
        output={
            "agency_options": Output(ids.Kpis.AGENCY, "options"),
            "agency": Output(ids.Kpis.AGENCY, "value"),
            "sector_options": Output(ids.Kpis.SECTOR, "options"),
            "sector": Output(ids.Kpis.SECTOR, "value"),
            "priority_options": Output(ids.Kpis.PRIORITY, "options"),
            "priority": Output(ids.Kpis.PRIORITY, "value"),
            "status_options": Output(ids.Kpis.STATUS, "options"),
            "status": Output(ids.Kpis.STATUS, "value"),
            "message": Output(ids.Kpis.MESSAGE, "children"),
        },
        inputs={"query": Input(ids.Kpis.QUERY, "data")},
    )(lambda query: setup(engine, query))
    app.callback(
        output={
            "rows": Output(ids.Kpis.GRID, "rowData"),
            "count": Output(ids.Kpis.COUNT, "children"),
            "tally": Output(ids.Kpis.TALLY, "children"),
        },
        inputs=filters,
    )(lambda **chosen: table(engine, **chosen))
    app.callback(
        output={
            "detail": Output(ids.Kpis.DETAIL, "children"),
            "search": Output(ids.Kpis.URL_SEARCH, "data"),
        },
        inputs={"selected": Input(ids.Kpis.GRID, "selectedRows"), **filters},
        state={"query": State(ids.Kpis.QUERY, "data")},
    )(lambda **chosen: detail_and_url(engine, **chosen))
    register_csv_export(app, ids.Kpis.DOWNLOAD, ids.Kpis.GRID)
    register_url_sync(app, ids.Kpis.URL_SEARCH, (ids.Kpis.URL_SINK, "children"))
