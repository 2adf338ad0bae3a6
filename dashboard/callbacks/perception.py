"""Perceived against recorded crime: page state from the URL, the three charts and
the Overview tile. Decisions live in pure functions; callbacks only wire them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import Dash, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error, headline_tile
from dashboard.figures.perception import quadrant_figure, trend_figure
from dashboard.figures.theme import plain_empty_figure
from dashboard.freshness import format_day
from dashboard.memo import kept
from dashboard.metrics.perception import (
    ASB,
    CITY_CODE,
    CRIME_TYPES,
    DEFAULT_MIN_BASE,
    RECORDED_MEASURES,
    gap_table,
    merge_on_area,
    pooled_estimates_by_wave,
    quarterly_rates,
    recorded_rates,
    recorded_window,
    with_wilson,
)
from data_access.engine import DataUnavailableError
from data_access.queries import local, survey
from data_access.queries.crime import UnknownChoiceError
from domain.dates import month_start, months_between
from domain.population import population_year

DEFAULT_QUESTION = "crime_gone_up_locally"
DEFAULT_MEASURE = "all-crime"
DEFAULT_LEVEL = "sector"
POLICE_CATEGORIES = (*CRIME_TYPES, ASB)
LEVEL_WORDS = {"sector": ("sector", "sectors"), "ward": ("ward", "wards")}


# ------------------------------------------------------------------ page state
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


@dataclass(frozen=True)
class Choices:
    """What the database offers: local surveys, questions, waves, wards, coverage."""

    surveys: pd.DataFrame  # survey_id, survey_name, design_effect, is_demo, ...
    questions: pd.DataFrame  # question_code, short_label, question_text, direction
    waves: dict[str, pd.DataFrame]  # survey_id -> wave, fieldwork_start, fieldwork_end
    wards: pd.DataFrame  # ward_code, ward_name, sector_code, sector_name
    covered_months: frozenset[date]

    def default_wave(self, survey_id: str) -> str:
        """The latest wave whose 12 recorded months are all loaded, else the latest."""
        waves = self.waves.get(survey_id)
        if waves is None or waves.empty:
            return ""
        for wave in waves[::-1].itertuples():
            if window_covered(wave.fieldwork_end, self.covered_months):
                return str(wave.wave)
        return str(waves.wave.iloc[-1])


def window_covered(fieldwork_end: date, covered: frozenset[date] | set[date]) -> bool:
    """True if every month of the 12-month recorded window is loaded."""
    first, last = recorded_window(fieldwork_end)
    return all(month in covered for month in months_between(first, last))


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
            f"The address asked for {name} {value!r}, which this page does not "
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


def load_choices(engine: Engine) -> Choices:
    """Local surveys (real first), questions, waves, wards and recorded coverage."""
    local_surveys = survey.local_surveys(engine)
    waves = {
        survey_id: survey.survey_waves(engine, survey_id=survey_id)
        for survey_id in local_surveys.survey_id
    }
    questions = (
        survey.survey_questions(engine, survey_id=local_surveys.survey_id.iloc[0])
        if not local_surveys.empty
        else survey.survey_questions(engine).iloc[0:0]
    )
    coverage = local.incident_coverage(engine, categories=list(POLICE_CATEGORIES))
    covered: set[date] = set()
    # Sources mostly share their first and last months: each span once.
    for first, last in set(zip(coverage.first_month, coverage.last_month, strict=True)):
        covered.update(months_between(_as_date(first), _as_date(last)))
    return Choices(
        surveys=local_surveys,
        questions=questions,
        waves=waves,
        wards=local.ward_sectors(engine),
        covered_months=frozenset(covered),
    )


# The page's callbacks and the Overview tile ask for the same choices and, for
# the page's opening state, the same view: keep them while the data are
# unchanged (shared between callers, so never changed in place).


def kept_choices(engine: Engine) -> Choices:
    """``load_choices``, kept per data version."""
    return kept(engine, "perception.choices", lambda: load_choices(engine))


def kept_view(engine: Engine, state: PerceptionState, choices: Choices) -> View:
    """``compute_view`` for a state, kept per data version."""
    return kept(
        engine, ("perception.view", state), lambda: compute_view(engine, state, choices)
    )


def warm_view(engine: Engine) -> None:
    """Prepare the choices and the view the page opens on (the Overview's too)."""
    choices = kept_choices(engine)
    if not choices.surveys.empty:
        state, _ = normalise_state({}, choices)
        kept_view(engine, state, choices)


def _as_date(value: object) -> date:
    return value if type(value) is date else pd.Timestamp(value).date()


def _city_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """The areas' incidents added up by month and demo flag, as the city's rows
    (a few hundred rows: summed in plain Python, cheaper than a group-by)."""
    totals: dict[tuple[date, bool], int] = {}
    for key, incidents in zip(
        zip(counts.month.tolist(), counts.is_demo.tolist(), strict=True),
        counts.incidents.tolist(),
        strict=True,
    ):
        totals[key] = totals.get(key, 0) + incidents
    keys = sorted(totals)
    return pd.DataFrame(
        {
            "area_code": [CITY_CODE] * len(keys),
            "month": [month for month, _ in keys],
            "is_demo": np.array([demo for _, demo in keys], dtype=bool),
            "incidents": np.array([totals[key] for key in keys], dtype="int64"),
        }
    )


def control_values(
    state: PerceptionState, choices: Choices, messages: list[str]
) -> tuple:
    """Options and values for every control, and the message box, for a state."""
    survey_options = [
        {
            "label": row.survey_name + ("" if row.is_demo else " (real)"),
            "value": row.survey_id,
        }
        for row in choices.surveys.itertuples()
    ]
    question_options = [
        {"label": row.short_label, "value": row.question_code}
        for row in choices.questions.itertuples()
    ]
    waves = choices.waves.get(state.survey, pd.DataFrame(columns=["wave"]))
    wave_options = [{"label": wave, "value": wave} for wave in waves.wave[::-1]]
    ward_options = [{"label": "The ward with the largest gap", "value": ""}] + [
        {"label": row.ward_name, "value": row.ward_code}
        for row in choices.wards.sort_values("ward_name").itertuples()
    ]
    message = (
        dbc.Alert([html.Div(text) for text in messages], color="warning")
        if messages
        else None
    )
    return (
        survey_options,
        state.survey,
        question_options,
        state.question,
        wave_options,
        state.wave,
        ward_options,
        state.ward,
        state.measure,
        state.level,
        state.pool,
        state.min_base,
        state.deff,
        message,
    )


def init_controls(
    engine: Engine, query: Mapping[str, object] | None, current: Mapping[str, object]
) -> tuple:
    """Controls from the URL (first load) or from the controls (survey changed)."""
    try:
        choices = kept_choices(engine)
    except DataUnavailableError as error:
        return (*([[], None] * 4), None, None, None, None, None, data_error(str(error)))
    if not len(choices.surveys):
        return (
            *([[], None] * 4),
            None,
            None,
            None,
            None,
            None,
            data_error("No local residents' survey has been loaded."),
        )
    raw = (
        dict(current)
        if ctx.triggered_id == ids.Perception.SURVEY
        else dict(query or {})
    )
    if ctx.triggered_id == ids.Perception.SURVEY:
        raw["wave"] = ""
        raw["deff"] = ""
    state, messages = normalise_state(raw, choices)
    return control_values(state, choices, messages)


# ------------------------------------------------------------------ the view
@dataclass
class View:
    """Everything computed for one state, for the three sections and the tile."""

    state: PerceptionState
    survey_name: str
    survey_demo: bool
    question_label: str
    question_text: str
    direction: str
    measure_label: str
    wave_row: pd.Series
    window: tuple[date, date]
    window_covered: bool
    population_year: int | None
    estimates: pd.DataFrame
    recorded: pd.DataFrame
    gaps: pd.DataFrame
    trend_survey: pd.DataFrame
    trend_recorded: pd.DataFrame
    references: pd.DataFrame
    recorded_demo: bool
    waves: pd.DataFrame
    focus_name: str


def compute_view(engine: Engine, state: PerceptionState, choices: Choices) -> View:
    """Query and compute everything a state needs (no Dash)."""
    meta_row = choices.surveys.set_index("survey_id").loc[state.survey]
    question = choices.questions.set_index("question_code").loc[state.question]
    measure = RECORDED_MEASURES[state.measure]
    waves = choices.waves[state.survey]
    wave_names = list(waves.wave)
    wave_row = waves.set_index("wave").loc[state.wave]
    window = recorded_window(wave_row.fieldwork_end)
    covered = window_covered(wave_row.fieldwork_end, choices.covered_months)
    kinds = [state.level, "lad"]
    results = survey.survey_results(
        engine,
        survey_id=state.survey,
        question_code=state.question,
        area_kinds=kinds,
    )
    # Every wave is pooled at once: the trend shows them all.
    every_wave = with_wilson(
        pooled_estimates_by_wave(
            results, wave_names, min_base=state.min_base, max_waves=state.pool
        ),
        design_effect=state.deff,
    )
    estimates = every_wave.iloc[
        np.flatnonzero(every_wave.wave.to_numpy() == state.wave),
        [i for i, name in enumerate(every_wave.columns) if name != "wave"],
    ].reset_index(drop=True)
    populations = local.local_populations(engine)
    first_fieldwork = month_start(waves.fieldwork_start.min())
    trend_months = sorted(m for m in choices.covered_months if m >= first_fieldwork)
    last_month = max([window[1], *trend_months]) if trend_months else window[1]
    year = population_year(last_month, populations)
    population = (
        populations[year]
        if year is not None
        else pd.DataFrame(columns=["area_code", "area_name", "area_kind", "population"])
    )
    population = population[population.area_kind.isin(kinds)]
    first_month = min([window[0], *trend_months]) if trend_months else window[0]
    counts = local.incident_totals(
        engine,
        start_month=first_month,
        end_month=last_month,
        level=state.level,
        categories=list(measure.categories),
    )
    counts = pd.concat([counts, _city_totals(counts)], ignore_index=True)
    months = np.array(
        [_as_date(month) for month in counts.month.tolist()], dtype=object
    )
    in_window = counts[(months >= window[0]) & (months <= window[1])]
    recorded = recorded_rates(in_window, population)
    gaps = (
        gap_table(
            estimates, recorded, direction=question.direction, design_effect=state.deff
        )
        if covered
        else gap_table(estimates.iloc[0:0], recorded, direction=question.direction)
    )
    if state.level == "ward":
        focus = state.ward or (
            str(gaps.area_code.iloc[0])
            if not gaps.empty and pd.notna(gaps["rank"].iloc[0])
            else str(choices.wards.sort_values("ward_name").ward_code.iloc[0])
        )
        trend_areas = [focus, CITY_CODE]
        focus_name = str(
            choices.wards.set_index("ward_code").ward_name.get(focus, focus)
        )
    else:
        trend_areas = list(population.area_code)
        focus_name = ""
    trend_survey = every_wave[every_wave.area_code.isin(trend_areas)]
    trend_recorded = quarterly_rates(
        counts[counts.area_code.isin(trend_areas)],
        population[population.area_code.isin(trend_areas)],
        covered_months=set(trend_months),
    )
    references = survey.reference_results(
        engine,
        question_code=state.question,
        local_surveys=list(choices.surveys.survey_id),
    )
    return View(
        state=state,
        survey_name=str(meta_row.survey_name),
        survey_demo=bool(meta_row.is_demo),
        question_label=str(question.short_label),
        question_text=str(question.question_text),
        direction=str(question.direction),
        measure_label=measure.label,
        wave_row=wave_row,
        window=window,
        window_covered=covered,
        population_year=year,
        estimates=estimates,
        recorded=recorded,
        gaps=gaps,
        trend_survey=trend_survey,
        trend_recorded=trend_recorded,
        references=references,
        recorded_demo=bool(in_window.is_demo.any()) if not in_window.empty else True,
        waves=waves,
        focus_name=focus_name,
    )


# ------------------------------------------------------------------ sentences
def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def quadrant_sentence(view: View) -> str:
    """One sentence on where areas sit, generated from the gap table."""
    singular, plural = LEVEL_WORDS[view.state.level]
    wave = view.state.wave
    if not view.window_covered:
        return (
            f"Recorded data for the 12 months to {view.window[1]:%B %Y} is not loaded, "
            f"so {wave} cannot be set beside recorded crime."
        )
    ranked = _ranked_rows(view.gaps)
    if not len(ranked):
        return f"In {wave}, no {singular} has a base big enough to compare."
    significant = int(view.gaps.significant.to_numpy()[ranked].astype(bool).sum())
    gap = view.gaps.gap.to_numpy(dtype=float)
    top = view.gaps.iloc[
        ranked[0] if gap[ranked[0]] >= abs(gap[ranked[-1]]) else ranked[-1]
    ]
    verdict = "a significant gap" if top.significant else "a gap, not significant"
    return (
        f"In {wave}, {significant} of {len(ranked)} {plural} show a significant "
        f"gap. Largest: {top.area_name} ({top.quadrant.lower()}, {verdict}): "
        f"{_pct(top.estimate)} {_lower_first(view.question_label)} against Peterborough's "
        f"{_pct(_city_estimate(view))}; {top.rate:.1f} {_lower_first(view.measure_label)} "
        f"per 1,000 against {top.city_rate:.1f}."
    )


def _ranked_rows(gaps: pd.DataFrame) -> np.ndarray:
    """Positions of the areas with a gap (the ranked ones), in table order."""
    return np.flatnonzero(~np.isnan(gaps.gap.to_numpy(dtype=float)))


def _city_estimate(view: View) -> float:
    city = np.flatnonzero(view.estimates.area_code.to_numpy() == CITY_CODE)
    return float(view.estimates.estimate.iloc[city[0]]) if len(city) else float("nan")


def trend_sentence(view: View) -> str:
    """One sentence on how the focus area's perception and recorded rate moved."""
    # A few dozen rows: grouped in plain Python, cheaper than pandas here.
    survey = view.trend_survey
    by_area: dict[str, list[tuple]] = {}
    for code, end, estimate, name, wave in zip(
        survey.area_code.tolist(),
        survey.fieldwork_end.tolist(),
        survey.estimate.tolist(),
        survey.area_name.tolist(),
        survey.wave.tolist(),
        strict=True,
    ):
        if code != CITY_CODE and not pd.isna(estimate):
            by_area.setdefault(code, []).append((end, estimate, name, wave))
    if not by_area:
        return "No area has an estimate with a big enough base in any wave."
    changes = []
    for code in sorted(by_area):
        group = sorted(by_area[code], key=lambda row: row[0])
        changes.append((abs(group[-1][1] - group[0][1]), code, group))
    _, code, group = max(changes, key=lambda item: (item[0], item[1]))
    (_, first, name, first_wave), (_, last, _, last_wave) = group[0], group[-1]
    text = (
        f"{name}: {_lower_first(view.question_label)} went from "
        f"{_pct(first)} ({first_wave}) to {_pct(last)} ({last_wave})"
    )
    recorded = view.trend_recorded
    quarters = sorted(
        (start, rate, label)
        for area, start, rate, label in zip(
            recorded.area_code.tolist(),
            recorded.quarter_start.tolist(),
            recorded.rate.tolist(),
            recorded.quarter_label.tolist(),
            strict=True,
        )
        if area == code
    )
    if len(quarters) >= 2:
        text += (
            f"; {_lower_first(view.measure_label)} went from {quarters[0][1]:.1f} to "
            f"{quarters[-1][1]:.1f} per 1,000 a quarter "
            f"({quarters[0][2]} to {quarters[-1][2]})."
        )
    else:
        text += "; no recorded quarters are loaded for this period."
    return text


def gap_sentence(view: View) -> str:
    """One sentence on the ranking and how many areas could not be compared."""
    singular, plural = LEVEL_WORDS[view.state.level]
    ranked = _ranked_rows(view.gaps)
    dropped = len(view.gaps) - len(ranked)
    if not len(ranked):
        return f"No {singular} can be ranked for these choices."
    top = view.gaps.iloc[ranked[0]]
    words = (
        "a significant gap"
        if top.significant
        else "a gap that is not significant at the 5% level"
    )
    text = (
        f"{top.area_name} has the largest gap ({top.gap:+.1f} standard deviations, "
        f"{words}, z = {top.z:.1f}): compared with Peterborough, the worried share is "
        f"{_ratio_words(top.concern_ratio)} and {_lower_first(view.measure_label)} "
        f"{_ratio_words(top.rate_ratio)}."
    )
    if dropped:
        text += f" {dropped} {singular if dropped == 1 else plural} not ranked (see reason)."
    return text


def _ratio_words(ratio: float) -> str:
    change = 100 * (ratio - 1)
    if abs(change) < 0.5:
        return "the same"
    return f"{abs(change):.0f}% {'higher' if change > 0 else 'lower'}"


# ------------------------------------------------------------------ sections
def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, built column by column: the same values,
    several times quicker on these small, wide frames. Columns of other than numpy
    or text types (nullable numbers, say) go through pandas."""
    names = list(frame.columns)
    if not frame.columns.is_unique or not all(
        isinstance(dtype, np.dtype | pd.StringDtype) for dtype in frame.dtypes
    ):
        return frame.to_dict("records")
    columns = []
    for name in names:
        values = frame[name].tolist()
        if frame[name].dtype == object:  # as pandas gives numpy numbers in them
            values = [
                value.item() if isinstance(value, np.number | np.bool_) else value
                for value in values
            ]
        columns.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def stacked_records(frames: list[pd.DataFrame]) -> list[dict]:
    """``records(pd.concat(frames, ignore_index=True))`` without the concatenated
    frame, which pandas builds slowly when the frames' columns differ: each
    frame's rows, NaN for the columns it lacks, and whole numbers as floats in a
    column some frame lacks (as concat turns them to hold the gaps). Frames with
    other column types, or empty ones, go through pandas."""
    names = list(dict.fromkeys(name for frame in frames for name in frame.columns))
    kinds: dict[str, set] = {}
    for frame in frames:
        for name in frame.columns:
            kinds.setdefault(name, set()).add(frame[name].dtype)
    plain = all(
        len(dtypes) == 1
        and (
            isinstance(next(iter(dtypes)), pd.StringDtype)
            or next(iter(dtypes)).kind in "iuf"
        )
        for dtypes in kinds.values()
    )
    if not plain or any(frame.empty for frame in frames):
        return records(pd.concat(frames, ignore_index=True))
    rows: list[dict] = []
    for frame in frames:
        columns = []
        for name in names:
            if name not in frame.columns:
                columns.append([float("nan")] * len(frame))
                continue
            values = frame[name].tolist()
            gaps = any(name not in other.columns for other in frames)
            if gaps and frame[name].dtype.kind in "iu":
                values = [float(value) for value in values]
            columns.append(values)
        rows.extend(
            dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)
        )
    return rows


def data_grid(
    grid_id: str,
    export_id: str,
    frame: pd.DataFrame | list[dict],
    columns: list,
    file: str,
):
    """The 'show data' block: a sortable grid with a CSV export button; ``frame``
    is a DataFrame or its rows as ``records`` gives them."""
    return html.Details(
        [
            html.Summary("Show data"),
            dbc.Button(
                "Download CSV",
                id=export_id,
                color="secondary",
                size="sm",
                className="my-2",
            ),
            dag.AgGrid(
                id=grid_id,
                rowData=frame if isinstance(frame, list) else records(frame),
                columnDefs=columns,
                defaultColDef={
                    "sortable": True,
                    "filter": True,
                    "resizable": True,
                    "wrapHeaderText": True,
                    "autoHeaderHeight": True,
                },
                dashGridOptions={
                    "tabToNextCell": {"function": "false"},
                    "domLayout": "autoHeight",
                },
                csvExportParams={"fileName": file},
                columnSize="responsiveSizeToFit",
                className="ag-theme-alpine pes-grid",
            ),
        ],
        className="pes-show-data",
    )


def _col(field: str, header: str, **extra: object) -> dict:
    return {"field": field, "headerName": header, **extra}


def _fmt(decimals: int, percent: bool = False) -> dict:
    scale = "100 * " if percent else ""
    suffix = " + '%'" if percent else ""
    return {
        "function": f"params.value == null ? '' : "
        f"d3.format('.{decimals}f')({scale}params.value){suffix}"
    }


def _period(start: date, end: date) -> str:
    return f"{format_day(start)} to {format_day(end)}"


def _demo_word(view: View) -> str:
    return "DEMO " if view.survey_demo or view.recorded_demo else ""


def quadrant_source(view: View) -> str:
    singular, _ = LEVEL_WORDS[view.state.level]
    kinds = view.estimates.area_kind.to_numpy()
    bases = view.estimates.base_size[kinds == view.state.level]
    recorded_kind = (
        "demo police.uk-style records" if view.recorded_demo else "police.uk"
    )
    return (
        f"Source: {view.survey_name}, {view.state.wave}, fieldwork "
        f"{_period(view.wave_row.fieldwork_start, view.wave_row.fieldwork_end)}; bases "
        f"{bases.min():,} to {bases.max():,} a {singular} (design effect "
        f"{view.state.deff:g}). Recorded: {recorded_kind}, "
        f"{view.window[0]:%B %Y} to {view.window[1]:%B %Y}, per 1,000 residents on "
        f"the ONS mid-{view.population_year} ward population (sectors: sum of wards). "
        f"As at {format_day(view.wave_row.fieldwork_end)}."
    )


def quadrant_section(view: View) -> list:
    """The quadrant chart with its sentence, data table, exclusions and source."""
    singular, plural = LEVEL_WORDS[view.state.level]
    points = view.gaps
    city_estimate = _city_estimate(view)
    city = np.flatnonzero(view.recorded.area_code.to_numpy() == CITY_CODE)
    city_rate = float(view.recorded.rate.iloc[city[0]]) if len(city) else float("nan")
    if view.window_covered and not points.empty:
        figure = quadrant_figure(
            points,
            city_estimate=city_estimate,
            city_rate=city_rate,
            question_label=view.question_label,
            measure_label=view.measure_label,
            direction=view.direction,
            demo=bool(_demo_word(view)),
        )
    else:
        figure = plain_empty_figure(quadrant_sentence(view))
    suppressed = [
        (name, reason)
        for name, reason in zip(
            points.area_name.tolist(), points.reason.tolist(), strict=True
        )
        if reason != ""
    ]
    notes = []
    if suppressed:
        notes.append(
            html.P(
                [
                    html.Strong(f"Not plotted ({len(suppressed)} {plural}): "),
                    "; ".join(f"{name}: {reason}" for name, reason in suppressed),
                    ". Pooling waves under More options can raise the base.",
                ],
                className="pes-suppressed",
            )
        )
    table = merge_on_area(
        view.estimates,
        view.recorded[
            ["area_code", "incidents", "population", "rate", "rate_lower", "rate_upper"]
        ],
        how="left",
    )
    columns = [
        _col("area_name", "Area", pinned="left"),
        _col("wave_label", "Survey wave(s)"),
        _col("base_size", "Base (answers)", type="numericColumn"),
        _col("estimate", f"{view.question_label} %", valueFormatter=_fmt(1, True)),
        _col("lower", "Lower 95% (Wilson)", valueFormatter=_fmt(1, True)),
        _col("upper", "Upper 95% (Wilson)", valueFormatter=_fmt(1, True)),
        _col("incidents", "Recorded incidents", type="numericColumn"),
        _col(
            "population",
            f"Population (mid-{view.population_year})",
            type="numericColumn",
        ),
        _col("rate", "Rate per 1,000", valueFormatter=_fmt(1)),
        _col("rate_lower", "Lower 95% (Poisson)", valueFormatter=_fmt(1)),
        _col("rate_upper", "Upper 95% (Poisson)", valueFormatter=_fmt(1)),
        _col("reason", "Suppressed because"),
    ]
    return [
        html.P(
            quadrant_sentence(view),
            className="pes-summary chart-summary",
            id="perception-quadrant-summary",
        ),
        dcc.Graph(
            figure=figure,
            config={"displayModeBar": False, "responsive": True},
            className="pes-chart",
        ),
        *notes,
        html.P(
            [
                f"Each point is a {singular}. Bars are 95% intervals: Wilson on the "
                f"base divided by the design effect for the survey share; exact Poisson "
                f"for the recorded rate. Dashed lines are Peterborough's values; the "
                f"corner labels say what each quarter of the chart means. A diamond "
                f"marks a significant gap (see the table below for the test); with many "
                f"points only those are named on the chart, and the data table names "
                f"all."
            ],
            className="pes-explain",
        ),
        data_grid(
            ids.Perception.QUADRANT_GRID,
            ids.Perception.QUADRANT_EXPORT,
            table,
            columns,
            "perception-quadrant.csv",
        ),
        html.P([_badge(view), quadrant_source(view)], className="pes-source"),
    ]


def _badge(view: View) -> html.Span | str:
    return html.Span("DEMO", className="badge-demo") if _demo_word(view) else ""


def trend_section(view: View) -> list:
    """Two aligned panels (survey above, recorded below) with sentence, data, source."""
    figure = trend_figure(
        view.trend_survey,
        view.trend_recorded,
        waves=view.waves,
        selected_wave=view.state.wave,
        question_label=view.question_label,
        measure_label=view.measure_label,
        references=view.references,
        demo=bool(_demo_word(view)),
        city_code=CITY_CODE,
    )
    survey_rows = view.trend_survey.assign(series="Survey")[
        [
            "series",
            "area_name",
            "wave",
            "wave_label",
            "base_size",
            "estimate",
            "lower",
            "upper",
            "reason",
        ]
    ].rename(columns={"wave": "period"})
    recorded_rows = view.trend_recorded.assign(series="Recorded")[
        [
            "series",
            "area_name",
            "quarter_label",
            "incidents",
            "population",
            "rate",
            "rate_lower",
            "rate_upper",
        ]
    ].rename(columns={"quarter_label": "period"})
    table = stacked_records([survey_rows, recorded_rows])
    columns = [
        _col("series", "Series"),
        _col("area_name", "Area"),
        _col("period", "Wave or quarter"),
        _col("wave_label", "Survey wave(s) used"),
        _col("base_size", "Base", type="numericColumn"),
        _col("estimate", "Survey %", valueFormatter=_fmt(1, True)),
        _col("lower", "Lower 95%", valueFormatter=_fmt(1, True)),
        _col("upper", "Upper 95%", valueFormatter=_fmt(1, True)),
        _col("incidents", "Incidents", type="numericColumn"),
        _col("population", "Population", type="numericColumn"),
        _col("rate", "Per 1,000 a quarter", valueFormatter=_fmt(2)),
        _col("rate_lower", "Lower 95%", valueFormatter=_fmt(2)),
        _col("rate_upper", "Upper 95%", valueFormatter=_fmt(2)),
        _col("reason", "Suppressed because"),
    ]
    references = "; ".join(
        f"{name}, Crime Survey for England and Wales {wave}: "
        f"{_pct(estimate)} (no base published)"
        for name, wave, estimate in zip(
            view.references.area_name.tolist(),
            view.references.wave.tolist(),
            view.references.estimate.tolist(),
            strict=True,
        )
    )
    first, last = view.waves.iloc[0], view.waves.iloc[-1]
    quarters = list(dict.fromkeys(view.trend_recorded.quarter_label.tolist()))
    focus = (
        f" Showing {view.focus_name} against Peterborough (choose the ward under "
        "More options)."
        if view.focus_name
        else ""
    )
    source = (
        f"Source: {view.survey_name}, {len(view.waves)} waves, fieldwork "
        f"{_period(first.fieldwork_start, last.fieldwork_end)}, suppressed below a "
        f"base of {view.state.min_base}"
        + (
            f" after pooling up to {view.state.pool} waves"
            if view.state.pool > 1
            else ""
        )
        + (f"; reference: {references}" if references else "")
        + (
            f". Recorded: {'demo police.uk-style records' if view.recorded_demo else 'police.uk'}, "
            f"{quarters[0]} to {quarters[-1]}, per 1,000 residents (ONS "
            f"mid-{view.population_year}). The only real street-level month loaded, "
            "August 2019, falls outside the survey's waves."
            if quarters
            else ". No recorded quarter is loaded for these waves."
        )
    )
    return [
        html.P(
            trend_sentence(view),
            className="pes-summary chart-summary",
            id="perception-trend-summary",
        ),
        html.P(focus, className="pes-explain") if focus else None,
        dcc.Graph(
            figure=figure,
            config={"displayModeBar": False, "responsive": True},
            className="pes-chart",
        ),
        html.P(
            "Top: the survey share at each wave with its 95% Wilson interval (bars). "
            "Bottom: recorded incidents per 1,000 residents in each quarter with its "
            "exact Poisson 95% interval (shaded band). Grey bands mark each wave's "
            "fieldwork; orange the wave chosen above. A missing point had too small a "
            "base.",
            className="pes-explain",
        ),
        data_grid(
            ids.Perception.TREND_GRID,
            ids.Perception.TREND_EXPORT,
            table,
            columns,
            "perception-trend.csv",
        ),
        html.P([_badge(view), source], className="pes-source"),
    ]


GAP_METHOD = (
    "Method: each question is turned into a share that is worried (the share itself, "
    "or one minus it where a higher share is good news, such as feeling safe). Each "
    "area's worried share and recorded rate are measured from Peterborough's value in "
    "standard deviations across the areas shown (the rate on a log scale, as rates are "
    "skewed). The gap is the first minus the second: above 0 the area stands higher on "
    "worry than on recorded crime. The test divides the gap by its standard error from "
    "the survey's sampling error (base ÷ design effect) and the Poisson error of the "
    "count, treating Peterborough's values and the spreads as fixed; a gap is flagged "
    "significant when the two-sided p-value is below 0.05. With many areas, about 1 in "
    "20 may be flagged by chance; no correction is made."
)


def gap_section(view: View) -> list:
    """The ranked gap table with its sentence, method and source."""
    singular, _ = LEVEL_WORDS[view.state.level]
    table = records(view.gaps)
    for row in table:
        row["flag"] = (
            ("Significant: " if row["significant"] else "Not significant: ")
            + row["quadrant"].lower()
            if pd.notna(row["z"])
            else ""
        )
    columns = [
        _col("rank", "Rank", type="numericColumn", maxWidth=100),
        _col("area_name", "Area", minWidth=200),
        _col("flag", "Finding", minWidth=300),
        _col("gap", "Gap (SD)", valueFormatter=_fmt(2), maxWidth=130),
        _col("z", "Test z", valueFormatter=_fmt(2), maxWidth=120),
        _col("p_value", "p-value", valueFormatter=_fmt(3), maxWidth=120),
        _col("concern", "Worried share", valueFormatter=_fmt(1, True), maxWidth=150),
        _col("rate", "Rate per 1,000", valueFormatter=_fmt(1), maxWidth=150),
        _col("base_size", "Base", type="numericColumn", maxWidth=110),
        _col("incidents", "Incidents", type="numericColumn", maxWidth=130),
        _col("reason", "Not ranked because", minWidth=220),
    ]
    return [
        html.P(
            gap_sentence(view), className="pes-summary", id="perception-gap-summary"
        ),
        html.Div(
            dag.AgGrid(
                id=ids.Perception.GAP_GRID,
                rowData=table,
                columnDefs=columns,
                defaultColDef={
                    "sortable": True,
                    "filter": True,
                    "resizable": True,
                    "wrapHeaderText": True,
                    "autoHeaderHeight": True,
                    "wrapText": True,
                    "autoHeight": True,
                },
                dashGridOptions={
                    "tabToNextCell": {"function": "false"},
                    "domLayout": "autoHeight",
                },
                csvExportParams={"fileName": "perception-gap.csv"},
                columnSize="responsiveSizeToFit",
                className="ag-theme-alpine pes-grid",
            ),
            className="pes-gap-table",
        ),
        dbc.Button(
            "Download CSV",
            id=ids.Perception.GAP_EXPORT,
            color="secondary",
            size="sm",
            className="my-2",
        ),
        html.P(GAP_METHOD, className="pes-explain"),
        html.P([_badge(view), quadrant_source(view)], className="pes-source"),
    ]


def perception_content(
    engine: Engine, values: Mapping[str, object]
) -> tuple[list, list, list]:
    """The three sections for the control values, or an error box in each."""
    try:
        choices = kept_choices(engine)
        state, _ = normalise_state(values, choices)
        view = kept_view(engine, state, choices)
    except (DataUnavailableError, UnknownChoiceError, KeyError) as error:
        box = [data_error(str(error))]
        return box, box, box
    return quadrant_section(view), trend_section(view), gap_section(view)


# ------------------------------------------------------------------ overview tile
def perception_tiles(engine: Engine) -> list:
    """Sectors where residents feel less safe than recorded crime suggests."""
    choices = kept_choices(engine)
    if choices.surveys.empty:
        return []
    state, _ = normalise_state({}, choices)
    view = kept_view(engine, state, choices)
    if not view.window_covered:
        return []
    ranked = view.gaps.dropna(subset=["gap"])
    worse = ranked[ranked.significant & (ranked.gap > 0)]
    period = (
        f"Survey {state.wave}; recorded crime {view.window[0]:%b %Y} to "
        f"{view.window[1]:%b %Y}; significance by a stated 5% test."
    )
    if not worse.empty:
        top = worse.iloc[0]
        lead = (
            f"{', '.join(worse.area_name)}. {top.area_name}: {_pct(top.estimate)} think "
            f"crime has gone up locally (Peterborough {_pct(_city_estimate(view))}); "
            f"recorded crime {_ratio_words(top.rate_ratio)} than the city's."
        )
    elif not ranked.empty:
        top = ranked.iloc[0]
        lead = (
            f"Largest gap: {top.area_name} ({top.gap:+.1f} standard deviations), not "
            "significant."
        )
    else:
        lead = "No sector has a big enough base to compare."
    return [
        headline_tile(
            label="Sectors where residents feel less safe than recorded crime suggests",
            value=f"{len(worse)} of {len(ranked)}",
            unit="sectors",
            details=[lead, period],
            link=("Perceived and recorded crime", "/perception"),
            demo=bool(_demo_word(view)),
        )
    ]


def _lower_first(text: str) -> str:
    """'Crime gone up locally' -> 'crime gone up locally'; 'ASB ...' stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


# ------------------------------------------------------------------ wiring
URL_SYNC_JS = """
function(survey, question, measure, level, wave, pool, minBase, deff, ward) {
    if (!question || !wave) { return window.dash_clientside.no_update; }
    const params = new URLSearchParams();
    const values = {survey: survey, question: question, measure: measure,
        level: level, wave: wave, pool: pool, min_base: minBase, deff: deff,
        ward: ward};
    for (const [key, value] of Object.entries(values)) {
        if (value !== null && value !== undefined && value !== '') {
            params.set(key, value);
        }
    }
    const url = window.location.pathname + '?' + params.toString();
    if (window.location.pathname === '/perception') {
        window.history.replaceState(window.history.state, '', url);
    }
    return url;
}
"""

CONTROL_FIELDS = {
    "survey": ids.Perception.SURVEY,
    "question": ids.Perception.QUESTION,
    "measure": ids.Perception.MEASURE,
    "level": ids.Perception.LEVEL,
    "wave": ids.Perception.WAVE,
    "pool": ids.Perception.POOL,
    "min_base": ids.Perception.MIN_BASE,
    "deff": ids.Perception.DESIGN_EFFECT,
    "ward": ids.Perception.WARD,
}


def register(app: Dash, engine: Engine) -> None:
    """Wire the perception page: controls from the URL, sections, URL sync, exports."""
    others = {k: v for k, v in CONTROL_FIELDS.items() if k != "survey"}
    app.callback(
        Output(ids.Perception.SURVEY, "options"),
        Output(ids.Perception.SURVEY, "value"),
        Output(ids.Perception.QUESTION, "options"),
        Output(ids.Perception.QUESTION, "value"),
        Output(ids.Perception.WAVE, "options"),
        Output(ids.Perception.WAVE, "value"),
        Output(ids.Perception.WARD, "options"),
        Output(ids.Perception.WARD, "value"),
        Output(ids.Perception.MEASURE, "value"),
        Output(ids.Perception.LEVEL, "value"),
        Output(ids.Perception.POOL, "value"),
        Output(ids.Perception.MIN_BASE, "value"),
        Output(ids.Perception.DESIGN_EFFECT, "value"),
        Output(ids.Perception.MESSAGE, "children"),
        Input(ids.Perception.QUERY, "data"),
        Input(ids.Perception.SURVEY, "value"),
        *(State(component, "value") for component in others.values()),
    )(
        lambda query, survey_id, *current: init_controls(
            engine,
            query,
            {"survey": survey_id, **dict(zip(others, current, strict=True))},
        )
    )

    def sections(*values: object) -> tuple:
        named = dict(zip(CONTROL_FIELDS, values, strict=True))
        if not named["question"] or not named["wave"] or not named["survey"]:
            raise PreventUpdate
        return perception_content(engine, named)

    app.callback(
        Output(ids.Perception.QUADRANT, "children"),
        Output(ids.Perception.TREND, "children"),
        Output(ids.Perception.GAP, "children"),
        *(Input(component, "value") for component in CONTROL_FIELDS.values()),
    )(sections)
    app.clientside_callback(
        URL_SYNC_JS,
        Output(ids.Perception.URL_SYNC, "data"),
        *(Input(component, "value") for component in CONTROL_FIELDS.values()),
    )
    for grid, button in (
        (ids.Perception.QUADRANT_GRID, ids.Perception.QUADRANT_EXPORT),
        (ids.Perception.TREND_GRID, ids.Perception.TREND_EXPORT),
        (ids.Perception.GAP_GRID, ids.Perception.GAP_EXPORT),
    ):
        app.callback(
            Output(grid, "exportDataAsCsv"),
            Input(button, "n_clicks"),
            prevent_initial_call=True,
        )(_export)


def _export(clicks: int | None) -> bool:
    if not clicks:
        raise PreventUpdate
    return True
