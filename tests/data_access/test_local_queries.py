"""Ward and sector queries, on SQLite and PostgreSQL: their logic on the small
fixture database (tests/data_access/peterborough_fixture.py), the shipped
figures on the full build."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.engine import make_readonly_engine
from data_access.queries import local
from data_access.queries.crime import UnknownChoiceError
from tests.data_access.peterborough_fixture import (
    ASB,
    EAST,
    NORTH,
    SOUTH,
    W1,
    W2,
    W3,
    W5,
    W6,
    WARDS,
)

SECTORS = {NORTH, SOUTH, EAST}
YEAR_TO_JUNE_2025 = {"start_month": date(2024, 7, 1), "end_month": date(2025, 6, 1)}


# ------------------------------------------------------- logic, fixture database


def test_current_mapping_puts_6_wards_in_3_sectors(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    mapping = local.ward_sectors(fixture_engine)
    assert len(mapping) == 6
    assert mapping.ward_code.is_unique
    assert set(mapping.sector_code) == SECTORS
    assert mapping.set_index("ward_code").sector_code[W2] == NORTH
    # A named version gives that version, even a closed one.
    old = local.ward_sectors(fixture_engine, mapping_version="2019")
    assert len(old) == 6 and old.set_index("ward_code").sector_code[W2] == SOUTH


def test_wards_sectors_and_city_add_up_to_the_wards_total(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    population = local.local_population(fixture_engine, year=2022)
    by_kind = population.groupby("area_kind").population.sum()
    # 1,000 + 2,000 + ... + 6,000; the city's own estimate (215,000) is not a ward's.
    assert by_kind["ward"] == by_kind["sector"] == by_kind["lad"] == 21_000
    sectors = population[population.area_kind == "sector"]
    assert dict(zip(sectors.area_code, sectors.population, strict=True)) == {
        NORTH: 3_000,
        SOUTH: 7_000,
        EAST: 11_000,
    }
    assert local.local_population(fixture_engine, year=1999).empty


def test_ward_boundaries_are_the_wards_of_the_vintage(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    boundaries = local.ward_boundaries(fixture_engine)
    assert len(boundaries) == 6
    assert list(boundaries.area_code) == sorted(WARDS)
    assert boundaries.geojson.str.startswith('{"type":"Polygon"').all()
    assert list(local.ward_boundaries(fixture_engine, vintage="2019").area_code) == [W1]


def test_august_2019_month_counts_only_records_inside_peterborough(
    fixture_engine,
) -> None:  # type: ignore[no-untyped-def]
    counts = local.incident_counts(
        fixture_engine,
        start_month=date(2019, 8, 1),
        end_month=date(2019, 8, 1),
        level="sector",
    )
    assert not counts.is_demo.any()
    assert set(counts.area_code) == SECTORS
    # 3 + 2 + 4 inside; the 7 outside the wards and the 5 without a place are not.
    assert counts.incidents.sum() == 9
    assert dict(zip(counts.area_code, counts.incidents, strict=True)) == {
        NORTH: 3,
        SOUTH: 2,
        EAST: 4,
    }


def test_category_filter_and_unknown_level(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    asb = local.incident_counts(fixture_engine, categories=[ASB], **YEAR_TO_JUNE_2025)
    assert set(asb.category) == {ASB}
    assert asb.is_demo.all()
    # June 2024 (10) is before the first month: W2 in July 2024, W6 in June 2025.
    assert list(zip(asb.area_code, asb.month, asb.incidents, strict=True)) == [
        (W2, date(2024, 7, 1), 3),
        (W6, date(2025, 6, 1), 5),
    ]
    with pytest.raises(UnknownChoiceError):
        local.incident_counts(fixture_engine, level="x", **YEAR_TO_JUNE_2025)


def test_incident_categories_flag_real_and_demo(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    categories = local.incident_categories(fixture_engine)
    real = categories[~categories.is_demo]
    assert set(real.source_system) == {"police.uk"}
    assert {"police", "council", "fire"} <= set(categories.agency)
    assert len(categories) == 8
    # Records outside the wards are not counted: real burglary is 3 + 2, not 17.
    counts = categories.set_index(["source_system", "category"]).incidents
    assert counts["police.uk", "Burglary"] == 5
    assert counts["police.uk (demo)", ASB] == 10 + 3 + 5


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (
            "sector",
            [
                (EAST, date(2025, 6, 1), 6),
                (NORTH, date(2024, 7, 1), 2 + 1),
                (SOUTH, date(2024, 8, 1), 4),
            ],
        ),
        (
            "ward",
            [
                (W1, date(2024, 7, 1), 2),
                (W2, date(2024, 7, 1), 1),
                (W3, date(2024, 8, 1), 4),
                (W5, date(2025, 6, 1), 6),
            ],
        ),
    ],
)
def test_incident_totals_are_the_counts_summed_over_categories(
    fixture_engine,  # type: ignore[no-untyped-def]
    level,
    expected,
) -> None:
    chosen = ["Burglary", "Drugs", "Shoplifting"]
    engine = fixture_engine
    totals = local.incident_totals(
        engine, level=level, categories=chosen, **YEAR_TO_JUNE_2025
    )
    counts = local.incident_counts(
        engine, level=level, categories=chosen, **YEAR_TO_JUNE_2025
    )
    summed = counts.groupby(
        ["area_code", "month", "is_demo"], as_index=False
    ).incidents.sum()
    assert list(totals.columns) == ["area_code", "month", "is_demo", "incidents"]
    pd.testing.assert_frame_equal(
        totals.sort_values(["area_code", "month"]).reset_index(drop=True),
        summed.sort_values(["area_code", "month"]).reset_index(drop=True),
    )
    assert totals.month.min() == date(2024, 7, 1)
    assert totals.is_demo.all()
    assert list(zip(totals.area_code, totals.month, totals.incidents, strict=True)) == (
        expected
    )
    with pytest.raises(UnknownChoiceError):
        local.incident_totals(engine, level="x", categories=chosen, **YEAR_TO_JUNE_2025)


def test_local_populations_are_each_years_local_population(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    populations = local.local_populations(fixture_engine)
    assert list(populations) == local.ward_population_years(fixture_engine)
    assert list(populations) == [2021, 2022]
    for year, population in populations.items():
        expected = local.local_population(fixture_engine, year=year)
        pd.testing.assert_frame_equal(
            population.sort_values(["area_kind", "area_code"]).reset_index(drop=True),
            expected.sort_values(["area_kind", "area_code"]).reset_index(drop=True),
        )
    city = {
        year: population.population[population.area_kind == "lad"].item()
        for year, population in populations.items()
    }
    assert city == {2021: 21_000 - 6 * 100, 2022: 21_000}


# ------------------------------------------------------ shipped figures, full build


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = request.getfixturevalue("full_sqlite_url")
    else:
        url = request.getfixturevalue("full_postgres_url")
    engine = make_readonly_engine(url)
    yield engine
    engine.dispose()


@pytest.mark.shipped_build
def test_current_mapping_puts_22_wards_in_3_sectors(engine) -> None:  # type: ignore[no-untyped-def]
    mapping = local.ward_sectors(engine)
    assert len(mapping) == 22
    assert mapping.ward_code.is_unique
    assert set(mapping.sector_code) == {"PES-NORTH", "PES-SOUTH", "PES-EAST"}


@pytest.mark.shipped_build
def test_mid_2022_wards_sectors_and_city_add_up_to_217705(engine) -> None:  # type: ignore[no-untyped-def]
    population = local.local_population(engine, year=2022)
    by_kind = population.groupby("area_kind").population.sum()
    assert by_kind["ward"] == by_kind["sector"] == by_kind["lad"] == 217_705
    assert local.local_population(engine, year=1999).empty
    populations = local.local_populations(engine)
    assert populations[2022].population[
        populations[2022].area_kind == "lad"
    ].item() == (217_705)


@pytest.mark.shipped_build
def test_ward_boundaries_are_the_22_wards(engine) -> None:  # type: ignore[no-untyped-def]
    boundaries = local.ward_boundaries(engine)
    assert len(boundaries) == 22
    assert boundaries.geojson.str.startswith('{"type":"Polygon"').all()


@pytest.mark.shipped_build
def test_real_august_2019_month_counts_only_points_inside_peterborough(engine) -> None:  # type: ignore[no-untyped-def]
    counts = local.incident_counts(
        engine, start_month=date(2019, 8, 1), end_month=date(2019, 8, 1), level="sector"
    )
    assert not counts.is_demo.any()
    assert set(counts.area_code) == {"PES-NORTH", "PES-SOUTH", "PES-EAST"}
    # The real file has 2,364 rows with a Peterborough LSOA; points are snapped and
    # assigned by polygon, so the ward total is close to, not equal to, that.
    assert 2_200 < counts.incidents.sum() < 2_500


@pytest.mark.shipped_build
def test_shipped_incidents_are_real_police_uk_and_demo_partnership_records(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    categories = local.incident_categories(engine)
    real = categories[~categories.is_demo]
    assert set(real.source_system) == {"police.uk"}
    assert {"police", "council", "fire"} <= set(categories.agency)
    # The real police.uk months: August 2019, then January 2024 to December 2025.
    assert min(real.first_month) == date(2019, 8, 1)
    asb = local.incident_counts(
        engine,
        start_month=date(2024, 7, 1),
        end_month=date(2025, 6, 1),
        categories=["Anti-social behaviour"],
    )
    assert not asb.is_demo.any() and len(asb)
    # The partnership's own records have no public source: they stay demo.
    assert categories[categories.agency != "police"].is_demo.all()
