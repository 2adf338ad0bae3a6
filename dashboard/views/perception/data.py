"""The perception page's data: what the database offers (Choices), the frames one
state needs, read through data_access, and a pure ``compute(frames, state)`` that
turns them into the View the page, the Overview tile and the warm-up share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.memo import kept, memoised
from dashboard.metrics.perception import (
    ASB,
    CRIME_TYPES,
    RECORDED_MEASURES,
    gap_table,
    pooled_estimates_by_wave,
    quarterly_rates,
    recorded_rates,
    recorded_window,
    with_wilson,
)
from dashboard.views.perception.state import PerceptionState, normalise_state
from data_access.queries import local, survey
from data_access.queries import maps as maps_queries
from domain.areas import PETERBOROUGH_LAD
from domain.dates import month_end, month_start, months_between
from domain.population import population_year

POLICE_CATEGORIES = (*CRIME_TYPES, ASB)
POPULATION_COLUMNS = ["area_code", "area_name", "area_kind", "population"]


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


@dataclass(frozen=True)
class Frames:
    """Everything one state's view is computed from, as read from the database."""

    choices: Choices
    results: pd.DataFrame  # survey answers for the state's question, level and city
    populations: Mapping[int, pd.DataFrame]  # year -> area populations
    counts: pd.DataFrame  # area_code, month, is_demo, incidents over needed months
    references: pd.DataFrame  # national reference estimates for the question


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
    population_year: int | None  # the window's estimate (the rule on its end)
    trend_population_year: int | None  # the quarterly trend's (on its last month)
    estimates: pd.DataFrame
    recorded: pd.DataFrame
    gaps: pd.DataFrame
    trend_survey: pd.DataFrame
    trend_recorded: pd.DataFrame
    references: pd.DataFrame
    recorded_demo: bool
    waves: pd.DataFrame
    focus_name: str

    @property
    def demo(self) -> bool:
        """True when the survey or the recorded incidents are demo data."""
        return self.survey_demo or self.recorded_demo


# ------------------------------------------------------------------ reads
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
    # Covered: the months with records. A month between two loaded ones with no
    # records at all was never loaded (a lone 2019 sample month before the
    # 2024-2025 run), not a month of zero crime.
    recorded = maps_queries.incident_months(engine, categories=list(POLICE_CATEGORIES))
    covered = {as_date(month) for month in recorded.month}
    return Choices(
        surveys=local_surveys,
        questions=questions,
        waves=waves,
        wards=local.ward_sectors(engine),
        covered_months=frozenset(covered),
    )


def read_frames(engine: Engine, state: PerceptionState, choices: Choices) -> Frames:
    """The survey answers, populations, incident counts and references for a state."""
    _, _, first_month, last_month = _months(choices, state)
    results = survey.survey_results(
        engine,
        survey_id=state.survey,
        question_code=state.question,
        area_kinds=[state.level, "lad"],
    )
    counts = local.incident_totals(
        engine,
        start_month=first_month,
        end_month=last_month,
        level=state.level,
        categories=list(RECORDED_MEASURES[state.measure].categories),
    )
    references = survey.reference_results(
        engine,
        question_code=state.question,
        local_surveys=list(choices.surveys.survey_id),
    )
    return Frames(
        choices=choices,
        results=results,
        populations=local.local_populations(engine),
        counts=counts,
        references=references,
    )


# The page's callbacks and the Overview tile ask for the same choices and, for
# the page's opening state, the same view: keep them while the data are
# unchanged (shared between callers, so never changed in place).


def kept_choices(engine: Engine) -> Choices:
    """``load_choices``, kept per data version."""
    return kept(engine, "perception.choices", lambda: load_choices(engine))


def view(
    engine: Engine, state: PerceptionState, choices: Choices | None = None
) -> View:
    """The computed view for a state, kept per data version; ``choices`` saves a
    second read when the caller already holds them."""

    def compute_now() -> View:
        known = choices if choices is not None else kept_choices(engine)
        return compute(read_frames(engine, state, known), state)

    return kept(engine, ("perception.view", state), compute_now)


# ------------------------------------------------------------------ board slides
def board_survey_id(choices: Choices) -> str | None:
    """The survey the board shows: real ones first, then the most recent fieldwork
    first, then by id."""
    if choices.surveys.empty:
        return None
    latest = {
        survey_id: max(waves.fieldwork_end, default=date.min)
        for survey_id, waves in choices.waves.items()
    }
    ranked = sorted(
        zip(choices.surveys.survey_id, choices.surveys.is_demo, strict=True),
        key=lambda row: (
            bool(row[1]),
            -latest.get(row[0], date.min).toordinal(),
            row[0],
        ),
    )
    return str(ranked[0][0])


