"""Map queries, on SQLite and PostgreSQL: their logic on the small fixture
database (tests/data_access/peterborough_fixture.py), the shipped police.uk month
on the real data."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.metrics.maps import POLICE_CRIME_TYPES
from data_access import make_readonly_engine
from data_access.queries import maps as q
from tests.data_access.peterborough_fixture import EAST, NORTH, SOUTH, W1, W3, W5

AUGUST_2019 = date(2019, 8, 1)


def test_police_month_splits_inside_outside_and_unlocated(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    engine = fixture_engine
    counts = q.incidents_outside(
        engine, start_month=AUGUST_2019, end_month=AUGUST_2019
    ).iloc[0]
    # Fixture August 2019: 21 records, 5 with no location, 7 outside the wards.
    assert counts.no_location == 5
    assert counts.inside + counts.outside + counts.no_location == 21
    assert counts.inside == 3 + 2 + 4
    locations = q.incident_locations(
        engine, start_month=AUGUST_2019, end_month=AUGUST_2019
    )
    assert locations.incidents.sum() == counts.inside
    assert locations.longitude.between(-0.5, 0.0).all()
    assert set(locations.sector_code) == {NORTH, SOUTH, EAST}
    months = q.incident_months(engine, categories=list(POLICE_CRIME_TYPES))
    real = months[~months.is_demo]
    assert list(real.month.astype(str)) == ["2019-08-01"]
    assert real.incidents.to_list() == [3 + 2]  # burglary; ASB is not a crime type
    assert list(zip(months.month, months.incidents, strict=True)) == [
        (AUGUST_2019, 5),
        (date(2024, 7, 1), 2 + 1),
        (date(2024, 8, 1), 4),
        (date(2025, 6, 1), 6),
        (date(2025, 7, 1), 9),
    ]


def test_locations_are_summed_over_months_per_point_and_sector(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    locations = q.incident_locations(
        fixture_engine,
        start_month=AUGUST_2019,
        end_month=date(2024, 7, 1),
        categories=["Burglary"],
    )
    by_point = {
        (row.longitude, row.latitude, row.sector_code): row.incidents
        for row in locations.itertuples()
    }
    assert by_point == {
        (-0.250, 52.600, NORTH): 2 + 2,
        (-0.251, 52.601, NORTH): 1,
        (-0.240, 52.560, SOUTH): 2,
        (-0.230, 52.620, NORTH): 1,
    }


def test_survey_and_kpi_values_by_ward_and_sector(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    engine = fixture_engine
    survey = q.survey_area_results(engine, question_code="safe_after_dark")
    assert survey.area_code.str.startswith("E05").sum() > 0
    assert {NORTH, SOUTH, EAST} <= set(survey.area_code)
    assert survey.estimate.between(0, 1).all() and survey.is_demo.all()
    # Only the local survey (not the CSEW): 3 waves of 3 sectors, the city, 3 wards.
    assert len(survey) == 3 * 7
    assert set(survey.survey_id) == {"pes_residents_survey"}
    wards = survey[survey.area_code.str.startswith("E05")]
    assert set(wards.area_code) == {W1, W3, W5}
    kpis = q.sector_kpi_values(engine)
    assert set(kpis.sector_code) == {NORTH, SOUTH, EAST}
    assert kpis.is_demo.all()
    # The city-wide KPI has no sector: 3 KPIs with 2 quarters each.
    assert list(kpis.kpi_id) == ["asb-east"] * 2 + ["asb-north"] * 2 + ["asb-south"] * 2
    assert kpis.value.to_list() == [12.0, 10.0, 20.0, 18.0, 15.0, 16.0]


@pytest.mark.shipped_build
def test_real_police_month_splits_inside_outside_and_unlocated(
    real_database_url: str,
) -> None:
    engine = make_readonly_engine(real_database_url)
    counts = q.incidents_outside(
        engine, start_month=AUGUST_2019, end_month=AUGUST_2019
    ).iloc[0]
    # The shipped Cambridgeshire file: 7,363 rows, 321 with no location.
    assert counts.no_location == 321
    assert counts.inside + counts.outside + counts.no_location == 7363
    assert 2000 < counts.inside < 2500
    locations = q.incident_locations(
        engine, start_month=AUGUST_2019, end_month=AUGUST_2019
    )
    assert locations.incidents.sum() == counts.inside
    assert locations.longitude.between(-0.5, 0.0).all()
    assert set(locations.sector_code) == {"PES-NORTH", "PES-SOUTH", "PES-EAST"}
    months = q.incident_months(engine, categories=list(POLICE_CRIME_TYPES))
    assert list(months.month.astype(str)) == ["2019-08-01"] + [
        f"{year}-{month:02d}-01" for year in (2024, 2025) for month in range(1, 13)
    ]
    assert not months.is_demo.any()


@pytest.mark.shipped_build
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_shipped_survey_and_kpi_values_are_demo_by_ward_and_sector(
    backend: str, request: pytest.FixtureRequest
) -> None:
    engine = make_readonly_engine(request.getfixturevalue(f"full_{backend}_url"))
    survey = q.survey_area_results(engine, question_code="safe_after_dark")
    assert survey.area_code.str.startswith("E05").sum() > 0
    assert {"PES-NORTH", "PES-SOUTH", "PES-EAST"} <= set(survey.area_code)
    assert survey.estimate.between(0, 1).all() and survey.is_demo.all()
    kpis = q.sector_kpi_values(engine)
    assert set(kpis.sector_code) == {"PES-NORTH", "PES-SOUTH", "PES-EAST"}
    assert kpis.is_demo.all()
