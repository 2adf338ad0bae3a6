"""Database down, back again, and too slow: the pages say so and recover by themselves."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from dashboard.settings import Settings
from tests import dash_client
from tests.proxy import TcpProxy

PAGES = [
    "/",
    "/crime-quartile",
    "/perception",
    "/sectors",
    "/plan-alignment",
    "/kpis",
    "/risks",
    "/outcomes",
    "/data-sources",
]


@pytest.fixture(scope="module")
def proxied(real_postgres_url: str):  # type: ignore[no-untyped-def]
    """The real-data PostgreSQL database reached through a proxy the test controls."""
    url = make_url(real_postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    proxied_url = url.set(port=proxy.port).render_as_string(hide_password=False)
    app = create_app(Settings(database_url=proxied_url, query_timeout_seconds=5))
    yield proxy, app
    proxy.stop()
    app.server.config["PES_ENGINE"].dispose()


def shell_text(app, client, path: str = "/") -> str:  # type: ignore[no-untyped-def]
    response = dash_client.shell(client, app, path)
    assert response.status_code == 200
    return dash_client.text(response)


def shell_text_once(app, client, wanted: str, path: str = "/") -> str:  # type: ignore[no-untyped-def]
    """The shell's text as soon as it contains ``wanted`` (within 10 s).

    Cached figures stand for up to the data-version check interval (2 s) after
    the database goes, so the banner appears within seconds, not instantly.
    """
    started = time.monotonic()
    while True:
        text = shell_text(app, client, path)
        if wanted in text or time.monotonic() - started > 10:
            return text
        time.sleep(0.2)


def test_database_outage_shows_banner_on_every_page_and_recovers(proxied) -> None:  # type: ignore[no-untyped-def]
    proxy, app = proxied
    client = app.server.test_client()
    before = shell_text(app, client)
    assert "Live data unavailable" not in before
    assert "Data as at" in before

    proxy.stop()
    try:
        down = shell_text_once(app, client, "Live data unavailable since ")
        assert "Live data unavailable since " in down
        assert "The database server cannot be reached." in down
        for path in PAGES:
            assert client.get(path).status_code == 200
            assert dash_client.render_page(client, path).status_code == 200
            assert "Live data unavailable since " in shell_text(app, client, path)
        tiles = dash_client.overview_slot(client, "recorded_crime_tiles")
        assert tiles.status_code == 200
        assert "cannot be reached" in dash_client.text(tiles)
    finally:
        proxy.start()

    back = shell_text_once(app, client, "Data as at")
    assert "Live data unavailable" not in back
    assert "Data as at" in back
    assert "105.1" in dash_client.overview_text(client)


def test_banner_keeps_the_time_the_outage_began(proxied) -> None:  # type: ignore[no-untyped-def]
    proxy, app = proxied
    client = app.server.test_client()
    proxy.stop()
    try:
        first = shell_text_once(app, client, "Live data unavailable since ")
        time.sleep(0.1)
        second = shell_text(app, client, "/kpis")
    finally:
        proxy.start()
    since = first.split("Live data unavailable since ", 1)[1][:5]
    assert f"Live data unavailable since {since}" in second
    assert "Live data unavailable" not in shell_text(app, client)


def test_slow_query_is_stopped_with_a_message(real_postgres_url: str) -> None:
    """A query held up by a lock is cancelled at the time limit and the page says so."""
    app = create_app(
        Settings(database_url=real_postgres_url, query_timeout_seconds=0.5)
    )
    client = app.server.test_client()
    admin = create_engine(real_postgres_url)
    locked = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        with admin.connect() as conn:
            conn.execute(text("LOCK TABLE pes.dataset IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(20)
            conn.rollback()

    holder = threading.Thread(target=hold_lock, daemon=True)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        body = shell_text(app, client)
        elapsed = time.monotonic() - started
    finally:
        release.set()
        holder.join(10)
        admin.dispose()
        app.server.config["PES_ENGINE"].dispose()
    assert "The database took too long to answer, so the query was stopped." in body
    assert elapsed < 5
