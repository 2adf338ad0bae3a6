"""The app through Flask's test client: every route answers, unknown routes get the
friendly not-found page, assets are served locally and debug is off."""

from __future__ import annotations

import json
import re

import dash
import pytest

from app import create_app
from dashboard.settings import Settings
from tests import dash_client

PAGES = ["/", "/data-sources", "/outcomes"]


@pytest.fixture(scope="module")
def client(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=full_sqlite_url))
    return app.server.test_client()


def render(client, pathname: str, search: str = "") -> str:  # type: ignore[no-untyped-def]
    """What Dash's page router returns for a URL, as JSON text."""
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data[:500]
    # Re-serialised so that escaped characters ("\u002f") read as themselves.
    return json.dumps(json.loads(response.get_data(as_text=True)))


def overview_tiles(client) -> str:  # type: ignore[no-untyped-def]
    """What the overview's callbacks return (its slots, then each slot's tiles),
    as JSON text."""
    return dash_client.overview_text(client)


def test_every_page_serves_the_app_shell(client) -> None:  # type: ignore[no-untyped-def]
    paths = [p["path"] for p in dash.page_registry.values() if p["path"] != "/404"]
    assert len(paths) >= 10
    for path in paths + [p + "/" for p in paths if p != "/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"PES board dashboard" in response.data


@pytest.mark.parametrize(
    "path", ["/no-such-view", "/sectors/extra", "/404", "/KPIS", "/a/b/c?x=1"]
)
def test_unknown_address_is_a_404_with_the_app_shell(client, path: str) -> None:  # type: ignore[no-untyped-def]
    # The friendly page is drawn by the app in the browser; the status says the
    # address does not exist.
    response = client.get(path)
    assert response.status_code == 404
    assert b"PES board dashboard" in response.data


def test_pages_render_their_own_content(client) -> None:  # type: ignore[no-untyped-def]
    assert "board overview" in render(client, "/")
    assert "Data and sources" in render(client, "/data-sources")
    assert "Outcomes and stop and search" in render(client, "/outcomes")


def test_unknown_path_renders_not_found_page_with_links(client) -> None:  # type: ignore[no-untyped-def]
    body = render(client, "/crime-league-of-doom")
    assert "This page does not exist" in body
    assert '"href": "/data-sources"' in body


def test_unknown_query_string_is_accepted(client) -> None:  # type: ignore[no-untyped-def]
    assert "board overview" in render(client, "/", "?sector=Atlantis&x=%3Cscript%3E")


def test_no_stylesheet_or_script_comes_from_another_host(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").get_data(as_text=True)
    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []
    assert "/assets/00-bootstrap-5.3.9.min.css" in html


def test_missing_asset_is_a_real_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/assets/no-such-file.css").status_code == 404


def test_overview_callback_gives_peterborough_headline(client) -> None:  # type: ignore[no-untyped-def]
    text = overview_tiles(client)
    assert "105.1" in text
    assert "23,061" in text
    assert "mid-2023" in text


def test_debug_is_off_by_default() -> None:
    assert Settings.from_env({}).debug is False


def test_app_with_missing_database_still_serves_pages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'missing.sqlite'}"))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert "has not been built" in overview_tiles(client)
