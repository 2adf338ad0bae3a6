"""The one sentence that states a rate's denominator, on every page, slide and export.

Which population estimate a figure uses is decided by ``domain.population``
(``population_year``); this module only says, in the same words everywhere, what
was divided by what: the series counted, the period, and the ONS mid-year estimate
used, with why that estimate (the latest loaded not after the period's end, or the
earliest loaded when every loaded estimate is later). A page never words its own
denominator: it passes the facts here.

Two crime series are different things and neither is forced to match the other:
ONS police recorded crime by Community Safety Partnership (12-month periods, every
CSP) and police.uk street-level records (months, placed on a map). Each rate says
which it counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.dates import long_date, month_end, month_index, twelve_months_to

ONS_RECORDED_CRIME = "ONS police recorded crime"
POLICE_UK_RECORDS = "police.uk street-level records"
SERIES_NAMES = (ONS_RECORDED_CRIME, POLICE_UK_RECORDS)


def counted(series: str, what: str = "") -> str:
    """'ONS police recorded crime (total recorded crime excluding fraud)'."""
    if not what:
        return series
    what = what.replace("(", "").replace(")", "")
    return f"{series} ({what[:1].lower()}{what[1:]})"


def period_words(first: date, last: date) -> str:
    """'the 12 months to 30 June 2025', 'August 2019' or 'April 2024 to June 2025'
    for the whole months from ``first``'s month to ``last``'s month."""
    months = month_index(last) - month_index(first) + 1
    if months <= 1:
        return f"{last:%B %Y}"
    if months == 12:
        return f"the 12 months to {long_date(month_end(last))}"
    return f"{first:%B %Y} to {last:%B %Y}"


def estimate_words(
    years: Iterable[int], period_end: date, *, wards: bool = False
) -> str:
    """'the ONS mid-2023 population estimate (the latest loaded not after the
    period's end)', for the estimate year(s) ``population_year`` chose."""
    chosen = sorted({int(year) for year in years})
    kind = "ward population estimates" if wards else "population estimate"
    if not chosen:
        return "no population estimate (none is loaded)"
    if len(chosen) > 1:
        kind = "ward population estimates" if wards else "population estimates"
        names = " and ".join(f"mid-{year}" for year in chosen)
        return (
            f"the ONS {names} {kind} (for each period, the latest loaded not after "
            "its end)"
        )
    year = chosen[0]
    if date(year, 6, 30) <= period_end:
        why = "the latest loaded not after the period's end"
    else:
        why = "the earliest loaded: none loaded is from before the period's end"
    return f"the ONS mid-{year} {kind} ({why})"


def rate_sentence(
    what: str,
    first: date,
    last: date,
    years: Iterable[int],
    *,
    wards: bool = False,
    each: str = "",
) -> str:
    """The denominator sentence, e.g. 'Rate per 1,000 residents: ONS police recorded
    crime (total recorded crime excluding fraud) in the 12 months to 30 June 2025
    divided by the ONS mid-2023 population estimate (the latest loaded not after the
    period's end).'

    ``what`` is what was counted (see ``counted``); ``first`` and ``last`` are days in
    the first and last months counted; ``years`` the estimate year(s) used; ``wards``
    when the population is the wards' (sectors and the city then sum their wards);
    ``each`` ('quarter from', '12-month period ending') for a series of rates over
    many periods (``first`` and ``last`` then name the first and last period).
    """
    period = period_words(first, last)
    if each:
        period = f"each {each} {first:%B %Y} to {last:%B %Y}"
    text = (
        f"Rate per 1,000 residents: {what} in {period} divided by "
        f"{estimate_words(years, month_end(last), wards=wards)}"
    )
    if wards:
        text += "; sectors and the city use the sums of their wards"
    return text + "."


def ons_rate_sentence(offence_name: str, period_end: date, year: int) -> str:
    """The sentence for one ONS recorded crime rate over the 12 months to
    ``period_end`` (every page, slide and export of that figure uses this)."""
    return rate_sentence(
        counted(ONS_RECORDED_CRIME, offence_name),
        *twelve_months_to(period_end),
        [year],
    )


def ons_series_sentence(
    offence_name: str, first_end: date, last_end: date, years: Iterable[int]
) -> str:
    """The sentence for a series of ONS recorded crime rates, one per 12-month
    period ending ``first_end`` to ``last_end``."""
    return rate_sentence(
        counted(ONS_RECORDED_CRIME, offence_name),
        first_end,
        last_end,
        years,
        each="12-month period ending",
    )
