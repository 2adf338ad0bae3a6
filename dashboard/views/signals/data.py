"""The monthly police.uk series as process-behaviour charts: one area's chart (a
ward, a sector or the city) and every ward and crime type's variation at once.

The months charted are the latest unbroken run of real police.uk months (an
isolated older month, such as August 2019, is not joined to it: the gap would hide
years). Counts are the records police.uk placed in the area each month; a month
with none is a zero. Demo records are never charted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from dashboard.figures.spc import process_behaviour_figure, signal_table
from dashboard.figures.spec import FigureSpec
from dashboard.memo import memoised
from dashboard.metrics import spc
from data_access.queries import local
from data_access.queries import quartile as quartile_queries
from domain.dates import latest_run, month_end, month_start
from domain.police_uk import ANTI_SOCIAL_BEHAVIOUR, CRIME_TYPES

POLICE_UK = "police.uk"
# Fewer recorded crimes or ASB incidents is better for every police.uk series.
DIRECTION = "lower_is_better"
# The board judges a series on its last 12 months: a signal older than that is
# history, not news.
JUDGED_MONTHS = 12
CITY = "city"
LEVELS = ("ward", "sector", CITY)


@dataclass(frozen=True)
class AreaSignal:
    """One area's monthly chart: the result, its variation in the judged months, the
    sentence that says it, the figure and its table alternative."""

    title: str
    months: tuple[date, ...]
    result: spc.SpcResult
    variation: spc.Variation
    sentence: str
    method: str
    figure: FigureSpec
    table: pd.DataFrame


def monthly_totals(counts: pd.DataFrame, months: Sequence[date]) -> list[float]:
    """Incidents per month over ``months`` (columns month, incidents); none is 0."""
    if counts.empty:
        return [0.0] * len(months)
    by_month = counts.groupby("month").incidents.sum()
    by_month.index = [pd.Timestamp(m).date() for m in by_month.index]
    return [float(by_month.get(m, 0)) for m in months]


def judged_from(months: Sequence[date]) -> date | None:
    """The first month of the judged window (the last JUDGED_MONTHS months)."""
    return months[-JUDGED_MONTHS] if len(months) >= JUDGED_MONTHS else None


def stated_changes(breaks: pd.DataFrame, months: Sequence[date]) -> dict[date, str]:
    """The recorded series breaks (break_date, description) that start a new set of
    limits inside ``months``: the month each falls in, after the first, with its
    reason."""
    changes: dict[date, str] = {}
    for row in breaks.itertuples():
        month = month_start(pd.Timestamp(row.break_date).date())
        if months and months[0] < month <= months[-1] and month in months:
            changes[month] = str(row.description)
    return changes


def area_signal(
    counts: pd.DataFrame,
    months: Sequence[date],
    *,
    title: str,
    unit: str,
    breaks: dict[date, str] | None = None,
) -> AreaSignal:
    """The chart of one area's monthly counts over ``months``, judged on its last 12
    months (the latest special-cause point there decides improving or concerning);
    ``breaks`` (month: reason) start new limits, drawn on the chart."""
    months = tuple(months)
    result = spc.count_chart(
        monthly_totals(counts, months), months, breaks=breaks or {}
    )
    since = judged_from(months)
    # Too short for a 12-month window (since None): the latest point only.
    shown = spc.variation(result, DIRECTION, since=since)
    sentence = spc.describe(result, shown, None)
    if shown.key == spc.COMMON and since is not None:
        sentence = sentence.replace(
            "the latest value is within",
            f"every month since {since:%B %Y} is within",
        )
    elif since is not None and result.segments[-1].has_limits:
        sentence = f"In the 12 months to {months[-1]:%B %Y}: {sentence}"
    figure = process_behaviour_figure(
        result,
        title=f"{title}: {shown.icon} {shown.label}",
        unit=unit,
        direction=DIRECTION,
        is_demo=False,
    )
    return AreaSignal(
        title,
        months,
        result,
        shown,
        sentence,
        spc.method_note(result),
        figure,
        signal_table(result, DIRECTION),
    )


# --- Reading ------------------------------------------------------------------------


@memoised
def police_months(engine: Engine) -> tuple[date, ...]:
    """The latest unbroken run of months with real police.uk records inside the
    wards (every category counts), read once per data version."""
    known = local.incident_categories(engine)
    real = known[(known.source_system == POLICE_UK) & ~known.is_demo]
    if real.empty:
        return ()
    every_month = local.incident_counts(
        engine,
        start_month=min(pd.Timestamp(m).date() for m in real.first_month),
        end_month=max(pd.Timestamp(m).date() for m in real.last_month),
        level="ward",
        categories=list(real.category),
    )
    return tuple(
        latest_run(
            pd.Timestamp(m).date() for m in every_month[~every_month.is_demo].month
        )
    )


def _real_police_counts(
    engine: Engine, level: str, categories: Sequence[str]
) -> tuple[pd.DataFrame, list[date]]:
    """Real police.uk counts by area and month for ``categories`` (ward or sector
    level) over the months ``police_months`` gives, and those months."""
    months = list(police_months(engine))
    if not months:
        return pd.DataFrame(columns=["area_code", "month", "incidents"]), []
    counts = local.incident_counts(
        engine,
        start_month=months[0],
        end_month=months[-1],
        level="sector" if level == "sector" else "ward",
        categories=list(categories),
    )
    return counts[~counts.is_demo], months


def _breaks(engine: Engine, months: Sequence[date]) -> dict[date, str]:
    """Recorded crime's whole-series breaks (counting rules: police.uk records are
    the same recorded crime) that fall inside the charted months."""
    return stated_changes(
        quartile_queries.series_breaks(engine, offence_code="total"), months
    )


@memoised
def read_area_signal(
    engine: Engine, level: str, area_code: str, categories: tuple[str, ...], title: str
) -> AreaSignal | None:
    """The monthly chart of ``categories`` in one ward, sector or the city (level
    CITY, any area code); None when no real police.uk months are loaded."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    counts, months = _real_police_counts(engine, level, categories)
    if not months:
        return None
    if level != CITY:
        counts = counts[counts.area_code == area_code]
    unit = (
        "ASB incidents a month"
        if categories == (ANTI_SOCIAL_BEHAVIOUR,)
        else "crimes a month"
    )
    return area_signal(
        counts, months, title=title, unit=unit, breaks=_breaks(engine, months)
    )


