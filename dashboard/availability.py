"""When live data stopped answering, per database engine, for the shell's banner.

The app recovers by itself: every request asks the database again (the engine pings
pooled connections before use), so the first success clears the record.
"""

from __future__ import annotations

import threading
import weakref
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from domain.dates import long_date

LOCAL_TIME = ZoneInfo("Europe/London")


class Availability:
    """The moment the database was first seen failing, until it next answers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down_since: datetime | None = None

    @property
    def down_since(self) -> datetime | None:
        """When the current outage was first seen, or None while data is live."""
        return self._down_since

    def failed(self, now: datetime | None = None) -> datetime:
        """Record a failure; return when the outage began (now, if it is new)."""
        with self._lock:
            if self._down_since is None:
                self._down_since = now or datetime.now(LOCAL_TIME)
            return self._down_since

    def answered(self) -> None:
        """Record a success: live data is back."""
        with self._lock:
            self._down_since = None


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, Availability] = (
    weakref.WeakKeyDictionary()
)
_REGISTRY_LOCK = threading.Lock()


def for_engine(engine: Engine) -> Availability:
    """The availability record of this engine (one per engine, made on first use)."""
    with _REGISTRY_LOCK:
        record = _BY_ENGINE.get(engine)
        if record is None:
            record = _BY_ENGINE[engine] = Availability()
        return record


def since_text(moment: datetime, now: datetime | None = None) -> str:
    """'14:32' for a moment today (UK time), else '14:32 on 27 November 2026'."""
    local = moment.astimezone(LOCAL_TIME)
    today = (now or datetime.now(LOCAL_TIME)).astimezone(LOCAL_TIME).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return clock
    return f"{clock} on {long_date(local)}"
