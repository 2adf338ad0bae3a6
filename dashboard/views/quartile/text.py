"""The quartile page's sentences, as plain strings (or plain parts where the page
emphasises one), built from plain values. No Dash, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.freshness import format_day
from dashboard.metrics.quartile import (
    HIGHER,
    LOWER,
    NOT_SIGNIFICANT,
    QuartileDistance,
    offences_to_reach_rate,
    percent_change,
)
from dashboard.metrics.rates import QUARTILE_NAMES
from dashboard.views.quartile.state import Choice

AREA_NAME = "Peterborough"
FUNNEL_LIMITS_NOTE = " Limits: exact Poisson 95% and 99.8% around England and Wales."
MSG_TEST_NOTE = "test: the group average outside a member's exact Poisson 95% interval"
NO_RATE = "Peterborough has no rate for this choice."
NO_GROUP = "No most similar group is loaded for Peterborough."
NO_GROUP_RATES = "Peterborough's group has no rates for this choice."
MISSING_FROM_TABLE = "Peterborough is missing from the recorded crime table."
NO_CRIME_LOADED = "No recorded crime data has been loaded."


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 11th, 253rd."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


def peer_label(peer: str, latest: pd.DataFrame, area_code: str) -> str:
    """'all CSPs in England and Wales', 'CSPs in the East of England region', ..."""
    row = latest[latest.area_code == area_code]
    if peer == "msg":
        return "Peterborough's most similar group"
    if peer == "region" and not row.empty:
        return f"CSPs in the {row.region_name.iloc[0]} region"
    if peer == "pfa" and not row.empty:
        return f"CSPs in the {row.pfa_name.iloc[0]} police force area"
    return "all CSPs in England and Wales"


def source_line(
    datasets: pd.DataFrame,
    dataset_ids: list[str],
    *,
    period_text: str,
    denominator: str,
    as_at: date,
    extra: str = "",
) -> str:
    """'Source: <titles> · <period> · data as at ... · <extra>. <denominator>' where
    the denominator is the one sentence of ``dashboard.denominator``."""
    titles = datasets.set_index("dataset_id").title
    demo = datasets.set_index("dataset_id").is_demo
    names = []
    for dataset_id in dict.fromkeys(dataset_ids):
        if dataset_id in titles.index:
            title = str(titles[dataset_id])
            if bool(demo[dataset_id]) and "DEMO" not in title.upper():
                title += " (DEMO)"
            names.append(title)
    parts = [
        "Source: " + "; ".join(names),
        period_text,
        f"data as at {format_day(as_at)}",
    ]
    if extra:
        parts.append(extra)
    return " · ".join(parts) + ". " + denominator


@dataclass(frozen=True)
class RankSentence:
    """The headline: an emphasised rank figure, then what it is."""

    figure: str
    detail: str


def rank_sentence(item: pd.Series, choice: Choice, peer_text: str) -> RankSentence:
    """'Rank R of N, quartile Q (the highest-rate quartile)' and what it is."""
    quartile = int(item.quartile)
    return RankSentence(
        figure=f"{item.area_name}: rank {int(item['rank'])} of {int(item.n_ranked)}, "
        f"quartile {quartile} ({QUARTILE_NAMES[quartile]})",
        detail=f"{choice.offence_name}, {choice.period_text}: "
        f"{item.rate_per_1000:.1f} offences per 1,000 residents, among {peer_text}"
        + (" (DEMO period)." if bool(item.is_demo) else "."),
    )


def distance_sentence(
    distance: QuartileDistance,
    *,
    area_name: str,
    count: int,
    population: int,
    population_year: int,
    national_rate: float | None,
) -> str:
    """One sentence: offences (and %) fewer to reach the next quartile and the
    national rate, at the current population."""
    head = f"At its current population ({population:,}, ONS mid-{population_year}), "
    if distance.quartile == 1:
        first = f"{area_name} is already in the lowest-rate quartile"
    elif not distance.reachable:
        first = (
            f"no lower rate would move {area_name} out of quartile "
            f"{distance.quartile}: there are too few areas in this set"
        )
    else:
        first = (
            f"{area_name} would need {distance.offences_fewer:,} fewer offences "
            f"({distance.percent_reduction:.1f}% fewer, to {distance.boundary_rate:.2f} "
            f"per 1,000 or below) to move from quartile {distance.quartile} into "
            f"quartile {distance.target_quartile}"
        )
    if national_rate is None:
        second = ""
    else:
        fewer, percent = offences_to_reach_rate(count, population, national_rate)
        if fewer == 0:
            second = (
                f"; it is already at or below the England and Wales rate of "
                f"{national_rate:.1f}"
            )
        else:
            second = (
                f", and {fewer:,} fewer ({percent:.1f}%) to reach the England and "
                f"Wales rate of {national_rate:.1f}"
            )
    return head + first + second + "."


def fallen_faster_sentence(
    *,
    area_name: str,
    now: float | None,
    then: float | None,
    national_now: float | None,
    national_then: float | None,
    period_end: date,
    prior_end: date,
    prior_is_demo: bool,
) -> str:
    """Answer 'has recorded crime fallen faster than the national average?' with
    both percentage changes against the same period a year earlier."""
    local = percent_change(now, then)
    national = percent_change(national_now, national_then)
    if local is None or national is None:
        return (
            f"There is no 12-month period ending {prior_end:%B %Y} to compare the "
            f"12 months to {period_end:%B %Y} with."
        )

    def moved(change: float) -> str:
        if change < 0:
            return f"fell {abs(change):.1f}%"
        if change > 0:
            return f"rose {change:.1f}%"
        return "did not change"

    if local < 0 and local < national:
        answer = "Yes: recorded crime has fallen faster than the national average."
    elif local < 0:
        answer = "No: it fell, but not as fast as the national average."
    else:
        answer = "No: recorded crime has not fallen."
    demo = " (the year-earlier figures are DEMO data)" if prior_is_demo else ""
    return (
        f"In the 12 months to {period_end:%B %Y} {area_name}'s rate {moved(local)} "
        f"on the 12 months to {prior_end:%B %Y}; England and Wales "
        f"{moved(national)}{demo}. {answer}"
    )


def slope_summary(item: pd.Series, lowest: pd.Series, highest: pd.Series) -> str:
    """Where the area's rate sits between the lowest and the highest."""
    return (
        f"Peterborough's {item.rate_per_1000:.1f} per 1,000 is the "
        f"{ordinal(int(item['rank']))} lowest of {int(item.n_ranked)} "
        f"({QUARTILE_NAMES[int(item.quartile)]}); rates run from "
        f"{lowest.rate_per_1000:.1f} ({lowest.area_name}) to "
        f"{highest.rate_per_1000:.1f} ({highest.area_name})."
    )


