"""Plans, their objectives and the links between objectives (versioned data)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded

PLAN_KINDS = ("pcp", "spp", "pes")
PLAN_COLUMNS = [
    "plan_id",
    "plan_kind",
    "title",
    "period_start",
    "period_end",
    "status",
    "source",
    "dataset_id",
]
OBJECTIVE_COLUMNS = [
    "objective_id",
    "plan_id",
    "title",
    "description",
    "sort_order",
    "confirmed",
]
LINK_COLUMNS = [
    "from_objective_id",
    "to_objective_id",
    "strength",
    "rationale",
    "is_demo",
    "dataset_id",
]


@guarded
def plans(engine: Engine, *, kind: str | None = None) -> pd.DataFrame:
    """Every plan (or those of one kind: pcp, spp, pes), oldest first: PLAN_COLUMNS."""
    table = schema.plan
    statement = select(*(table.c[name] for name in PLAN_COLUMNS)).order_by(
        table.c.plan_kind, table.c.period_start
    )
    if kind is not None:
        if kind not in PLAN_KINDS:
            raise ValueError(f"Unknown plan kind {kind!r}")
        statement = statement.where(table.c.plan_kind == kind)
    return frame(engine, statement, PLAN_COLUMNS)


@guarded
def objectives(engine: Engine, *, plan_ids: list[str] | None = None) -> pd.DataFrame:
    """Objectives of the plans named (or all), in plan and sort order:
    OBJECTIVE_COLUMNS."""
    table = schema.plan_objective
    statement = select(*(table.c[name] for name in OBJECTIVE_COLUMNS)).order_by(
        table.c.plan_id, table.c.sort_order
    )
    if plan_ids is not None:
        statement = statement.where(table.c.plan_id.in_(plan_ids))
    result = frame(engine, statement, OBJECTIVE_COLUMNS)
    result["confirmed"] = result["confirmed"].astype(bool)
    return result


EVIDENCE_COLUMNS = ["objective_id", "path", "label", "source_note", "dataset_id"]


@guarded
def objective_evidence(engine: Engine) -> pd.DataFrame:
    """Pages of this dashboard that give evidence on an objective, by objective
    and label: EVIDENCE_COLUMNS (a partnership default, not a finding)."""
    table = schema.objective_evidence
    statement = select(*(table.c[name] for name in EVIDENCE_COLUMNS)).order_by(
        table.c.objective_id, table.c.label
    )
    return frame(engine, statement, EVIDENCE_COLUMNS)


@guarded
def objective_links(engine: Engine) -> pd.DataFrame:
    """Every link from a priority to a plan objective: LINK_COLUMNS (strength 1 weak,
    2 moderate, 3 strong)."""
    table = schema.objective_link
    statement = select(*(table.c[name] for name in LINK_COLUMNS)).order_by(
        table.c.from_objective_id, table.c.to_objective_id
    )
    result = frame(engine, statement, LINK_COLUMNS)
    result["is_demo"] = result["is_demo"].astype(bool)
    return result
