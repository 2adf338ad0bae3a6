"""The one memo: results kept in this process while the data are unchanged.

Some results are bigger or costlier than the query cache suits (a whole panel of
DataFrames, the figures behind a map) and several callbacks ask for the same one
at once. A function decorated with ``@memoised`` takes the engine first; its result
is kept under the database, the data version (see ``data_access.queries.runner.data_version``), the
function and its other arguments, so a reload is seen at once. Each key is computed
once: a caller asking for a key being computed waits for that result. The memo is
bounded in entries and in (estimated) bytes, least recently used first out.
Values are shared between callbacks and threads: callers never change them.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from data_access.queries.runner import data_version

T = TypeVar("T")

MAX_ENTRIES = 1024
MAX_BYTES = 512 * 1024 * 1024


def approximate_size(value: object, _depth: int = 0) -> int:
    """Bytes a value holds, roughly: frames and arrays by their buffers, containers
    and dataclasses by their parts (a few levels deep), the rest by getsizeof."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return int(np.sum(value.memory_usage(deep=False, index=True))) + 256
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 112
    if isinstance(value, str | bytes):
        return sys.getsizeof(value)
    if _depth > 6:
        return sys.getsizeof(value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(
            approximate_size(k, _depth + 1) + approximate_size(v, _depth + 1)
            for k, v in value.items()
        )
    if isinstance(value, list | tuple | set | frozenset):
        return sys.getsizeof(value) + sum(
            approximate_size(item, _depth + 1) for item in value
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return 64 + sum(
            approximate_size(getattr(value, f.name), _depth + 1)
            for f in dataclasses.fields(value)
        )
    return sys.getsizeof(value)


class Memo:
    """A thread-safe, single-flight, least-recently-used store bounded in entries
    and bytes."""

    def __init__(
        self, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._pending: dict[Hashable, threading.Lock] = {}
        self.bytes = 0

    def _kept(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return True, self._entries[key][0]
        return False, None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``compute()`` kept for next time; an
        error propagates and nothing is kept."""
        found, value = self._kept(key)
        if found:
            return value
        with self._lock:
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            found, value = self._kept(key)
            if found:
                return value
            try:
                value = compute()
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            self._store(key, value)
        return value

    def _store(self, key: Hashable, value: object) -> None:
        try:
            size = approximate_size(value)
        except Exception:  # noqa: BLE001 - an odd value is kept at a nominal size
            size = 1024
        if size > self.max_bytes:
            return  # larger than the whole budget: hand it back, keep nothing
        with self._lock:
            if key in self._entries:
                self.bytes -= self._entries.pop(key)[1]
            self._entries[key] = (value, size)
            self.bytes += size
            while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped

    def recall(self, key: Hashable) -> tuple[bool, Any]:
        """(True, value) when ``key`` is kept, else (False, None); computes nothing."""
        return self._kept(key)

    def remember(self, key: Hashable, value: object) -> None:
        """Keep ``value`` under ``key`` (for values only known good after the fact,
        such as a callback response that turned out to be a 200)."""
        self._store(key, value)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget everything (benchmarks and tests)."""
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def snapshot(self) -> OrderedDict:
        """What the memo holds now (values shared, never copied)."""
        with self._lock:
            return OrderedDict(self._entries)

    def restore(self, snapshot: OrderedDict) -> None:
        """Put the memo back as a snapshot had it."""
        with self._lock:
            self._entries = OrderedDict(snapshot)
            self.bytes = sum(size for _, size in self._entries.values())


MEMO = Memo()


def kept(engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` kept in the one memo under the engine's database, its data
    version and ``key``; computed afresh each time when there is no data version
    (no query cache, or the database cannot be read: then nothing may be kept)."""
    version = data_version(engine)
    if version is None:
        return compute()
    database = engine.url.render_as_string(hide_password=True)
    return MEMO.get((database, version, key), compute)


def memoised(function: Callable[..., T]) -> Callable[..., T]:
    """Keep ``function(engine, *args, **kwargs)`` with ``kept``; the arguments
    after the engine must be hashable."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(engine: Engine, *args: Any, **kwargs: Any) -> T:
        key = (name, args, tuple(sorted(kwargs.items())))
        return kept(engine, key, lambda: function(engine, *args, **kwargs))

    return wrapper
