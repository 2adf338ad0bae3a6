"""Funnel limits allowing for over-dispersion (Spiegelhalter 2005), on hand-worked
cases, and the one significance test that every claim uses."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.metrics.funnel import (
    ABOVE_INNER,
    ABOVE_OUTER,
    HIGHER,
    LOWER,
    NOT_SIGNIFICANT,
    POISSON,
    RANDOM,
    SCALED,
    WITHIN,
    Dispersion,
    compare_to_reference,
    estimate_dispersion,
    funnel_limits,
    funnel_positions,
    funnel_z,
    rate_range,
    winsorise,
)

# Four areas of 1,000 residents around 100 per 1,000 (expected 100 each) with
# 64, 100, 100 and 144 offences: z = 2 (sqrt O - sqrt E) = -4, 0, 0, 4.
COUNTS = [64, 100, 100, 144]
POPULATIONS = [1000, 1000, 1000, 1000]


def test_z_is_twice_the_difference_of_square_roots() -> None:
    assert funnel_z(np.array([16.0]), np.array([9.0]))[0] == pytest.approx(2.0)
    z = funnel_z(np.array(COUNTS, dtype=float), np.full(4, 100.0))
    assert list(z) == pytest.approx([-4, 0, 0, 4])


def test_winsorising_sets_each_tenth_to_its_percentile() -> None:
    # 1..10: the 10th percentile is 1.9 and the 90th 9.1 (linear interpolation).
    values = winsorise(np.arange(1, 11, dtype=float))
    assert values[0] == pytest.approx(1.9) and values[-1] == pytest.approx(9.1)
    assert list(values[1:-1]) == list(range(2, 10))


def test_phi_and_tau_squared_by_hand() -> None:
    # Winsorised z: the 10th and 90th percentiles of (-4, 0, 0, 4) are -2.8 and
    # 2.8, so phi = (2.8^2 + 0 + 0 + 2.8^2) / 4 = 3.92. Weights w = 4E = 400:
    # sum w - sum w^2 / sum w = 1,600 - 400 = 1,200, and
    # tau^2 = (4 x 3.92 - 3) / 1,200 = 0.0105667.
    dispersion = estimate_dispersion(COUNTS, POPULATIONS, 100.0)
    assert dispersion.method == RANDOM
    assert dispersion.phi == pytest.approx(3.92)
    assert dispersion.tau2 == pytest.approx(12.68 / 1200)
    assert dispersion.n_areas == 4 and dispersion.widened
    assert "factor 3.9, Spiegelhalter 2005, random effects" in dispersion.describe()


def test_random_effects_limits_by_hand() -> None:
    # sd = sqrt(1 / 400 + 0.0105667) = 0.114310; 95% limits
    # 100 x (1 -/+ 1.959964 x 0.114310)^2 = 60.21 and 149.83.
    dispersion = estimate_dispersion(COUNTS, POPULATIONS, 100.0)
    limits = funnel_limits(100.0, [1000], 0.95, dispersion)
    assert limits.lower.iloc[0] == pytest.approx(60.21, abs=0.01)
    assert limits.upper.iloc[0] == pytest.approx(149.83, abs=0.01)
    # Larger areas narrow towards 100 x (1 -/+ 1.96 tau)^2, never to a line.
    big = funnel_limits(100.0, [1e9], 0.95, dispersion)
    tau = np.sqrt(dispersion.tau2)
    assert big.upper.iloc[0] == pytest.approx(100 * (1 + 1.959964 * tau) ** 2, 1e-4)


def test_scaled_limits_by_hand() -> None:
    # sd = sqrt(3.92) / (2 x 10) = 0.098995; upper 100 x (1.194024)^2 = 142.57.
    dispersion = estimate_dispersion(COUNTS, POPULATIONS, 100.0, SCALED)
    limits = funnel_limits(100.0, [1000], 0.95, dispersion)
    assert limits.upper.iloc[0] == pytest.approx(142.57, abs=0.01)
    assert dispersion.describe().endswith("scaled limits)")


def test_over_dispersion_changes_the_verdict_and_poisson_does_not() -> None:
    random = estimate_dispersion(COUNTS, POPULATIONS, 100.0)
    poisson = estimate_dispersion(COUNTS, POPULATIONS, 100.0, POISSON)
    assert poisson.phi == pytest.approx(3.92) and not poisson.widened
    # 144 is outside Poisson limits (upper 95% limit of 100 is 120.6) but inside
    # the widened ones (149.8); 160 is outside both.
    assert compare_to_reference(144, 1000, 100.0, poisson) == HIGHER
    assert compare_to_reference(144, 1000, 100.0) == HIGHER
    assert compare_to_reference(144, 1000, 100.0, random) == NOT_SIGNIFICANT
    assert compare_to_reference(160, 1000, 100.0, random) == HIGHER
    assert compare_to_reference(55, 1000, 100.0, random) == LOWER
    assert funnel_positions([144, 160, 100], POPULATIONS[:3], 100.0, random) == [
        WITHIN,
        ABOVE_INNER,
        WITHIN,
    ]
    assert funnel_positions([144], [1000], 100.0, poisson) == [ABOVE_OUTER]


def test_no_widening_without_over_dispersion_or_areas() -> None:
    # Counts exactly as expected: phi = 0, so the limits stay exact Poisson.
    calm = estimate_dispersion([100, 100, 100], [1000] * 3, 100.0)
    assert calm.phi == 0.0 and calm.tau2 == 0.0 and not calm.widened
    plain = funnel_limits(100.0, [1000], 0.95)
    same = funnel_limits(100.0, [1000], 0.95, calm)
    assert same.upper.iloc[0] == plain.upper.iloc[0]
    assert "no more than chance" in calm.describe()
    assert estimate_dispersion([10, 20], [1000, 1000], 15.0).phi is None
    assert estimate_dispersion([10, 20, 30], [1000] * 3, None).phi is None
    with pytest.raises(ValueError):
        estimate_dispersion(COUNTS, POPULATIONS, 100.0, "magic")


def test_missing_populations_are_left_out() -> None:
    with_gap = estimate_dispersion([*COUNTS, 5], [*POPULATIONS, None], 100.0)
    assert with_gap.n_areas == 4 and with_gap.phi == pytest.approx(3.92)
    assert funnel_positions([5], [None], 100.0) == [None]
    assert compare_to_reference(5, None, 100.0) is None


@pytest.mark.parametrize("method", [RANDOM, SCALED])
def test_the_range_matches_the_test(method: str) -> None:
    """The reference lies outside an area's 95% range exactly when the test says
    the area differs from it."""
    dispersion = estimate_dispersion(COUNTS, POPULATIONS, 100.0, method)
    for count in range(40, 200, 3):
        for population in (500, 1000, 5000):
            low, high = rate_range(count, population, 100.0, dispersion)
            verdict = compare_to_reference(count, population, 100.0, dispersion)
            outside = not low <= 100.0 <= high
            assert outside == (verdict != NOT_SIGNIFICANT), (count, population)


def test_the_range_without_widening_is_the_exact_poisson_interval() -> None:
    low, high = rate_range(240, 2000, 103.3, Dispersion())
    assert (low, high) == pytest.approx((105.3, 136.2), abs=0.05)
