"""Police recorded crime by Community Safety Partnership, with populations."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import frame, guarded
from domain.areas import ENGLAND_AND_WALES
from domain.offences import OFFENCE_BY_CODE
from domain.population import population_year


class UnknownChoiceError(ValueError):
    """A filter value that is not on the whitelist."""


def check_offence(offence_code: str) -> str:
    """The offence code if it is one of the ONS groups, else UnknownChoiceError."""
    if offence_code not in OFFENCE_BY_CODE:
        raise UnknownChoiceError(f"Unknown offence group {offence_code!r}")
    return offence_code


@guarded
def crime_periods(engine: Engine) -> pd.DataFrame:
    """Columns period_end, is_demo: every 12-month period loaded, oldest first."""
    table = schema.recorded_crime
    statement = (
        select(table.c.period_end, func.max(func.cast(table.c.is_demo, schema.Integer)))
        .group_by(table.c.period_end)
        .order_by(table.c.period_end)
    )
    periods = frame(engine, statement, ["period_end", "is_demo"])
    periods["is_demo"] = periods.is_demo.astype(int) > 0
    return periods


@guarded
def population_years(engine: Engine, *, area_kind: str = "lad") -> list[int]:
    """The mid-year estimate years loaded for areas of a kind (lad or ward)."""
    pop, area = schema.population, schema.area
    statement = (
        select(pop.c.year)
        .join(area, area.c.area_code == pop.c.area_code)
        .where(area.c.area_kind == area_kind)
        .distinct()
        .order_by(pop.c.year)
    )
    return [int(year) for year in frame(engine, statement, ["year"]).year]


@guarded
def rate_area_crime(
    engine: Engine, *, period_end: date, offence_code: str
) -> pd.DataFrame:
    """Offences and population for every rate area (a CSP, or CSPs and authorities
    that only together cover the same ground) for one 12-month period.

    Columns: area_code, area_name, country, region_name, pfa_code, pfa_name,
    offence_count, population, population_year, excluded_reason, is_demo.
    """
    check_offence(offence_code)
    crime, rel, pop = schema.recorded_crime, schema.area_relation, schema.population
    counts = frame(
        engine,
        select(
            rel.c.parent_code,
            func.sum(crime.c.offence_count),
            func.count(),
            func.sum(func.cast(crime.c.is_demo, schema.Integer)),
        )
        .join(
            rel,
            and_(
                rel.c.child_code == crime.c.area_code,
                rel.c.relation == "csp_in_rate_area",
            ),
        )
        .where(crime.c.period_end == period_end, crime.c.offence_code == offence_code)
        .group_by(rel.c.parent_code),
        ["area_code", "offence_count", "rows", "demo_rows"],
    )
    year = population_year(period_end, population_years(engine))
    population = frame(
        engine,
        select(rel.c.parent_code, func.sum(pop.c.population))
        .join(
            rel,
            and_(
                rel.c.child_code == pop.c.area_code,
                rel.c.relation == "lad_in_rate_area",
            ),
        )
        .where(pop.c.year == year)
        .group_by(rel.c.parent_code),
        ["area_code", "population"],
    )
    names = rate_area_names(engine)
    csp_exclusions = rate_area_exclusions(engine)
    result = counts.merge(names, on="area_code", how="left").merge(
        population, on="area_code", how="left"
    )
    result = result.merge(csp_exclusions, on="area_code", how="left")
    result["population_year"] = year
    result["is_demo"] = result.demo_rows > 0
    result["offence_count"] = result.offence_count.astype("int64")
    columns = [
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
    ]
    return result[columns].sort_values("area_code", ignore_index=True)


def rate_area_names(engine: Engine) -> pd.DataFrame:
    """Columns area_code, area_name, country, region_name, pfa_code, pfa_name for
    every CSP and combined rate area."""
    area = schema.area
    pfa = area.alias("pfa")
    return frame(
        engine,
        select(
            area.c.area_code,
            area.c.area_name,
            area.c.country,
            area.c.region_name,
            area.c.parent_code,
            pfa.c.area_name,
        )
        .outerjoin(pfa, pfa.c.area_code == area.c.parent_code)
        .where(area.c.area_kind.in_(["csp", "rate_area"])),
        ["area_code", "area_name", "country", "region_name", "pfa_code", "pfa_name"],
    )


def rate_area_exclusions(engine: Engine) -> pd.DataFrame:
    """Columns area_code, excluded_reason: rate areas left out of national ranks."""
    rel, area = schema.area_relation, schema.area
    return frame(
        engine,
        select(rel.c.parent_code, area.c.excluded_reason)
        .join(area, area.c.area_code == rel.c.child_code)
        .where(
            rel.c.relation == "csp_in_rate_area", area.c.excluded_reason.is_not(None)
        ),
        ["area_code", "excluded_reason"],
    ).drop_duplicates("area_code")


@guarded
def national_crime(
    engine: Engine, *, period_end: date, offence_code: str
) -> pd.DataFrame:
    """One row for England and Wales: offence_count (CSP and unassigned rows),
    unassigned_count, population, population_year, is_demo."""
    check_offence(offence_code)
    crime, area, pop = schema.recorded_crime, schema.area, schema.population
    totals = frame(
        engine,
        select(
            area.c.area_kind,
            func.sum(crime.c.offence_count),
            func.max(func.cast(crime.c.is_demo, schema.Integer)),
        )
        .join(area, area.c.area_code == crime.c.area_code)
        .where(crime.c.period_end == period_end, crime.c.offence_code == offence_code)
        .group_by(area.c.area_kind),
        ["area_kind", "offence_count", "is_demo"],
    )
    year = population_year(period_end, population_years(engine))
    population = frame(
        engine,
        select(pop.c.population).where(
            pop.c.area_code == ENGLAND_AND_WALES, pop.c.year == year
        ),
        ["population"],
    )
    return pd.DataFrame(
        {
            "offence_count": [int(totals.offence_count.sum())],
            "unassigned_count": [
                int(totals.loc[totals.area_kind == "unassigned", "offence_count"].sum())
            ],
            "population": [
                int(population.population.iloc[0]) if len(population) else None
            ],
            "population_year": [year],
            "is_demo": [bool(totals.is_demo.astype(bool).any())],
        }
    )


@guarded
def most_similar_group(engine: Engine, *, group_code: str) -> pd.DataFrame:
    """Columns member_code, member_name, rank, distance, method, is_official:
    the CSP (rank 0) and its peers."""
    msg, area = schema.msg_membership, schema.area
    return frame(
        engine,
        select(
            msg.c.member_code,
            area.c.area_name,
            msg.c.rank,
            msg.c.distance,
            msg.c.method,
            msg.c.is_official,
        )
        .join(area, area.c.area_code == msg.c.member_code)
        .where(msg.c.group_code == group_code)
        .order_by(msg.c.rank),
        ["member_code", "member_name", "rank", "distance", "method", "is_official"],
    )
