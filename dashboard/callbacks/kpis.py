"""KPIs: the page's callbacks, turning the KPI view into filters, the table, the
detail and the Overview tile."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import MissingCallbackContextException, PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import auth, ids
from dashboard.callbacks.evidence_components import flytipping_block
from dashboard.callbacks.signal_components import signal_section
from dashboard.components import data_error, graph_config, headline_tile
from dashboard.ui.export import PROVENANCE_FIELDS, csv_text, export_only_columns
from dashboard.ui.grid import data_grid, show_data
from dashboard.ui.html_table import Column, sort_rows, table_html
from dashboard.ui.url_sync import register_url_sync
from dashboard.views.kpis import data as view
from dashboard.views.kpis import text
from dashboard.views.kpis.columns import EXPORT_COLUMNS, EXPORT_FIELDS, table_columns
from dashboard.views.kpis.state import MAX_ID_CHARS, KpiFilters
from data_access.engine import DataUnavailableError

DETAIL_DATA_COLUMN_DEFS = [
    {"field": "period_ending", "headerName": "Period ending"},
    {"field": "value", "headerName": "Value", "type": "rightAligned"},
    {"field": "numerator", "headerName": "Numerator", "type": "rightAligned"},
    {"field": "denominator", "headerName": "Denominator", "type": "rightAligned"},
    {"field": "updated", "headerName": "Updated"},
    {"field": "note", "headerName": "Note", "flex": 2},
    *export_only_columns(["period_end", "updated_on", *PROVENANCE_FIELDS]),
]


# The fly-tipping KPIs (reports by sector, clearance, FPNs) show Defra's series.
FLYTIPPING_KPIS = "flytip-"
# Runs in the browser: when the detail panel closes, focus goes back to the row it
# was opened from (after the panel has let go of the focus).
FOCUS_ROW_JS = f"""
function (isOpen, last) {{
    if (!isOpen && last) {{
        window.pesAfterPanelCloses("{ids.Kpis.PANEL}", function () {{
            window.pesFocusTableRow("{ids.Kpis.TABLE}", last);
        }});
    }}
    return window.dash_clientside.no_update;
}}
"""


def chip_content(key: str, tally: dict[str, int], meeting_words: str | None) -> list:
    """A tally chip's count and words, in shape, letter and word."""
    words = dict(text.chip_words(meeting_words))[key]
    return [html.Strong(str(tally.get(key, 0))), " ", words]


def chip_pressed(keys: list[str], status: str | None, changed: str | None) -> list[str]:
    """Each chip's aria-pressed: the status chip matching the status filter, and
    the 'changed' chip when that filter is on."""
    return [
        "true" if (key == "changed" and changed == "yes") or key == status else "false"
        for key in keys
    ]


def chip_filter(status: str | None, changed: str | None) -> tuple[str, str]:
    """The filters after a chip was pressed: a chip turns its filter on, or off
    when it is already on (the status and 'changed' chips are independent)."""
    key = ctx.triggered_id["key"] if isinstance(ctx.triggered_id, dict) else None
    if key is None or not any(item.get("value") for item in ctx.triggered):
        raise PreventUpdate
    if key == "changed":
        return str(status or "all"), "all" if changed == "yes" else "yes"
    return ("all" if status == key else key), str(changed or "all")


def _chip_keys() -> list[str]:
    """The keys of the chips on the page, in the order the callback answers them
    (nothing outside a callback)."""
    try:
        chips = ctx.outputs_grouping["chips"]
    except (MissingCallbackContextException, KeyError, TypeError):
        return []
    return [item["id"]["key"] for item in chips]


def _filters(
    agency: str | None,
    sector: str | None,
    priority: str | None,
    status: str | None,
    search: str | None,
    changed: str | None,
) -> KpiFilters:
    return KpiFilters.of(agency, sector, priority, status, search, changed=changed)


class ShownRows(NamedTuple):
    """The table for some filters, its columns, its rows in the sort chosen and
    the board meeting its "since the last board" compares with."""

    table: view.KpiTable
    columns: list[Column]
    rows: list[dict]
    board: view.LastBoard | None


