"""The one memo (results kept per data version, bounded, single-flight) and the
background warm-up that fills it after every reload (PES_WARM_CACHE)."""

from __future__ import annotations

import shutil
import threading

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from app import create_app
from dashboard.callbacks import warm_views
from dashboard.memo import MEMO, Memo, approximate_size, kept, memoised
from dashboard.settings import Settings
from dashboard.views.maps import data as maps_view
from dashboard.views.maps import state as maps_state
from data_access import make_readonly_engine
from data_access.queries.runner import data_version, use_result_cache
from domain.offences import OFFENCE_BY_CODE
from tests.app.test_caching import simple_cache


def test_memo_computes_a_key_once_while_callers_wait() -> None:
    memo = Memo()
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
    assert started.wait(5)
    for thread in threads[1:]:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == ["panel"] * 3 and len(calls) == 1


def test_memo_keeps_no_failure_and_forgets_the_least_recent() -> None:
    memo = Memo(max_entries=2)

    def broken() -> str:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        memo.get("a", broken)
    assert memo.get("a", lambda: "read") == "read"  # the failure was not kept
    memo.get("b", lambda: "b")
    memo.get("c", lambda: "c")
    assert memo.get("a", lambda: "read again") == "read again"
    saved = memo.snapshot()
    memo.clear()
    assert len(memo) == 0 and memo.bytes == 0
    memo.restore(saved)
    assert memo.get("c", lambda: "not asked") == "c"


def test_memo_is_bounded_in_bytes() -> None:
    frame = pd.DataFrame({"x": range(10_000)})  # 80 kB of int64
    size = approximate_size(frame)
    assert 80_000 <= size < 81_000
    assert approximate_size(frame.x) >= 80_000
    memo = Memo(max_bytes=3 * size)
    for key in range(5):
        memo.get(key, lambda: frame.copy())
    assert len(memo) == 3 and memo.bytes <= 3 * size
    assert memo.get(0, lambda: "recomputed") == "recomputed"  # the oldest went
    # A value larger than the whole budget is handed back and not kept.
    assert Memo(max_bytes=10).get("big", lambda: frame) is frame


def test_memo_is_keyed_by_data_version_and_bypassed_without_one(
    full_sqlite_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "copy.sqlite"
    shutil.copy(full_sqlite_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    engine = make_readonly_engine(url)
    counter = iter(range(100))

    @memoised
    def counted(engine: object, key: str) -> int:
        return next(counter)

    # No query cache on the engine: no data version, nothing may be kept.
    assert counted(engine, "k") == 0
    assert counted(engine, "k") == 1
    use_result_cache(engine, simple_cache(version_seconds=0.0))
    assert counted(engine, "k") == 2
    assert counted(engine, "k") == 2
    assert counted(engine, "other") == 3
    assert kept(engine, "k", lambda: next(counter)) == 4  # its own key
    writer = create_engine(url)
    with writer.begin() as conn:  # a reload writes its dataset row
        conn.execute(text("UPDATE dataset SET loaded_at = '2099-01-01 00:00:00'"))
    writer.dispose()
    assert counted(engine, "k") == 5
    MEMO.clear()
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
    for thread in threading.enumerate():
        if thread.name == "pes-cache-warmer":
            thread.join(5)
    assert calls == ["pes-cache-warmer"]
    engine.dispose()


def test_warm_up_prepares_what_the_pages_open_on(
    full_sqlite_url: str,
) -> None:
    MEMO.clear()
    app = create_app(Settings(database_url=full_sqlite_url, warm_cache=True))
    engine = app.server.config["PES_ENGINE"]
    # One warm-up, driven by the registry of views.
    assert app.server.config["PES_QUERY_CACHE"].warmers == (warm_views,)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    with_periods = sum(
        maps_state.choose_period(maps_view.periods_for(engine, measure), None)[0]
        is not None
        for measure in maps_view.m.MEASURES.values()
    )
    data_version(engine)  # what the first callback does

    def count(name: str) -> int:
        return sum(1 for key in MEMO.snapshot() if _names(key[2]) == name)

    wanted = {
        "quartile.panel": len(OFFENCE_BY_CODE),
        "maps.figures": with_periods,
        "kpis.data": 1,
        "perception.view": 1,
    }
    for thread in threading.enumerate():  # wait for the warm-up to finish
        if thread.name == "pes-cache-warmer":
            thread.join(120)
    assert {name: count(name) for name in wanted} == wanted
    assert with_periods > 20
    MEMO.clear()
    engine.dispose()


def _names(key: object) -> str:
    """The name part of a memo key: its first text."""
    return key if isinstance(key, str) else str(key[0])


def test_warm_up_is_off_unless_asked_for(full_sqlite_url: str) -> None:
    MEMO.clear()
    app = create_app(Settings(database_url=full_sqlite_url))
    engine = app.server.config["PES_ENGINE"]
    data_version(engine)
    assert app.server.config["PES_QUERY_CACHE"].warmers == ()
    assert len(MEMO) == 0
    engine.dispose()
