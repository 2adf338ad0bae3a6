"""Results kept per data version (DataMemo) and the background warm-up that fills
them after every reload (PES_WARM_CACHE)."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from dashboard import caching
from dashboard.callbacks import kpis, maps, perception, quartile
from dashboard.memo import DataMemo, restore_all, snapshot_all
from dashboard.settings import Settings
from data_access import make_readonly_engine
from data_access.offences import OFFENCE_BY_CODE
from data_access.queries._run import use_result_cache
from tests.app.test_caching import simple_cache


def test_memo_computes_a_key_once_while_callers_wait() -> None:
    memo = DataMemo(size=4)
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        return "panel"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(memo.get("k", slow)))
        for _ in range(3)
    ]
    threads[0].start()
    started.wait(5)
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == ["panel"] * 3 and len(calls) == 1


def test_memo_keeps_no_failure_and_forgets_the_least_recent() -> None:
    memo = DataMemo(size=2)

    def broken() -> str:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        memo.get("a", broken)
    assert memo.get("a", lambda: "read") == "read"  # the failure was not kept
    memo.get("b", lambda: "b")
    memo.get("c", lambda: "c")
    assert memo.get("a", lambda: "read again") == "read again"
    saved = snapshot_all()
    memo.clear()
    restore_all(saved)
    assert memo.get("c", lambda: "not asked") == "c"


def test_memo_is_keyed_by_data_version_and_bypassed_without_one(
    full_sqlite_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "copy.sqlite"
    shutil.copy(full_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = make_readonly_engine(url)
    memo = DataMemo(size=4)
    counter = iter(range(100))
    # No query cache on the engine: no data version, nothing may be kept.
    assert memo.for_data(engine, "k", lambda: next(counter)) == 0
    assert memo.for_data(engine, "k", lambda: next(counter)) == 1
    use_result_cache(engine, simple_cache(version_seconds=0.0))
    assert memo.for_data(engine, "k", lambda: next(counter)) == 2
    assert memo.for_data(engine, "k", lambda: next(counter)) == 2
    writer = create_engine(url)
    with writer.begin() as conn:  # a reload writes its dataset row
        conn.execute(text("UPDATE dataset SET loaded_at = '2099-01-01 00:00:00'"))
    writer.dispose()
    assert memo.for_data(engine, "k", lambda: next(counter)) == 3
    engine.dispose()


def test_warmers_run_once_per_data_version_in_the_background(
    full_sqlite_url: str,
) -> None:
    engine = make_readonly_engine(full_sqlite_url)
    query_cache = simple_cache()
    use_result_cache(engine, query_cache)
    ran = threading.Event()
    calls: list[str] = []

    def warmer(seen: object) -> None:
        calls.append(threading.current_thread().name)
        ran.set()

    query_cache.add_warmer(warmer)
    query_cache.data_version(engine)
    assert ran.wait(5)
    query_cache.forget_versions()  # the same version read again: no second run
    query_cache.data_version(engine)
    time.sleep(0.2)
    assert calls == ["pes-cache-warmer"]
    engine.dispose()


def test_warm_up_prepares_what_the_pages_open_on(
    full_sqlite_url: str,
) -> None:
    restore_all({})  # every memo empty
    app = create_app(Settings(database_url=full_sqlite_url, warm_cache=True))
    engine = app.server.config["PES_ENGINE"]
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    with_periods = sum(
        maps.m.choose_period(maps.periods_for(engine, measure), None)[0] is not None
        for measure in maps.m.MEASURES.values()
    )
    caching.current_data_version(engine)  # what the first callback does
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        len(quartile._panels._entries) == len(OFFENCE_BY_CODE)
        and len(maps._figures._entries) == with_periods
        and kpis._kpi_data._entries
        and perception._views._entries
    ):
        time.sleep(0.2)
    assert len(quartile._panels._entries) == len(OFFENCE_BY_CODE)
    assert len(maps._figures._entries) == with_periods > 20
    assert len(kpis._kpi_data._entries) == 1 and len(perception._views._entries) == 1
    engine.dispose()


def test_warm_up_is_off_unless_asked_for(full_sqlite_url: str) -> None:
    quartile.clear_cache()
    app = create_app(Settings(database_url=full_sqlite_url))
    engine = app.server.config["PES_ENGINE"]
    caching.current_data_version(engine)
    time.sleep(0.5)
    assert not quartile._panels._entries
    engine.dispose()
