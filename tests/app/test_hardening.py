"""Requests no page sends: too large, malformed, unknown files; settings refused in
one sentence; echoed input cut short (issue: hardening for the public internet)."""

from __future__ import annotations

import json
import logging
import math

import pytest

from app import create_app
from dashboard.request_guard import MAX_REQUEST_BYTES
from dashboard.settings import Settings, SettingsError
from dashboard.urlstate import pick
from dashboard.views.kpis.text import no_such_kpi
from dashboard.views.maps.state import choose_measure
from dashboard.views.plan_alignment.text import no_such_cell, no_such_plan
from dashboard.views.quartile.state import parse_query
from domain.agenda import parse_agenda
from domain.echo import echoed
from tests import dash_client

CALLBACK = "/_dash-update-component"


@pytest.fixture(scope="module")
def app(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    return create_app(Settings(database_url=full_sqlite_url))


def test_a_request_body_over_the_limit_gets_413(app) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    body = json.dumps(
        {"output": "x.y", "inputs": [{"value": "a" * (2 * MAX_REQUEST_BYTES)}]}
    )
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 413
    assert "larger than the dashboard accepts" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"output": 5, "outputs": {}}',
        b'{"output": "kpis-table-html.children", "outputs": {}, "inputs": "x"}',
        b'{"output": "kpis-table-html.children", "outputs": {}, "inputs": [1, 2]}',
    ],
)
def test_malformed_callback_bodies_get_400_without_a_traceback(
    app, body: bytes, caplog
) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    with caplog.at_level(logging.WARNING):
        response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("value", ["not a dict", math.nan, "\ud800", {"a": [1]}, -1])
def test_wrong_values_in_every_callback_never_get_500(app, value, caplog) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    with caplog.at_level(logging.WARNING):
        for callback in dash_client.server_callbacks(app):
            response = dash_client.call(
                client,
                callback,
                [value] * len(callback.inputs),
                [value] * len(callback.state),
            )
            assert response.status_code != 500, callback.key
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/nopackage/x.js",
        "/_dash-component-suites/dash/x.map",
        "/_reload-hash",
    ],
)
def test_unknown_files_get_404(app, path: str) -> None:  # type: ignore[no-untyped-def]
    assert app.server.test_client().get(path).status_code == 404


def test_hsts_only_when_served_over_https(app, full_sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    assert "Strict-Transport-Security" not in app.server.test_client().get("/").headers
    secure = create_app(Settings(database_url=full_sqlite_url, secure_cookies=True))
    headers = secure.server.test_client().get("/").headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("query_timeout_seconds", math.nan),
        ("query_timeout_seconds", math.inf),
        ("query_timeout_seconds", 0.0),
        ("query_timeout_seconds", -1.0),
        ("session_hours", 0.0),
        ("secret_key", "short"),
        ("secret_key", "a" * 40),
    ],
)
def test_unusable_settings_are_refused_in_one_sentence(
    field: str, value: object
) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings(**{field: value})  # type: ignore[arg-type]
    assert "\n" not in str(raised.value) and f"PES_{field.upper()}" in str(raised.value)


def test_settings_from_the_environment_refuse_non_finite_numbers() -> None:
    with pytest.raises(SettingsError, match="finite"):
        Settings.from_env({"PES_QUERY_TIMEOUT_SECONDS": "inf"})


def test_echoed_values_are_cut_and_printable() -> None:
    assert echoed("fire") == "fire"
    long = echoed("x" * 8_000)
    assert len(long) == 40 and long.endswith("\N{HORIZONTAL ELLIPSIS}")
    assert (
        echoed("a\nb\x00c") == "a\N{REPLACEMENT CHARACTER}b\N{REPLACEMENT CHARACTER}c"
    )


def test_an_8000_character_value_is_echoed_in_a_few_dozen() -> None:
    value = "z" * 8_000
    messages = [
        pick(value, ["a"], "a", what="agency")[1],
        choose_measure(value)[1],
        " ".join(parse_query(offence=value, period=value, peer=value).messages),
        no_such_kpi(value),
        no_such_plan(value),
        no_such_cell(value, value),
        " ".join(parse_agenda(value[:1_000]).messages),
    ]
    for message in messages:
        assert message and "z" * 39 in message, message
        assert "z" * 41 not in message and len(message) < 600, message
