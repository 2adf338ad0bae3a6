"""Rates per 1,000 residents, ranks and quartiles across areas.

Rank 1 is the LOWEST rate (for crime, lower is better). Quartile by rank:
ceil(4 * rank / N), so quartile 4 is the quarter of areas with the highest rates
(what the partnership's papers call the "bottom quartile").
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

QUARTILE_NAMES = {
    1: "lowest-rate quartile",
    2: "second-lowest-rate quartile",
    3: "second-highest-rate quartile",
    4: "highest-rate quartile",
}


def rate_per_1000(count: float, population: float | None) -> float | None:
    """Offences per 1,000 residents, or None without a usable population."""
    if population is None or not population > 0 or count is None:
        return None
    return 1000.0 * float(count) / float(population)


def quartile_of_rank(rank: int, n_ranked: int) -> int:
    """Quartile 1-4 of a rank among n areas (rank 1 = lowest rate)."""
    if n_ranked < 1 or not 1 <= rank <= n_ranked:
        raise ValueError(f"rank {rank} is not within 1..{n_ranked}")
    return math.ceil(4 * rank / n_ranked)


def ranked_rates(areas: pd.DataFrame) -> pd.DataFrame:
    """Add rate_per_1000, rank, quartile and n_ranked to an areas table.

    Input columns: area_code, offence_count, population, excluded_reason.
    Areas with no population or an exclusion reason get no rank (NaN). Ties share
    the lowest rank of the tie ("min"), so two areas on the same rate rank alike.
    """
    result = areas.copy()
    population = pd.to_numeric(result["population"], errors="coerce")
    counts = pd.to_numeric(result["offence_count"], errors="coerce")
    result["rate_per_1000"] = np.where(
        population > 0, 1000.0 * counts / population, np.nan
    )
    excluded = result.get("excluded_reason")
    rankable = result["rate_per_1000"].notna()
    if excluded is not None:
        rankable &= excluded.isna()
    n_ranked = int(rankable.sum())
    # Rounded to the precision shown so that areas displaying the same rate tie.
    ranks = result.loc[rankable, "rate_per_1000"].round(9).rank(method="min")
    result["rank"] = ranks.reindex(result.index)
    result["n_ranked"] = n_ranked
    result["quartile"] = [
        quartile_of_rank(int(rank), n_ranked) if pd.notna(rank) else np.nan
        for rank in result["rank"]
    ]
    return result
