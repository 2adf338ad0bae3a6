"""Query and callback caching: answers come from the cache while the data version
holds, a new version (a rebuild or an import) is read at once, failures are never
cached, and the Redis backend is shared between processes."""

from __future__ import annotations

import shutil
import socket
import time
import uuid
from datetime import date

import pandas as pd
import pytest
from flask import Flask
from flask_caching import Cache
from sqlalchemy import create_engine, event, text

from app import create_app
from dashboard import caching
from dashboard.memo import MEMO, Memo
from dashboard.settings import Settings
from dashboard.views.kpis import data as kpi_view
from data_access import DataUnavailableError, make_readonly_engine
from data_access.queries import meta, risks
from data_access.queries.runner import use_result_cache
from tests.conftest import unavailable

REDIS_URL = "redis://127.0.0.1:6379/0"


def count_statements(engine) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda *a: seen.append(a[2]), retval=False
    )
    return seen


def simple_cache(version_seconds: float = 60.0) -> caching.QueryCache:
    server = Flask(__name__)
    cache = Cache(config=caching.cache_config(Settings()))
    cache.init_app(server)
    return caching.QueryCache(cache, version_seconds=version_seconds)


def test_second_identical_query_is_answered_without_the_database(
    full_sqlite_url: str,
) -> None:
    engine = make_readonly_engine(full_sqlite_url)
    query_cache = simple_cache()
    use_result_cache(engine, query_cache)
    seen = count_statements(engine)
    first = risks.risks(engine)
    statements = len(seen)
    second = risks.risks(engine)
    assert len(seen) == statements
    assert query_cache.hits == 1 and query_cache.misses == 1
    assert second.equals(first)
    second.loc[:, "title"] = "changed by a caller"  # callers get their own copy
    assert risks.risks(engine).equals(first)
    # Other arguments are another key.
    meta.datasets(engine, dataset_ids=["ons_crime_csp_2025_06"])
    meta.datasets(engine, dataset_ids=["ons_crime_csp_2025_06", "boundaries_wards"])
    assert query_cache.misses == 3
    engine.dispose()


