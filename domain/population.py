"""The one population-year rule: which mid-year estimate is the denominator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def population_year(period_end: date, available_years: Iterable[int]) -> int | None:
    """The mid-year estimate used for figures over a period ending on ``period_end``.

    Rule: the latest estimate whose reference date (30 June) is not after the
    period's end, so no figure uses an estimate of a later date than its data; if
    every loaded estimate is later, the earliest one; None if none is loaded. Every
    page, slide and export takes its denominator year from here.
    """
    years = sorted({int(year) for year in available_years})
    if not years:
        return None
    eligible = [year for year in years if date(year, 6, 30) <= period_end]
    return eligible[-1] if eligible else years[0]