def survey_questions(engine: Engine, survey_id: str) -> pd.DataFrame:
    """A local survey's questions: the page's own when it is the page's survey."""
    choices = kept_choices(engine)
    if not choices.surveys.empty and survey_id == choices.surveys.survey_id.iloc[0]:
        return choices.questions
    return kept(
        engine,
        ("perception.questions", survey_id),
        lambda: survey.survey_questions(engine, survey_id=survey_id),
    )


@memoised
def survey_answers(
    engine: Engine, survey_id: str, question: str, kinds: tuple[str, ...]
) -> pd.DataFrame:
    """One question's results, every wave, for the areas of the given kinds."""
    return survey.survey_results(
        engine, survey_id=survey_id, question_code=question, area_kinds=list(kinds)
    )


def latest_waves(
    results: pd.DataFrame, period_end: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The results of the last wave whose fieldwork ended by ``period_end``, and of
    the wave before it (empty when there is none)."""
    done = results[results.fieldwork_end <= period_end]
    waves = (
        done[["wave", "fieldwork_end"]].drop_duplicates().sort_values("fieldwork_end")
    )
    if waves.empty:
        return done.iloc[0:0], done.iloc[0:0]
    now = done[done.wave == waves.wave.iloc[-1]]
    before = (
        done[done.wave == waves.wave.iloc[-2]] if len(waves) > 1 else done.iloc[0:0]
    )
    return now, before


def opening_view(engine: Engine) -> View | None:
    """The view the page opens on (no query), or None with no local survey."""
    choices = kept_choices(engine)
    if choices.surveys.empty:
        return None
    state, _ = normalise_state({}, choices)
    return view(engine, state, choices)


def warm(engine: Engine) -> None:
    """Prepare the choices and the view the page opens on (the Overview's too)."""
    opening_view(engine)


# ------------------------------------------------------------------ compute
def as_date(value: object) -> date:
    """A date from a date, a datetime or a pandas timestamp."""
    return value if type(value) is date else pd.Timestamp(value).date()


def _months(
    choices: Choices, state: PerceptionState
) -> tuple[tuple[date, date], list[date], date, date]:
    """The wave's recorded window, the loaded months since the first fieldwork,
    and the first and last month the view reads."""
    waves = choices.waves[state.survey]
    wave_row = waves.set_index("wave").loc[state.wave]
    window = recorded_window(wave_row.fieldwork_end)
    first_fieldwork = month_start(waves.fieldwork_start.min())
    trend_months = sorted(m for m in choices.covered_months if m >= first_fieldwork)
    last_month = max([window[1], *trend_months]) if trend_months else window[1]
    first_month = min([window[0], *trend_months]) if trend_months else window[0]
    return window, trend_months, first_month, last_month


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
            "area_code": [PETERBOROUGH_LAD] * len(keys),
            "month": [month for month, _ in keys],
            "is_demo": np.array([demo for _, demo in keys], dtype=bool),
            "incidents": np.array([totals[key] for key in keys], dtype="int64"),
        }
    )


