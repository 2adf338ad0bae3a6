"""Quartile-view statistics on hand-computed cases."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard.metrics.funnel import (
    HIGHER,
    LOWER,
    NOT_SIGNIFICANT,
    compare_to_reference,
    funnel_limits,
    funnel_position,
)
from dashboard.metrics.intervals import poisson_rate_interval
from dashboard.metrics.quartile import (
    distance_to_next_quartile,
    offences_to_reach_rate,
    percent_change,
    quartile_history,
    rank_areas,
    rank_by_period,
    weighted_rate,
    weighted_rates_by_period,
)


def areas(counts: dict[str, int], population: dict[str, float] | None = None):  # type: ignore[no-untyped-def]
    population = population or {}
    return pd.DataFrame(
        {
            "area_code": list(counts),
            "offence_count": list(counts.values()),
            "population": [population.get(code, 1000) for code in counts],
            "excluded_reason": [None] * len(counts),
        }
    )


# Exact Poisson 95% limits for an observed count of 10 (published tables):
# 4.795 to 18.390; for a count of 0: 0 to 3.689.
def test_exact_poisson_interval_for_ten_matches_tables() -> None:
    _, low, high = poisson_rate_interval(10, 1000)
    assert low == pytest.approx(4.795, abs=1e-3)
    assert high == pytest.approx(18.390, abs=1e-3)


def test_exact_poisson_interval_scales_with_population() -> None:
    _, low, high = poisson_rate_interval(10, 2000)
    assert (low, high) == pytest.approx((4.795 / 2, 18.390 / 2), abs=1e-3)


def test_zero_count_interval_starts_at_zero() -> None:
    _, low, high = poisson_rate_interval(0, 1000)
    assert low == 0.0
    assert high == pytest.approx(3.689, abs=1e-3)


@pytest.mark.parametrize("population", [None, 0, -1])
def test_interval_without_population_is_refused(population) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        poisson_rate_interval(10, population)
    assert compare_to_reference(10, population, 5.0) is None


@pytest.mark.parametrize(
    ("reference", "verdict"),
    # Rate 10 per 1,000 on 1,000 residents. Around 3.5 (expected 3.5) the exact 95%
    # upper limit is chi2(0.975; 9) / 2 = 9.51 < 10; around 4.0 it is 10.24 > 10.
    # Around 20 (expected 20) the lower limit is chi2(0.025; 40) / 2 = 12.22 > 10.
    [(3.5, HIGHER), (4.0, NOT_SIGNIFICANT), (20.0, LOWER), (10.0, NOT_SIGNIFICANT)],
)
def test_poisson_significance_is_the_funnels_95_limit(
    reference: float, verdict: str
) -> None:
    assert compare_to_reference(10, 1000, reference) == verdict


def test_funnel_limits_are_poisson_limits_of_the_expected_count() -> None:
    # 10 per 1,000 on 1,000 residents: expected 10, so the 95% limits are 4.795 to
    # 18.390 per 1,000; on 4,000 residents (expected 40) they narrow.
    limits = funnel_limits(10.0, [1000, 4000], 0.95)
    assert limits.lower.iloc[0] == pytest.approx(4.795, abs=1e-3)
    assert limits.upper.iloc[0] == pytest.approx(18.390, abs=1e-3)
    assert limits.lower.iloc[1] > 4.795 and limits.upper.iloc[1] < 18.390
    wide = funnel_limits(10.0, [1000], 0.998)
    assert wide.lower.iloc[0] < 4.795 and wide.upper.iloc[0] > 18.390


def test_funnel_position_words() -> None:
    assert funnel_position(10, 1000, 10.0) == "within limits"
    assert funnel_position(30, 1000, 10.0) == "above the 99.8% limit"
    assert funnel_position(20, 1000, 10.0) == "above the 95% limit"
    assert funnel_position(0, 1000, 10.0) == "below the 99.8% limit"
    assert funnel_position(5, 1000, 20.0) == "below the 99.8% limit"
    assert funnel_position(10, None, 10.0) is None


def test_group_average_is_total_over_total_not_mean_of_rates() -> None:
    counts = pd.Series([10, 90, 500])
    populations = pd.Series([1000, 3000, None])
    # (10 + 90) / (1000 + 3000) * 1000 = 25, not (10 + 30) / 2 = 20.
    assert weighted_rate(counts, populations) == pytest.approx(25.0)
    assert weighted_rate(pd.Series([1]), pd.Series([None])) is None


def test_ties_share_the_lower_rank_and_missing_population_is_unranked() -> None:
    ranked = rank_areas(
        areas({"A": 10, "B": 20, "C": 20, "D": 40, "E": 7}, {"E": None})
    ).set_index("area_code")
    assert ranked.loc["B", "rank"] == ranked.loc["C", "rank"] == 2
    assert ranked.loc["D", "rank"] == 4
    assert ranked.loc["D", "n_ranked"] == 4
    assert ranked.loc["D", "quartile"] == 4
    assert ranked.loc["D", "percentile"] == 100.0
    assert pd.isna(ranked.loc["E", "rank"])
    assert list(ranked.index)[-1] == "E"  # unranked last


def test_zero_count_ranks_first() -> None:
    ranked = rank_areas(areas({"A": 0, "B": 5})).set_index("area_code")
    assert ranked.loc["A", "rank"] == 1 and ranked.loc["A", "rate_per_1000"] == 0


def test_distance_to_next_quartile_hand_computed() -> None:
    # Rates 50, 80, 100, 120 (P, population 2,000), 150: P is rank 4 of 5,
    # quartile ceil(16/5) = 4. Quartile 3 ends at rank floor(5*3/4) = 3, the third
    # lowest of the others = 100 per 1,000 -> at most 200 offences: 40 fewer.
    ranked = rank_areas(
        areas({"A": 50, "B": 80, "C": 100, "P": 240, "D": 150}, {"P": 2000})
    )
    distance = distance_to_next_quartile(ranked, "P")
    assert distance.quartile == 4
    assert distance.target_rank == 3
    assert distance.target_quartile == 3
    assert distance.boundary_rate == 100.0
    assert distance.offences_fewer == 40
    assert distance.percent_reduction == pytest.approx(100 * 40 / 240)


def test_distance_is_the_fewest_offences_that_change_the_quartile() -> None:
    counts = {"A": 3, "B": 7, "C": 7, "D": 12, "E": 15, "F": 19, "G": 22, "P": 31}
    ranked = rank_areas(areas(counts))
    distance = distance_to_next_quartile(ranked, "P")
    for removed, expect_better in (
        (distance.offences_fewer, True),
        (distance.offences_fewer - 1, False),
    ):
        changed = rank_areas(areas({**counts, "P": counts["P"] - removed}))
        quartile = changed.set_index("area_code").loc["P", "quartile"]
        assert bool(quartile < distance.quartile) is expect_better


def test_distance_with_a_tie_at_the_boundary() -> None:
    # Others 10, 20, 20, 40; P at 50 is rank 5 of 5 (quartile 4). Rank 3 is the
    # last of quartile 3; the third-lowest other is 20, tied: P at 20 shares rank 2.
    ranked = rank_areas(areas({"A": 10, "B": 20, "C": 20, "D": 40, "P": 50}))
    distance = distance_to_next_quartile(ranked, "P")
    assert distance.boundary_rate == 20.0
    assert distance.offences_fewer == 30


def test_single_csp_group_cannot_change_quartile() -> None:
    ranked = rank_areas(areas({"P": 10}))
    distance = distance_to_next_quartile(ranked, "P")
    assert distance.quartile == 4  # ceil(4 * 1 / 1)
    assert not distance.reachable


def test_lowest_quartile_has_no_next_quartile() -> None:
    ranked = rank_areas(areas({"P": 1, "A": 5, "B": 6, "C": 7}))
    distance = distance_to_next_quartile(ranked, "P")
    assert distance.quartile == 1 and not distance.reachable


def test_distance_for_an_unranked_area_is_an_error() -> None:
    ranked = rank_areas(areas({"P": 1, "A": 5}, {"P": None}))
    with pytest.raises(ValueError):
        distance_to_next_quartile(ranked, "P")


def test_history_ranks_each_period_among_the_areas_that_existed_then() -> None:
    # X1 and X2 merged into X between the periods; Y was renamed (same code).
    first = areas({"P": 30, "X1": 10, "X2": 20, "Y": 40, "Z": 50})
    first["period_end"] = date(2024, 6, 30)
    first["area_name"] = ["P", "X one", "X two", "Old name", "Z"]
    second = areas({"P": 30, "X": 35, "Y": 40, "Z": 50}, {"X": 2000})
    second["period_end"] = date(2025, 6, 30)
    second["area_name"] = ["P", "X", "New name", "Z"]
    history = quartile_history(pd.concat([first, second]), "P")
    assert list(history["rank"]) == [3, 2]
    assert list(history.n_ranked) == [5, 4]
    assert list(history.quartile) == [math.ceil(12 / 5), math.ceil(8 / 4)]
    assert history.percentile.iloc[1] == 50.0
    assert quartile_history(pd.concat([first, second]), "X1").period_end.tolist() == [
        date(2024, 6, 30)
    ]


def test_history_leaves_out_periods_without_a_population() -> None:
    panel = areas({"P": 1, "A": 2}, {"P": None})
    panel["period_end"] = date(2025, 6, 30)
    assert quartile_history(panel, "P").empty


def test_offences_to_reach_a_rate() -> None:
    assert offences_to_reach_rate(240, 2000, 103.3333333) == (
        34,
        pytest.approx(14.17, abs=0.01),
    )
    assert offences_to_reach_rate(100, 2000, 60.0) == (0, 0.0)


@pytest.mark.parametrize(
    ("now", "then", "change"),
    [(90, 100, -10.0), (110, 100, 10.0), (5, 0, None), (None, 1, None)],
)
def test_percent_change(now, then, change) -> None:  # type: ignore[no-untyped-def]
    assert percent_change(now, then) == (pytest.approx(change) if change else change)


def test_ranking_every_period_at_once_matches_ranking_each_period() -> None:
    # Ties, an excluded area, an area without population and a period where every
    # area is ranked (integer quartiles) against one with unranked areas.
    first = areas({"P": 30, "A": 30, "B": 10, "C": 90, "D": 5}, {"D": None})
    first.loc[first.area_code == "C", "excluded_reason"] = "boundary change"
    first["period_end"] = date(2024, 6, 30)
    second = areas({"P": 30, "A": 20, "B": 10, "E": 60})
    second["period_end"] = date(2025, 6, 30)
    panel = pd.concat([second, first], ignore_index=True)
    fast = rank_by_period(panel)
    assert list(fast) == [date(2024, 6, 30), date(2025, 6, 30)]
    for period_end, part in panel.groupby("period_end"):
        pd.testing.assert_frame_equal(fast[period_end], rank_areas(part))
    assert rank_by_period(panel.iloc[0:0]) == {}


def test_weighted_rates_by_period_sum_counts_and_populations() -> None:
    panel = pd.DataFrame(
        {
            "period_end": [date(2025, 6, 30)] * 3 + [date(2024, 6, 30)] * 2,
            "offence_count": [50, 150, 7, 90, 110],
            "population": [1000, 2000, None, 1000, 1000],
        }
    )
    rates = weighted_rates_by_period(panel)
    assert list(rates.period_end) == [date(2024, 6, 30), date(2025, 6, 30)]
    # 2024: 200 / 2,000; 2025: (50 + 150) / 3,000, the area without a population
    # counted in the offences shown but not in the rate.
    assert list(rates.offence_count) == [200, 207]
    assert list(rates.population) == [2000, 3000]
    assert rates.rate_per_1000.round(4).tolist() == [100.0, 66.6667]
    unusable = panel.assign(population=None)
    assert weighted_rates_by_period(unusable).rate_per_1000.isna().all()


def test_quartile_cuts_and_chance_by_hand() -> None:
    from dashboard.metrics.quartile import (
        quartile_cuts,
        quartile_of_rate,
        rank_uncertainty,
    )
    from dashboard.views.quartile.text import uncertainty_sentence

    # Others 10, 20, 30, 40 per 1,000 and P 25 (N = 5): quartile q ends at rank
    # floor(5q / 4) = 1, 2, 3, so the cuts are the 1st, 2nd and 3rd lowest others.
    ranked = rank_areas(areas({"A": 10, "B": 20, "C": 30, "D": 40, "P": 25}))
    cuts = quartile_cuts(ranked, "P")
    assert cuts == {1: 10.0, 2: 20.0, 3: 30.0}
    assert quartile_of_rate(25.0, cuts) == 3 and quartile_of_rate(20.0, cuts) == 2
    assert distance_to_next_quartile(ranked, "P").boundary_rate == cuts[2]
    # 25 offences: exact 95% interval 16.2 to 36.9 per 1,000 holds the cuts 20
    # and 30, so quartiles 2 to 4 are plausible.
    chance = rank_uncertainty(ranked, "P")
    assert (round(chance.low, 1), round(chance.high, 1)) == (16.2, 36.9)
    assert chance.quartiles == (2, 3, 4) and chance.straddles
    assert chance.boundaries == ((2, 20.0), (3, 30.0))
    assert chance.rank_low <= 3 <= chance.rank_high
    assert rank_uncertainty(ranked, "P") == chance  # fixed seed
    sentence = uncertainty_sentence(chance, "P")
    assert sentence.startswith(
        "P's rate could plausibly lie in the second-lowest-rate quartile or "
        "highest-rate quartile: the boundaries (20.0, 30.0) are inside its 95% "
        "range (16.2 to 36.9), so the gap to the next quartile is within chance."
    )
    # A thousand times the counts and residents: the interval is 24.7 to 25.3,
    # clear of both cuts, and every simulated rank is 3.
    big = rank_areas(
        areas(
            {"A": 10_000, "B": 20_000, "C": 30_000, "D": 40_000, "P": 25_000},
            dict.fromkeys("ABCDP", 1_000_000),
        )
    )
    sure = rank_uncertainty(big, "P")
    assert sure.quartiles == (3,) and not sure.straddles
    assert (sure.rank_low, sure.rank_high) == (3, 3)
    assert uncertainty_sentence(sure, "P").startswith(
        "Chance alone would not move P out of quartile 3: no quartile boundary is "
        "inside its 95% range (24.7 to 25.3)."
    )
    # Two areas: quartile 1 holds no rank, so no rate reaches it.
    assert quartile_cuts(rank_areas(areas({"P": 1, "A": 5})), "P")[1] is None