def funnel_summary(
    *, areas: int, above: int, below: int, reference: float, rate: float, own: str
) -> str:
    """How many areas lie outside the 99.8% limits, and where the area lies."""
    return (
        f"Of {areas} areas, {above} are above the 99.8% limit around the "
        f"England and Wales rate of {reference:.1f} and {below} below it; "
        f"Peterborough ({rate:.1f}) is {own}."
    )


def history_summary(history: pd.DataFrame, peer_text: str) -> str:
    """Periods in the highest-rate quartile, and the rank at either end."""
    if history.empty:
        return f"Peterborough has no rank among {peer_text}."
    first, last = history.iloc[0], history.iloc[-1]
    in_q4 = int((history.quartile == 4).sum())
    return (
        f"Among {peer_text}, Peterborough was in the highest-rate quartile in "
        f"{in_q4} of {len(history)} periods; from {first.period_end:%B %Y} to "
        f"{last.period_end:%B %Y} it moved from rank {int(first['rank'])} to "
        f"{int(last['rank'])} of {int(last.n_ranked)} (quartile "
        f"{int(first.quartile)} to {int(last.quartile)})."
    )


def history_span(first_end: date, period_end: date) -> str:
    """'12-month periods ending June 2021 to June 2025'."""
    return f"12-month periods ending {first_end:%B %Y} to {period_end:%B %Y}"


def demo_periods_note(demo_periods: list[date]) -> str:
    """'periods to June 2024 are DEMO data', or nothing."""
    return f"periods to {demo_periods[-1]:%B %Y} are DEMO data" if demo_periods else ""


def with_breaks(source: str, breaks: pd.DataFrame) -> str:
    """The source line followed by each series break shown, as a sentence."""
    note = "; ".join(
        f"series break {format_day(row.break_date)}: {row.description}"
        for row in breaks.itertuples()
    )
    return source + (" " + note[0].upper() + note[1:] if note else "")


def msg_summary(own: pd.Series, group_rate: float, significance: pd.Series) -> str:
    """The area's rate and interval against its group, and how members compare."""
    counts = significance.value_counts()
    return (
        f"Peterborough's rate, {own.rate_per_1000:.1f} (95% interval "
        f"{own.ci_low:.1f} to {own.ci_high:.1f}), is {own.significance} "
        f"{'from' if own.significance == NOT_SIGNIFICANT else 'than'} its "
        f"group's average of {group_rate:.1f}; of {len(significance)} members, "
        f"{int(counts.get(HIGHER, 0))} are significantly higher, "
        f"{int(counts.get(LOWER, 0))} significantly lower and "
        f"{int(counts.get(NOT_SIGNIFICANT, 0))} not significantly different."
    )


def group_note(*, official: bool, demo: bool) -> str:
    """Which most similar group the chart shows."""
    note = (
        "Home Office most similar group"
        if official
        else "Group computed by this project from IMD 2019 and population, "
        "not the Home Office iQuanta group"
    )
    return "DEMO group membership. " + note if demo else note


def period_label(period_end: date, is_demo: bool) -> str:
    """A period dropdown label: 'June 2025', or 'June 2024 (DEMO)'."""
    return f"{period_end:%B %Y}" + (" (DEMO)" if is_demo else "")


@dataclass(frozen=True)
class TileText:
    """The Overview tile's words and figure."""

    label: str
    value: str
    unit: str
    details: tuple[str, ...]


def tile_text(
    distance: QuartileDistance, population_year: int, period: str
) -> TileText:
    """How far Peterborough is from leaving its quartile, in tile form."""
    if distance.quartile == 1:
        value, unit = "Quartile 1", "already the lowest-rate quartile"
        details: tuple[str, ...] = ()
    else:
        value = f"{distance.offences_fewer:,}"
        unit = "fewer offences a year"
        details = (
            f"would move Peterborough from quartile {distance.quartile} into "
            f"quartile {distance.target_quartile} ({distance.percent_reduction:.1f}% "
            f"fewer, to {distance.boundary_rate:.1f} per 1,000).",
        )
    return TileText(
        label=f"To leave the {QUARTILE_NAMES[distance.quartile]}, {period}",
        value=value,
        unit=unit,
        details=(
            *details,
            f"At the ONS mid-{population_year} population; rank 1 = lowest rate.",
        ),
    )
