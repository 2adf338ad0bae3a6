"""Suppression, pooling, recorded rates and the standardised perception gap."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard.metrics.perception import (
    CRIME_TYPES,
    RECORDED_MEASURES,
    concern_share,
    gap_statistic,
    gap_table,
    merge_on_area,
    pooled_estimates,
    pooled_estimates_by_wave,
    quadrant_name,
    quarterly_rates,
    recorded_rates,
    recorded_window,
    with_wilson,
)
from domain.dates import months_between

WAVES = ["w1", "w2", "w3"]


def survey_rows(area: str, kind: str, bases: list[int], shares: list[float]) -> list:
    return [
        {
            "area_code": area,
            "area_name": area.title(),
            "area_kind": kind,
            "wave": wave,
            "fieldwork_start": date(2024, 1 + 3 * i, 1),
            "fieldwork_end": date(2024, 2 + 3 * i, 28),
            "base_size": base,
            "estimate": share,
        }
        for i, (wave, base, share) in enumerate(zip(WAVES, bases, shares, strict=True))
    ]


@pytest.fixture
def results() -> pd.DataFrame:
    return pd.DataFrame(
        survey_rows("big", "ward", [300, 300, 300], [0.3, 0.3, 0.4])
        + survey_rows("small", "ward", [30, 20, 25], [0.2, 0.5, 0.6])
        + survey_rows("tiny", "ward", [5, 5, 5], [0.2, 0.2, 0.2])
    )


def test_estimate_below_minimum_base_is_suppressed_with_reason(results) -> None:  # type: ignore[no-untyped-def]
    out = pooled_estimates(results, WAVES, wave="w3", min_base=50).set_index(
        "area_code"
    )
    assert not out.at["big", "suppressed"]
    assert out.at["big", "estimate"] == pytest.approx(0.4)
    assert out.at["small", "suppressed"]
    assert math.isnan(out.at["small", "estimate"])
    assert out.at["small", "reason"] == "Base 25 is below the minimum of 50"


def test_pooling_adds_earlier_waves_only_until_the_base_is_reached(results) -> None:  # type: ignore[no-untyped-def]
    out = pooled_estimates(
        results, WAVES, wave="w3", min_base=50, max_waves=3
    ).set_index("area_code")
    # big needs no pooling; small pools w3 (25) and w2 (20), then w1 (30) = 75.
    assert out.at["big", "waves_pooled"] == 1
    assert out.at["small", "waves_pooled"] == 3
    assert out.at["small", "base_size"] == 75
    expected = (25 * 0.6 + 20 * 0.5 + 30 * 0.2) / 75
    assert out.at["small", "estimate"] == pytest.approx(expected)
    assert out.at["small", "wave_label"] == "w1 to w3 (pooled)"
    assert out.at["small", "fieldwork_start"] == date(2024, 1, 1)
    assert out.at["tiny", "suppressed"]
    assert out.at["tiny", "reason"].endswith("even pooling 3 waves")


def test_pooling_stops_at_the_first_wave(results) -> None:  # type: ignore[no-untyped-def]
    out = pooled_estimates(results, WAVES, wave="w1", min_base=50, max_waves=3)
    small = out.set_index("area_code").loc["small"]
    assert small.waves_pooled == 1 and small.suppressed


def test_unknown_wave_is_refused(results) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        pooled_estimates(results, WAVES, wave="w9")


def test_pooling_every_wave_at_once_matches_wave_by_wave(results) -> None:  # type: ignore[no-untyped-def]
    results = results.copy()
    results["base_size"] = results.base_size.astype("Int64")
    results.loc[4, "base_size"] = pd.NA  # small, w2: no base published
    results = results.drop(index=6)  # tiny has no w1 row
    for max_waves in (1, 2, 3):
        every = pooled_estimates_by_wave(
            results, WAVES, min_base=50, max_waves=max_waves
        )
        assert list(every.wave.drop_duplicates()) == WAVES
        for wave in WAVES:
            one = pooled_estimates(
                results, WAVES, wave=wave, min_base=50, max_waves=max_waves
            )
            chosen = every[every.wave == wave].drop(columns="wave")
            pd.testing.assert_frame_equal(
                chosen.reset_index(drop=True), one, check_exact=True
            )
    pooled = every.set_index(["wave", "area_code"])
    # small pools w3 (25) and stops at w2, which has no base.
    assert pooled.loc[("w3", "small"), "waves_pooled"] == 1
    assert pooled.loc[("w2", "small"), "reason"] == "No base size published"
    assert ("w1", "tiny") not in pooled.index


def test_pooling_by_wave_keeps_the_columns_when_nothing_matches(results) -> None:  # type: ignore[no-untyped-def]
    every = pooled_estimates_by_wave(results, ["other"], min_base=50)
    assert every.empty and list(every.columns)[-1] == "wave"


def test_wilson_is_not_given_for_suppressed_estimates(results) -> None:  # type: ignore[no-untyped-def]
    out = with_wilson(
        pooled_estimates(results, WAVES, wave="w3"), design_effect=1.4
    ).set_index("area_code")
    assert out.at["big", "lower"] < 0.4 < out.at["big", "upper"]
    assert math.isnan(out.at["small", "lower"])


def test_recorded_window_is_the_12_months_to_fieldwork_end() -> None:
    assert recorded_window(date(2025, 3, 14)) == (date(2024, 4, 1), date(2025, 3, 1))
    assert recorded_window(date(2024, 12, 31)) == (date(2024, 1, 1), date(2024, 12, 1))
    assert len(months_between(date(2024, 4, 1), date(2025, 3, 1))) == 12


def test_measures_cover_all_crime_asb_and_each_crime_type() -> None:
    assert "Anti-social behaviour" not in RECORDED_MEASURES["all-crime"].categories
    assert RECORDED_MEASURES["asb"].categories == ("Anti-social behaviour",)
    assert RECORDED_MEASURES["burglary"].categories == ("Burglary",)
    assert len(RECORDED_MEASURES) == 2 + len(CRIME_TYPES)


def test_recorded_rates_count_zero_areas_and_give_poisson_limits() -> None:
    counts = pd.DataFrame(
        {
            "area_code": ["A", "A", "B"],
            "category": ["Burglary", "Drugs", "Anti-social behaviour"],
            "incidents": [8, 2, 50],
        }
    )
    population = pd.DataFrame(
        {"area_code": ["A", "B"], "area_name": ["A", "B"], "population": [2000, 5000]}
    )
    out = recorded_rates(counts, population, categories=CRIME_TYPES).set_index(
        "area_code"
    )
    assert out.at["A", "incidents"] == 10 and out.at["A", "rate"] == pytest.approx(5)
    assert out.at["A", "rate_lower"] == pytest.approx(4.795 / 2, abs=5e-4)
    assert out.at["B", "incidents"] == 0 and out.at["B", "rate_lower"] == 0
    assert out.at["B", "rate_upper"] == pytest.approx(3.689 / 5, abs=5e-4)


def test_rates_from_totals_match_rates_from_counts_by_category() -> None:
    counts = pd.DataFrame(
        {
            "area_code": ["A", "A", "A", "B"],
            "month": [date(2023, 7, 1), date(2023, 7, 1), date(2023, 8, 1)]
            + [date(2023, 9, 1)],
            "category": ["Burglary", "Drugs", "Burglary", "Drugs"],
            "incidents": [8, 2, 5, 7],
        }
    )
    totals = (
        counts.groupby(["area_code", "month"], as_index=False)
        .incidents.sum()
        .reset_index(drop=True)
    )
    population = pd.DataFrame(
        {"area_code": ["A", "B"], "area_name": ["A", "B"], "population": [2000, 5000]}
    )
    chosen = ("Burglary", "Drugs")
    pd.testing.assert_frame_equal(
        recorded_rates(totals, population),
        recorded_rates(counts, population, categories=chosen),
    )
    covered = set(months_between(date(2023, 7, 1), date(2023, 9, 1)))
    by_quarter = quarterly_rates(totals, population, covered_months=covered)
    pd.testing.assert_frame_equal(
        by_quarter,
        quarterly_rates(counts, population, categories=chosen, covered_months=covered),
    )
    assert by_quarter.incidents.to_list() == [15, 7]


def test_merge_on_area_is_the_pandas_merge() -> None:
    left = pd.DataFrame(
        {
            "area_code": ["B", "A", "C", "A"],
            "area_name": ["b", "a", "c", "a"],
            "base_size": pd.array([10, 20, 30, 40], dtype="Int64"),
            "estimate": [0.1, 0.2, 0.3, 0.4],
        }
    )
    right = pd.DataFrame(
        {
            "area_code": ["A", "B"],
            "area_name": ["A", "B"],
            "incidents": [5, 7],
            "rate": [1.5, 2.5],
        },
        index=[7, 3],
    )
    for how in ("inner", "left"):  # C has no right row: the left join has a gap
        pd.testing.assert_frame_equal(
            merge_on_area(left, right, how=how),
            left.merge(right, on="area_code", how=how, suffixes=("", "_recorded")),
        )
    twice = pd.concat([right, right.iloc[:1]])
    pd.testing.assert_frame_equal(
        merge_on_area(left, twice),
        left.merge(twice, on="area_code", suffixes=("", "_recorded")),
    )


def test_gap_statistic_by_hand() -> None:
    gap, se, z, p = gap_statistic(
        concern=0.5,
        effective_base=200,
        city_concern=0.4,
        concern_sd=0.1,
        incidents=100,
        population=10_000,
        city_rate=12.5,
        log_rate_sd=0.5,
    )
    # concern 1 SD above the city; rate ln(0.8) / 0.5 = -0.446 SD below it.
    assert gap == pytest.approx(1.0 - math.log(0.8) / 0.5)
    assert se == pytest.approx(math.sqrt(0.25 / 200 / 0.01 + 1 / 100 / 0.25))
    assert z == pytest.approx(3.5605, abs=1e-4)
    assert p == pytest.approx(0.00037, abs=2e-5)
    no_count = gap_statistic(
        concern=0.4,
        effective_base=50,
        city_concern=0.4,
        concern_sd=0.1,
        incidents=0,
        population=1_000,
        city_rate=5,
        log_rate_sd=0.5,
    )
    assert all(math.isnan(value) for value in no_count)


def test_concern_turns_good_news_questions_round() -> None:
    assert concern_share(0.7, "higher_is_better") == pytest.approx(0.3)
    assert concern_share(0.7, "higher_is_worse") == pytest.approx(0.7)
    with pytest.raises(ValueError):
        concern_share(0.7, "sideways")


def test_quadrant_words() -> None:
    assert quadrant_name(True, False) == "Feels less safe than the figures suggest"
    assert quadrant_name(False, True) == "Feels safer than the figures suggest"


def _gap_inputs(direction_estimates: dict[str, tuple[float, int, bool]]) -> tuple:
    survey = pd.DataFrame(
        [
            {
                "area_code": code,
                "area_name": code,
                "estimate": est,
                "base_size": base,
                "suppressed": suppressed,
                "reason": "Base too small" if suppressed else "",
            }
            for code, (est, base, suppressed) in direction_estimates.items()
        ]
    )
    recorded = pd.DataFrame(
        {
            "area_code": ["CITY", "WORRIED", "CALM", "SAME", "SMALL"],
            "incidents": [2000, 200, 900, 500, 40],
            "population": [200_000, 40_000, 60_000, 50_000, 4_000],
        }
    )
    recorded["rate"] = 1000 * recorded.incidents / recorded.population
    return survey, recorded


def test_gap_table_ranks_and_flags_only_significant_gaps() -> None:
    survey, recorded = _gap_inputs(
        {
            "CITY": (0.40, 1200, False),
            "WORRIED": (
                0.55,
                400,
                False,
            ),  # more worried, recorded rate half the city's
            "CALM": (0.30, 400, False),  # less worried, rate 1.5x the city's
            "SAME": (0.41, 400, False),  # matches the city on both
            "SMALL": (0.90, 20, True),
        }
    )
    table = gap_table(survey, recorded, direction="higher_is_worse", city_code="CITY")
    assert list(table.area_code) == ["WORRIED", "SAME", "CALM", "SMALL"]
    top = table.iloc[0]
    assert top["significant"] and top["rank"] == 1
    assert top["quadrant"] == "Feels less safe than the figures suggest"
    concern_sd = pd.Series([0.55, 0.30, 0.41]).std()
    rate_sd = pd.Series([math.log(5), math.log(15), math.log(10)]).std()
    expected = (0.55 - 0.40) / concern_sd - math.log(0.5) / rate_sd
    assert top["gap"] == pytest.approx(expected)
    by_area = table.set_index("area_code")
    assert not by_area.loc["SAME", "significant"]
    assert by_area.loc["SAME", "p_value"] > 0.05
    assert by_area.loc["CALM", "significant"] and by_area.loc["CALM", "z"] < 0
    assert by_area.loc["CALM", "quadrant"] == "Feels safer than the figures suggest"
    assert math.isnan(by_area.loc["SMALL", "z"])
    assert by_area.loc["SMALL", "reason"] == "Base too small"
    assert not by_area.loc["SMALL", "significant"]


def test_gap_needs_two_areas_to_measure_the_spread() -> None:
    survey, recorded = _gap_inputs(
        {"CITY": (0.40, 1200, False), "WORRIED": (0.55, 400, False)}
    )
    table = gap_table(
        survey,
        recorded[recorded.area_code.isin(["CITY", "WORRIED"])],
        direction="higher_is_worse",
        city_code="CITY",
    )
    assert math.isnan(table.iloc[0]["gap"])
    assert "spread" in table.iloc[0]["reason"]


def test_gap_table_uses_the_complement_for_higher_is_better() -> None:
    survey, recorded = _gap_inputs(
        {"CITY": (0.60, 1200, False), "WORRIED": (0.45, 400, False)}
    )
    table = gap_table(
        survey,
        recorded[recorded.area_code.isin(["CITY", "WORRIED"])],
        direction="higher_is_better",
        city_code="CITY",
    )
    assert table.iloc[0]["concern"] == pytest.approx(0.55)
    assert table.iloc[0]["concern_ratio"] == pytest.approx(0.55 / 0.40)


def test_quarterly_rates_keep_only_fully_covered_quarters() -> None:
    counts = pd.DataFrame(
        {
            "area_code": ["A", "A", "A", "A"],
            "month": [
                date(2023, 7, 1),
                date(2023, 8, 1),
                date(2023, 9, 1),
                date(2023, 10, 1),
            ],
            "category": ["Burglary"] * 4,
            "incidents": [1, 2, 3, 4],
        }
    )
    population = pd.DataFrame(
        {"area_code": ["A"], "area_name": ["A"], "population": [1000]}
    )
    covered = set(months_between(date(2023, 7, 1), date(2023, 11, 1)))
    out = quarterly_rates(
        counts, population, categories=("Burglary",), covered_months=covered
    )
    assert list(out.quarter_label) == ["Jul-Sep 2023"]
    assert out.incidents.iloc[0] == 6 and out.rate.iloc[0] == pytest.approx(6.0)
