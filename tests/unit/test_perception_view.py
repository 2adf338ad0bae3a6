"""The perception view, pure: URL values to a state, and small hand-made frames
to the View and its sentences, with no database."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from dashboard.views.perception import tables, text
from dashboard.views.perception.data import (
    Choices,
    Frames,
    board_survey_id,
    city_estimate,
    city_rate,
    compute,
    latest_waves,
    tile_areas,
)
from dashboard.views.perception.state import PerceptionState, normalise_state
from domain.areas import PETERBOROUGH_LAD
from domain.dates import months_between

WAVES = pd.DataFrame(
    {
        "wave": ["W1", "W2"],
        "fieldwork_start": [date(2024, 1, 8), date(2025, 1, 13)],
        "fieldwork_end": [date(2024, 3, 8), date(2025, 3, 14)],
    }
)
# W2's recorded window is April 2024 to March 2025.
W2_WINDOW = frozenset(months_between(date(2024, 4, 1), date(2025, 3, 1)))
AREAS = {  # code: (name, population, W1 share, W2 share, incidents in June 2024)
    "NORTH": ("North", 2000, 0.25, 0.3, 40),
    "SOUTH": ("South", 3000, 0.5, 0.6, 30),
    "EAST": ("East", 5000, 0.4, 0.4, 100),
}


def choices(covered: frozenset[date] = W2_WINDOW, deff: float = 1.3) -> Choices:
    return Choices(
        surveys=pd.DataFrame(
            {
                "survey_id": ["s1"],
                "survey_name": ["Test survey"],
                "design_effect": [deff],
                "is_demo": [True],
            }
        ),
        questions=pd.DataFrame(
            {
                "question_code": ["crime_gone_up_locally", "safe_after_dark"],
                "short_label": ["Crime gone up locally", "Safe after dark"],
                "question_text": ["Thinks crime has gone up", "Feels safe at night"],
                "direction": ["higher_is_worse", "higher_is_better"],
            }
        ),
        waves={"s1": WAVES},
        wards=pd.DataFrame(
            {
                "ward_code": list(AREAS),
                "ward_name": [name for name, *_ in AREAS.values()],
                "sector_code": ["S1"] * 3,
                "sector_name": ["Sector"] * 3,
            }
        ),
        covered_months=covered,
    )


def frames(kind: str = "sector", covered: frozenset[date] = W2_WINDOW) -> Frames:
    """Three areas and the city; each area's incidents fall in June 2024, and North
    has 5 more in March 2024, outside W2's window."""
    rows = []
    for wave in WAVES.itertuples():
        for code, (name, _, w1, w2, _) in AREAS.items():
            share = w1 if wave.wave == "W1" else w2
            rows.append((wave, code, name, kind, 200, share))
        rows.append((wave, PETERBOROUGH_LAD, "Peterborough", "lad", 600, 0.45))
    results = pd.DataFrame(
        [
            {
                "wave": wave.wave,
                "fieldwork_start": wave.fieldwork_start,
                "fieldwork_end": wave.fieldwork_end,
                "area_code": code,
                "area_name": name,
                "area_kind": area_kind,
                "base_size": base,
                "estimate": share,
            }
            for wave, code, name, area_kind, base, share in rows
        ]
    )
    population = pd.DataFrame(
        {
            "area_code": [*AREAS, PETERBOROUGH_LAD],
            "area_name": [*(name for name, *_ in AREAS.values()), "Peterborough"],
            "area_kind": [kind] * 3 + ["lad"],
            "population": [2000, 3000, 5000, 10000],
        }
    )
    counts = pd.DataFrame(
        {
            "area_code": [*AREAS, "NORTH"],
            "month": [date(2024, 6, 1)] * 3 + [date(2024, 3, 1)],
            "is_demo": [True] * 4,
            "incidents": [40, 30, 100, 5],
        }
    )
    references = pd.DataFrame(
        {"area_name": ["England and Wales"], "wave": ["2013/14"], "estimate": [0.32]}
    )
    return Frames(
        choices=choices(covered),
        results=results,
        populations={2022: population},
        counts=counts,
        references=references,
    )


def state(**values: object) -> PerceptionState:
    return PerceptionState(
        **{"survey": "s1", "question": "crime_gone_up_locally", "wave": "W2", **values}
    )


# ------------------------------------------------------------------ state
def test_no_query_gives_the_defaults_and_the_latest_covered_wave() -> None:
    parsed, messages = normalise_state({}, choices())
    assert parsed == PerceptionState(
        survey="s1",
        question="crime_gone_up_locally",
        measure="all-crime",
        level="sector",
        wave="W2",
        pool=1,
        min_base=50,
        deff=1.3,  # the survey's own design effect
        ward="",
    )
    assert messages == []


