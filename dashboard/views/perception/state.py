"""The perception page's state: URL query values to a typed, frozen state, with a
plain-English message for each value the page cannot show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pandas as pd

from dashboard.metrics.perception import DEFAULT_MIN_BASE, RECORDED_MEASURES
from domain.echo import echoed

if TYPE_CHECKING:  # data.py imports this module: only the type is needed here
    from dashboard.views.perception.data import Choices

DEFAULT_QUESTION = "crime_gone_up_locally"
DEFAULT_MEASURE = "all-crime"
DEFAULT_LEVEL = "sector"
LEVEL_WORDS = {"sector": ("sector", "sectors"), "ward": ("ward", "wards")}


@dataclass(frozen=True)
class PerceptionState:
    """Everything a view depends on; each field is a URL query parameter."""

    survey: str
    question: str
    measure: str = DEFAULT_MEASURE
    level: str = DEFAULT_LEVEL
    wave: str = ""
    pool: int = 1
    min_base: int = DEFAULT_MIN_BASE
    deff: float = 1.0
    ward: str = ""


QUERY_PARAMETERS = tuple(field.name for field in fields(PerceptionState))


def to_query(values: Mapping[str, object]) -> str:
    """The address's query string for the control values: every non-empty value, in
    the state's field order, written as the browser's URLSearchParams writes it."""
    kept = {
        name: _query_value(values[name])
        for name in QUERY_PARAMETERS
        if values.get(name) not in (None, "")
    }
    return "?" + urlencode(kept, safe="*")


def _query_value(value: object) -> str:
    # As JavaScript's String(value): 1.0 is "1", True is "true".
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(raw: object, kind: type, low: float, high: float) -> float | int | None:
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def normalise_state(
    raw: Mapping[str, object], choices: Choices
) -> tuple[PerceptionState, list[str]]:
    """A valid state from URL values: unknown values give a message and the default."""
    messages: list[str] = []

    def refuse(name: str, value: object, default: object, shown: str) -> None:
        messages.append(
            f"The address asked for {name} '{echoed(value)}', which this page does not "
            f"offer: showing {shown} instead."
        )

    survey_ids = list(choices.surveys.survey_id)
    survey_id = str(raw.get("survey") or (survey_ids[0] if survey_ids else ""))
    if survey_id not in survey_ids and survey_ids:
        refuse("survey", raw.get("survey"), survey_ids[0], "the default survey")
        survey_id = survey_ids[0]
    questions = list(choices.questions.question_code)
    default_question = (
        DEFAULT_QUESTION
        if DEFAULT_QUESTION in questions
        else (questions[0] if questions else "")
    )
    question = str(raw.get("question") or default_question)
    if question not in questions:
        refuse(
            "question", raw.get("question"), default_question, "the default question"
        )
        question = default_question
    measure = str(raw.get("measure") or DEFAULT_MEASURE)
    if measure not in RECORDED_MEASURES:
        refuse("recorded measure", raw.get("measure"), DEFAULT_MEASURE, "all crime")
        measure = DEFAULT_MEASURE
    level = str(raw.get("level") or DEFAULT_LEVEL)
    if level not in LEVEL_WORDS:
        refuse("area level", raw.get("level"), DEFAULT_LEVEL, "sectors")
        level = DEFAULT_LEVEL
    waves = choices.waves.get(survey_id, pd.DataFrame(columns=["wave"]))
    default_wave = choices.default_wave(survey_id)
    wave = str(raw.get("wave") or default_wave)
    if wave not in set(waves.wave):
        refuse("wave", raw.get("wave"), default_wave, f"{default_wave}")
        wave = default_wave
    pool = 1 if raw.get("pool") in (None, "") else _number(raw.get("pool"), int, 1, 3)
    if pool is None:
        refuse("pooling", raw.get("pool"), 1, "this wave only")
        pool = 1
    min_base = (
        DEFAULT_MIN_BASE
        if raw.get("min_base") in (None, "")
        else _number(raw.get("min_base"), int, 10, 1000)
    )
    if min_base is None:
        refuse(
            "minimum base",
            raw.get("min_base"),
            DEFAULT_MIN_BASE,
            f"{DEFAULT_MIN_BASE} (a whole number from 10 to 1,000 is allowed)",
        )
        min_base = DEFAULT_MIN_BASE
    stored = choices.surveys.set_index("survey_id").design_effect
    survey_deff = float(stored.get(survey_id, 1.0)) if survey_ids else 1.0
    deff = (
        survey_deff
        if raw.get("deff") in (None, "")
        else _number(raw.get("deff"), float, 1.0, 5.0)
    )
    if deff is None:
        refuse(
            "design effect",
            raw.get("deff"),
            survey_deff,
            f"the survey's own {survey_deff:g} (a number from 1 to 5 is allowed)",
        )
        deff = survey_deff
    ward = str(raw.get("ward") or "")
    if ward and ward not in set(choices.wards.ward_code):
        refuse("ward", raw.get("ward"), "", "the ward with the largest gap")
        ward = ""
    state = PerceptionState(
        survey=survey_id,
        question=question,
        measure=measure,
        level=level,
        wave=wave,
        pool=int(pool),
        min_base=int(min_base),
        deff=round(float(deff), 2),
        ward=ward,
    )
    return state, messages


def recorded_measure_options() -> list[dict]:
    """The recorded-measure dropdown's options."""
    return [{"label": m.label, "value": m.key} for m in RECORDED_MEASURES.values()]
