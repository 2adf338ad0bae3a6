"""One data grid for every table: one theme, keyboard-friendly, CSV-exportable;
and one "Show data" block that creates its grid only when first opened."""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import MATCH, Dash, Input, Output, State, dcc, html

from dashboard.ui.export import Export, csv_params

THEME = "ag-theme-quartz pes-grid"
# Tab leaves the grid instead of walking every cell: one Tab stop per table.
_GRID_OPTIONS = {
    "tabToNextCell": {"function": "false"},
    "domLayout": "autoHeight",
    "ensureDomOrder": True,
    "enableCellTextSelection": True,
}


def data_grid(
    grid_id: str | dict,
    *,
    file_name: str,
    columns: list[dict] | None = None,
    rows: list[dict] | None = None,
    filters: bool = True,
    wrap_headers: bool = False,
    column_defaults: dict[str, Any] | None = None,
    height: str | None = None,
    export_columns: list[str] | None = None,
    **options: Any,
) -> dag.AgGrid:
    """An AG Grid in the project's one theme whose CSV export is named ``file_name``
    (and holds ``export_columns``, by column id, when given: see
    ``dashboard.ui.export``). The grid grows with its rows unless given a fixed
    ``height`` (e.g. "420px"); ``options`` go to AgGrid as they are (columnSize,
    dashGridOptions...)."""
    defaults: dict[str, Any] = {"sortable": True, "resizable": True}
    if filters:
        defaults["filter"] = True
    if wrap_headers:
        defaults |= {"wrapHeaderText": True, "autoHeaderHeight": True}
    defaults |= column_defaults or {}
    grid_options = dict(_GRID_OPTIONS)
    style = {"width": "100%"}
    if height:
        del grid_options["domLayout"]
        style["height"] = height
    grid_options |= options.pop("dashGridOptions", {})
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns or [],
        rowData=rows or [],
        defaultColDef=defaults,
        dashGridOptions=grid_options,
        csvExportParams=csv_params(file_name, export_columns),
        className=THEME,
        style=style,
        **options,
    )


def export_grid(grid_id: str | dict, table: Export, **options: Any) -> dag.AgGrid:
    """A grid of an export's rows and columns (``dashboard.ui.export.exported``),
    its CSV named and filled as the export says; ``options`` as ``data_grid``."""
    return data_grid(
        grid_id,
        file_name=table.file_name,
        rows=table.rows,
        columns=table.columns,
        export_columns=table.export_columns,
        **options,
    )


# Runs in the browser: the grid already holds its rows, so no round trip is needed.
# The grid may not be there yet when the button is clicked (a "Show data" block just
# opened, on a page that loads the grid library after drawing): the download then
# waits for it (assets/11-grid-functions.js, pesExportGridCsv) rather than being lost.
EXPORT_JS = """
function (clicks) {
    if (clicks) {
        var button = window.dash_clientside.callback_context.inputs_list[0].id;
        window.pesExportGridCsv(window.pesMatchedId(GRID_ID, button));
    }
}
"""
_MATCHED = "__matched__"


def register_csv_export(app: Dash, button_id: str | dict, grid_id: str | dict) -> None:
    """A click on ``button_id`` downloads ``grid_id`` as CSV, in the browser.
    Ids may be pattern-matching dicts (e.g. ``MATCH``), one button per grid."""
    template = (
        {key: _MATCHED if value == MATCH else value for key, value in grid_id.items()}
        if isinstance(grid_id, dict)
        else grid_id
    )
    app.clientside_callback(
        EXPORT_JS.replace("GRID_ID", json.dumps(template)),
        Input(button_id, "n_clicks"),
        prevent_initial_call=True,
    )


# ---------------------------------------------------------------- "Show data"
#
# A chart's data table sits in a closed "Show data" disclosure. An AG Grid costs the
# browser its library's grid module and a DOM row per data row even while closed
# (on the perception page, 6,300 of the page's 8,000 elements were closed grids),
# so the grid is created only when its disclosure is first opened: the layout
# carries the grid as data (a Store), and one clientside callback turns it into
# the grid on the first click of the summary. Callbacks that change the grid after
# the layout (new rows for a new choice) write to the block's props Store.

SHOW_DATA_SUMMARY = "pes-show-data-summary"
SHOW_DATA_HOLDER = "pes-show-data-holder"
SHOW_DATA_SPEC = "pes-show-data-spec"
SHOW_DATA_PROPS = "pes-show-data-props"
SHOW_DATA_CSV = "pes-show-data-csv"


def _show_data_key(grid_id: str | dict) -> str:
    return grid_id if isinstance(grid_id, str) else json.dumps(grid_id, sort_keys=True)


