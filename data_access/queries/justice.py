"""police.uk outcomes and stop and search in Peterborough's wards."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import as_dates, frame, guarded

OUTCOME_COLUMNS = [
    "crime_id",
    "month",
    "outcome_type",
    "outcome_group",
    "crime_type",
    "ward_code",
    "sector_code",
]
SEARCH_COLUMNS = [
    "month",
    "search_type",
    "legislation",
    "object_of_search",
    "outcome",
    "outcome_linked",
    "age_range",
    "gender",
    "ethnicity_group",
    "ward_code",
    "sector_code",
]


@guarded
def outcome_rows(engine: Engine) -> pd.DataFrame:
    """Every outcome row kept (one per crime and month recorded): OUTCOME_COLUMNS,
    month as a date (the first of the month), by crime and month."""
    table = schema.crime_outcome
    statement = select(*(table.c[name] for name in OUTCOME_COLUMNS)).order_by(
        table.c.crime_id, table.c.month
    )
    result = frame(engine, statement, OUTCOME_COLUMNS)
    result["month"] = as_dates(result["month"])
    return result


@guarded
def stop_search_rows(engine: Engine) -> pd.DataFrame:
    """Every stop and search kept: SEARCH_COLUMNS, month as a date, by month."""
    table = schema.stop_search
    statement = select(*(table.c[name] for name in SEARCH_COLUMNS)).order_by(
        table.c.month, table.c.stop_search_id
    )
    result = frame(engine, statement, SEARCH_COLUMNS)
    result["month"] = as_dates(result["month"])
    return result
