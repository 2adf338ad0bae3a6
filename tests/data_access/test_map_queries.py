"""Map queries on the real data (SQLite and PostgreSQL) and on the full build."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.metrics.maps import POLICE_CRIME_TYPES
from data_access import make_readonly_engine
from data_access.queries import maps as q

AUGUST_2019 = date(2019, 8, 1)


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
    assert list(months.month.astype(str)) == ["2019-08-01"]
    assert not months.is_demo.any()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_survey_and_kpi_values_by_ward_and_sector(
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
