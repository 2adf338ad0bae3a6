"""The one population rule: which mid-year estimate is the denominator, which
population each measure is divided by, and where a series crosses the 2021
Census break."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

# The first mid-year estimate based on the 2021 Census. ONS estimates for mid-2001
# to mid-2020 were made before the census and do not join smoothly to mid-2021 on
# (Peterborough mid-2020 202,626; mid-2022 217,705).
FIRST_POST_CENSUS_YEAR = 2021
CENSUS_BREAK = date(FIRST_POST_CENSUS_YEAR, 6, 30)
CENSUS_BREAK_LABEL = "Break: population estimates rebased on the 2021 Census"


def is_pre_census(year: int) -> bool:
    """True for a mid-year estimate made before the 2021 Census (mid-2020 or earlier)."""
    return int(year) < FIRST_POST_CENSUS_YEAR


def population_year(period_end: date, available_years: Iterable[int]) -> int | None:
    """The mid-year estimate used for figures over a period ending on ``period_end``.

    Rule: the latest estimate whose reference date (30 June) is not after the
    period's end, so no figure uses an estimate of a later date than its data; if
    every eligible estimate is later, the earliest one; None if none is loaded.
    Pre-census estimates (mid-2020 and before) stand only for periods ending before
    mid-2021: a period ending on or after 30 June 2021 takes a post-census estimate
    or none. Every page, slide and export takes its denominator year from here.
    """
    years = sorted({int(year) for year in available_years})
    if period_end >= CENSUS_BREAK:
        years = [year for year in years if not is_pre_census(year)]
    if not years:
        return None
    eligible = [year for year in years if date(year, 6, 30) <= period_end]
    return eligible[-1] if eligible else years[0]


@dataclass(frozen=True)
class CensusBreak:
    """Where a series of periods crosses the 2021 Census break: between the
    periods at positions ``index - 1`` (last on pre-census estimates) and
    ``index`` (first on post-census ones)."""

    index: int
    last_before: date
    first_after: date
    label: str = CENSUS_BREAK_LABEL

    @property
    def midpoint(self) -> date:
        """A date halfway between the two periods' ends, where a chart draws the line."""
        return date.fromordinal(
            (self.last_before.toordinal() + self.first_after.toordinal()) // 2
        )


def census_break(period_ends: Sequence[date]) -> CensusBreak | None:
    """The census break in a list of period ends (in time order), or None when
    every period falls on one side of it. A rate series drawn over periods on both
    sides must show the break: its denominators come from two estimate series."""
    ends = sorted(period_ends)
    for index in range(1, len(ends)):
        if ends[index - 1] < CENSUS_BREAK <= ends[index]:
            return CensusBreak(index, ends[index - 1], ends[index])
    return None


@dataclass(frozen=True)
class Denominator:
    """Which population a measure's rate is per 1,000 of, in words for the screen."""

    measure: str
    source: str  # "ons_mid_year" (our table, by population_year) or "as_published"
    statement: str


DENOMINATORS: dict[str, Denominator] = {
    "csp_crime": Denominator(
        "csp_crime",
        "ons_mid_year",
        "per 1,000 residents: ONS mid-year estimate for the local authorities, the "
        "latest not after the period's end (2021 Census based from mid-2021)",
    ),
    "ward_incidents": Denominator(
        "ward_incidents",
        "ons_mid_year",
        "per 1,000 residents: ONS small area estimate for the wards, the latest not "
        "after the period's end",
    ),
    "flytipping": Denominator(
        "flytipping",
        "ons_mid_year",
        "per 1,000 residents: ONS mid-year estimate for the authority, region or "
        "England, the latest not after the financial year's end (Defra publishes "
        "a population only from 2019-20 and only for authorities, so this project "
        "uses the same ONS rule for every year and area)",
    ),
    "police_asb_force": Denominator(
        "police_asb_force",
        "as_published",
        "per 1,000 residents as published by ONS and the Home Office (their "
        "mid-year estimate for the police force area)",
    ),
}


def denominator(measure: str) -> Denominator:
    """The denominator rule of a measure (KeyError for an unknown measure)."""
    return DENOMINATORS[measure]
