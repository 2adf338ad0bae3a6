"""Query results and callback responses cached with flask-caching, keyed by the
data version.

Every guarded query function (``data_access.queries``) is answered through one
``QueryCache``: in the process's memory by default, in Redis when ``PES_REDIS_URL``
is set (so every gunicorn worker shares it). A key holds the database, the data
version, the query function and its arguments. The data version is read from the
``dataset`` table (every build and import writes its row there) at most every
``VERSION_SECONDS``, so a rebuild or an import is shown within that time, and a
database outage is noticed within it too: a failure is never cached, and when the
version cannot be read the query goes to the database (and fails there, plainly).
Callback responses are kept in the one memo (``cache_callback_responses``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_caching import Cache
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard.memo import MEMO
from dashboard.settings import Settings
from data_access.engine import sqlite_path
from data_access.queries.runner import use_result_cache
from data_access.schema import dataset

VERSION_SECONDS = 2.0
RESULT_SECONDS = 3600
LOG = logging.getLogger(__name__)


def cache_config(settings: Settings) -> dict[str, Any]:
    """flask-caching configuration: Redis when a URL is set, else per process."""
    if settings.redis_url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url,
            "CACHE_KEY_PREFIX": "pes:",
            "CACHE_DEFAULT_TIMEOUT": RESULT_SECONDS,
            # A slow or absent Redis must not hang a page: give up quickly and
            # answer from the database.
            "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    return {
        "CACHE_TYPE": "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": RESULT_SECONDS,
        "CACHE_THRESHOLD": 2000,
    }


def read_data_version(engine: Engine) -> str:
    """A short text that changes whenever the loader builds or imports anything."""
    statement = select(
        func.count(), func.max(dataset.c.loaded_at), func.sum(dataset.c.row_count)
    )
    with engine.connect() as conn:
        row = conn.execute(statement).one()
    parts = [str(value) for value in row]
    path = sqlite_path(str(engine.url)) if engine.dialect.name == "sqlite" else None
    if path is not None and path.exists():
        # A SQLite rebuild renames a new file over the old one.
        stat = path.stat()
        parts += [str(stat.st_ino), str(stat.st_mtime_ns), str(stat.st_size)]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


# After the cache fails (Redis down or hanging), queries go straight to the database
# for this long before the cache is tried again.
CACHE_RETRY_SECONDS = 10.0


class QueryCache:
    """Answers query functions from a flask-caching ``Cache``; see the module."""

    def __init__(
        self, cache: Cache, *, version_seconds: float = VERSION_SECONDS
    ) -> None:
        self.cache = cache
        self.version_seconds = version_seconds
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._versions: weakref.WeakKeyDictionary[Engine, tuple[float, str]] = (
            weakref.WeakKeyDictionary()
        )
        self._warned = False
        # After a cache error, the cache is left alone for a while: a Redis that
        # hangs would otherwise cost its socket timeout on every query.
        self._skip_until = 0.0
        self._warmers: list[Callable[[Engine], None]] = []
        self._warmed: set[tuple[str, str]] = set()

    def add_warmer(self, warmer: Callable[[Engine], None]) -> None:
        """Run ``warmer(engine)`` in a background thread once for every data
        version this process sees (the first, and after every reload)."""
        self._warmers.append(warmer)

    @property
    def warmers(self) -> tuple[Callable[[Engine], None], ...]:
        """What runs after each new data version (empty unless PES_WARM_CACHE)."""
        return tuple(self._warmers)

    def _warm(self, engine: Engine, version: str) -> None:
        key = (engine.url.render_as_string(hide_password=True), version)
        with self._lock:
            if not self._warmers or key in self._warmed:
                return
            self._warmed.add(key)
            warmers = list(self._warmers)

        def run() -> None:
            for warmer in warmers:
                try:
                    warmer(engine)
                except Exception as error:  # noqa: BLE001 - a request will say why
                    LOG.info("Cache warm-up %s stopped: %s", warmer.__name__, error)

        threading.Thread(target=run, name="pes-cache-warmer", daemon=True).start()

    def data_version(self, engine: Engine) -> str:
        """The engine's data version, read again when older than version_seconds."""
        now = time.monotonic()
        with self._lock:
            known = self._versions.get(engine)
        if known is not None and now - known[0] < self.version_seconds:
            return known[1]
        version = read_data_version(engine)
        if known is not None and known[1] != version:
            # Pooled connections may still read a replaced SQLite file.
            engine.dispose()
        with self._lock:
            self._versions[engine] = (now, version)
        self._warm(engine, version)
        return version

    def forget_versions(self) -> None:
        """Read every data version again at the next query."""
        with self._lock:
            self._versions.clear()

    def key(self, engine: Engine, version: str, name: str, arguments: tuple) -> str:
        """The cache key: database, data version, function and its arguments."""
        database = engine.url.render_as_string(hide_password=True)
        digest = hashlib.sha1(f"{database}|{name}|{arguments!r}".encode()).hexdigest()
        return f"q:{version}:{name.rsplit('.', 1)[-1]}:{digest[:24]}"

    def fetch(
        self,
        engine: Engine,
        name: str,
        arguments: tuple[Any, ...],
        compute: Callable[[], Any],
    ) -> Any:
        """The cached result of this query, or ``compute()`` stored for next time."""
        try:
            version = self.data_version(engine)
        except Exception:  # noqa: BLE001 - the query itself reports the failure
            with self._lock:
                self._versions.pop(engine, None)
            return compute()
        key = self.key(engine, version, name, arguments)
        use_cache = time.monotonic() >= self._skip_until
        hit = None
        if use_cache:
            try:
                hit = self.cache.get(key)
            except Exception as error:  # noqa: BLE001 - a cache outage is not fatal
                self._warn(error)
                use_cache = False
        if hit is not None:
            self.hits += 1
            return hit[0]
        self.misses += 1
        try:
            value = compute()  # an error propagates here and is never stored
        except Exception:
            if has_request_context():
                g.pes_query_failed = True
            raise
        if use_cache:
            try:
                self.cache.set(key, (value,))
            except Exception as error:  # noqa: BLE001
                self._warn(error)
        return value

    def clear(self) -> None:
        """Forget every cached result and data version (benchmarks and tests)."""
        self.cache.clear()
        self.forget_versions()

    def _warn(self, error: Exception) -> None:
        self._skip_until = time.monotonic() + CACHE_RETRY_SECONDS
        if not self._warned:
            self._warned = True
            LOG.warning("Query cache unavailable, reading the database: %s", error)


