"""Peterborough's wards and sectors: the mapping, populations, boundaries and
street-level incident counts (police.uk and the partnership's operational records)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.crime import UnknownChoiceError
from data_access.queries.runner import frame, guarded
from domain.areas import PETERBOROUGH_LAD

LEVELS = ("ward", "sector")


def check_level(level: str) -> str:
    """'ward' or 'sector', else UnknownChoiceError."""
    if level not in LEVELS:
        raise UnknownChoiceError(f"Unknown area level {level!r}")
    return level


@guarded
def ward_sectors(engine: Engine, *, mapping_version: str | None = None) -> pd.DataFrame:
    """Columns ward_code, ward_name, sector_code, sector_name, mapping_version,
    valid_from, valid_to, note: the current mapping (open-ended rows) unless a
    version is named."""
    mapping, ward, sector = (
        schema.ward_sector,
        schema.area.alias("ward"),
        schema.area.alias("sector"),
    )
    statement = (
        select(
            mapping.c.ward_code,
            ward.c.area_name,
            mapping.c.sector_code,
            sector.c.area_name,
            mapping.c.mapping_version,
            mapping.c.valid_from,
            mapping.c.valid_to,
            mapping.c.note,
        )
        .join(ward, ward.c.area_code == mapping.c.ward_code)
        .join(sector, sector.c.area_code == mapping.c.sector_code)
        .order_by(mapping.c.sector_code, ward.c.area_name)
    )
    if mapping_version is None:
        statement = statement.where(mapping.c.valid_to.is_(None))
    else:
        statement = statement.where(mapping.c.mapping_version == mapping_version)
    return frame(
        engine,
        statement,
        [
            "ward_code",
            "ward_name",
            "sector_code",
            "sector_name",
            "mapping_version",
            "valid_from",
            "valid_to",
            "note",
        ],
    )


@guarded
def local_population(engine: Engine, *, year: int) -> pd.DataFrame:
    """Columns area_code, area_name, area_kind (ward, sector, lad), population, year:
    the wards' mid-year estimate, each sector as the sum of its wards (current
    mapping) and the city as the sum of all wards. Empty if the year is not loaded."""
    pop, area = schema.population, schema.area
    wards = frame(
        engine,
        select(area.c.area_code, area.c.area_name, pop.c.population)
        .join(pop, pop.c.area_code == area.c.area_code)
        .where(area.c.area_kind == "ward", pop.c.year == year),
        ["area_code", "area_name", "population"],
    )
    if wards.empty:
        return pd.DataFrame(columns=POPULATION_COLUMNS)
    return _with_sectors_and_city(wards, ward_sectors(engine), year)


@guarded
def local_populations(engine: Engine) -> dict[int, pd.DataFrame]:
    """``local_population`` for every year loaded for the wards, in one query: the
    year's frame by year (the years ``ward_population_years`` gives)."""
    pop, area = schema.population, schema.area
    wards = frame(
        engine,
        select(area.c.area_code, area.c.area_name, pop.c.population, pop.c.year)
        .join(pop, pop.c.area_code == area.c.area_code)
        .where(area.c.area_kind == "ward")
        .order_by(pop.c.year, area.c.area_code),
        ["area_code", "area_name", "population", "year"],
    )
    if wards.empty:
        return {}
    mapping = ward_sectors(engine)
    years = wards.year.to_numpy()
    return {
        int(year): _with_sectors_and_city(
            wards[years == year].drop(columns="year"), mapping, int(year)
        )
        for year in sorted(set(years.tolist()))
    }


POPULATION_COLUMNS = ["area_code", "area_name", "area_kind", "population", "year"]


def _with_sectors_and_city(
    wards: pd.DataFrame, mapping: pd.DataFrame, year: int
) -> pd.DataFrame:
    """The wards' populations, then each sector's and the city's as their sums."""
    # A few dozen rows: summed in plain Python, which is much quicker than a
    # pandas merge and group-by on frames this small.
    ward_population: dict[str, int] = {}
    for code, people in zip(wards.area_code, wards.population.tolist(), strict=True):
        ward_population[code] = ward_population.get(code, 0) + int(people)
    sectors: dict[tuple[str, str], int] = {}
    for ward, sector, name in zip(
        mapping.ward_code, mapping.sector_code, mapping.sector_name, strict=True
    ):
        if ward in ward_population:
            key = (sector, name)
            sectors[key] = sectors.get(key, 0) + ward_population[ward]
    ordered = sorted(sectors)
    return pd.DataFrame(
        {
            "area_code": [*wards.area_code, *(code for code, _ in ordered)]
            + [PETERBOROUGH_LAD],
            "area_name": [*wards.area_name, *(name for _, name in ordered)]
            + ["Peterborough"],
            "area_kind": ["ward"] * len(wards) + ["sector"] * len(ordered) + ["lad"],
            "population": np.array(
                [
                    *wards.population.tolist(),
                    *(sectors[key] for key in ordered),
                    sum(ward_population.values()),
                ],
                dtype="int64",
            ),
            "year": year,
        }
    )


