"""Residents' survey results: the surveys loaded, their questions, waves and estimates
by area (the local survey by ward, sector and city; CSEW national headline figures)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.crime import UnknownChoiceError
from data_access.queries.runner import as_dates, frame, guarded

SURVEY_COLUMNS = [
    "survey_id",
    "survey_name",
    "provider",
    "geography",
    "design_effect",
    "is_demo",
    "dataset_id",
]
RESULT_COLUMNS = [
    "survey_id",
    "wave",
    "fieldwork_start",
    "fieldwork_end",
    "area_code",
    "area_name",
    "area_kind",
    "question_code",
    "base_size",
    "estimate",
    "is_demo",
]


@guarded
def surveys(engine: Engine) -> pd.DataFrame:
    """Every survey loaded: the columns of SURVEY_COLUMNS, local (demo) surveys last."""
    table = schema.survey
    result = frame(
        engine,
        select(*(table.c[name] for name in SURVEY_COLUMNS)).order_by(
            table.c.is_demo, table.c.survey_id
        ),
        SURVEY_COLUMNS,
    )
    result["is_demo"] = result.is_demo.astype(bool)
    result["design_effect"] = result.design_effect.astype(float)
    return result


@guarded
def local_surveys(engine: Engine) -> pd.DataFrame:
    """``surveys`` with results for Peterborough's wards or sectors, in one query
    (``surveys`` filtered by ``local_survey_ids``)."""
    table, result, area = schema.survey, schema.survey_result, schema.area
    local = (
        select(result.c.survey_id)
        .join(area, area.c.area_code == result.c.area_code)
        .where(area.c.area_kind.in_(["ward", "sector"]))
    )
    found = frame(
        engine,
        select(*(table.c[name] for name in SURVEY_COLUMNS))
        .where(table.c.survey_id.in_(local))
        .order_by(table.c.is_demo, table.c.survey_id),
        SURVEY_COLUMNS,
    )
    found["is_demo"] = found.is_demo.astype(bool)
    found["design_effect"] = found.design_effect.astype(float)
    return found


@guarded
def survey_questions(engine: Engine, *, survey_id: str | None = None) -> pd.DataFrame:
    """Columns question_code, question_text, short_label, direction ('higher_is_worse'
    or 'higher_is_better'): every question, or those a survey has results for."""
    question, result = schema.survey_question, schema.survey_result
    statement = select(
        question.c.question_code,
        question.c.question_text,
        question.c.short_label,
        question.c.direction,
    ).order_by(question.c.question_code)
    if survey_id is not None:
        asked = (
            select(result.c.question_code)
            .where(result.c.survey_id == survey_id)
            .distinct()
        )
        statement = statement.where(question.c.question_code.in_(asked))
    return frame(
        engine,
        statement,
        ["question_code", "question_text", "short_label", "direction"],
    )


@guarded
def survey_waves(engine: Engine, *, survey_id: str) -> pd.DataFrame:
    """Columns wave, fieldwork_start, fieldwork_end of one survey, oldest first."""
    table = schema.survey_result
    result = frame(
        engine,
        select(table.c.wave, table.c.fieldwork_start, table.c.fieldwork_end)
        .where(table.c.survey_id == survey_id)
        .distinct()
        .order_by(table.c.fieldwork_start, table.c.wave),
        ["wave", "fieldwork_start", "fieldwork_end"],
    )
    for column in ("fieldwork_start", "fieldwork_end"):
        result[column] = as_dates(result[column])
    return result


@guarded
def survey_results(
    engine: Engine,
    *,
    survey_id: str,
    question_code: str,
    area_kinds: list[str] | None = None,
) -> pd.DataFrame:
    """One question's estimates for every wave and area of a survey.

    Columns: RESULT_COLUMNS; ``estimate`` is a proportion (0 to 1) and ``base_size``
    the unweighted number of answers (empty where a source publishes none).
    ``area_kinds`` (e.g. ['sector', 'lad']) limits the areas; None for all.
    """
    result, area = schema.survey_result, schema.area
    statement = (
        _results_statement(question_code)
        .where(result.c.survey_id == survey_id)
        .order_by(result.c.fieldwork_start, result.c.area_code)
    )
    if area_kinds is not None:
        statement = statement.where(area.c.area_kind.in_(area_kinds))
    return _results_frame(engine, statement, question_code)


@guarded
def reference_results(
    engine: Engine, *, question_code: str, local_surveys: list[str]
) -> pd.DataFrame:
    """One question's estimates from every survey but ``local_surveys`` (as
    ``local_survey_ids`` gives them): the national reference figures, such as the
    CSEW headline, in one query.

    Columns: RESULT_COLUMNS; surveys in the order of ``surveys``, then as
    ``survey_results`` orders each.
    """
    result, survey = schema.survey_result, schema.survey
    statement = (
        _results_statement(question_code)
        .where(result.c.survey_id.not_in(local_surveys))
        .order_by(
            survey.c.is_demo,
            survey.c.survey_id,
            result.c.fieldwork_start,
            result.c.area_code,
        )
    )
    return _results_frame(engine, statement, question_code)


def _results_statement(question_code: str) -> Select:
    """Estimates of a known question with their area and survey (no rows for an
    unknown question: ``_results_frame`` tells the two apart)."""
    result, area, survey = schema.survey_result, schema.area, schema.survey
    question = schema.survey_question
    return (
        select(
            result.c.survey_id,
            result.c.wave,
            result.c.fieldwork_start,
            result.c.fieldwork_end,
            result.c.area_code,
            area.c.area_name,
            area.c.area_kind,
            result.c.question_code,
            result.c.base_size,
            result.c.estimate,
            survey.c.is_demo,
        )
        .join(survey, survey.c.survey_id == result.c.survey_id)
        .join(question, question.c.question_code == result.c.question_code)
        .outerjoin(area, area.c.area_code == result.c.area_code)
        .where(result.c.question_code == question_code)
    )


def _results_frame(
    engine: Engine, statement: Select, question_code: str
) -> pd.DataFrame:
    data = frame(engine, statement, RESULT_COLUMNS)
    # Only an empty answer needs the question list to tell an unknown question
    # from one with no results here: one query fewer in the usual case.
    if data.empty and question_code not in set(survey_questions(engine).question_code):
        raise UnknownChoiceError(f"Unknown survey question {question_code!r}")
    data["is_demo"] = data.is_demo.astype(bool)
    data["estimate"] = data.estimate.astype(float)
    data["base_size"] = pd.to_numeric(data.base_size, errors="coerce").astype("Int64")
    for column in ("fieldwork_start", "fieldwork_end"):
        data[column] = as_dates(data[column])
    return data


@guarded
def local_survey_ids(engine: Engine) -> list[str]:
    """Surveys with results for Peterborough's wards or sectors: real ones first,
    then the most recent fieldwork first."""
    result, area, survey = schema.survey_result, schema.area, schema.survey
    statement = (
        select(result.c.survey_id, survey.c.is_demo, func.max(result.c.fieldwork_end))
        .join(area, area.c.area_code == result.c.area_code)
        .join(survey, survey.c.survey_id == result.c.survey_id)
        .where(area.c.area_kind.in_(["ward", "sector"]))
        .group_by(result.c.survey_id, survey.c.is_demo)
    )
    found = frame(engine, statement, ["survey_id", "is_demo", "latest"])
    found["is_demo"] = found.is_demo.astype(bool)
    found = found.sort_values(
        ["is_demo", "latest", "survey_id"], ascending=[True, False, True]
    )
    return found.survey_id.to_list()
