"""Has an area's rate fallen faster than the national rate? A stated test of two
rate ratios. Pure functions, no Dash.

For two 12-month periods (the first and the last), an area's rate ratio is
RR = (O2 / N2) / (O1 / N1), offences O over residents N. On the log scale its
chance (Poisson) variance is 1 / O1 + 1 / O2. Areas' trends also differ for
real reasons, so the comparison adds the between-area variance tau^2 of log rate
ratios, estimated across every area with both periods by DerSimonian and Laird
(1986): with w = 1 / v, Q = sum w (log RR - weighted mean)^2 and
tau^2 = max(0, (Q - (k - 1)) / (sum w - sum w^2 / sum w)). Then

    z = (log RR_area - log RR_national) / sqrt(v_area + v_national + tau^2)

and p = 2 (1 - Phi(|z|)). At p < 0.05 the area's rate fell faster (z < 0) or
more slowly (z > 0) than the national rate; otherwise there is no detectable
difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.stats import norm

FASTER = "faster"
SLOWER = "slower"
NO_DIFFERENCE = "no detectable difference"
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class TrendTest:
    """The two periods, each side's change and the test."""

    first_end: date
    last_end: date
    area_first: int
    area_last: int
    area_ratio: float
    national_ratio: float
    tau2: float
    n_areas: int
    z: float
    p: float

    @property
    def area_change(self) -> float:
        """Per cent change of the area's rate."""
        return 100.0 * (self.area_ratio - 1.0)

    @property
    def national_change(self) -> float:
        """Per cent change of the national rate."""
        return 100.0 * (self.national_ratio - 1.0)

    @property
    def verdict(self) -> str:
        """'faster', 'slower' or 'no detectable difference' (at p < 0.05)."""
        if self.p >= SIGNIFICANCE:
            return NO_DIFFERENCE
        return FASTER if self.z < 0 else SLOWER


def between_area_variance(log_ratios: np.ndarray, variances: np.ndarray) -> float:
    """DerSimonian-Laird tau^2 of log rate ratios with their chance variances."""
    log_ratios = np.asarray(log_ratios, dtype=float)
    weights = 1.0 / np.asarray(variances, dtype=float)
    k = len(log_ratios)
    if k < 2:
        return 0.0
    mean = float((weights * log_ratios).sum() / weights.sum())
    q = float((weights * (log_ratios - mean) ** 2).sum())
    spread = float(weights.sum() - (weights**2).sum() / weights.sum())
    if spread <= 0:
        return 0.0
    return max(0.0, (q - (k - 1)) / spread)


def _period(frame: pd.DataFrame, end: date) -> pd.DataFrame:
    part = frame[frame.period_end == end]
    population = pd.to_numeric(part.population, errors="coerce")
    count = pd.to_numeric(part.offence_count, errors="coerce")
    usable = (population > 0) & (count > 0)
    if "excluded_reason" in part.columns:
        usable &= part.excluded_reason.isna()
    return pd.DataFrame(
        {
            "area_code": part.area_code[usable],
            "count": count[usable].astype(float),
            "rate": (count / population)[usable].astype(float),
        }
    )


def compare_trends(
    panel: pd.DataFrame,
    national: pd.DataFrame,
    area_code: str,
    first_end: date,
    last_end: date,
) -> TrendTest | None:
    """The test for ``area_code`` between two periods, or None when the area or
    the nation lacks a usable count in either.

    ``panel`` columns: period_end, area_code, offence_count, population and
    optionally excluded_reason (excluded areas are left out of tau^2);
    ``national`` columns: period_end, offence_count, population."""
    first, last = _period(panel, first_end), _period(panel, last_end)
    both = first.merge(last, on="area_code", suffixes=("_1", "_2"))
    log_ratios = np.log(both.rate_2.to_numpy() / both.rate_1.to_numpy())
    variances = 1.0 / both.count_1.to_numpy() + 1.0 / both.count_2.to_numpy()
    own = both.area_code.to_numpy() == area_code
    if not own.any():
        return None
    rows = [national[national.period_end == end] for end in (first_end, last_end)]
    if any(row.empty for row in rows):
        return None
    counts = [float(row.offence_count.iloc[0]) for row in rows]
    populations = [float(row.population.iloc[0]) for row in rows]
    if not all(c > 0 for c in counts) or not all(p > 0 for p in populations):
        return None
    national_log = math.log((counts[1] / populations[1]) / (counts[0] / populations[0]))
    national_variance = 1.0 / counts[0] + 1.0 / counts[1]
    tau2 = between_area_variance(log_ratios, variances)
    index = int(np.flatnonzero(own)[0])
    se = math.sqrt(variances[index] + national_variance + tau2)
    z = (float(log_ratios[index]) - national_log) / se
    return TrendTest(
        first_end=first_end,
        last_end=last_end,
        area_first=int(both.count_1.iloc[index]),
        area_last=int(both.count_2.iloc[index]),
        area_ratio=math.exp(float(log_ratios[index])),
        national_ratio=math.exp(national_log),
        tau2=tau2,
        n_areas=len(both),
        z=z,
        p=float(2.0 * norm.sf(abs(z))),
    )


def comparison_periods(
    periods: pd.DataFrame, last_end: date
) -> tuple[date | None, date | None]:
    """(first real period, first period of any kind) to compare ``last_end``
    with: the earliest period before it ending on the same day of the year, so
    that whole years are compared. The real one is None unless both it and
    ``last_end`` are real. ``periods`` columns: period_end, is_demo (one row per
    period, or per area and period: a period with any demo row is demo)."""
    demo = periods.groupby("period_end").is_demo.any()
    same_day = [
        end
        for end in demo.index
        if end < last_end and (end.month, end.day) == (last_end.month, last_end.day)
    ]
    if not same_day:
        return None, None
    real = [end for end in same_day if not demo[end]]
    last_real = last_end in demo.index and not demo[last_end]
    return (min(real) if real and last_real else None), min(same_day)
