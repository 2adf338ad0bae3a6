"""Wilson and exact Poisson intervals against published worked examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.metrics.intervals import (
    effective_base,
    poisson_count_interval,
    poisson_rate_bounds,
    poisson_rate_interval,
    wilson_bounds,
    wilson_interval,
    z_value,
)

# Newcombe (1998), "Two-sided confidence intervals for the single proportion",
# Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no correction).
NEWCOMBE_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Exact (Garwood) 95% limits for a Poisson count, as tabulated in standard tables
# (e.g. Documenta Geigy; Ulm 1990, American Journal of Epidemiology 131:373).
EXACT_POISSON = [
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (2, 0.2422, 7.225),
    (5, 1.624, 11.668),
    (10, 4.795, 18.390),
    (20, 12.217, 30.888),
]


@pytest.mark.parametrize(("successes", "n", "lower", "upper"), NEWCOMBE_WILSON)
def test_wilson_matches_newcombe_table(successes, n, lower, upper) -> None:  # type: ignore[no-untyped-def]
    low, high = wilson_interval(successes / n, n)
    assert low == pytest.approx(lower, abs=5e-5)
    assert high == pytest.approx(upper, abs=5e-5)


def test_wilson_bounds_vectorised_agrees_and_marks_missing_bases() -> None:
    p = np.array([81 / 263, 15 / 148, 0.5])
    n = np.array([263, 148, np.nan])
    lower, upper = wilson_bounds(p, n)
    assert lower[0] == pytest.approx(0.2553, abs=5e-5)
    assert upper[1] == pytest.approx(0.1605, abs=5e-5)
    assert math.isnan(lower[2]) and math.isnan(upper[2])


def test_design_effect_widens_wilson_as_an_effective_base() -> None:
    plain = wilson_interval(0.4, 280)
    weighted = wilson_interval(0.4, 280, design_effect=1.4)
    assert weighted == pytest.approx(wilson_interval(0.4, 200))
    assert weighted[0] < plain[0] and weighted[1] > plain[1]
    assert effective_base(280, 1.4) == pytest.approx(200)


def test_wilson_refuses_impossible_inputs() -> None:
    with pytest.raises(ValueError):
        wilson_interval(0.5, 0)
    with pytest.raises(ValueError):
        wilson_interval(1.2, 100)
    with pytest.raises(ValueError):
        wilson_interval(0.5, 100, design_effect=0.5)


def test_z_value_for_95_and_99_percent() -> None:
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.99) == pytest.approx(2.575829, abs=1e-6)


@pytest.mark.parametrize(("count", "lower", "upper"), EXACT_POISSON)
def test_exact_poisson_limits_match_published_table(count, lower, upper) -> None:  # type: ignore[no-untyped-def]
    low, high = poisson_count_interval(count)
    assert low == pytest.approx(lower, abs=6e-4)
    assert high == pytest.approx(upper, abs=6e-4)


def test_poisson_rate_interval_scales_count_limits_per_1000() -> None:
    rate, low, high = poisson_rate_interval(10, 2_000)
    assert rate == pytest.approx(5.0)
    assert low == pytest.approx(4.795 / 2, abs=5e-4)
    assert high == pytest.approx(18.390 / 2, abs=5e-4)
    lower, upper = poisson_rate_bounds(np.array([0, 10]), np.array([1_000, 2_000]))
    assert lower[0] == 0 and upper[0] == pytest.approx(3.689, abs=5e-4)
    assert lower[1] == pytest.approx(low) and upper[1] == pytest.approx(high)


def test_poisson_refuses_negative_or_fractional_counts_and_no_population() -> None:
    with pytest.raises(ValueError):
        poisson_count_interval(-1)
    with pytest.raises(ValueError):
        poisson_count_interval(2.5)
    with pytest.raises(ValueError):
        poisson_rate_interval(3, 0)
