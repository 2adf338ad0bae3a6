"""Rates per 1,000 residents and quartile names. The one ranking of areas is
``dashboard.metrics.quartile.rank_areas`` (and ``rank_by_period``).

Rank 1 is the LOWEST rate (for crime, lower is better). Quartile by rank:
ceil(4 * rank / N), so quartile 4 is the quarter of areas with the highest rates
(what the partnership's papers call the "bottom quartile").
"""

from __future__ import annotations

import math

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