def show_data_part(part: str, grid_id: str | dict) -> dict:
    """The id of one part of the "Show data" block holding ``grid_id``; ``part``
    is one of the SHOW_DATA_* types (the props Store is the one callbacks write)."""
    return {"type": part, "index": _show_data_key(grid_id)}


def show_data_props(grid_id: str | dict) -> dict:
    """The Store a callback writes the grid's changed props to (rowData,
    columnDefs, csvExportParams...), as a dict."""
    return show_data_part(SHOW_DATA_PROPS, grid_id)


def grid_props(
    rows: list[dict], columns: list[dict], csv: dict | None = None
) -> dict[str, Any]:
    """What a callback writes to a block's props Store: the grid's rows and
    columns, and its CSV parameters when they change with the view."""
    props: dict[str, Any] = {"rowData": rows, "columnDefs": columns}
    if csv:
        props["csvExportParams"] = csv
    return props


def show_data(
    grid: dag.AgGrid,
    *before: object,
    summary: str = "Show data",
    summary_class: str | None = None,
    class_name: str = "pes-show-data",
    download: str | None = None,
) -> html.Details:
    """A closed "Show data" disclosure: ``before`` (a download button, a note) and
    then ``grid``, which is created the first time the summary is opened. With
    ``download``, a button of that label downloads the grid's CSV."""
    grid_id = grid.id
    button = (
        [
            dbc.Button(
                download,
                id=show_data_part(SHOW_DATA_CSV, grid_id),
                color="secondary",
                size="sm",
                className="my-2",
            )
        ]
        if download
        else []
    )
    return html.Details(
        [
            html.Summary(
                summary,
                id=show_data_part(SHOW_DATA_SUMMARY, grid_id),
                className=summary_class,
            ),
            *before,
            *button,
            html.Div(id=show_data_part(SHOW_DATA_HOLDER, grid_id)),
            dcc.Store(
                id=show_data_part(SHOW_DATA_SPEC, grid_id), data=grid.to_plotly_json()
            ),
            dcc.Store(id=show_data_part(SHOW_DATA_PROPS, grid_id)),
        ],
        className=class_name,
    )


def chart_table(
    grid_id: str | dict,
    button_id: str | dict,
    *,
    file_name: str,
    summary_class: str | None = None,
    class_name: str = "pes-show-data",
    **grid_options: Any,
) -> html.Details:
    """A chart's "Show data" block as its page's layout holds it before a callback
    fills it: a CSV download button, then a 420 px grid with wrapped headers."""
    return show_data(
        data_grid(
            grid_id,
            file_name=file_name,
            height="420px",
            # The one theme's larger type: long headers wrap, not clip.
            wrap_headers=True,
            **grid_options,
        ),
        dbc.Button("Download CSV", id=button_id, color="secondary", className="my-2"),
        summary_class=summary_class,
        class_name=class_name,
    )


# Runs in the browser: the grid as the layout gave it, with the props callbacks
# have changed since, once the summary has been clicked (or opened by keyboard,
# which clicks it too). On a page that loads dash-ag-grid after drawing
# (dashboard.deferred_libraries), it waits for the library if it is not in yet.
SHOW_DATA_JS = """
function (clicks, spec, props) {
    if (!clicks || !spec) {
        return window.dash_clientside.no_update;
    }
    var grid = Object.assign({}, spec, {
        props: Object.assign({}, spec.props, props || {})
    });
    if (window.dash_ag_grid || !window.pesLibraries) {
        return grid;
    }
    return window.pesLibraries().then(function () { return grid; });
}
"""


# Runs in the browser: the block's download button asks its grid for the CSV.
SHOW_DATA_CSV_JS = """
function (clicks, spec) {
    if (clicks && spec) {
        window.dash_clientside.set_props(spec.props.id, {exportDataAsCsv: true});
    }
}
"""


def register_show_data(app: Dash) -> None:
    """Wire every "Show data" block (one clientside callback for all, and one for
    all their download buttons)."""
    app.clientside_callback(
        SHOW_DATA_CSV_JS,
        Input({"type": SHOW_DATA_CSV, "index": MATCH}, "n_clicks"),
        State({"type": SHOW_DATA_SPEC, "index": MATCH}, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        SHOW_DATA_JS,
        Output({"type": SHOW_DATA_HOLDER, "index": MATCH}, "children"),
        Input({"type": SHOW_DATA_SUMMARY, "index": MATCH}, "n_clicks"),
        Input({"type": SHOW_DATA_SPEC, "index": MATCH}, "data"),
        Input({"type": SHOW_DATA_PROPS, "index": MATCH}, "data"),
    )