@memoised
def ward_crime_signals(engine: Engine, until: date | None = None) -> pd.DataFrame:
    """Every ward and police.uk crime type's monthly series classified (see
    ``spc.classify_series``), charted on the months to ``until`` (None: all loaded,
    so a past meeting is judged on what was known then): that table's columns with
    ward_code, ward_name, category, judged_concerning (concerning months in the
    last 12) and monthly (each month's count). Empty when fewer than MIN_POINTS months are loaded by then."""
    categories = CRIME_TYPES
    counts, months = _real_police_counts(engine, "ward", categories)
    wards = local.ward_sectors(engine)[["ward_code", "ward_name"]]
    if until is not None:
        months = [m for m in months if month_end(m) <= until]
    if len(months) < spc.MIN_POINTS:
        return pd.DataFrame()
    grid = pd.MultiIndex.from_product(
        [wards.ward_code, categories], names=["area_code", "category"]
    ).to_frame(index=False)
    grid["month"], grid["incidents"] = months[0], 0
    counts = counts.assign(month=[pd.Timestamp(m).date() for m in counts.month])
    counts = counts[counts.month.isin(months)]
    frame = pd.concat(
        [counts[["area_code", "category", "month", "incidents"]], grid],
        ignore_index=True,
    )
    table = spc.classify_series(
        frame,
        keys=["area_code", "category"],
        period="month",
        value="incidents",
        periods=months,
        direction=DIRECTION,
        breaks=_breaks(engine, months),
    )
    since = judged_from(months)
    table["judged_concerning"] = table.concerning_periods.map(
        lambda periods: tuple(p for p in periods if since is None or p >= since)
    )
    # Each series' counts by month, for how far a signal's months stand out.
    monthly = frame.groupby(["area_code", "category", "month"]).incidents.sum()
    table["monthly"] = [
        {m: float(monthly.get((code, category, m), 0)) for m in months}
        for code, category in zip(table.area_code, table.category, strict=True)
    ]
    names = dict(zip(wards.ward_code, wards.ward_name, strict=True))
    table.insert(1, "ward_name", table.area_code.map(names))
    return table.rename(columns={"area_code": "ward_code"})
