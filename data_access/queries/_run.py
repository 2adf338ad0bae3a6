"""Running a Core statement into a DataFrame, with failures turned into plain English."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import pandas as pd
from sqlalchemy import Executable
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.engine import DataUnavailableError, describe_error

P = ParamSpec("P")
R = TypeVar("R")


def frame(engine: Engine, statement: Executable, columns: list[str]) -> pd.DataFrame:
    """Execute ``statement`` and return its rows with the given column names."""
    with engine.connect() as conn:
        rows = conn.execute(statement).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def guarded(function: Callable[P, R]) -> Callable[P, R]:
    """Turn database failures into DataUnavailableError with a plain-English message."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except DataUnavailableError:
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as error:
            raise DataUnavailableError(describe_error(error)) from error

    return wrapper
