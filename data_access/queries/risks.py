"""The partnership's risk register."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded

RISK_COLUMNS = [
    "risk_id",
    "title",
    "description",
    "owner",
    "owner_agency",
    "likelihood",
    "impact",
    "mitigation",
    "review_date",
    "status",
    "is_demo",
    "dataset_id",
]


@guarded
def risks(engine: Engine) -> pd.DataFrame:
    """Every risk, open and closed: RISK_COLUMNS, by risk id."""
    table = schema.risk
    statement = select(*(table.c[name] for name in RISK_COLUMNS)).order_by(
        table.c.risk_id
    )
    result = frame(engine, statement, RISK_COLUMNS)
    result["is_demo"] = result["is_demo"].astype(bool)
    result["review_date"] = pd.to_datetime(result["review_date"]).dt.date
    return result
