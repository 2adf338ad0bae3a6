"""The outcomes page through the app: the route renders, its callback fills every
chart from the shipped 2024 files, and the Overview carries its tile."""

from __future__ import annotations

import pytest

from app import create_app
from dashboard.callbacks.justice import justice_tiles, page_content
from dashboard.settings import Settings
from data_access.engine import make_readonly_engine
from tests import dash_client
from tests.app.test_routes import render


@pytest.fixture(scope="module")
def client(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=full_sqlite_url))
    return app.server.test_client()


@pytest.fixture(scope="module")
def engine(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    engine = make_readonly_engine(full_sqlite_url)
    yield engine
    engine.dispose()


def test_outcomes_route_renders_the_page(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/outcomes").status_code == 200
    body = render(client, "/outcomes", "?type=nonsense")
    assert "Outcomes and stop and search" in body
    assert "There is no crime type called" in body
    assert "Open Government Licence v3.0 (data.police.uk)" in body


def test_callback_fills_every_chart_from_the_shipped_files(engine) -> None:  # type: ignore[no-untyped-def]
    out = page_content(engine, {}, None, None, None, None, None)
    # 21,307 Peterborough crimes with a 2024 outcome; 985 searches.
    assert out["headline"].startswith("21,307 crimes with an outcome and 985 stops")
    assert out["as_at"].startswith("Data as at 31 December 2024")
    assert out["first"] == "2024-01" and out["last"] == "2024-12"
    for section in out["sections"].values():
        assert section["summary"]
        assert section["table"]["rowData"]
        assert "data.police.uk" in section["source"]
    ethnicity = out["sections"]["search-breakdown"]["table"]["rowData"]
    first = ethnicity[0]
    assert {k: first[k] for k in ("category", "searches", "share_percent")} == {
        "category": "White",
        "searches": 484,
        "share_percent": 49.1,
    }
    # Every CSV row says what it measures, when, from where, and real or demo.
    assert first["data_status"] == "real" and first["period"] == (
        "January to December 2024"
    )
    assert min(row["searches"] for row in ethnicity) >= 5


def test_overview_shows_the_outcomes_tile(engine, client) -> None:  # type: ignore[no-untyped-def]
    tiles = str(justice_tiles(engine))
    assert "Crimes charged or summonsed" in tiles
    assert "of 21,307 crimes with an outcome" in tiles
    assert "Outcomes and stop and search" in dash_client.overview_text(client)


def test_the_urls_messages_stay_until_a_control_changes(engine) -> None:  # type: ignore[no-untyped-def]
    query = {"type": "bogus", "from": "2024-13"}
    # The layout has already set the crime type control to its default.
    loaded = str(page_content(engine, query, "all", None, None, None, None))
    assert "There is no crime type called 'bogus'" in loaded
    assert loaded.count("There is no crime type called") == 1
    assert "'2024-13' is not a month" in loaded
    changed = page_content(
        engine, query, "all", "PES-NORTH", "2024-01", "2024-12", None, from_url=False
    )
    assert changed["message"] is None
