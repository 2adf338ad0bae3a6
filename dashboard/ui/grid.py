"""One data grid for every table: one theme, keyboard-friendly, CSV-exportable."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import Dash, Input, Output

from dashboard.ui.export import csv_params

THEME = "ag-theme-quartz pes-grid"
# Tab leaves the grid instead of walking every cell: one Tab stop per table.
_GRID_OPTIONS = {
    "tabToNextCell": {"function": "false"},
    "domLayout": "autoHeight",
    "ensureDomOrder": True,
    "enableCellTextSelection": True,
}
_SINGLE_ROW = {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}


def data_grid(
    grid_id: str | dict,
    *,
    file_name: str,
    columns: list[dict] | None = None,
    rows: list[dict] | None = None,
    row_id: str | None = None,
    select_row: bool = False,
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
    if select_row:
        grid_options["rowSelection"] = _SINGLE_ROW
        # Enter selects the focused row, as a click does (Space already does).
        options.setdefault(
            "eventListeners", {"cellKeyDown": ["pesEnterSelects(params)"]}
        )
    style = {"width": "100%"}
    if height:
        del grid_options["domLayout"]
        style["height"] = height
    grid_options |= options.pop("dashGridOptions", {})
    if row_id:
        options["getRowId"] = f"params.data.{row_id}"
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


# Runs in the browser: the grid already holds its rows, so no round trip is needed.
EXPORT_JS = """
function (clicks) {
    return clicks ? true : window.dash_clientside.no_update;
}
"""


def register_csv_export(app: Dash, button_id: str | dict, grid_id: str | dict) -> None:
    """A click on ``button_id`` downloads ``grid_id`` as CSV, in the browser.
    Ids may be pattern-matching dicts (e.g. ``MATCH``), one button per grid."""
    app.clientside_callback(
        EXPORT_JS,
        Output(grid_id, "exportDataAsCsv"),
        Input(button_id, "n_clicks"),
        prevent_initial_call=True,
    )
