"""Queries for the sector maps: which incident months exist, incident locations for
the hotspot layer, records left outside Peterborough, survey results by ward and
sector, and the KPIs that have sector values."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded

# Locations are grouped to 0.001 degrees (about 70 m east-west, 110 m north-south)
# before they leave the database: police.uk points are already snapped to
# anonymised points, and grouping keeps the hotspot layer small at any row count.
LOCATION_DECIMALS = 3


@guarded
def incident_months(
    engine: Engine, *, categories: list[str] | None = None
) -> pd.DataFrame:
    """Columns month, is_demo, incidents: months with records inside Peterborough's
    wards for these categories (None for all)."""
    table = schema.incident_month
    conditions = [table.c.ward_code.is_not(None)]
    if categories is not None:
        conditions.append(table.c.category.in_(categories))
    result = frame(
        engine,
        select(table.c.month, table.c.is_demo, func.sum(table.c.incidents))
        .where(and_(*conditions))
        .group_by(table.c.month, table.c.is_demo)
        .order_by(table.c.month),
        ["month", "is_demo", "incidents"],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    return result


@guarded
def incident_locations(
    engine: Engine,
    *,
    start_month: date,
    end_month: date,
    categories: list[str] | None = None,
) -> pd.DataFrame:
    """Columns longitude, latitude, sector_code, incidents: records inside
    Peterborough for these months (inclusive) and categories, counted per location
    rounded to LOCATION_DECIMALS and per sector."""
    # The loader counts located records inside the wards per month, category,
    # sector and rounded point (incident_point_month); sum over months here.
    table = schema.incident_point_month
    lon, lat = table.c.longitude, table.c.latitude
    conditions = [table.c.month >= start_month, table.c.month <= end_month]
    if categories is not None:
        conditions.append(table.c.category.in_(categories))
    result = frame(
        engine,
        select(lon, lat, table.c.sector_code, func.sum(table.c.incidents))
        .where(and_(*conditions))
        .group_by(lon, lat, table.c.sector_code),
        ["longitude", "latitude", "sector_code", "incidents"],
    )
    for column in ("longitude", "latitude"):
        result[column] = result[column].astype(float)
    result["incidents"] = result.incidents.astype("int64")
    return result


@guarded
def incidents_outside(
    engine: Engine,
    *,
    start_month: date,
    end_month: date,
    categories: list[str] | None = None,
) -> pd.DataFrame:
    """Columns no_location, outside, inside: records for these months and categories
    with no location, with a location outside Peterborough's wards, and inside."""
    table = schema.incident_month
    conditions = [table.c.month >= start_month, table.c.month <= end_month]
    if categories is not None:
        conditions.append(table.c.category.in_(categories))
    located = table.c.located
    inside = table.c.ward_code.is_not(None)
    n = table.c.incidents
    result = frame(
        engine,
        select(
            func.coalesce(func.sum(case((~located, n), else_=0)), 0),
            func.coalesce(func.sum(case((and_(located, ~inside), n), else_=0)), 0),
            func.coalesce(func.sum(case((inside, n), else_=0)), 0),
        ).where(and_(*conditions)),
        ["no_location", "outside", "inside"],
    )
    return result.astype("int64")


@guarded
def survey_area_results(engine: Engine, *, question_code: str) -> pd.DataFrame:
    """Columns survey_id, wave, fieldwork_start, fieldwork_end, area_code,
    base_size, estimate (a proportion 0-1), is_demo, survey_name: every wave of the
    local residents' survey for one question (wards, sectors and the city)."""
    result_t, survey = schema.survey_result, schema.survey
    result = frame(
        engine,
        select(
            result_t.c.survey_id,
            result_t.c.wave,
            result_t.c.fieldwork_start,
            result_t.c.fieldwork_end,
            result_t.c.area_code,
            result_t.c.base_size,
            result_t.c.estimate,
            survey.c.is_demo,
            survey.c.survey_name,
        )
        .join(survey, survey.c.survey_id == result_t.c.survey_id)
        .where(
            result_t.c.question_code == question_code,
            survey.c.geography == "sector and ward",
        )
        .order_by(result_t.c.fieldwork_end, result_t.c.area_code),
        [
            "survey_id",
            "wave",
            "fieldwork_start",
            "fieldwork_end",
            "area_code",
            "base_size",
            "estimate",
            "is_demo",
            "survey_name",
        ],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    return result


@guarded
def survey_questions(engine: Engine) -> pd.DataFrame:
    """Columns question_code, question_text, short_label, direction."""
    q = schema.survey_question
    return frame(
        engine,
        select(q.c.question_code, q.c.question_text, q.c.short_label, q.c.direction),
        ["question_code", "question_text", "short_label", "direction"],
    )


@guarded
def sector_kpi_values(engine: Engine) -> pd.DataFrame:
    """Columns kpi_id, name, description, sector_code, unit, direction, frequency,
    is_demo, period_start, period_end, value: every value of every KPI that belongs
    to a sector."""
    kpi, value = schema.kpi, schema.kpi_value
    result = frame(
        engine,
        select(
            kpi.c.kpi_id,
            kpi.c.name,
            kpi.c.description,
            kpi.c.sector_code,
            kpi.c.unit,
            kpi.c.direction,
            kpi.c.frequency,
            kpi.c.is_demo,
            value.c.period_start,
            value.c.period_end,
            value.c.value,
        )
        .join(value, value.c.kpi_id == kpi.c.kpi_id)
        .where(kpi.c.sector_code.is_not(None))
        .order_by(kpi.c.kpi_id, value.c.period_end),
        [
            "kpi_id",
            "name",
            "description",
            "sector_code",
            "unit",
            "direction",
            "frequency",
            "is_demo",
            "period_start",
            "period_end",
            "value",
        ],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    return result


@guarded
def ward_incident_counts(
    engine: Engine,
    *,
    ward_code: str,
    start_month: date,
    end_month: date,
    categories: list[str] | None = None,
) -> pd.DataFrame:
    """Columns month, category, is_demo, incidents: one ward's records by month and
    category, months inclusive (from the loader's monthly summary)."""
    table = schema.incident_month
    conditions = [
        table.c.ward_code == ward_code,
        table.c.month >= start_month,
        table.c.month <= end_month,
    ]
    if categories is not None:
        conditions.append(table.c.category.in_(categories))
    result = frame(
        engine,
        select(
            table.c.month,
            table.c.category,
            table.c.is_demo,
            func.sum(table.c.incidents),
        )
        .where(and_(*conditions))
        .group_by(table.c.month, table.c.category, table.c.is_demo)
        .order_by(table.c.month),
        ["month", "category", "is_demo", "incidents"],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    result["incidents"] = result.incidents.astype("int64")
    return result