def test_a_new_data_version_is_read_at_once(
    full_sqlite_url: str, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "copy.sqlite"
    shutil.copy(full_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = make_readonly_engine(url)
    query_cache = simple_cache(version_seconds=0.0)
    use_result_cache(engine, query_cache)
    before = caching.read_data_version(engine)
    assert len(risks.risks(engine)) > 0
    writer = create_engine(url)
    with writer.begin() as conn:  # what an import does: rows and its dataset row
        conn.execute(text("DELETE FROM risk"))
        conn.execute(text("UPDATE dataset SET loaded_at = '2099-01-01 00:00:00'"))
    writer.dispose()
    assert caching.read_data_version(engine) != before
    assert len(risks.risks(engine)) == 0
    engine.dispose()


def test_a_failed_query_is_not_cached_and_is_retried() -> None:
    query_cache = simple_cache()
    engine = make_readonly_engine("sqlite:///nowhere/missing.sqlite")
    calls = []

    def failing() -> None:
        calls.append(1)
        raise DataUnavailableError("down")

    # The version cannot be read either, so the query goes to the database.
    for _ in range(2):
        with pytest.raises(DataUnavailableError):
            query_cache.fetch(engine, "q", (), failing)
    assert len(calls) == 2
    monkey_version = "v1"
    query_cache.data_version = lambda engine: monkey_version  # type: ignore[method-assign]
    for _ in range(2):
        with pytest.raises(DataUnavailableError):
            query_cache.fetch(engine, "q", (), failing)
    assert len(calls) == 4
    assert query_cache.fetch(engine, "q", (), lambda: 7) == 7
    assert query_cache.fetch(engine, "q", (), lambda: 8) == 7


def test_memo_keeps_the_latest_values_and_never_a_failure() -> None:
    memo = Memo(max_entries=2)
    assert memo.get("a", lambda: 1) == 1
    assert memo.get("a", lambda: 2) == 1
    memo.get("b", lambda: 3)
    memo.get("a", lambda: 4)  # "a" is now the latest, so "b" goes next
    memo.get("c", lambda: 5)
    assert memo.get("b", lambda: 6) == 6
    assert memo.get("c", lambda: 7) == 5

    def failing() -> int:
        raise DataUnavailableError("down")

    with pytest.raises(DataUnavailableError):
        memo.get("d", failing)
    assert memo.get("d", lambda: 8) == 8
    memo.clear()
    assert memo.get("d", lambda: 9) == 9


def test_kpi_data_is_computed_once_per_data_version_and_date(
    full_sqlite_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "copy.sqlite"
    shutil.copy(full_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = make_readonly_engine(url)
    use_result_cache(engine, simple_cache(version_seconds=0.0))
    MEMO.clear()
    day = date(2026, 1, 1)
    first = kpi_view.load_kpi_data(engine, today=day)
    assert kpi_view.load_kpi_data(engine, today=day) is first
    assert kpi_view.load_kpi_data(engine, today=date(2026, 1, 2)) is not first
    # The summary adds the change text and the variation columns to the
    # statuses, once.
    summary = kpi_view.load_summary(engine, today=day)
    assert kpi_view.load_summary(engine, today=day) is summary
    added = [c for c in summary.columns if c not in first.statuses.columns]
    assert "change_text" in added and "variation_text" in added
    pd.testing.assert_frame_equal(summary.drop(columns=added), first.statuses)
    writer = create_engine(url)
    with writer.begin() as conn:  # what an import does: rows and its dataset row
        conn.execute(text("UPDATE kpi_value SET value = value + 1000"))
        conn.execute(text("UPDATE dataset SET loaded_at = '2099-01-01 00:00:00'"))
    writer.dispose()
    after = kpi_view.load_kpi_data(engine, today=day)
    assert after is not first
    assert after.statuses.latest_value.sum() > first.statuses.latest_value.sum() + 1000
    # Without a query cache there is no data version: read afresh every time.
    use_result_cache(engine, None)
    assert kpi_view.load_kpi_data(engine, today=day) is not (
        kpi_view.load_kpi_data(engine, today=day)
    )
    MEMO.clear()
    engine.dispose()


def test_callback_responses_are_cached_but_not_failures(full_sqlite_url: str) -> None:
    app = create_app(Settings(database_url=full_sqlite_url))
    client = app.server.test_client()
    query_cache = app.server.config["PES_QUERY_CACHE"]
    payload = tiles_payload()
    first = client.post("/_dash-update-component", json=payload)
    hits = query_cache.hits
    second = client.post("/_dash-update-component", json=payload)
    assert first.status_code == second.status_code == 200
    assert second.data == first.data
    assert query_cache.hits == hits + 1
    # Kept in the one memo, under this app's own key.
    assert any(key[2][0] == "callback.response" for key in MEMO.snapshot())

    # With the database gone, the same request is not answered from a stored
    # failure: the failure is shown, then the data again once it is back.
    broken = create_app(Settings(database_url="sqlite:///nowhere/missing.sqlite"))
    broken_client = broken.server.test_client()
    broken_cache = broken.server.config["PES_QUERY_CACHE"]
    down = broken_client.post("/_dash-update-component", json=payload)
    broken_client.post("/_dash-update-component", json=payload)
    assert broken_cache.hits == 0
    assert down.status_code == 200
    assert b"database" in down.data


def test_large_callback_responses_are_sent_but_not_kept(
    full_sqlite_url: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(caching, "MAX_KEPT_RESPONSE_BYTES", 10)
    MEMO.clear()
    app = create_app(Settings(database_url=full_sqlite_url))
    client = app.server.test_client()
    first = client.post("/_dash-update-component", json=tiles_payload())
    second = client.post("/_dash-update-component", json=tiles_payload())
    assert first.status_code == second.status_code == 200
    assert len(second.data) > 10 and second.data == first.data
    assert not any(key[2][0] == "callback.response" for key in MEMO.snapshot())


def tiles_payload() -> dict:
    """The overview's request for the recorded-crime tiles."""
    slot = {"index": "recorded_crime_tiles", "type": "overview-slot"}
    store = {"index": "recorded_crime_tiles", "type": "overview-provider"}
    return {
        "output": '{"index":["MATCH"],"type":"overview-slot"}.children',
        "outputs": {"id": slot, "property": "children"},
        "inputs": [{"id": store, "property": "data", "value": "recorded_crime_tiles"}],
        "changedPropIds": [
            '{"index":"recorded_crime_tiles","type":"overview-provider"}.data'
        ],
        "state": [],
    }


def test_redis_cache_is_shared_between_processes(full_sqlite_url: str) -> None:
    try:
        import redis

        redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no Redis
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")
    settings = Settings(database_url=full_sqlite_url, redis_url=REDIS_URL)
    assert caching.cache_config(settings)["CACHE_TYPE"] == "RedisCache"
    workers = []
    for _ in range(2):  # two gunicorn workers: two apps, one Redis
        server = Flask(__name__)
        cache = Cache(config=caching.cache_config(settings))
        cache.init_app(server)
        workers.append(caching.QueryCache(cache))
    engine = make_readonly_engine(full_sqlite_url)
    name = f"test.{uuid.uuid4().hex}"
    assert workers[0].fetch(engine, name, ("a",), lambda: {"value": 1}) == {"value": 1}
    assert workers[1].fetch(engine, name, ("a",), lambda: {"value": 2}) == {"value": 1}
    assert workers[1].hits == 1
    version = workers[0].data_version(engine)
    key = workers[0].key(engine, version, name, ("a",))
    assert redis.from_url(REDIS_URL).exists(f"pes:{key}") == 1
    workers[0].cache.delete(key)
    engine.dispose()


def test_unreachable_redis_falls_back_to_the_database(full_sqlite_url: str) -> None:
    settings = Settings(database_url=full_sqlite_url, redis_url="redis://127.0.0.1:9/0")
    app = create_app(settings)
    engine = app.server.config["PES_ENGINE"]
    assert len(risks.risks(engine)) > 0
    assert len(risks.risks(engine)) > 0


def test_a_hanging_redis_costs_one_timeout_not_one_per_query(
    full_sqlite_url: str,
) -> None:
    # A Redis that accepts connections and never answers.
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(8)
    port = hole.getsockname()[1]
    try:
        settings = Settings(
            database_url=full_sqlite_url, redis_url=f"redis://127.0.0.1:{port}/0"
        )
        app = create_app(settings)
        engine = app.server.config["PES_ENGINE"]
        started = time.monotonic()
        for _ in range(10):
            assert len(risks.risks(engine)) > 0
        took = time.monotonic() - started
    finally:
        hole.close()
    # One socket timeout (0.5 s), then the database alone: before, every query
    # waited for a get and a set (about 10 s for these ten).
    assert took < 2.5, took