# A callback response larger than this is sent but not kept: the memo's byte
# budget is for many small answers, not a few huge ones.
MAX_KEPT_RESPONSE_BYTES = 512 * 1024


def dont_keep_response() -> None:
    """Mark this callback's answer as not to be kept: it depends on something
    besides its inputs and the data (a board pack printing in the background)."""
    g.pes_not_kept = True


def cache_callback_responses(
    server: Flask, engine: Engine, query_cache: QueryCache
) -> None:
    """Answer a callback request the same as before while the data version, the
    date and the caller's credentials are unchanged.

    A callback's output depends only on its inputs (the request body), the data,
    the date (overdue reviews) and who asks (restricted pages): all are in the key.
    The responses are kept in the process's one memo (``dashboard.memo``), under
    the database and data version like every other kept result, so they share its
    bounds in entries and bytes. A response is kept only when it is a 200 of at most
    MAX_KEPT_RESPONSE_BYTES, none of its queries failed and it sets no cookie, so a
    "data unavailable" message is never served from the memo.
    """
    endpoint = next(
        rule.endpoint
        for rule in server.url_map.iter_rules()
        if rule.rule.endswith("/_dash-update-component")
    )
    dispatch = server.view_functions[endpoint]
    database = engine.url.render_as_string(hide_password=True)
    # Two apps in one process (tests, or settings that differ) never share answers.
    app_id = uuid.uuid4().hex

    @functools.wraps(dispatch)
    def cached_dispatch(*args: Any, **kwargs: Any) -> Any:
        try:
            version = query_cache.data_version(engine)
        except Exception:  # noqa: BLE001 - the callback reports the failure
            return dispatch(*args, **kwargs)
        who = request.headers.get("Authorization", "") + request.headers.get(
            "Cookie", ""
        )
        digest = hashlib.sha1(
            b"|".join(
                [date.today().isoformat().encode(), who.encode(), request.get_data()]
            )
        ).hexdigest()
        key = (database, version, ("callback.response", app_id, digest))
        found, hit = MEMO.recall(key)
        if found:
            query_cache.hits += 1
            return Response(hit[0], status=200, mimetype=hit[1])
        response = server.make_response(dispatch(*args, **kwargs))
        body = response.get_data()
        if (
            response.status_code == 200
            and not g.get("pes_query_failed")
            and not g.get("pes_not_kept")
            and "Set-Cookie" not in response.headers
            and len(body) <= MAX_KEPT_RESPONSE_BYTES
        ):
            MEMO.remember(key, (body, response.mimetype))
        return response

    server.view_functions[endpoint] = cached_dispatch


def install(server: Flask, engine: Engine, settings: Settings) -> QueryCache:
    """Cache every query on ``engine`` and every callback response for this Flask
    server; return the cache."""
    cache = Cache(config=cache_config(settings))
    cache.init_app(server)
    query_cache = QueryCache(cache)
    use_result_cache(engine, query_cache)
    cache_callback_responses(server, engine, query_cache)
    server.config["PES_QUERY_CACHE"] = query_cache
    return query_cache
