"""Dataset provenance and freshness."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded

DATASET_COLUMNS = [
    "dataset_id",
    "title",
    "description",
    "publisher",
    "source",
    "licence",
    "attribution",
    "period_label",
    "period_start",
    "period_end",
    "is_demo",
    "loaded_at",
    "row_count",
    "source_file",
    "checksum",
    "notes",
    "status",
]


@guarded
def datasets(engine: Engine, *, dataset_ids: list[str] | None = None) -> pd.DataFrame:
    """Every dataset (or those named): the columns of DATASET_COLUMNS, real first."""
    table = schema.dataset
    statement = select(*(table.c[name] for name in DATASET_COLUMNS)).order_by(
        table.c.is_demo, table.c.title
    )
    if dataset_ids is not None:
        statement = statement.where(table.c.dataset_id.in_(dataset_ids))
    result = frame(engine, statement, DATASET_COLUMNS)
    result["is_demo"] = result["is_demo"].astype(bool)
    result["status"] = result["status"].where(
        result["status"].notna(), result["is_demo"].map({True: "demo", False: "real"})
    )
    return result


@guarded
def latest_crime_period(engine: Engine, *, real_only: bool = False) -> pd.DataFrame:
    """One row: period_end, is_demo of the latest recorded-crime period loaded."""
    table = schema.recorded_crime
    statement = select(func.max(table.c.period_end))
    if real_only:
        statement = statement.where(table.c.is_demo.is_(False))
    latest = frame(engine, statement, ["period_end"])
    if latest.empty or pd.isna(latest.period_end.iloc[0]):
        return pd.DataFrame(columns=["period_end", "is_demo"])
    end = latest.period_end.iloc[0]
    flags = frame(
        engine,
        select(table.c.is_demo).where(table.c.period_end == end).distinct(),
        ["is_demo"],
    )
    return pd.DataFrame({"period_end": [end], "is_demo": [bool(flags.is_demo.any())]})