def test_default_wave_is_the_latest_whose_window_is_loaded() -> None:
    w1_window = frozenset(months_between(date(2023, 4, 1), date(2024, 3, 1)))
    assert choices(w1_window).default_wave("s1") == "W1"
    assert choices(frozenset()).default_wave("s1") == "W2"  # none: the latest
    assert choices().default_wave("unknown") == ""


def test_bad_values_fall_back_with_a_plain_english_message() -> None:
    parsed, messages = normalise_state(
        {"pool": "7", "deff": "2.345", "ward": "nope", "level": "county"}, choices()
    )
    assert (parsed.pool, parsed.deff, parsed.ward, parsed.level) == (
        1,
        2.35,
        "",
        "sector",
    )
    assert messages == [
        "The address asked for area level 'county', which this page does not "
        "offer: showing sectors instead.",
        "The address asked for pooling '7', which this page does not offer: "
        "showing this wave only instead.",
        "The address asked for ward 'nope', which this page does not offer: "
        "showing the ward with the largest gap instead.",
    ]


def test_design_effect_out_of_range_keeps_the_surveys_own() -> None:
    parsed, messages = normalise_state({"deff": "9", "min_base": "5"}, choices())
    assert (parsed.deff, parsed.min_base) == (1.3, 50)
    assert len(messages) == 2
    assert "the survey's own 1.3 (a number from 1 to 5 is allowed)" in messages[1]


# ------------------------------------------------------------------ compute
def test_recorded_rates_count_only_the_waves_window() -> None:
    view = compute(frames(), state())
    assert view.window == (date(2024, 4, 1), date(2025, 3, 1))
    assert view.window_covered
    assert view.population_year == 2022
    rates = dict(zip(view.recorded.area_code, view.recorded.rate, strict=True))
    # North's 5 March incidents fall before the window: 40 per 2,000 residents.
    assert rates == pytest.approx(
        {"NORTH": 20.0, "SOUTH": 10.0, "EAST": 20.0, PETERBOROUGH_LAD: 17.0}
    )
    assert city_rate(view) == pytest.approx(17.0)
    assert view.recorded_demo and view.demo


def test_estimates_are_the_chosen_waves() -> None:
    view = compute(frames(), state(wave="W1"))
    shares = dict(zip(view.estimates.area_code, view.estimates.estimate, strict=True))
    assert shares == {"NORTH": 0.25, "SOUTH": 0.5, "EAST": 0.4, PETERBOROUGH_LAD: 0.45}
    assert city_estimate(view) == 0.45
    assert view.question_label == "Crime gone up locally"
    assert not view.window_covered  # W1's window (Apr 2023 to Mar 2024) is not loaded


def test_worried_low_crime_area_ranks_first() -> None:
    view = compute(frames(), state())
    top = view.gaps.iloc[0]
    # South: most worried (60% against 45%) and the lowest rate (10 against 17).
    assert top.area_code == "SOUTH"
    assert top.quadrant == "Feels less safe than the figures suggest"
    assert top["rank"] == 1
    assert top.gap > 0
    assert list(view.gaps.area_code) == ["SOUTH", "EAST", "NORTH"]
    assert math.isclose(top.rate_ratio, 10 / 17)


def test_good_news_question_turns_round_the_worried_share() -> None:
    view = compute(frames(), state(question="safe_after_dark"))
    # 'Safe after dark' is good news: North's 30% safe is the most worried.
    assert view.gaps.area_code.iloc[0] == "NORTH"
    assert view.gaps.concern.iloc[0] == pytest.approx(0.7)


def test_trend_has_every_covered_quarter_for_every_area() -> None:
    view = compute(frames(), state())
    labels = list(dict.fromkeys(view.trend_recorded.quarter_label))
    assert labels == ["Apr-Jun 2024", "Jul-Sep 2024", "Oct-Dec 2024", "Jan-Mar 2025"]
    north = view.trend_recorded[view.trend_recorded.area_code == "NORTH"]
    assert list(north.rate) == pytest.approx([20.0, 0.0, 0.0, 0.0])
    assert set(view.trend_survey.area_code) == {*AREAS, PETERBOROUGH_LAD}
    assert view.focus_name == ""


def test_ward_level_follows_the_chosen_ward_or_the_largest_gap() -> None:
    chosen = compute(frames("ward"), state(level="ward", ward="EAST"))
    assert chosen.focus_name == "East"
    assert set(chosen.trend_survey.area_code) == {"EAST", PETERBOROUGH_LAD}
    largest = compute(frames("ward"), state(level="ward"))
    assert largest.focus_name == "South"


