"""The ui helpers: one data grid, one CSV export, one URL sync."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from dash import MATCH, Dash, html

from dashboard.callbacks.perception import CONTROL_FIELDS
from dashboard.ui.grid import THEME, data_grid, register_csv_export
from dashboard.ui.url_sync import REPLACE_URL_JS, register_url_sync
from dashboard.views.perception.state import QUERY_PARAMETERS, to_query
from dashboard.views.quartile.state import query_string
from tests.conftest import unavailable

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_a_grid_has_the_one_theme_one_tab_stop_and_its_file_name() -> None:
    grid = data_grid("g", file_name="pes-things.csv")
    assert grid.className == THEME == "ag-theme-quartz pes-grid"
    assert grid.csvExportParams == {
        "fileName": "pes-things.csv",
        "processCellCallback": {"function": "pesCsvCell(params)"},
    }
    assert grid.dashGridOptions["tabToNextCell"] == {"function": "false"}
    assert grid.dashGridOptions["domLayout"] == "autoHeight"
    assert grid.defaultColDef == {"sortable": True, "resizable": True, "filter": True}
    assert grid.style == {"width": "100%"}
    assert grid.rowData == [] and grid.columnDefs == []
    assert "rowSelection" not in grid.dashGridOptions


def test_grid_options_and_defaults() -> None:
    grid = data_grid(
        {"type": "grid", "chart": "x"},
        file_name="x.csv",
        columns=[{"field": "code"}],
        rows=[{"code": "A"}],
        filters=False,
        wrap_headers=True,
        column_defaults={"flex": 1},
        columnSize="responsiveSizeToFit",
    )
    assert grid.id == {"type": "grid", "chart": "x"}
    assert grid.defaultColDef == {
        "sortable": True,
        "resizable": True,
        "wrapHeaderText": True,
        "autoHeaderHeight": True,
        "flex": 1,
    }
    assert grid.columnSize == "responsiveSizeToFit"
    assert grid.rowData == [{"code": "A"}]


def test_a_fixed_height_grid_does_not_grow_with_its_rows() -> None:
    grid = data_grid(
        "g", file_name="g.csv", height="420px", dashGridOptions={"animateRows": False}
    )
    assert grid.style == {"width": "100%", "height": "420px"}
    assert "domLayout" not in grid.dashGridOptions
    assert grid.dashGridOptions["animateRows"] is False
    assert grid.dashGridOptions["tabToNextCell"] == {"function": "false"}


def test_csv_export_runs_in_the_browser_with_plain_and_match_ids() -> None:
    app = Dash(__name__)
    register_csv_export(app, "button", "grid")
    register_csv_export(
        app, {"type": "csv", "chart": MATCH}, {"type": "grid", "chart": MATCH}
    )
    for callback in app._callback_list:
        assert callback["prevent_initial_call"] is True
        # Clientside: the grid has its rows, nothing for the server to answer.
        assert callback["clientside_function"] is not None
    assert app._callback_list[1]["inputs"] == [
        {"id": '{"chart":["MATCH"],"type":"csv"}', "property": "n_clicks"}
    ]
    # The script names the grid, the matched key taken from the button's id, and
    # waits for the grid rather than writing to it (it may not exist yet).
    scripts = [app._inline_scripts[i] for i in range(len(app._inline_scripts))]
    assert any('pesMatchedId("grid", button)' in script for script in scripts)
    assert any(
        'pesMatchedId({"type": "grid", "chart": "__matched__"}, button)' in script
        for script in scripts
    )


def test_url_sync_writes_the_store_through_the_one_script() -> None:
    app = Dash(__name__)
    app.layout = html.Div()
    register_url_sync(app, "search", ("sink", "children"))
    assert [callback["output"] for callback in app._callback_list] == ["sink.children"]
    assert app._callback_list[0]["inputs"] == [{"id": "search", "property": "data"}]
    assert app._callback_list[0]["clientside_function"] is not None
    assert "window.pesReplaceQuery(search)" in REPLACE_URL_JS
    scripts = [
        path
        for path in sorted(ASSETS.glob("*.js"))
        if "replaceState" in path.read_text()
    ]
    assert [path.name for path in scripts] == ["10-url-sync.js"]
    assert "window.pesReplaceQuery = function" in scripts[0].read_text()
    assert (
        'window.pesReplaceQuery(search, "/sectors")'
        in (ASSETS / "20-maps.js").read_text()
    )


def test_perception_query_lists_every_set_control_in_order() -> None:
    assert tuple(name for name, _ in CONTROL_FIELDS) == QUERY_PARAMETERS
    values = {
        "ward": "",
        "deff": 1.0,
        "question": "safe_after_dark",
        "survey": "pcc-2024",
        "wave": "2024-Q3",
        "level": "ward",
        "measure": "all-crime",
        "pool": 2,
        "min_base": None,
    }
    assert to_query(values) == (
        "?survey=pcc-2024&question=safe_after_dark&measure=all-crime&level=ward"
        "&wave=2024-Q3&pool=2&deff=1"
    )
    assert to_query({"question": "a b&c", "wave": "w", "deff": 1.5}) == (
        "?question=a+b%26c&wave=w&deff=1.5"
    )


def test_quartile_query_is_encoded_like_encode_uri_component() -> None:
    assert query_string("a b/c", "2025-06-30", "all") == (
        "?offence=a%20b%2Fc&period=2025-06-30&peer=all"
    )
    assert query_string("total", None, "all") == "?offence=total&peer=all"


def test_csv_export_writes_formula_like_text_as_text() -> None:
    """Every grid's export runs each cell through pesCsvCell (assets): text a
    spreadsheet would run as a formula gets a leading apostrophe."""
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js is not installed: the grid's CSV cell function is JS")
    cells = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"]
    cells += ["Fly-tipping", "A = B", 12.5, -3, None]
    script = (
        "global.window = {};"
        "require(process.argv[1]);"
        "const f = window.dashAgGridFunctions.pesCsvCell;"
        "const cells = JSON.parse(process.argv[2]);"
        "const shown = cells.map((value) => f({ value }));"
        "const formatted = f({ value: 'red', formatValue: (v) => 'Red: ' + v });"
        "const raw = f({ value: '=1', formatValue: (v) => v + '!' });"
        "const number = f({ value: 1234.5, formatValue: (v) => '1,234.5 incidents' });"
        "console.log(JSON.stringify([...shown, formatted, raw, number]));"
    )
    found = subprocess.run(
        [node, "-e", script, str(ASSETS / "11-grid-functions.js"), json.dumps(cells)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert json.loads(found) == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "Fly-tipping",
        "A = B",
        12.5,
        -3,
        "",
        "Red: red",
        "'=1!",
        1234.5,  # numbers stay numbers: no separators, units or rounding
    ]
