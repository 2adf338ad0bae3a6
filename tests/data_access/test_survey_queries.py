"""Survey queries, on SQLite and PostgreSQL: their logic on the small fixture
database (tests/data_access/peterborough_fixture.py), the shipped figures on the
full build."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.engine import make_readonly_engine
from data_access.queries import survey
from data_access.queries.crime import UnknownChoiceError
from data_access.queries.runner import as_dates
from tests.data_access.peterborough_fixture import EAST, LAD, NORTH, SOUTH

# ------------------------------------------------------- logic, fixture database


def test_local_survey_is_the_demo_residents_survey_with_three_waves(
    fixture_engine,
) -> None:  # type: ignore[no-untyped-def]
    engine = fixture_engine
    assert survey.local_survey_ids(engine) == ["pes_residents_survey"]
    waves = survey.survey_waves(engine, survey_id="pes_residents_survey")
    assert len(waves) == 3
    assert waves.fieldwork_start.is_monotonic_increasing
    assert list(waves.wave) == ["Wave 1", "Wave 2", "Wave 3"]
    assert waves.fieldwork_end.iloc[-1] == date(2025, 2, 28)
    surveys = survey.surveys(engine).set_index("survey_id")
    assert list(surveys.index) == ["csew_national", "pes_residents_survey"]
    assert surveys.at["pes_residents_survey", "design_effect"] == pytest.approx(1.5)
    assert not surveys.at["csew_national", "is_demo"]


def test_sector_results_have_bases_and_the_city_row(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        fixture_engine,
        survey_id="pes_residents_survey",
        question_code="crime_gone_up_locally",
        area_kinds=["sector", "lad"],
    )
    assert set(results.area_kind) == {"sector", "lad"}
    assert len(results) == 3 * 4
    assert results.base_size.min() >= 100
    assert results.estimate.between(0, 1).all()
    # Oldest wave first, then by area code; each wave adds 0.01 to the first.
    last = results[results.wave == "Wave 3"]
    assert list(last.area_code) == [LAD, EAST, NORTH, SOUTH]
    assert last.estimate.to_list() == pytest.approx([0.42, 0.52, 0.32, 0.42])
    assert last.base_size.to_list() == [480, 170, 150, 160]


def test_csew_reference_has_no_base_and_real_flag(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        fixture_engine, survey_id="csew_national", question_code="crime_gone_up_locally"
    )
    assert results.estimate.to_list() == [pytest.approx(0.30)]
    assert results.base_size.isna().all() and not results.is_demo.any()
    assert results.area_kind.to_list() == ["country"]


def test_unknown_question_is_refused(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownChoiceError):
        survey.survey_results(
            fixture_engine, survey_id="pes_residents_survey", question_code="x'; drop"
        )
    asked = survey.survey_questions(fixture_engine, survey_id="pes_residents_survey")
    assert "confidence_local_police" not in set(asked.question_code)
    assert list(asked.question_code) == [
        "asb_problem",
        "crime_gone_up_locally",
        "safe_after_dark",
    ]
    assert len(survey.survey_questions(fixture_engine)) == 4


def test_reference_results_are_the_national_surveys_in_one_query(
    fixture_engine,
) -> None:  # type: ignore[no-untyped-def]
    engine = fixture_engine
    local = survey.local_survey_ids(engine)
    references = survey.reference_results(
        engine, question_code="crime_gone_up_locally", local_surveys=local
    )
    expected = survey.survey_results(
        engine, survey_id="csew_national", question_code="crime_gone_up_locally"
    )
    pd.testing.assert_frame_equal(references, expected)
    assert len(references) == 1
    safe = survey.reference_results(
        engine, question_code="safe_after_dark", local_surveys=local
    )
    assert safe.empty and list(safe.columns) == survey.RESULT_COLUMNS
    with pytest.raises(UnknownChoiceError):
        survey.reference_results(engine, question_code="x'; drop", local_surveys=local)


def test_known_question_without_results_is_empty_not_refused(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        fixture_engine,
        survey_id="pes_residents_survey",
        question_code="confidence_local_police",
    )
    assert results.empty and list(results.columns) == survey.RESULT_COLUMNS


def test_local_surveys_are_the_surveys_with_local_results(fixture_engine) -> None:  # type: ignore[no-untyped-def]
    surveys = survey.surveys(fixture_engine)
    local = surveys[surveys.survey_id.isin(survey.local_survey_ids(fixture_engine))]
    pd.testing.assert_frame_equal(
        survey.local_surveys(fixture_engine), local.reset_index(drop=True)
    )
    assert list(local.survey_id) == ["pes_residents_survey"]


def test_dates_from_the_driver_are_kept_and_text_is_converted() -> None:
    dates = pd.Series([date(2024, 1, 8), date(2024, 7, 8)], dtype=object)
    assert as_dates(dates) is dates
    text = pd.Series(["2024-01-08", "2024-07-08"])
    assert as_dates(text).tolist() == dates.tolist()


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
def test_local_survey_is_the_demo_residents_survey_with_seven_waves(engine) -> None:  # type: ignore[no-untyped-def]
    assert survey.local_survey_ids(engine) == ["pes_residents_survey"]
    waves = survey.survey_waves(engine, survey_id="pes_residents_survey")
    assert len(waves) == 7
    assert waves.fieldwork_start.is_monotonic_increasing
    surveys = survey.surveys(engine).set_index("survey_id")
    assert surveys.at["pes_residents_survey", "design_effect"] == pytest.approx(1.4)
    assert not surveys.at["csew_national", "is_demo"]


@pytest.mark.shipped_build
def test_shipped_sector_results_are_seven_waves_of_three_sectors_and_the_city(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        engine,
        survey_id="pes_residents_survey",
        question_code="crime_gone_up_locally",
        area_kinds=["sector", "lad"],
    )
    assert set(results.area_kind) == {"sector", "lad"}
    assert len(results) == 7 * 4
    assert results.base_size.min() >= 100
    assert results.estimate.between(0, 1).all()


@pytest.mark.shipped_build
def test_shipped_csew_reference_is_32_percent_with_no_base(engine) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        engine, survey_id="csew_national", question_code="crime_gone_up_locally"
    )
    assert results.estimate.to_list() == [pytest.approx(0.32)]
    assert results.base_size.isna().all() and not results.is_demo.any()


@pytest.mark.shipped_build
def test_shipped_local_survey_asks_five_questions(engine) -> None:  # type: ignore[no-untyped-def]
    asked = survey.survey_questions(engine, survey_id="pes_residents_survey")
    assert "confidence_local_police" not in set(asked.question_code)
    assert len(asked) == 5


def test_perception_counts_only_months_with_records_as_covered(full_sqlite_url) -> None:  # type: ignore[no-untyped-def]
    """The shipped police.uk months are January 2024 to December 2025 and one
    August 2019 sample: the months between were never loaded, so no wave's window
    or trend quarter there reads as zero crime."""
    from dashboard.views.perception.data import load_choices

    choices = load_choices(make_readonly_engine(full_sqlite_url))
    covered = sorted(choices.covered_months)
    assert covered[0] == date(2019, 8, 1)
    assert covered[1:] == [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]