def test_uncovered_window_says_so_and_ranks_nothing() -> None:
    covered = W2_WINDOW - {date(2025, 3, 1)}
    view = compute(frames(covered=covered), state())
    assert not view.window_covered
    assert view.gaps.empty
    assert text.quadrant_sentence(view) == (
        "Recorded data for the 12 months to March 2025 is not loaded, so W2 cannot "
        "be set beside recorded crime."
    )
    assert text.gap_sentence(view) == "No sector can be ranked for these choices."


# ------------------------------------------------------------------ text and rows
def test_sentences_name_the_largest_gap() -> None:
    view = compute(frames(), state())
    assert text.quadrant_sentence(view).endswith(
        "Largest: South (feels less safe than the figures suggest, a significant "
        "gap): 60% crime gone up locally against Peterborough's 45%; 10.0 all "
        "recorded crime per 1,000 against 17.0 (police.uk street-level records"
        + (", DEMO" if view.recorded_demo else "")
        + ")."
    )
    assert text.trend_sentence(view) == (
        "South: crime gone up locally went from 50% (W1) to 60% (W2); all recorded "
        "crime went from 10.0 to 0.0 per 1,000 a quarter (Apr-Jun 2024 to "
        "Jan-Mar 2025)."
    )
    assert "the worried share is 33% higher and all recorded crime 41% lower" in (
        text.gap_sentence(view)
    )


def test_tile_and_rows() -> None:
    view = compute(frames(), state())
    ranked, worse = tile_areas(view)
    assert len(ranked) == 3
    assert list(worse.area_code) == list(
        ranked[ranked.significant & (ranked.gap > 0)].area_code
    )
    demo = ", DEMO" if view.recorded_demo else ""
    assert text.tile_period(view) == (
        f"Survey W2; recorded crime (police.uk street-level records{demo}) Apr 2024 "
        "to Mar 2025; significance by a stated 5% test."
    )
    rows = tables.gap_rows(view)
    assert rows[0]["area_name"] == "South"
    assert rows[0]["flag"].endswith(": feels less safe than the figures suggest")
    trend = tables.trend_rows(view)
    assert [row["series"] for row in trend].count("Recorded") == 16  # 4 areas x 4


def test_words() -> None:
    assert text.ratio_words(1.2) == "20% higher"
    assert text.ratio_words(0.75) == "25% lower"
    assert text.ratio_words(1.004) == "the same"
    assert text.lower_first("Crime gone up locally") == "crime gone up locally"
    assert text.lower_first("ASB a big problem") == "ASB a big problem"
    assert text.pct(0.234) == "23%"


def test_the_view_imports_no_dash() -> None:
    # In a fresh interpreter: this one has Dash loaded by other tests.
    modules = ", ".join(
        f"dashboard.views.perception.{name}"
        for name in ("state", "data", "text", "tables")
    )
    script = (
        f"import sys, {modules}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'dash', 'dash_bootstrap_components', 'dash_ag_grid', 'dash_leaflet', "
        "'dash_extensions'}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


# ------------------------------------------------------------------ board slide
def test_board_survey_is_real_first_then_latest_fieldwork() -> None:
    base = choices()
    surveys = pd.DataFrame(
        {
            "survey_id": ["a_demo", "b_old", "c_new"],
            "survey_name": ["A", "B", "C"],
            "design_effect": [1.0] * 3,
            "is_demo": [True, False, False],
        }
    )
    old = WAVES.iloc[:1]
    offered = Choices(
        surveys=surveys,
        questions=base.questions,
        waves={"a_demo": WAVES, "b_old": old, "c_new": WAVES},
        wards=base.wards,
        covered_months=base.covered_months,
    )
    assert board_survey_id(offered) == "c_new"
    assert board_survey_id(choices()) == "s1"
    empty = Choices(
        surveys=surveys.iloc[0:0],
        questions=base.questions,
        waves={},
        wards=base.wards,
        covered_months=base.covered_months,
    )
    assert board_survey_id(empty) is None


def test_latest_waves_are_the_last_two_finished_by_the_period() -> None:
    results = frames().results
    now, before = latest_waves(results, date(2025, 6, 30))
    assert set(now.wave) == {"W2"} and set(before.wave) == {"W1"}
    now, before = latest_waves(results, date(2025, 3, 13))  # W2 not yet finished
    assert set(now.wave) == {"W1"} and before.empty
    now, before = latest_waves(results, date(2024, 1, 1))
    assert now.empty and before.empty
