"""The plan alignment, KPI and risk pages through Flask's test client."""

from __future__ import annotations

import json

import pytest

from app import create_app
from dashboard.settings import Settings
from tests import dash_client
from tests.app.test_routes import render


@pytest.fixture(scope="module")
def client(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=full_sqlite_url))
    return app.server.test_client()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/plan-alignment", "Police and Crime Plan alignment"),
        ("/kpis", "How the status is set"),
        ("/risks", "Risk register"),
    ],
)
def test_page_renders_and_accepts_unknown_query_values(client, path, heading) -> None:  # type: ignore[no-untyped-def]
    assert heading in render(client, path)
    assert heading in render(client, path, "?pcp=x&agency=nope&closed=maybe&zzz=1")


def test_kpi_page_opens_on_the_url_filters(client) -> None:  # type: ignore[no-untyped-def]
    body = json.loads(render(client, "/kpis", "?agency=fire&q=fires&status=blue"))
    assert dash_client.find_prop(body, "kpis-agency", "value") == "fire"
    assert dash_client.find_prop(body, "kpis-search", "value") == "fires"
    # An unknown value is 'all' and named in the page's message.
    assert dash_client.find_prop(body, "kpis-status", "value") == "all"
    assert "blue" in json.dumps(dash_client.find_prop(body, "kpis-message", "children"))
