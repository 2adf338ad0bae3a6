"""Survey queries on the full database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.engine import make_readonly_engine
from data_access.queries import survey
from data_access.queries.crime import UnknownChoiceError
from data_access.queries.runner import as_dates


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = request.getfixturevalue("full_sqlite_url")
    else:
        url = request.getfixturevalue("full_postgres_url")
    engine = make_readonly_engine(url)
    yield engine
    engine.dispose()


def test_local_survey_is_the_demo_residents_survey_with_seven_waves(engine) -> None:  # type: ignore[no-untyped-def]
    assert survey.local_survey_ids(engine) == ["pes_residents_survey"]
    waves = survey.survey_waves(engine, survey_id="pes_residents_survey")
    assert len(waves) == 7
    assert waves.fieldwork_start.is_monotonic_increasing
    surveys = survey.surveys(engine).set_index("survey_id")
    assert surveys.at["pes_residents_survey", "design_effect"] == pytest.approx(1.4)
    assert not surveys.at["csew_national", "is_demo"]


def test_sector_results_have_bases_and_the_city_row(engine) -> None:  # type: ignore[no-untyped-def]
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


def test_csew_reference_has_no_base_and_real_flag(engine) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        engine, survey_id="csew_national", question_code="crime_gone_up_locally"
    )
    assert results.estimate.to_list() == [pytest.approx(0.32)]
    assert results.base_size.isna().all() and not results.is_demo.any()


def test_unknown_question_is_refused(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownChoiceError):
        survey.survey_results(
            engine, survey_id="pes_residents_survey", question_code="x'; drop"
        )
    asked = survey.survey_questions(engine, survey_id="pes_residents_survey")
    assert "confidence_local_police" not in set(asked.question_code)
    assert len(asked) == 5


def test_reference_results_are_the_national_surveys_in_one_query(engine) -> None:  # type: ignore[no-untyped-def]
    local = survey.local_survey_ids(engine)
    references = survey.reference_results(
        engine, question_code="crime_gone_up_locally", local_surveys=local
    )
    expected = survey.survey_results(
        engine, survey_id="csew_national", question_code="crime_gone_up_locally"
    )
    pd.testing.assert_frame_equal(references, expected)
    safe = survey.reference_results(
        engine, question_code="safe_after_dark", local_surveys=local
    )
    assert safe.empty and list(safe.columns) == survey.RESULT_COLUMNS
    with pytest.raises(UnknownChoiceError):
        survey.reference_results(engine, question_code="x'; drop", local_surveys=local)


def test_known_question_without_results_is_empty_not_refused(engine) -> None:  # type: ignore[no-untyped-def]
    results = survey.survey_results(
        engine,
        survey_id="pes_residents_survey",
        question_code="confidence_local_police",
    )
    assert results.empty and list(results.columns) == survey.RESULT_COLUMNS


def test_local_surveys_are_the_surveys_with_local_results(engine) -> None:  # type: ignore[no-untyped-def]
    surveys = survey.surveys(engine)
    local = surveys[surveys.survey_id.isin(survey.local_survey_ids(engine))]
    pd.testing.assert_frame_equal(
        survey.local_surveys(engine), local.reset_index(drop=True)
    )


def test_dates_from_the_driver_are_kept_and_text_is_converted() -> None:
    dates = pd.Series([date(2024, 1, 8), date(2024, 7, 8)], dtype=object)
    assert as_dates(dates) is dates
    text = pd.Series(["2024-01-08", "2024-07-08"])
    assert as_dates(text).tolist() == dates.tolist()
