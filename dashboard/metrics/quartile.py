"""Where an area stands among its peers: ranks, quartiles, intervals, funnel limits,
significance and the distance to the next quartile. Pure functions, no Dash.

Conventions (stated on the page too): rank 1 is the LOWEST rate; quartile is
ceil(4 * rank / N), so quartile 4 is the highest-rate quartile (the partnership's
"bottom quartile"). Ties share the lowest rank of the tie.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.metrics.intervals import poisson_rate_bounds
from dashboard.metrics.rates import QUARTILE_NAMES


def weighted_rate(counts: pd.Series, populations: pd.Series) -> float | None:
    """Total offences over total population, per 1,000 (not the mean of rates);
    areas without a population are left out of both sums."""
    population = pd.to_numeric(populations, errors="coerce")
    usable = population > 0
    total_population = float(population[usable].sum())
    if total_population <= 0:
        return None
    total = float(pd.to_numeric(counts, errors="coerce")[usable].sum())
    return 1000.0 * total / total_population


def weighted_rates_by_period(panel: pd.DataFrame) -> pd.DataFrame:
    """``weighted_rate`` of the areas in each period, with the offences and
    population summed over every area (those without a population included).

    Input columns: period_end, offence_count, population. Output columns:
    period_end, offence_count, population, rate_per_1000 (NaN when no area of the
    period has a population), one row per period in order.
    """
    population = pd.to_numeric(panel.population, errors="coerce")
    counts = pd.to_numeric(panel.offence_count, errors="coerce")
    usable = population > 0
    sums = (
        pd.DataFrame(
            {
                "period_end": panel.period_end,
                "offence_count": counts,
                "population": population,
                "usable_count": counts.where(usable, 0),
                "usable_population": population.where(usable, 0),
            }
        )
        .groupby("period_end", sort=True)
        .sum()
    )
    rate = 1000.0 * sums.usable_count / sums.usable_population
    return pd.DataFrame(
        {
            "period_end": sums.index,
            "offence_count": sums.offence_count.astype("int64").to_numpy(),
            "population": sums.population.astype("int64").to_numpy(),
            "rate_per_1000": rate.where(sums.usable_population > 0).to_numpy(),
        }
    )


def _ranked(frame: pd.DataFrame, groups: pd.Series | None) -> pd.DataFrame:
    """The one ranking: rate_per_1000, rank, n_ranked, quartile, percentile and
    quartile_name within each group of rows (all rows when ``groups`` is None).

    Areas with no population or an exclusion reason get no rank (NaN). Ties
    share the lowest rank of the tie ("min"), after rounding the rates to the
    precision shown, so that areas displaying the same rate tie."""
    result = frame.copy()
    population = pd.to_numeric(result["population"], errors="coerce")
    counts = pd.to_numeric(result["offence_count"], errors="coerce")
    result["rate_per_1000"] = np.where(
        population > 0, 1000.0 * counts / population, np.nan
    )
    rankable = result["rate_per_1000"].notna()
    if "excluded_reason" in result.columns:
        rankable &= result["excluded_reason"].isna()
    keys = groups if groups is not None else pd.Series(0, index=result.index)
    rounded = result["rate_per_1000"].round(9).where(rankable)
    result["rank"] = rounded.groupby(keys).rank(method="min")
    result["n_ranked"] = rankable.groupby(keys).transform("sum").astype("int64")
    result["quartile"] = np.ceil(4 * result["rank"] / result["n_ranked"])
    result["percentile"] = 100.0 * result["rank"] / result["n_ranked"]
    result["quartile_name"] = result["quartile"].map(
        lambda q: QUARTILE_NAMES.get(int(q)) if pd.notna(q) else None
    )
    return result


def _sorted_part(part: pd.DataFrame) -> pd.DataFrame:
    part = part.sort_values(
        ["rank", "rate_per_1000", "area_code"], na_position="last", ignore_index=True
    )
    if part["quartile"].notna().all():
        part["quartile"] = part["quartile"].astype("int64")
    return part


def rank_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """Areas ranked by rate: rate_per_1000, rank, n_ranked, quartile, percentile
    (100 * rank / N) and quartile_name, sorted by rate (unranked areas last).

    Input columns: area_code, offence_count, population, excluded_reason."""
    return _sorted_part(_ranked(areas, None))


def quartile_history(panel: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """The area's rank, N, percentile and quartile in each period, ranking only the
    areas present in that period (so a CSP merged or renamed between periods is
    counted as the areas that existed then).

    Input columns: period_end, area_code, offence_count, population,
    excluded_reason. Output columns: period_end, offence_count, population,
    rate_per_1000, rank, n_ranked, percentile, quartile, is_demo (False when the
    panel has no is_demo column); periods where the area is
    absent or unranked are left out.
    """
    return history_from_ranked(rank_by_period(panel), area_code)


def rank_by_period(panel: pd.DataFrame) -> dict[date, pd.DataFrame]:
    """``rank_areas`` of each period's areas, keyed by period_end (in order),
    computed for every period at once (the same ranking, in one pass).

    Input columns: period_end, area_code, offence_count, population,
    excluded_reason.
    """
    if panel.empty:
        return {}
    result = _ranked(panel, panel["period_end"])
    return {
        period_end: _sorted_part(part)
        for period_end, part in result.groupby("period_end", sort=True)
    }


def history_from_ranked(
    ranked_periods: dict[date, pd.DataFrame], area_code: str
) -> pd.DataFrame:
    """``quartile_history`` from periods already ranked by ``rank_by_period``."""
    rows = []
    for period_end, ranked in sorted(ranked_periods.items()):
        row = ranked[ranked.area_code == area_code]
        if row.empty or pd.isna(row["rank"].iloc[0]):
            continue
        item = row.iloc[0]
        rows.append(
            {
                "period_end": period_end,
                "offence_count": int(item.offence_count),
                "population": int(item.population),
                "rate_per_1000": float(item.rate_per_1000),
                "rank": int(item["rank"]),
                "n_ranked": int(item.n_ranked),
                "percentile": float(item.percentile),
                "quartile": int(item.quartile),
                "is_demo": bool(item.get("is_demo", False)),
            }
        )
    columns = [
        "period_end",
        "offence_count",
        "population",
        "rate_per_1000",
        "rank",
        "n_ranked",
        "percentile",
        "quartile",
        "is_demo",
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class QuartileDistance:
    """How far an area is from the next better quartile, at its current population."""

    quartile: int
    target_quartile: int | None
    target_rank: int | None
    boundary_rate: float | None
    offences_fewer: int | None
    percent_reduction: float | None

    @property
    def reachable(self) -> bool:
        return self.offences_fewer is not None


def distance_to_next_quartile(ranked: pd.DataFrame, area_code: str) -> QuartileDistance:
    """Fewest offences to remove so the area ranks in a better quartile.

    ``ranked`` comes from ``rank_areas``. The area must reach rank
    r* = floor(N * (q - 1) / 4), the last rank of a better quartile; with ties
    sharing the lowest rank, a rate equal to the r*-th lowest rate among the other
    ranked areas is enough. The population stays as it is.
    """
    row = ranked[ranked.area_code == area_code]
    if row.empty or pd.isna(row["rank"].iloc[0]):
        raise ValueError(f"{area_code} has no rank")
    item = row.iloc[0]
    quartile, n_ranked = int(item.quartile), int(item.n_ranked)
    target_rank = math.floor(n_ranked * (quartile - 1) / 4)
    if quartile == 1 or target_rank < 1:
        return QuartileDistance(quartile, None, None, None, None, None)
    boundary = quartile_cuts(ranked, area_code)[quartile - 1]
    assert boundary is not None  # target_rank >= 1
    count, population = int(item.offence_count), float(item.population)
    allowed = math.floor(boundary * population / 1000.0 + 1e-9)
    fewer = max(count - allowed, 0)
    return QuartileDistance(
        quartile=quartile,
        target_quartile=math.ceil(4 * target_rank / n_ranked),
        target_rank=target_rank,
        boundary_rate=boundary,
        offences_fewer=fewer,
        percent_reduction=100.0 * fewer / count if count else 0.0,
    )


def offences_to_reach_rate(
    count: int, population: float, target_rate: float
) -> tuple[int, float]:
    """(offences fewer, per cent reduction) for a count to be at or below a rate;
    (0, 0.0) when it already is."""
    allowed = math.floor(target_rate * population / 1000.0 + 1e-9)
    fewer = max(int(count) - allowed, 0)
    return fewer, (100.0 * fewer / count if count else 0.0)


def percent_change(current: float | None, previous: float | None) -> float | None:
    """Per cent change from previous to current, or None if either is missing/zero."""
    if current is None or previous is None or pd.isna(current) or pd.isna(previous):
        return None
    if previous == 0:
        return None
    return 100.0 * (float(current) - float(previous)) / float(previous)


def quartile_cuts(ranked: pd.DataFrame, area_code: str) -> dict[int, float | None]:
    """The rates that separate the area's possible quartiles, with the other areas
    as they are: for q = 1, 2, 3, the area ranks in quartile q or better exactly
    when its rate is at or below cut q (None when no rate would do, in a set too
    small for quartile q to hold any rank).

    Cut q is the k-th lowest rate among the other ranked areas, k = floor(N q / 4)
    the last rank of quartile q (ties share the lowest rank). ``ranked`` comes
    from ``rank_areas``; ``distance_to_next_quartile`` uses cut q - 1."""
    row = ranked[ranked.area_code == area_code]
    if row.empty or pd.isna(row["rank"].iloc[0]):
        raise ValueError(f"{area_code} has no rank")
    n_ranked = int(row.n_ranked.iloc[0])
    others = ranked[(ranked.area_code != area_code) & ranked["rank"].notna()]
    rates = np.sort(others.rate_per_1000.to_numpy(float))
    cuts: dict[int, float | None] = {}
    for quartile in (1, 2, 3):
        last_rank = math.floor(n_ranked * quartile / 4)
        cuts[quartile] = float(rates[last_rank - 1]) if last_rank >= 1 else None
    return cuts


def quartile_of_rate(rate: float, cuts: dict[int, float | None]) -> int:
    """The quartile a rate would give the area, from ``quartile_cuts``."""
    return 1 + sum(1 for cut in cuts.values() if cut is None or rate > cut)


@dataclass(frozen=True)
class RankUncertainty:
    """How sure the area's quartile and rank are, given chance in the counts.

    ``low``/``high``: the exact Poisson 95% interval of the area's rate;
    ``quartiles``: the quartiles a rate in that interval could give (the others
    as they are); ``boundaries``: the cuts inside the interval, as (quartile below
    the cut, cut rate); ``rank_low``/``rank_high``: the middle 95% of the area's
    rank when every area's count is redrawn ``simulations`` times from a
    Poisson distribution with its recorded count as mean (seed ``seed``)."""

    rate: float
    low: float
    high: float
    quartile: int
    quartiles: tuple[int, ...]
    boundaries: tuple[tuple[int, float], ...]
    rank: int
    n_ranked: int
    rank_low: int
    rank_high: int
    simulations: int
    seed: int

    @property
    def straddles(self) -> bool:
        """Whether a quartile boundary lies inside the 95% interval."""
        return len(self.quartiles) > 1


SIMULATIONS = 1000
SEED = 2005


def rank_uncertainty(
    ranked: pd.DataFrame,
    area_code: str,
    *,
    simulations: int = SIMULATIONS,
    seed: int = SEED,
) -> RankUncertainty:
    """Quartile boundaries inside the area's exact Poisson 95% interval, and a
    plausible rank range by simulation (fixed seed, so the page and the board
    always say the same). ``ranked`` comes from ``rank_areas``."""
    cuts = quartile_cuts(ranked, area_code)
    rated = ranked[ranked["rank"].notna()].reset_index(drop=True)
    own = int(np.flatnonzero(rated.area_code.to_numpy() == area_code)[0])
    item = rated.iloc[own]
    count, population = int(item.offence_count), float(item.population)
    low, high = (
        float(x[0])
        for x in poisson_rate_bounds(
            np.array([count], dtype=float), np.array([population])
        )
    )
    quartiles = tuple(
        range(quartile_of_rate(low, cuts), quartile_of_rate(high, cuts) + 1)
    )
    boundaries = tuple(
        (quartile, cut)
        for quartile, cut in cuts.items()
        if cut is not None and low <= cut < high
    )
    counts = rated.offence_count.to_numpy(float)
    populations = rated.population.to_numpy(float)
    draws = np.random.default_rng(seed).poisson(counts, size=(simulations, len(counts)))
    rates = 1000.0 * draws / populations
    ranks = 1 + (rates < rates[:, [own]]).sum(axis=1)
    rank_low, rank_high = np.quantile(ranks, [0.025, 0.975], method="inverted_cdf")
    return RankUncertainty(
        rate=float(item.rate_per_1000),
        low=low,
        high=high,
        quartile=int(item.quartile),
        quartiles=quartiles,
        boundaries=boundaries,
        rank=int(item["rank"]),
        n_ranked=int(item.n_ranked),
        rank_low=int(rank_low),
        rank_high=int(rank_high),
        simulations=simulations,
        seed=seed,
    )
