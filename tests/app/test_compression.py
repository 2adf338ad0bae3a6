"""Responses are compressed when the browser asks for it, and only then."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from app import create_app
from dashboard.settings import Settings
from tests import dash_client

GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture(scope="module")
def client(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    return create_app(Settings(database_url=full_sqlite_url)).server.test_client()


def bundle_path(client) -> str:  # type: ignore[no-untyped-def]
    """The address of Dash's core components bundle, as the index page links it."""
    index = client.get("/").get_data(as_text=True)
    return re.search(r'src="(/_dash-component-suites/dash/dcc/[^"]+\.js[^"]*)"', index)[
        1
    ]


def test_a_script_bundle_is_gzipped_when_asked_and_plain_when_not(client) -> None:  # type: ignore[no-untyped-def]
    path = bundle_path(client)
    plain = client.get(path)
    packed = client.get(path, headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    body = plain.get_data()
    assert len(packed.get_data()) < len(body) / 2
    assert gzip.decompress(packed.get_data()) == body
    # The kept compressed copy is the same bytes the second time.
    assert client.get(path, headers=GZIP).get_data() == packed.get_data()


def test_brotli_is_used_when_the_browser_offers_it(client) -> None:  # type: ignore[no-untyped-def]
    path = bundle_path(client)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.get_data()) == client.get(path).get_data()


def test_a_stylesheet_in_assets_is_gzipped_when_asked(client) -> None:  # type: ignore[no-untyped-def]
    plain = client.get("/assets/00-bootstrap-5.3.9.min.css")
    packed = client.get("/assets/00-bootstrap-5.3.9.min.css", headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()


def test_a_callback_answer_is_gzipped_when_asked_and_plain_when_not(client) -> None:  # type: ignore[no-untyped-def]
    plain = dash_client.render_page(client, "/data-sources")
    packed = dash_client.render_page(client, "/data-sources", headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    answer = json.loads(gzip.decompress(packed.get_data()))
    assert answer == json.loads(plain.get_data())
    assert "_pages_content" in answer["response"]


def test_the_page_itself_is_gzipped_with_its_security_headers(client) -> None:  # type: ignore[no-untyped-def]
    packed = client.get("/", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Security-Policy" in packed.headers
    assert b"<html" in gzip.decompress(packed.get_data())


def test_plotly_js_is_the_basic_bundle_compressed(client) -> None:  # type: ignore[no-untyped-def]
    path = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    plain = client.get(path)
    assert plain.status_code == 200
    assert plain.get_data()[:80].decode().count("plotly.js (basic - minified)") == 1
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.get_data()) < len(plain.get_data()) / 2