def shown_rows(
    engine: Engine, filters: KpiFilters, shown: object = None, sort: object = None
) -> ShownRows:
    """The table's rows for these filters and chosen columns, in the sort chosen."""
    data = view.load_kpi_data(engine)
    summary = view.load_summary(engine)
    board = view.load_last_board(engine)
    found = view.compute_table(summary, data.as_of, filters, board)
    columns = table_columns(shown if isinstance(shown, list) else [])
    return ShownRows(found, columns, sort_rows(found.rows, columns, sort), board)


def table(
    engine: Engine,
    agency: str,
    sector: str,
    priority: str,
    status: str,
    search: str,
    changed: str = "all",
    shown: list[str] | None = None,
    sort: str | None = None,
    chosen: str | None = None,
) -> dict:
    """The table, the 'showing N of M' line and the tally chips' counts and
    pressed states."""
    keys = _chip_keys()
    filters = _filters(agency, sector, priority, status, search, changed)
    try:
        found, columns, rows, board = shown_rows(engine, filters, shown, sort)
    except DataUnavailableError as error:
        return {
            "table": "",
            "count": data_error(str(error)),
            "chips": [no_update] * len(keys),
            "pressed": chip_pressed(keys, status, changed),
        }
    words = text.last_board_words(None if board is None else board.meeting_date)
    return {
        "table": table_html(
            rows,
            columns,
            table_id=ids.Kpis.TABLE,
            caption="KPIs: " + found.count,
            sort=sort,
            sort_store=ids.Kpis.SORT,
            pick_store=ids.Kpis.PICKED,
            link=lambda row: (
                "/kpis" + replace(filters, kpi=str(row["kpi_id"])).query_string()
            ),
            row_id="kpi_id",
            chosen=chosen,
        ),
        "count": found.count,
        "chips": [chip_content(key, found.tally, words) for key in keys],
        "pressed": chip_pressed(keys, status, changed),
    }


def download(
    engine: Engine, filters: KpiFilters, shown: object = None, sort: object = None
) -> dict[str, object]:
    """The CSV of the rows the table shows, in its order (``dashboard.ui.export``)."""
    try:
        found = shown_rows(engine, filters, shown, sort)
    except DataUnavailableError:
        raise PreventUpdate from None
    return dcc.send_string(
        csv_text(found.rows, EXPORT_COLUMNS, EXPORT_FIELDS), found.table.file_name
    )


