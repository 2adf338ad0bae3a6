"""Rates, ranks and quartiles on hand-computed cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.metrics.quartile import rank_areas as ranked_rates
from dashboard.metrics.rates import quartile_of_rank, rate_per_1000


def test_rate_per_1000_hand_computed() -> None:
    assert rate_per_1000(23_061, 219_509) == pytest.approx(105.057, abs=1e-3)


@pytest.mark.parametrize("population", [None, 0, -5, float("nan")])
def test_rate_without_usable_population_is_none(population) -> None:  # type: ignore[no-untyped-def]
    assert rate_per_1000(10, population) is None


@pytest.mark.parametrize(
    ("rank", "n", "quartile"),
    [
        (1, 4, 1),
        (2, 4, 2),
        (4, 4, 4),
        (1, 298, 1),
        (74, 298, 1),
        (75, 298, 2),
        (298, 298, 4),
        (1, 1, 4),
    ],
)
def test_quartile_is_ceil_four_rank_over_n(rank: int, n: int, quartile: int) -> None:
    assert quartile_of_rank(rank, n) == quartile == math.ceil(4 * rank / n)


def test_rank_out_of_range_is_an_error() -> None:
    with pytest.raises(ValueError):
        quartile_of_rank(5, 4)


def test_ranked_rates_ties_missing_population_and_exclusions() -> None:
    areas = pd.DataFrame(
        {
            "area_code": ["A", "B", "C", "D", "E", "F"],
            "offence_count": [10, 20, 20, 40, 5, 999],
            "population": [1000, 1000, 1000, 1000, None, 10],
            "excluded_reason": [None, None, None, None, None, "tiny population"],
        }
    )
    ranked = ranked_rates(areas).set_index("area_code")
    assert ranked.loc["A", "rate_per_1000"] == 10.0
    assert ranked.loc["A", "rank"] == 1
    assert ranked.loc["B", "rank"] == ranked.loc["C", "rank"] == 2  # tie shares rank 2
    assert ranked.loc["D", "rank"] == 4
    assert pd.isna(ranked.loc["E", "rank"])  # no population: no rank
    assert pd.isna(ranked.loc["F", "rank"])  # excluded: no rank, rate still shown
    assert ranked.loc["F", "rate_per_1000"] == pytest.approx(99_900.0)
    assert (ranked.n_ranked == 4).all()
    assert ranked.loc["D", "quartile"] == 4
    assert ranked.loc["A", "quartile"] == 1


def test_zero_counts_rank_lowest() -> None:
    areas = pd.DataFrame(
        {
            "area_code": ["A", "B"],
            "offence_count": [0, 3],
            "population": [500, 500],
            "excluded_reason": [None, None],
        }
    )
    ranked = ranked_rates(areas).set_index("area_code")
    assert ranked.loc["A", "rate_per_1000"] == 0.0
    assert ranked.loc["A", "rank"] == 1