def compute(frames: Frames, state: PerceptionState) -> View:
    """Everything a state shows, from its frames (no database, no Dash)."""
    choices = frames.choices
    meta_row = choices.surveys.set_index("survey_id").loc[state.survey]
    question = choices.questions.set_index("question_code").loc[state.question]
    measure = RECORDED_MEASURES[state.measure]
    waves = choices.waves[state.survey]
    wave_names = list(waves.wave)
    wave_row = waves.set_index("wave").loc[state.wave]
    window, trend_months, _, last_month = _months(choices, state)
    covered = window_covered(wave_row.fieldwork_end, choices.covered_months)
    kinds = [state.level, "lad"]
    # Every wave is pooled at once: the trend shows them all.
    every_wave = with_wilson(
        pooled_estimates_by_wave(
            frames.results, wave_names, min_base=state.min_base, max_waves=state.pool
        ),
        design_effect=state.deff,
    )
    estimates = every_wave.iloc[
        np.flatnonzero(every_wave.wave.to_numpy() == state.wave),
        [i for i, name in enumerate(every_wave.columns) if name != "wave"],
    ].reset_index(drop=True)
    populations = frames.populations

    def population_at(year: int | None) -> pd.DataFrame:
        table = (
            populations[year]
            if year is not None
            else pd.DataFrame(columns=POPULATION_COLUMNS)
        )
        return table[table.area_kind.isin(kinds)]

    # The one rule, on each period's last day: the wave's 12-month window for its
    # rates (as the sector maps do for the same months), the last month shown for
    # the quarterly trend.
    year = population_year(month_end(window[1]), populations)
    trend_year = population_year(month_end(last_month), populations)
    population = population_at(year)
    trend_population = population_at(trend_year)
    counts = pd.concat([frames.counts, _city_totals(frames.counts)], ignore_index=True)
    months = np.array([as_date(month) for month in counts.month.tolist()], dtype=object)
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
        trend_areas = [focus, PETERBOROUGH_LAD]
        focus_name = str(
            choices.wards.set_index("ward_code").ward_name.get(focus, focus)
        )
    else:
        trend_areas = list(trend_population.area_code)
        focus_name = ""
    trend_survey = every_wave[every_wave.area_code.isin(trend_areas)]
    in_trend = counts.area_code.isin(trend_areas).to_numpy()
    trend_recorded = quarterly_rates(
        counts[in_trend],
        trend_population[trend_population.area_code.isin(trend_areas)],
        covered_months=set(trend_months),
    )
    # Each quarter says whether its records are demo (its CSV rows do): any of
    # them demo; a quarter with none takes the word of all the trend's records.
    read = months[in_trend]
    flags = counts.is_demo.to_numpy(dtype=bool)[in_trend]
    series_demo = bool(flags.any()) if len(flags) else True

    def quarter_demo(start: date, end: date) -> bool:
        inside = (read >= start) & (read <= end)
        return bool(flags[inside].any()) if inside.any() else series_demo

    quarters = list(
        zip(
            trend_recorded.quarter_start.tolist(),
            trend_recorded.quarter_end.tolist(),
            strict=True,
        )
    )
    demo_quarters = {quarter: quarter_demo(*quarter) for quarter in set(quarters)}
    trend_recorded["is_demo"] = [demo_quarters[quarter] for quarter in quarters]
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
        trend_population_year=trend_year,
        estimates=estimates,
        recorded=recorded,
        gaps=gaps,
        trend_survey=trend_survey,
        trend_recorded=trend_recorded,
        references=frames.references,
        recorded_demo=bool(in_window.is_demo.any()) if not in_window.empty else True,
        waves=waves,
        focus_name=focus_name,
    )


# ------------------------------------------------------------------ facts
def city_estimate(view: View) -> float:
    """Peterborough's survey share for the chosen wave (NaN when suppressed out)."""
    city = np.flatnonzero(view.estimates.area_code.to_numpy() == PETERBOROUGH_LAD)
    return float(view.estimates.estimate.iloc[city[0]]) if len(city) else float("nan")


def city_rate(view: View) -> float:
    """Peterborough's recorded rate per 1,000 over the wave's window (or NaN)."""
    city = np.flatnonzero(view.recorded.area_code.to_numpy() == PETERBOROUGH_LAD)
    return float(view.recorded.rate.iloc[city[0]]) if len(city) else float("nan")


def shown_end(view: View) -> date:
    """The end of the latest period the page shows, for its "Data as at": the
    wave's fieldwork, its recorded window (when loaded) or the trend's last
    quarter, whichever ends last."""
    ends = [as_date(view.wave_row.fieldwork_end)]
    if view.window_covered:
        ends.append(month_end(view.window[1]))
    ends.extend(month_end(as_date(m)) for m in view.trend_recorded.quarter_end)
    ends.extend(as_date(e) for e in view.waves.fieldwork_end)
    return max(ends)


def ranked_rows(gaps: pd.DataFrame) -> np.ndarray:
    """Positions of the areas with a gap (the ranked ones), in table order."""
    return np.flatnonzero(~np.isnan(gaps.gap.to_numpy(dtype=float)))


def suppressed_areas(view: View) -> list[tuple[str, str]]:
    """(area name, reason) for each area left off the quadrant chart."""
    return [
        (name, reason)
        for name, reason in zip(
            view.gaps.area_name.tolist(), view.gaps.reason.tolist(), strict=True
        )
        if reason != ""
    ]


def tile_areas(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tile's ranked areas, and those among them significantly more worried."""
    ranked = view.gaps.dropna(subset=["gap"])
    return ranked, ranked[ranked.significant & (ranked.gap > 0)]