def detail_content(detail: view.KpiDetail) -> html.Div:
    """Trend with target and baseline, summary sentence, notes, objective links and
    the values as a table."""
    values = data_grid(
        "kpis-detail-data",
        file_name=detail.file_name,
        export_columns=view.DETAIL_EXPORT_COLUMNS,
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
            html.P(detail.description, className="mb-1"),
            html.P(detail.owner_role, className="fw-semibold"),
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
            # The trend with its sentence and its values table, together: the
            # chart's text alternatives sit beside it.
            html.Div(
                [
                    html.P(detail.sentence, className="pes-summary chart-summary"),
                    dcc.Graph(
                        figure=detail.figure,
                        config=graph_config(f"kpi-{detail.kpi_id}"),
                        id="kpis-detail-graph",
                    ),
                    html.P(detail.source, className="pes-source"),
                    show_data(
                        values,
                        summary="Show data: every value of this KPI",
                        class_name="mt-2",
                    ),
                ]
            ),
            *signal_section(
                sentence=detail.spc_sentence,
                figure=detail.spc_figure,
                method=detail.spc_method,
                table=detail.spc_table,
                name="kpis-detail",
            ),
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


def _picked_id(picked: object) -> str:
    """The kpi_id a row's link wrote to the page (``{"id": ..., "at": ...}``), or ''."""
    if isinstance(picked, dict):
        return str(picked.get("id", "") or "")[:MAX_ID_CHARS]
    return ""


def open_detail(
    engine: Engine,
    picked: object,
    is_open: bool | None,
    chosen: str | None,
    filters: KpiFilters,
) -> dict:
    """The KPI whose detail the side panel shows, the panel's content and state,
    and the URL query.

    A row's link (click, or Enter on it) opens its KPI; closing the panel (Esc,
    its close button or a click beside it) clears the KPI from the URL; a change of
    filters keeps the KPI open. The KPI named in the URL opens on arrival."""
    trigger = ctx.triggered_id
    kpi_id = str(chosen or "")
    if trigger == ids.Kpis.PICKED:
        kpi_id = _picked_id(picked)
    elif trigger == ids.Kpis.PANEL and not is_open:
        kpi_id = ""
    search = replace(filters, kpi=kpi_id).query_string()
    unchanged = bool(is_open) and kpi_id == chosen and trigger != ids.Kpis.PICKED
    if not kpi_id:
        shown: object = no_update
    elif unchanged:
        shown = no_update  # the panel already shows it: a filter changed
    elif not auth.allowed():
        shown = auth.kpi_detail_prompt("/kpis" + search)
    else:
        shown = detail(engine, kpi_id)
    return {
        "chosen": kpi_id,
        "detail": shown,
        "is_open": bool(kpi_id),
        "search": search,
        "last": kpi_id or no_update,
    }


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
        "changed": Input(ids.Kpis.CHANGED, "value"),
    }
    chips = {"type": ids.Kpis.CHIP, "key": ALL}
    app.callback(
        output={
            "table": Output(ids.Kpis.TABLE_HTML, "html"),
            "count": Output(ids.Kpis.COUNT, "children"),
            "chips": Output(chips, "children"),
            "pressed": Output(chips, "aria-pressed"),
        },
        inputs={
            **filters,
            "shown": Input(ids.Kpis.COLUMNS, "value"),
            "sort": Input(ids.Kpis.SORT, "data"),
        },
        state={"chosen": State(ids.Kpis.CHOSEN, "data")},
    )(lambda **chosen: table(engine, **chosen))
    app.callback(
        Output(ids.Kpis.STATUS, "value", allow_duplicate=True),
        Output(ids.Kpis.CHANGED, "value", allow_duplicate=True),
        Input(chips, "n_clicks"),
        State(ids.Kpis.STATUS, "value"),
        State(ids.Kpis.CHANGED, "value"),
        prevent_initial_call=True,
    )(lambda _clicks, status, changed: chip_filter(status, changed))
    app.callback(
        output={
            "chosen": Output(ids.Kpis.CHOSEN, "data"),
            "detail": Output(ids.Kpis.DETAIL, "children"),
            "is_open": Output(ids.Kpis.PANEL, "is_open"),
            "search": Output(ids.Kpis.URL_SEARCH, "data"),
            "last": Output(ids.Kpis.LAST_OPENED, "data"),
        },
        inputs={
            "picked": Input(ids.Kpis.PICKED, "data"),
            "is_open": Input(ids.Kpis.PANEL, "is_open"),
            **filters,
        },
        state={"chosen": State(ids.Kpis.CHOSEN, "data")},
    )(
        lambda picked, is_open, chosen, **values: open_detail(
            engine, picked, is_open, chosen, _filters(**values)
        )
    )
    app.clientside_callback(
        FOCUS_ROW_JS,
        Output(ids.Kpis.FOCUS_SINK, "children"),
        Input(ids.Kpis.PANEL, "is_open"),
        State(ids.Kpis.LAST_OPENED, "data"),
        prevent_initial_call=True,
    )
    app.callback(
        Output(ids.Kpis.CSV, "data"),
        inputs={"_clicks": Input(ids.Kpis.DOWNLOAD, "n_clicks")},
        state={
            "values": {
                name: State(item.component_id, item.component_property)
                for name, item in filters.items()
            },
            "shown": State(ids.Kpis.COLUMNS, "value"),
            "sort": State(ids.Kpis.SORT, "data"),
        },
        prevent_initial_call=True,
    )(
        lambda _clicks, values, shown, sort: download(
            engine, _filters(**values), shown, sort
        )
    )
    register_url_sync(app, ids.Kpis.URL_SEARCH, (ids.Kpis.URL_SINK, "children"))
