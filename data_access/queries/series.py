"""Published annual series (police recorded ASB by force, fly-tipping by
authority), the CSEW force-level survey results with their published flags, and
the populations a rate of our own is divided by."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import schema
from data_access.queries.runner import as_dates, frame, guarded

COUNT_COLUMNS = [
    "series",
    "area_code",
    "area_name",
    "period_label",
    "period_start",
    "period_end",
    "value",
    "published_population",
    "published_rate",
    "dataset_id",
]
FORCE_SURVEY_COLUMNS = [
    "wave",
    "fieldwork_start",
    "fieldwork_end",
    "area_code",
    "area_name",
    "question_code",
    "short_label",
    "base_size",
    "estimate",
    "significant_vs_reference",
    "change_vs_previous",
    "design_effect",
]


@guarded
def annual_counts(
    engine: Engine, *, series: list[str], area_codes: list[str]
) -> pd.DataFrame:
    """Columns COUNT_COLUMNS: the named series for the named areas, by area then
    year (empty when none is loaded)."""
    table = schema.annual_count
    result = frame(
        engine,
        select(*(table.c[name] for name in COUNT_COLUMNS))
        .where(table.c.series.in_(series), table.c.area_code.in_(area_codes))
        .order_by(table.c.series, table.c.area_code, table.c.period_end),
        COUNT_COLUMNS,
    )
    for column in ("period_start", "period_end"):
        result[column] = as_dates(result[column])
    result["value"] = result.value.astype("int64")
    for column in ("published_population", "published_rate"):
        result[column] = pd.to_numeric(result[column], errors="coerce")
    return result


@guarded
def area_populations(engine: Engine, *, area_codes: list[str]) -> pd.DataFrame:
    """Columns area_code, year, population: every mid-year estimate loaded for
    the areas (authorities, regions, countries)."""
    pop = schema.population
    return frame(
        engine,
        select(pop.c.area_code, pop.c.year, pop.c.population)
        .where(pop.c.area_code.in_(area_codes))
        .order_by(pop.c.area_code, pop.c.year),
        ["area_code", "year", "population"],
    )


@guarded
def force_survey_results(
    engine: Engine, *, survey_id: str, area_codes: list[str]
) -> pd.DataFrame:
    """Columns FORCE_SURVEY_COLUMNS: a survey's results for the areas, with the
    published significance flags (None where none is published), oldest first."""
    result, question, survey = (
        schema.survey_result,
        schema.survey_question,
        schema.survey,
    )
    area = schema.area
    statement = (
        select(
            result.c.wave,
            result.c.fieldwork_start,
            result.c.fieldwork_end,
            result.c.area_code,
            area.c.area_name,
            result.c.question_code,
            question.c.short_label,
            result.c.base_size,
            result.c.estimate,
            result.c.significant_vs_reference,
            result.c.change_vs_previous,
            survey.c.design_effect,
        )
        .join(survey, survey.c.survey_id == result.c.survey_id)
        .join(question, question.c.question_code == result.c.question_code)
        .outerjoin(area, area.c.area_code == result.c.area_code)
        .where(result.c.survey_id == survey_id, result.c.area_code.in_(area_codes))
        .order_by(result.c.fieldwork_end, result.c.question_code, result.c.area_code)
    )
    data = frame(engine, statement, FORCE_SURVEY_COLUMNS)
    for column in ("fieldwork_start", "fieldwork_end"):
        data[column] = as_dates(data[column])
    data["estimate"] = data.estimate.astype(float)
    data["design_effect"] = data.design_effect.astype(float)
    data["base_size"] = pd.to_numeric(data.base_size, errors="coerce").astype("Int64")
    return data
