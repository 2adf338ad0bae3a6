"""Published annual series and force-level survey results: rates on our own
denominator (the one population rule) and survey intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.metrics.intervals import poisson_rate_bounds, wilson_bounds
from domain.population import population_year


def annual_rates(counts: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """``counts`` (area_code, period_end, value, ...) with population_year,
    population, rate per 1,000 and its exact Poisson 95% limits (rate_lower,
    rate_upper). Each area takes the estimate ``domain.population.population_year``
    chooses from the years loaded for it; no estimate, no rate."""
    years = {
        code: group.set_index("year").population.to_dict()
        for code, group in populations.groupby("area_code")
    }
    chosen, population = [], []
    for code, end in zip(counts.area_code, counts.period_end, strict=True):
        by_year = years.get(code, {})
        year = population_year(end, by_year)
        chosen.append(year)
        population.append(float(by_year[year]) if year is not None else np.nan)
    result = counts.copy()
    result["population_year"] = pd.array(chosen, dtype="Int64")
    result["population"] = np.array(population, dtype=float)
    values = result.value.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result["rate"] = 1000 * values / result.population.to_numpy()
    lower, upper = poisson_rate_bounds(values, result.population.to_numpy())
    result["rate_lower"], result["rate_upper"] = lower, upper
    return result


def survey_intervals(results: pd.DataFrame) -> pd.DataFrame:
    """``results`` (estimate 0-1, base_size, design_effect) with Wilson 95% limits
    lower and upper, from the unweighted base divided by the design effect."""
    result = results.copy()
    deff = float(result.design_effect.iloc[0]) if len(result) else 1.0
    lower, upper = wilson_bounds(
        result.estimate.to_numpy(dtype=float),
        result.base_size.to_numpy(dtype=float, na_value=np.nan),
        design_effect=deff,
    )
    result["lower"], result["upper"] = lower, upper
    return result
