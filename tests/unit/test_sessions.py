"""The server-side record of sign-in sessions, in files and in Redis."""

from __future__ import annotations

import time
from pathlib import Path

from dashboard.sessions import SessionStore
from tests.conftest import unavailable

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_or_skip() -> None:
    try:
        import redis

        redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no Redis
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")


def _stores(tmp_path: Path, lifetime: int) -> list[SessionStore]:
    stores = [
        SessionStore.configured(
            redis_url="", lifetime_seconds=lifetime, directory=tmp_path
        )
    ]
    _redis_or_skip()
    stores.append(
        SessionStore.configured(redis_url=REDIS_URL, lifetime_seconds=lifetime)
    )
    return stores


def test_a_session_lives_until_it_is_ended(tmp_path: Path) -> None:
    for store in _stores(tmp_path, 60):
        first, second = store.start("officer"), store.start("officer")
        assert first != second and len(first) >= 40
        assert store.user_of(first) == "officer" == store.user_of(second)
        store.end(first)
        assert store.user_of(first) is None
        assert store.user_of(second) == "officer"
        assert store.user_of("") is None and store.user_of(None) is None
        store.end(second)


def test_a_second_worker_sees_the_same_record(tmp_path: Path) -> None:
    _redis_or_skip()
    for redis_url in ("", REDIS_URL):
        one = SessionStore.configured(
            redis_url=redis_url, lifetime_seconds=60, directory=tmp_path
        )
        two = SessionStore.configured(
            redis_url=redis_url, lifetime_seconds=60, directory=tmp_path
        )
        session_id = one.start("chair")
        assert two.user_of(session_id) == "chair"
        two.end(session_id)
        assert one.user_of(session_id) is None


def test_a_session_expires(tmp_path: Path) -> None:
    store = SessionStore.configured(
        redis_url="", lifetime_seconds=1, directory=tmp_path
    )
    session_id = store.start("officer")
    time.sleep(1.2)
    assert store.user_of(session_id) is None
