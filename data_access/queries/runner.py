"""Running a Core statement into a DataFrame, with failures turned into plain English."""

from __future__ import annotations

import functools
import sqlite3
import weakref
from collections.abc import Callable
from datetime import date
from typing import Any, ParamSpec, Protocol, TypeVar

import pandas as pd
from sqlalchemy import Executable
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.engine import DataUnavailableError, describe_error

P = ParamSpec("P")
R = TypeVar("R")


class ResultCache(Protocol):
    """Something that can answer a query function's call from a cache."""

    def fetch(
        self,
        engine: Engine,
        name: str,
        arguments: tuple[Any, ...],
        compute: Callable[[], Any],
    ) -> Any:
        """The cached result of ``name(engine, *arguments)``, or ``compute()``."""


# Engines whose query results are cached, and by what (set by the application).
_caches: weakref.WeakKeyDictionary[Engine, ResultCache] = weakref.WeakKeyDictionary()


def use_result_cache(engine: Engine, cache: ResultCache | None) -> None:
    """Answer every guarded query on ``engine`` through ``cache`` (None: stop)."""
    if cache is None:
        _caches.pop(engine, None)
    else:
        _caches[engine] = cache


def data_version(engine: Engine) -> str | None:
    """The engine's data version, as its result cache reads it (a text that changes
    whenever the loader writes); None when the engine has no such cache or the
    version cannot be read, so nothing may be kept for it."""
    reader = getattr(_caches.get(engine), "data_version", None)
    if reader is None:
        return None
    try:
        return reader(engine)
    except Exception:  # noqa: BLE001 - the query itself reports the failure
        return None


def frame(engine: Engine, statement: Executable, columns: list[str]) -> pd.DataFrame:
    """Execute ``statement`` and return its rows with the given column names."""
    with engine.connect() as conn:
        rows = conn.execute(statement).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def as_dates(values: pd.Series) -> pd.Series:
    """A column as ``datetime.date`` values: ``pd.to_datetime(values).dt.date``, or
    the column itself when the driver already gave dates (converting those cost
    more than a small query)."""
    if all(type(value) is date for value in values):
        return values
    return pd.to_datetime(values).dt.date


def guarded(function: Callable[P, R]) -> Callable[P, R]:
    """Turn database failures into DataUnavailableError with a plain-English message;
    answer from the engine's result cache when the application has set one."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            engine = args[0] if args else None
            cache = _caches.get(engine) if isinstance(engine, Engine) else None
            if cache is None:
                return function(*args, **kwargs)
            arguments = (*args[1:], *sorted(kwargs.items()))
            return cache.fetch(
                engine, name, arguments, lambda: function(*args, **kwargs)
            )
        except DataUnavailableError:
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            raise DataUnavailableError(describe_error(error)) from error

    return wrapper
