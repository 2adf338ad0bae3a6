"""dash-ag-grid and dash-leaflet are in the index only of the pages that draw with
them on opening; the other pages name them for loading after drawing, and no page's
layout holds a component of a library its index leaves out."""

from __future__ import annotations

import re
from typing import Any

import dash
import pytest

from app import create_app
from dashboard.deferred_libraries import (
    DEFERRED_LIBRARIES,
    DRAWN_ON_OPENING,
    META_NAME,
    page_path,
    split_scripts,
)
from dashboard.settings import Settings

SCRIPTS = (
    '<script src="/_dash-component-suites/dash_bootstrap_components/dbc.js"></script>\n'
    '<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash_leaflet/dash_leaflet.v1.js"></script>\n'
    '<script src="/assets/05-deferred-libraries.js?m=1"></script>\n'
)


def test_scripts_of_libraries_a_page_does_not_need_are_left_out_in_order() -> None:
    kept, deferred = split_scripts(SCRIPTS, frozenset())
    assert deferred == [
        "/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35.min.js",
        "/_dash-component-suites/dash_leaflet/dash_leaflet.v1.js",
    ]
    assert "dash_ag_grid" not in kept and "dash_leaflet" not in kept
    assert "dbc.js" in kept and "05-deferred-libraries.js" in kept
    kept, deferred = split_scripts(SCRIPTS, frozenset({"dash_ag_grid"}))
    assert deferred == ["/_dash-component-suites/dash_leaflet/dash_leaflet.v1.js"]
    assert "dash_ag_grid.v35.min.js" in kept
    assert split_scripts(SCRIPTS, frozenset(DEFERRED_LIBRARIES)) == (SCRIPTS, [])


def test_page_paths_ignore_a_trailing_slash_and_the_prefix() -> None:
    assert page_path("/sectors/") == "/sectors"
    assert page_path("/") == "/"
    assert page_path("/pes/kpis", "/pes/") == "/kpis"


@pytest.fixture(scope="module")
def app(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    return create_app(Settings(database_url=full_sqlite_url))


def _index(app, path: str) -> str:  # type: ignore[no-untyped-def]
    return app.server.test_client().get(path).get_data(as_text=True)


def _script_tags(index: str, library: str) -> list[str]:
    return re.findall(rf'<script src="/_dash-component-suites/{library}/', index)


def test_each_page_index_holds_the_libraries_it_draws_with_and_defers_the_rest(
    app,  # type: ignore[no-untyped-def]
) -> None:
    for page in dash.page_registry.values():
        path = str(page["path"])
        index = _index(app, path)
        needed = DRAWN_ON_OPENING.get(path, frozenset())
        meta = re.search(rf'<meta name="{META_NAME}" content="([^"]*)">', index)
        deferred = meta[1].split() if meta else []
        for library in DEFERRED_LIBRARIES:
            tags = _script_tags(index, library)
            named = [src for src in deferred if f"/{library}/" in src]
            if library in needed:
                assert len(tags) == 1 and not named, (path, library)
            else:
                assert not tags and len(named) == 1, (path, library)


def _namespaces(component: Any) -> set[str]:
    """Every component library used in a layout tree."""
    if isinstance(component, list | tuple):
        return set().union(*(_namespaces(c) for c in component)) if component else set()
    if not hasattr(component, "_namespace"):
        return set()
    found = {component._namespace}
    for name in getattr(component, "_children_props", []) + ["children"]:
        child = getattr(component, name.split(".")[0].split("[")[0], None)
        found |= _namespaces(child)
    return found


def test_no_page_layout_holds_a_library_its_index_leaves_out(app) -> None:  # type: ignore[no-untyped-def]
    for page in dash.page_registry.values():
        path = str(page["path"])
        with app.server.test_request_context(path):
            layout = page["layout"]() if callable(page["layout"]) else page["layout"]
        used = _namespaces(layout) & set(DEFERRED_LIBRARIES)
        assert used <= DRAWN_ON_OPENING.get(path, frozenset()), (path, used)
    assert "dash_leaflet" in _namespaces(
        dash.page_registry["dashboard.pages.maps"]["layout"]()
    )
