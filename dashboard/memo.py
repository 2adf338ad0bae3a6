"""Results kept in this process while the data are unchanged.

Some results are bigger or costlier than the query cache suits (a whole panel
of DataFrames, the figures behind a map) and several callbacks ask for the same
one at once. ``DataMemo`` keeps them keyed by the database and its data version
(see ``dashboard.caching``), so a reload is seen at once, and computes each key
once: a caller asking for a key being computed waits for that result.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

from dashboard.caching import current_data_version

T = TypeVar("T")

# Every memo in the process, for benchmarks and tests that reset them together.
_ALL: weakref.WeakSet[DataMemo] = weakref.WeakSet()


class DataMemo:
    """A small thread-safe least-recently-used memo. Its values are shared between
    callbacks and threads, so callers must never change them in place."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Lock] = {}
        _ALL.add(self)

    def _kept(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return True, self._entries[key]
        return False, None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``compute()`` kept for next time."""
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
                value = compute()  # an error propagates and nothing is kept
            except BaseException:
                with self._lock:
                    self._pending.pop(key, None)
                raise
            with self._lock:
                self._entries[key] = value
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
                self._pending.pop(key, None)
        return value

    def for_data(self, engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
        """``get`` under the engine's database and current data version; computed
        afresh every time when the engine has no data version (no query cache, or
        the database cannot be read: then nothing may be kept)."""
        version = current_data_version(engine)
        if version is None:
            return compute()
        database = engine.url.render_as_string(hide_password=True)
        return self.get((database, version, key), compute)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


Snapshot = dict["DataMemo", OrderedDict]


def snapshot_all() -> Snapshot:
    """What every memo holds now (the values are shared, never copied)."""
    snapshot = {}
    for memo in list(_ALL):
        with memo._lock:
            snapshot[memo] = OrderedDict(memo._entries)
    return snapshot


def restore_all(snapshot: Snapshot) -> None:
    """Put every memo back to a snapshot (empty if it was not in it)."""
    for memo in list(_ALL):
        with memo._lock:
            memo._entries = OrderedDict(snapshot.get(memo, {}))
