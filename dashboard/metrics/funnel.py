"""Funnel limits and the one test of "significantly higher or lower than a reference
rate", allowing for over-dispersion between areas. Pure functions, no Dash.

Pure Poisson limits assume areas differ from the reference only by chance. Crime
rates differ between areas for real reasons (deprivation, town centres, night-time
economy), so almost every area lies outside Poisson limits. Following Spiegelhalter
(2005), "Funnel plots for comparing institutional performance", Statistics in
Medicine 24:1185-1202, as Public Health England's funnel-plot guidance does:

- each area's observed count O and expected count E = reference rate x population
  / 1,000 give a z-score on the square-root scale, z = 2 (sqrt(O) - sqrt(E));
- the z-scores are winsorised at 10% in each tail (the lowest tenth set to the
  10th percentile, the highest to the 90th) so that outliers do not inflate what
  follows;
- the over-dispersion factor phi is the mean of the winsorised z squared
  (1 under pure Poisson variation);
- if phi > 1, the limits are widened. The default, "random effects", adds a
  between-area variance tau^2 (DerSimonian-Laird: tau^2 = (N phi - (N - 1)) /
  (sum w - sum w^2 / sum w), w = 4E) so that the limits for expected count E at
  normal quantile z_p are reference x (1 +/- z_p sqrt(1 / 4E + tau^2))^2. The
  "scaled" (multiplicative) version multiplies the Poisson spread by sqrt(phi):
  reference x (1 +/- z_p sqrt(phi) / (2 sqrt(E)))^2.
- if phi <= 1, or the user chooses "poisson", the limits are the exact Poisson
  (chi-square) limits of E.

An area is significantly higher (lower) than the reference at 95% when its rate
lies above (below) the 95% limit for its population; every such claim on the
quartile page, its tile and the board slides comes from ``compare_to_reference``
and ``funnel_positions`` here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.metrics.intervals import poisson_limits, poisson_rate_bounds, z_value

RANDOM = "random"
SCALED = "scaled"
POISSON = "poisson"
LIMIT_METHODS = {
    RANDOM: "allowing for variation between areas (random effects; the default)",
    SCALED: "Poisson limits scaled by the over-dispersion factor",
    POISSON: "pure Poisson limits (chance variation only)",
}
DEFAULT_METHOD = RANDOM
WINSOR = 0.10

HIGHER = "significantly higher"
LOWER = "significantly lower"
NOT_SIGNIFICANT = "not significantly different"

ABOVE_OUTER = "above the 99.8% limit"
ABOVE_INNER = "above the 95% limit"
WITHIN = "within limits"
BELOW_INNER = "below the 95% limit"
BELOW_OUTER = "below the 99.8% limit"


@dataclass(frozen=True)
class Dispersion:
    """How much more areas vary than chance alone, and which limits follow.

    ``phi`` is the over-dispersion factor (mean winsorised z squared; None when it
    could not be estimated), ``tau2`` the between-area variance on the
    square-root scale (DerSimonian-Laird), ``n_areas`` the areas it came from."""

    method: str = POISSON
    phi: float | None = None
    tau2: float = 0.0
    n_areas: int = 0

    @property
    def widened(self) -> bool:
        """Whether the limits are wider than pure Poisson limits."""
        return self.method != POISSON and self.phi is not None and self.phi > 1

    def describe(self) -> str:
        """A plain sentence fragment naming the method and the factor."""
        factor = f"factor {self.phi:,.1f}" if self.phi is not None else "no factor"
        if self.method == POISSON:
            extra = (
                f"; areas vary {self.phi:,.1f} times as much as chance alone"
                if self.phi is not None
                else ""
            )
            return f"Limits allow for chance variation only{extra}"
        if not self.widened:
            return (
                f"Limits are Poisson limits: areas vary no more than chance alone "
                f"({factor}, Spiegelhalter 2005)"
            )
        kind = "random effects" if self.method == RANDOM else "scaled limits"
        return (
            f"Limits allow for over-dispersion between areas ({factor}, "
            f"Spiegelhalter 2005, {kind})"
        )


def funnel_z(counts: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """z-scores on the square-root scale: 2 (sqrt(O) - sqrt(E))."""
    observed = np.asarray(counts, dtype=float)
    return 2.0 * (np.sqrt(observed) - np.sqrt(np.asarray(expected, dtype=float)))


def winsorise(values: np.ndarray, share: float = WINSOR) -> np.ndarray:
    """Values with the lowest and highest ``share`` set to the ``share`` and
    1 - ``share`` percentiles (numpy's linear interpolation)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    low, high = np.quantile(values, [share, 1 - share])
    return np.clip(values, low, high)


def _usable(
    counts: object, populations: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    count = pd.to_numeric(pd.Series(counts), errors="coerce").to_numpy(float)
    population = pd.to_numeric(pd.Series(populations), errors="coerce").to_numpy(float)
    usable = np.isfinite(population) & (population > 0) & np.isfinite(count)
    usable &= count >= 0
    return count, population, usable


def estimate_dispersion(
    counts: object,
    populations: object,
    reference_rate: float | None,
    method: str = DEFAULT_METHOD,
) -> Dispersion:
    """phi and tau^2 of a set of areas around a reference rate (per 1,000).

    Areas without a positive population or a count are left out. Under three
    usable areas, or without a reference rate, nothing is estimated and the
    limits stay pure Poisson."""
    if method not in LIMIT_METHODS:
        raise ValueError(f"unknown limit method {method!r}")
    count, population, usable = _usable(counts, populations)
    n_areas = int(usable.sum())
    if reference_rate is None or not reference_rate > 0 or n_areas < 3:
        return Dispersion(method=method, n_areas=n_areas)
    expected = reference_rate * population[usable] / 1000.0
    z = winsorise(funnel_z(count[usable], expected))
    phi = float(np.mean(z**2))
    weights = 4.0 * expected
    spread = float(weights.sum() - (weights**2).sum() / weights.sum())
    tau2 = 0.0
    if n_areas * phi > n_areas - 1 and spread > 0:
        tau2 = (n_areas * phi - (n_areas - 1)) / spread
    return Dispersion(method=method, phi=phi, tau2=tau2, n_areas=n_areas)


def _ratio_limits(
    expected: np.ndarray, dispersion: Dispersion, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) limits on the ratio observed / expected."""
    z = z_value(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        if dispersion.method == RANDOM:
            spread = np.sqrt(1.0 / (4.0 * expected) + dispersion.tau2)
        else:
            spread = np.sqrt(dispersion.phi or 1.0) / (2.0 * np.sqrt(expected))
    lower = np.maximum(1.0 - z * spread, 0.0) ** 2
    upper = (1.0 + z * spread) ** 2
    return lower, upper


def funnel_limits(
    reference_rate: float,
    populations: np.ndarray | list[float],
    level: float,
    dispersion: Dispersion | None = None,
) -> pd.DataFrame:
    """Control limits (per 1,000) around ``reference_rate`` for each population.

    Without widening (no dispersion, phi <= 1 or the Poisson method) they are the
    exact Poisson (chi-square) limits of the expected count; otherwise the
    widened limits of the module's docstring. Columns: population, lower, upper."""
    population = np.asarray(populations, dtype=float)
    expected = reference_rate * population / 1000.0
    if dispersion is not None and dispersion.widened:
        low_ratio, high_ratio = _ratio_limits(expected, dispersion, level)
        return pd.DataFrame(
            {
                "population": population,
                "lower": reference_rate * low_ratio,
                "upper": reference_rate * high_ratio,
            }
        )
    low, high = poisson_limits(expected, confidence=level)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = 1000.0 / population
    return pd.DataFrame(
        {"population": population, "lower": low * scale, "upper": high * scale}
    )


def _sides(
    rate: np.ndarray,
    population: np.ndarray,
    reference_rate: float,
    level: float,
    dispersion: Dispersion | None,
) -> np.ndarray:
    """+1 above the ``level`` limit, -1 below it, 0 within."""
    limits = funnel_limits(reference_rate, population, level, dispersion)
    return np.where(
        rate > limits.upper.to_numpy(),
        1,
        np.where(rate < limits.lower.to_numpy(), -1, 0),
    )


def funnel_positions(
    counts: object,
    populations: object,
    reference_rate: float,
    dispersion: Dispersion | None = None,
) -> list[str | None]:
    """Where each area sits on the funnel: 'above the 99.8% limit', 'above the 95%
    limit', 'within limits', 'below the 95% limit' or 'below the 99.8% limit'
    (limits around the reference rate, widened by ``dispersion`` if it says so);
    None without a usable population."""
    count, population, usable = _usable(counts, populations)
    safe = np.where(usable, population, 1.0)
    rate = 1000.0 * np.where(usable, count, 0.0) / safe
    outer = _sides(rate, safe, reference_rate, 0.998, dispersion)
    inner = _sides(rate, safe, reference_rate, 0.95, dispersion)
    # Tested in this order, as the words say: outside 99.8% before outside 95%.
    conditions = [~usable, outer > 0, inner > 0, outer < 0, inner < 0]
    choices = [None, ABOVE_OUTER, ABOVE_INNER, BELOW_OUTER, BELOW_INNER]
    return list(np.select(conditions, choices, default=WITHIN))


def funnel_position(
    count: float,
    population: float | None,
    reference_rate: float,
    dispersion: Dispersion | None = None,
) -> str | None:
    """``funnel_positions`` for one area."""
    return funnel_positions([count], [population], reference_rate, dispersion)[0]


def compare_to_reference(
    count: float,
    population: float | None,
    reference_rate: float | None,
    dispersion: Dispersion | None = None,
) -> str | None:
    """'significantly higher/lower' when the area's rate is above/below the 95%
    funnel limit around the reference for its population (the funnel's own test,
    widened by ``dispersion`` if it says so), else 'not significantly
    different'; None if the population, count or reference is unknown."""
    if population is None or not population > 0 or count is None or count < 0:
        return None
    if reference_rate is None or pd.isna(reference_rate):
        return None
    side = _sides(
        np.array([1000.0 * float(count) / float(population)]),
        np.array([float(population)]),
        reference_rate,
        0.95,
        dispersion,
    )[0]
    return HIGHER if side > 0 else LOWER if side < 0 else NOT_SIGNIFICANT


def rate_range(
    count: float,
    population: float,
    reference_rate: float | None,
    dispersion: Dispersion | None = None,
    level: float = 0.95,
) -> tuple[float, float]:
    """An area's 95% range for its rate (per 1,000) that matches the test: the
    reference lies outside it exactly when ``compare_to_reference`` says
    significant, under widened limits. Without widening, the exact Poisson
    interval of the count (which agrees with the Poisson test but for rounding
    at the edge)."""
    if dispersion is None or not dispersion.widened or reference_rate is None:
        low, high = poisson_rate_bounds(
            np.array([count], dtype=float),
            np.array([population], dtype=float),
            confidence=level,
        )
        return float(low[0]), float(high[0])
    # On the square-root scale: var(sqrt(rate)) = 1000 / (4 pop) + ref tau^2
    # (random effects) or phi x 1000 / (4 pop) (scaled).
    root = np.sqrt(1000.0 * count / population)
    if dispersion.method == RANDOM:
        spread = np.sqrt(250.0 / population + reference_rate * dispersion.tau2)
    else:
        spread = np.sqrt((dispersion.phi or 1.0) * 250.0 / population)
    z = z_value(level)
    return float(max(root - z * spread, 0.0) ** 2), float((root + z * spread) ** 2)