@guarded
def ward_population_years(engine: Engine) -> list[int]:
    """Mid-year estimate years loaded for Peterborough's wards."""
    pop, area = schema.population, schema.area
    statement = (
        select(pop.c.year)
        .join(area, area.c.area_code == pop.c.area_code)
        .where(area.c.area_kind == "ward")
        .distinct()
        .order_by(pop.c.year)
    )
    return [int(y) for y in frame(engine, statement, ["year"]).year]


@guarded
def ward_boundaries(engine: Engine, *, vintage: str = "2025") -> pd.DataFrame:
    """Columns area_code, area_name, geojson (a geometry as JSON text), vintage."""
    boundary, area = schema.boundary, schema.area
    return frame(
        engine,
        select(
            area.c.area_code, area.c.area_name, boundary.c.geojson, boundary.c.vintage
        )
        .join(area, area.c.area_code == boundary.c.area_code)
        .where(area.c.area_kind == "ward", boundary.c.vintage == vintage)
        .order_by(area.c.area_code),
        ["area_code", "area_name", "geojson", "vintage"],
    )


@guarded
def incident_categories(engine: Engine) -> pd.DataFrame:
    """Columns source_system, agency, category, is_demo, incidents, first_month,
    last_month: what street-level records exist inside Peterborough's wards."""
    table = schema.incident_month
    result = frame(
        engine,
        select(
            table.c.source_system,
            table.c.agency,
            table.c.category,
            table.c.is_demo,
            func.sum(table.c.incidents),
            func.min(table.c.month),
            func.max(table.c.month),
        )
        .where(table.c.ward_code.is_not(None))
        .group_by(
            table.c.source_system, table.c.agency, table.c.category, table.c.is_demo
        )
        .order_by(table.c.agency, table.c.category),
        [
            "source_system",
            "agency",
            "category",
            "is_demo",
            "incidents",
            "first_month",
            "last_month",
        ],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    return result


@guarded
def incident_counts(
    engine: Engine,
    *,
    start_month: date,
    end_month: date,
    level: str = "ward",
    categories: list[str] | None = None,
) -> pd.DataFrame:
    """Incidents inside Peterborough by area, month and category, months inclusive.

    Columns: area_code, month, category, is_demo, incidents. ``level`` is 'ward' or
    'sector'; ``categories`` (None for all) are bound as parameters.
    """
    check_level(level)
    table = schema.incident_month
    area_column = table.c.ward_code if level == "ward" else table.c.sector_code
    conditions = [
        area_column.is_not(None),
        table.c.month >= start_month,
        table.c.month <= end_month,
    ]
    if categories is not None:
        conditions.append(table.c.category.in_(categories))
    result = frame(
        engine,
        select(
            area_column,
            table.c.month,
            table.c.category,
            table.c.is_demo,
            func.sum(table.c.incidents),
        )
        .where(and_(*conditions))
        .group_by(area_column, table.c.month, table.c.category, table.c.is_demo)
        .order_by(area_column, table.c.month),
        ["area_code", "month", "category", "is_demo", "incidents"],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    result["incidents"] = result.incidents.astype("int64")
    return result


@guarded
def incident_totals(
    engine: Engine,
    *,
    start_month: date,
    end_month: date,
    level: str = "ward",
    categories: list[str],
) -> pd.DataFrame:
    """``incident_counts`` summed over the given categories: incidents inside
    Peterborough by area and month, months inclusive.

    Columns: area_code, month, is_demo, incidents. ``level`` is 'ward' or 'sector';
    ``categories`` are bound as parameters.
    """
    check_level(level)
    table = schema.incident_month
    area_column = table.c.ward_code if level == "ward" else table.c.sector_code
    result = frame(
        engine,
        select(area_column, table.c.month, table.c.is_demo, func.sum(table.c.incidents))
        .where(
            area_column.is_not(None),
            table.c.month >= start_month,
            table.c.month <= end_month,
            table.c.category.in_(categories),
        )
        .group_by(area_column, table.c.month, table.c.is_demo)
        .order_by(area_column, table.c.month),
        ["area_code", "month", "is_demo", "incidents"],
    )
    result["is_demo"] = result.is_demo.astype(bool)
    result["incidents"] = result.incidents.astype("int64")
    return result
