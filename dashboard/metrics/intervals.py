"""95% intervals for survey proportions (Wilson) and recorded rates (exact Poisson).

Wilson's score interval (Wilson 1927; Newcombe 1998, method 3) for a proportion p
from n interviews, with z the normal quantile:

    (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)

A weighted survey is less precise than its raw base suggests: with a design effect
deff the interval uses the effective base n / deff (Kish 1965).

The exact Poisson interval for a count x (Garwood 1936) is
[chi2(α/2; 2x) / 2, chi2(1-α/2; 2x+2) / 2], with the lower limit 0 when x = 0;
a rate's interval divides both limits by the population (times 1,000).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import chi2, norm


def z_value(confidence: float = 0.95) -> float:
    """The two-sided normal quantile for a confidence level (1.96 for 0.95)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    return float(norm.ppf(0.5 + confidence / 2))


def effective_base(base: float, design_effect: float = 1.0) -> float:
    """The base an estimate is worth after weighting: base / design effect."""
    if design_effect < 1:
        raise ValueError(f"a design effect is at least 1, not {design_effect}")
    return float(base) / float(design_effect)


def wilson_interval(
    proportion: float,
    base: float,
    *,
    design_effect: float = 1.0,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Wilson score interval (lower, upper) for a proportion from ``base`` answers."""
    if base is None or not base > 0:
        raise ValueError(f"a proportion needs a positive base, not {base}")
    if not 0 <= proportion <= 1:
        raise ValueError(f"a proportion is between 0 and 1, not {proportion}")
    n = effective_base(base, design_effect)
    z = z_value(confidence)
    centre = proportion + z * z / (2 * n)
    half = z * math.sqrt(proportion * (1 - proportion) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)


def wilson_bounds(
    proportions: np.ndarray,
    bases: np.ndarray,
    *,
    design_effect: float = 1.0,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised ``wilson_interval``: arrays of lower and upper limits (NaN where
    the base is missing or not positive)."""
    p = np.asarray(proportions, dtype=float)
    n = np.asarray(bases, dtype=float) / float(design_effect)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = p + z * z / (2 * n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        scale = 1 + z * z / n
        lower = np.clip((centre - half) / scale, 0.0, 1.0)
        upper = np.clip((centre + half) / scale, 0.0, 1.0)
    bad = ~(n > 0)
    lower[bad] = np.nan
    upper[bad] = np.nan
    return lower, upper


def poisson_limits(
    counts: float | np.ndarray, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood, chi-square) limits for Poisson counts, as arrays: the lower
    limit is 0 at a count of 0. Counts need not be whole (an expected count, as in
    funnel limits); every exact Poisson interval in the project comes from here."""
    x = np.asarray(counts, dtype=float)
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, chi2.ppf(alpha / 2, 2 * np.maximum(x, 0)) / 2, 0.0)
        upper = chi2.ppf(1 - alpha / 2, 2 * np.maximum(x, 0) + 2) / 2
    return lower, upper


def poisson_count_interval(
    count: float, *, confidence: float = 0.95
) -> tuple[float, float]:
    """Exact (Garwood) interval (lower, upper) for an observed Poisson count."""
    if count is None or count < 0 or count != int(count):
        raise ValueError(f"a count is a whole number of at least 0, not {count}")
    lower, upper = poisson_limits(count, confidence=confidence)
    return float(lower), float(upper)


def poisson_rate_interval(
    count: float,
    population: float,
    *,
    per: float = 1000.0,
    confidence: float = 0.95,
) -> tuple[float, float, float]:
    """(rate, lower, upper) per ``per`` residents from a count and a population."""
    if population is None or not population > 0:
        raise ValueError(f"a rate needs a positive population, not {population}")
    lower, upper = poisson_count_interval(count, confidence=confidence)
    scale = per / float(population)
    return float(count) * scale, lower * scale, upper * scale


def poisson_rate_bounds(
    counts: np.ndarray,
    populations: np.ndarray,
    *,
    per: float = 1000.0,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised ``poisson_rate_interval`` limits: arrays of lower and upper."""
    scale = per / np.asarray(populations, dtype=float)
    lower, upper = poisson_limits(counts, confidence=confidence)
    return lower * scale, upper * scale
