"""Ward and sector queries on the full database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.engine import make_readonly_engine
from data_access.queries import local
from data_access.queries.crime import UnknownChoiceError


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = request.getfixturevalue("full_sqlite_url")
    else:
        url = request.getfixturevalue("full_postgres_url")
    engine = make_readonly_engine(url)
    yield engine
    engine.dispose()


def test_current_mapping_puts_22_wards_in_3_sectors(engine) -> None:  # type: ignore[no-untyped-def]
    mapping = local.ward_sectors(engine)
    assert len(mapping) == 22
    assert mapping.ward_code.is_unique
    assert set(mapping.sector_code) == {"PES-NORTH", "PES-SOUTH", "PES-EAST"}


def test_mid_2022_wards_sectors_and_city_add_up_to_217705(engine) -> None:  # type: ignore[no-untyped-def]
    population = local.local_population(engine, year=2022)
    by_kind = population.groupby("area_kind").population.sum()
    assert by_kind["ward"] == by_kind["sector"] == by_kind["lad"] == 217_705
    assert local.local_population(engine, year=1999).empty


def test_ward_boundaries_are_the_22_wards(engine) -> None:  # type: ignore[no-untyped-def]
    boundaries = local.ward_boundaries(engine)
    assert len(boundaries) == 22
    assert boundaries.geojson.str.startswith('{"type":"Polygon"').all()


def test_real_august_2019_month_counts_only_points_inside_peterborough(engine) -> None:  # type: ignore[no-untyped-def]
    counts = local.incident_counts(
        engine, start_month=date(2019, 8, 1), end_month=date(2019, 8, 1), level="sector"
    )
    assert not counts.is_demo.any()
    assert set(counts.area_code) == {"PES-NORTH", "PES-SOUTH", "PES-EAST"}
    # The real file has 2,364 rows with a Peterborough LSOA; points are snapped and
    # assigned by polygon, so the ward total is close to, not equal to, that.
    assert 2_200 < counts.incidents.sum() < 2_500


def test_category_filter_and_unknown_level(engine) -> None:  # type: ignore[no-untyped-def]
    asb = local.incident_counts(
        engine,
        start_month=date(2024, 7, 1),
        end_month=date(2025, 6, 1),
        categories=["Anti-social behaviour"],
    )
    assert set(asb.category) == {"Anti-social behaviour"}
    assert asb.is_demo.all()
    with pytest.raises(UnknownChoiceError):
        local.incident_counts(
            engine, start_month=date(2024, 7, 1), end_month=date(2025, 6, 1), level="x"
        )


def test_incident_categories_flag_real_and_demo(engine) -> None:  # type: ignore[no-untyped-def]
    categories = local.incident_categories(engine)
    real = categories[~categories.is_demo]
    assert set(real.source_system) == {"police.uk"}
    assert {"police", "council", "fire"} <= set(categories.agency)


def test_incident_coverage_is_the_categories_months_for_the_chosen_ones(engine) -> None:  # type: ignore[no-untyped-def]
    chosen = ["Burglary", "Anti-social behaviour"]
    coverage = local.incident_coverage(engine, categories=chosen)
    assert set(coverage.category) == set(chosen)
    categories = local.incident_categories(engine)
    expected = categories[categories.category.isin(chosen)]
    keys = ["source_system", "agency", "category", "is_demo"]
    merged = coverage.merge(expected, on=keys, validate="one_to_one")
    assert len(merged) == len(expected)
    assert (merged.first_month_x == merged.first_month_y).all()
    assert (merged.last_month_x == merged.last_month_y).all()
    real = coverage[~coverage.is_demo]
    assert set(real.first_month) == {date(2019, 8, 1)}
    assert local.incident_coverage(engine, categories=["No such category"]).empty


@pytest.mark.parametrize("level", ["sector", "ward"])
def test_incident_totals_are_the_counts_summed_over_categories(engine, level) -> None:  # type: ignore[no-untyped-def]
    chosen = ["Burglary", "Drugs", "Shoplifting"]
    months = {"start_month": date(2024, 7, 1), "end_month": date(2025, 6, 1)}
    totals = local.incident_totals(engine, level=level, categories=chosen, **months)
    counts = local.incident_counts(engine, level=level, categories=chosen, **months)
    expected = counts.groupby(
        ["area_code", "month", "is_demo"], as_index=False
    ).incidents.sum()
    assert list(totals.columns) == ["area_code", "month", "is_demo", "incidents"]
    pd.testing.assert_frame_equal(
        totals.sort_values(["area_code", "month"]).reset_index(drop=True),
        expected.sort_values(["area_code", "month"]).reset_index(drop=True),
    )
    assert totals.month.min() == date(2024, 7, 1)
    with pytest.raises(UnknownChoiceError):
        local.incident_totals(engine, level="x", categories=chosen, **months)


def test_local_populations_are_each_years_local_population(engine) -> None:  # type: ignore[no-untyped-def]
    populations = local.local_populations(engine)
    assert list(populations) == local.ward_population_years(engine)
    for year, population in populations.items():
        expected = local.local_population(engine, year=year)
        pd.testing.assert_frame_equal(
            population.sort_values(["area_kind", "area_code"]).reset_index(drop=True),
            expected.sort_values(["area_kind", "area_code"]).reset_index(drop=True),
        )
    assert populations[2022].population[
        populations[2022].area_kind == "lad"
    ].item() == (217_705)
