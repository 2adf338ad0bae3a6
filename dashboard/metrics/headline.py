"""The crime headline: an area's rate, rank and quartile among all CSPs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.metrics.quartile import rank_areas
from dashboard.metrics.rates import QUARTILE_NAMES, rate_per_1000
from domain.areas import PETERBOROUGH_CSP


@dataclass(frozen=True)
class CrimeHeadline:
    """Everything the overview tile says, as plain values."""

    area_name: str
    offence_count: int
    population: int
    population_year: int
    rate: float
    rank: int
    n_ranked: int
    quartile: int
    national_rate: float | None
    is_demo: bool

    @property
    def quartile_name(self) -> str:
        return QUARTILE_NAMES[self.quartile]


def crime_headline(
    areas: pd.DataFrame, national: pd.DataFrame, *, area_code: str = PETERBOROUGH_CSP
) -> CrimeHeadline | None:
    """The headline for one area, or None if it is absent or has no population."""
    ranked = rank_areas(areas)
    row = ranked[ranked.area_code == area_code]
    if row.empty or pd.isna(row["rank"].iloc[0]):
        return None
    item = row.iloc[0]
    national_rate = None
    if not national.empty:
        national_rate = rate_per_1000(
            national.offence_count.iloc[0], national.population.iloc[0]
        )
    return CrimeHeadline(
        area_name=str(item.area_name),
        offence_count=int(item.offence_count),
        population=int(item.population),
        population_year=int(item.population_year),
        rate=float(item.rate_per_1000),
        rank=int(item["rank"]),
        n_ranked=int(item.n_ranked),
        quartile=int(item.quartile),
        national_rate=national_rate,
        is_demo=bool(item.is_demo),
    )
