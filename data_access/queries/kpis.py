"""KPIs, their values and the plan objectives each serves."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded

KPI_COLUMNS = [
    "kpi_id",
    "name",
    "description",
    "owner_agency",
    "owner_role",
    "sector_code",
    "unit",
    "direction",
    "target",
    "baseline",
    "tolerance",
    "frequency",
    "value_kind",
    "is_demo",
    "dataset_id",
]
VALUE_COLUMNS = [
    "kpi_id",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "updated_at",
    "note",
]


@guarded
def kpis(engine: Engine) -> pd.DataFrame:
    """Every KPI definition: KPI_COLUMNS, by name."""
    table = schema.kpi
    statement = select(*(table.c[name] for name in KPI_COLUMNS)).order_by(table.c.name)
    result = frame(engine, statement, KPI_COLUMNS)
    result["is_demo"] = result["is_demo"].astype(bool)
    for column in ("target", "baseline", "tolerance"):
        result[column] = pd.to_numeric(result[column], errors="coerce").astype(float)
    return result


@guarded
def kpi_values(engine: Engine, *, kpi_ids: list[str] | None = None) -> pd.DataFrame:
    """Values of the KPIs named (or all), oldest first per KPI: VALUE_COLUMNS."""
    table = schema.kpi_value
    statement = select(*(table.c[name] for name in VALUE_COLUMNS)).order_by(
        table.c.kpi_id, table.c.period_end
    )
    if kpi_ids is not None:
        statement = statement.where(table.c.kpi_id.in_(kpi_ids))
    result = frame(engine, statement, VALUE_COLUMNS)
    for column in ("value", "numerator", "denominator"):
        result[column] = pd.to_numeric(result[column], errors="coerce").astype(float)
    result["period_end"] = pd.to_datetime(result["period_end"]).dt.date
    result["period_start"] = pd.to_datetime(result["period_start"]).dt.date
    result["updated_at"] = pd.to_datetime(result["updated_at"], utc=True)
    return result


@guarded
def kpi_objectives(engine: Engine) -> pd.DataFrame:
    """Columns kpi_id, objective_id: every KPI's link to a priority or objective."""
    table = schema.kpi_objective
    statement = select(table.c.kpi_id, table.c.objective_id).order_by(
        table.c.kpi_id, table.c.objective_id
    )
    return frame(engine, statement, ["kpi_id", "objective_id"])
