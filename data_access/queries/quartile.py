"""Recorded crime by rate area for every period at once, for the quartile view."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.crime import (
    check_offence,
    population_years,
    rate_area_exclusions,
    rate_area_names,
)
from data_access.queries.runner import frame, guarded
from domain.areas import ENGLAND_AND_WALES
from domain.offences import OFFENCE_GROUPS
from domain.population import population_year

PANEL_COLUMNS = [
    "period_end",
    "area_code",
    "area_name",
    "country",
    "region_name",
    "pfa_code",
    "pfa_name",
    "offence_count",
    "population",
    "population_year",
    "excluded_reason",
    "is_demo",
    "dataset_id",
]


def _descendants(offence_code: str) -> list[str]:
    found = [offence_code]
    for group in OFFENCE_GROUPS:
        if group.parent in found and group.code not in found:
            found.append(group.code)
    return found


@guarded
def rate_area_panel(engine: Engine, *, offence_code: str) -> pd.DataFrame:
    """Offences and population for every rate area in every 12-month period loaded.

    Columns: PANEL_COLUMNS. The population is the mid-year estimate each period
    uses (see ``domain.population``); dataset_id names the crime dataset.
    """
    check_offence(offence_code)
    crime, rel, pop = schema.recorded_crime, schema.area_relation, schema.population
    counts = frame(
        engine,
        select(
            crime.c.period_end,
            rel.c.parent_code,
            func.sum(crime.c.offence_count),
            func.max(func.cast(crime.c.is_demo, schema.Integer)),
            func.max(crime.c.dataset_id),
        )
        .join(
            rel,
            and_(
                rel.c.child_code == crime.c.area_code,
                rel.c.relation == "csp_in_rate_area",
            ),
        )
        .where(crime.c.offence_code == offence_code)
        .group_by(crime.c.period_end, rel.c.parent_code),
        ["period_end", "area_code", "offence_count", "is_demo", "dataset_id"],
    )
    years = population_years(engine)
    populations = frame(
        engine,
        select(rel.c.parent_code, pop.c.year, func.sum(pop.c.population))
        .join(
            rel,
            and_(
                rel.c.child_code == pop.c.area_code,
                rel.c.relation == "lad_in_rate_area",
            ),
        )
        .group_by(rel.c.parent_code, pop.c.year),
        ["area_code", "population_year", "population"],
    )
    names = rate_area_names(engine)
    exclusions = rate_area_exclusions(engine)
    if counts.empty:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    counts["period_end"] = pd.to_datetime(counts.period_end).dt.date
    year_of = {end: population_year(end, years) for end in counts.period_end.unique()}
    counts["population_year"] = counts.period_end.map(year_of)
    result = (
        counts.merge(names, on="area_code", how="left")
        .merge(populations, on=["area_code", "population_year"], how="left")
        .merge(exclusions, on="area_code", how="left")
    )
    result["offence_count"] = result.offence_count.astype("int64")
    result["is_demo"] = result.is_demo.astype(int) > 0
    return result[PANEL_COLUMNS].sort_values(
        ["period_end", "area_code"], ignore_index=True
    )


@guarded
def national_panel(engine: Engine, *, offence_code: str) -> pd.DataFrame:
    """England and Wales in every period: period_end, offence_count (CSP and
    unassigned rows), population, population_year, is_demo."""
    check_offence(offence_code)
    crime, pop = schema.recorded_crime, schema.population
    totals = frame(
        engine,
        select(
            crime.c.period_end,
            func.sum(crime.c.offence_count),
            func.max(func.cast(crime.c.is_demo, schema.Integer)),
        )
        .where(crime.c.offence_code == offence_code)
        .group_by(crime.c.period_end)
        .order_by(crime.c.period_end),
        ["period_end", "offence_count", "is_demo"],
    )
    populations = frame(
        engine,
        select(pop.c.year, pop.c.population).where(
            pop.c.area_code == ENGLAND_AND_WALES
        ),
        ["population_year", "population"],
    )
    totals["period_end"] = pd.to_datetime(totals.period_end).dt.date
    years = population_years(engine)
    totals["population_year"] = [population_year(e, years) for e in totals.period_end]
    result = totals.merge(populations, on="population_year", how="left")
    result["offence_count"] = result.offence_count.astype("int64")
    result["is_demo"] = result.is_demo.astype(int) > 0
    return result[
        ["period_end", "offence_count", "population", "population_year", "is_demo"]
    ]


@guarded
def series_breaks(engine: Engine, *, offence_code: str) -> pd.DataFrame:
    """Breaks in the recorded crime series that affect an offence group (its own,
    any sub-group's, or whole-series breaks): break_date, offence_code, description."""
    check_offence(offence_code)
    table = schema.series_break
    return frame(
        engine,
        select(table.c.break_date, table.c.offence_code, table.c.description)
        .where(
            table.c.series == "recorded_crime",
            or_(
                table.c.offence_code.is_(None),
                table.c.offence_code.in_(_descendants(offence_code)),
            ),
        )
        .order_by(table.c.break_date),
        ["break_date", "offence_code", "description"],
    )
