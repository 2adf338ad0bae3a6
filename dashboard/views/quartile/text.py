"""The quartile page's sentences, as plain strings (or plain parts where the page
emphasises one), built from plain values. No Dash, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.freshness import format_day
from dashboard.metrics.funnel import (
    HIGHER,
    LOWER,
    NOT_SIGNIFICANT,
    POISSON,
    RANDOM,
    Dispersion,
)
from dashboard.metrics.quartile import (
    QuartileDistance,
    RankUncertainty,
    offences_to_reach_rate,
)
from dashboard.metrics.rates import QUARTILE_NAMES
from dashboard.metrics.trend import FASTER, SLOWER, TrendTest
from dashboard.views.quartile.state import Choice

AREA_NAME = "Peterborough"
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


def uncertainty_sentence(uncertainty: RankUncertainty, area_name: str) -> str:
    """Whether chance could put the area in another quartile, and its plausible
    rank range, plain words first."""
    return (
        f"{quartile_chance_sentence(uncertainty, area_name)} "
        f"{rank_range_sentence(uncertainty)}"
    )


def quartile_chance_sentence(uncertainty: RankUncertainty, area_name: str) -> str:
    """Whether a quartile boundary lies inside the area's 95% range."""
    u = uncertainty
    span = f"its 95% range ({u.low:.1f} to {u.high:.1f})"
    if u.straddles:
        others = [q for q in u.quartiles if q != u.quartile]
        names = " or ".join(QUARTILE_NAMES[q] for q in others)
        cuts = ", ".join(f"{cut:.1f}" for _, cut in u.boundaries)
        word = "boundary" if len(u.boundaries) == 1 else "boundaries"
        verb = "is" if len(u.boundaries) == 1 else "are"
        first = (
            f"{area_name}'s rate could plausibly lie in the {names}: the {word} "
            f"({cuts}) {verb} inside {span}, so the gap to the next quartile is "
            "within chance."
        )
    else:
        first = (
            f"Chance alone would not move {area_name} out of quartile {u.quartile}: "
            f"no quartile boundary is inside {span}."
        )
    return first


def rank_range_sentence(uncertainty: RankUncertainty) -> str:
    """The plausible rank range, in words (``rank_range_method`` says how)."""
    u = uncertainty
    return (
        f"Allowing for chance in every area's count, its rank could "
        f"plausibly be {u.rank_low} to {u.rank_high} of {u.n_ranked}."
    )


def rank_range_method(uncertainty: RankUncertainty) -> str:
    """How the plausible rank range is found."""
    u = uncertainty
    return (
        f"Plausible rank range: every area's count redrawn {u.simulations:,} times "
        f"from a Poisson distribution (seed {u.seed}); the range is the exact Poisson "
        "95% interval of the ranks."
    )


RANK_METHOD = (
    "Rank 1 is the lowest rate; areas with the same rate share the lower rank. "
    "Quartile = ceil(4 \u00d7 rank / N), N being the number of ranked areas, so "
    "quartile 4 is the highest-rate quarter. City of London and the Isles of Scilly "
    "are shown but not ranked (tiny resident populations)."
)
TREND_METHOD = (
    "Rate: offences in the 12 months \u00f7 ONS mid-year population estimate "
    "\u00d7 1,000. England and Wales and peer rates are total offences over total "
    "population, not the mean of rates."
)


def _moved(change: float) -> str:
    if round(change, 1) < 0:
        return f"fell {abs(change):.1f}%"
    if round(change, 1) > 0:
        return f"rose {change:.1f}%"
    return "did not change"


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def no_real_trend(area_name: str, period_end: date, real_periods: int) -> str:
    """Why the trend question has no real answer yet."""
    return (
        f"Whether {area_name}'s recorded crime has fallen faster than the national "
        "average cannot be answered from real data yet: "
        + (
            f"only one real 12-month period (to {period_end:%B %Y}) is loaded."
            if real_periods <= 1
            else f"no real 12-month period a whole number of years before "
            f"{period_end:%B %Y} is loaded, or the 12 months to {period_end:%B %Y} "
            "are not real data."
        )
    )


@dataclass(frozen=True)
class TrendText:
    """The trend answer: the answer and its figures (a chart summary or slide
    sentence), the sources and breaks (for the source line) and the test with its
    notation (behind "How this is worked out")."""

    answer: str
    details: str = ""
    method: str = ""

    def __str__(self) -> str:
        return f"{self.answer} {self.details}".strip()


def trend_answer(
    test: TrendTest,
    *,
    area_name: str,
    demo: bool,
    first_source: str,
    last_source: str,
    breaks: pd.DataFrame,
) -> TrendText:
    """Answer 'has recorded crime fallen faster than the national average?' from
    the stated test, plain words first, then the figures; method and sources
    apart."""
    if test.verdict == FASTER:
        answer = (
            f"Yes: {area_name}'s rate fell faster than England and Wales's."
            if test.area_change < 0
            else f"No: {area_name}'s rate did not fall, though it rose less than "
            "England and Wales's."
        )
    elif test.verdict == SLOWER:
        answer = (
            f"No: {area_name}'s rate fell more slowly than England and Wales's."
            if test.area_change < 0
            else f"No: {area_name}'s rate did not fall, and it did worse than "
            "England and Wales's."
        )
    else:
        answer = (
            f"No detectable difference between {area_name}'s change and England and "
            "Wales's: the gap is within the usual variation between areas."
        )
    detail = (
        f"From the 12 months to {test.first_end:%B %Y} to the 12 months to "
        f"{test.last_end:%B %Y}, {area_name}'s rate {_moved(test.area_change)} "
        f"({test.area_first:,} to {test.area_last:,} offences) and England and "
        f"Wales's {_moved(test.national_change)}."
    )
    method = (
        "Faster or slower: the two rate ratios compared on the log scale, allowing "
        "for chance "
        f"and for how much trends differ between the {test.n_areas} areas "
        f"(DerSimonian-Laird \u03c4\u00b2 = {test.tau2:.4f}; z = {test.z:.2f}, "
        f"{_p_text(test.p)})."
    )
    sources = (
        f"Compared: {first_source} with {last_source}; ONS revises earlier years in "
        "later editions, so a year's count can differ between editions."
    )
    parts = [sources]
    for item in breaks.itertuples():
        # The break itself is described once, in the chart's source line.
        parts.append(
            f"The series break of {format_day(item.break_date)} falls inside this "
            "comparison, so part of the change may come from the new counting rule."
        )
    said = f"{answer} {detail}"
    if demo:
        said = "DEMO answer, from demo history, not real data: " + said
        parts.insert(0, "DEMO answer:")
    return TrendText(said, " ".join(parts), method)


def trend_short(answer: str) -> str:
    """The board's short form of a trend answer (``trend_answer``'s answer, or
    ``no_real_trend`` perhaps followed by a demo answer)."""
    if answer.startswith("Whether"):
        return "Not yet" if "DEMO answer" not in answer else "Not yet (DEMO only)"
    if answer.startswith("DEMO"):
        return "DEMO only"
    if answer.startswith("Yes"):
        return "Yes"
    if answer.startswith("No detectable"):
        return "No difference"
    return "No"


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
    dispersion: Dispersion,
    *,
    areas: int,
    outside_outer: int,
    outside_inner: int,
    reference: float,
    rate: float,
    own: str,
) -> str:
    """The limits' method and factor, how many areas lie outside the 99.8% and
    95% limits, and where the area lies."""
    return (
        f"{dispersion.describe()}; {outside_outer} of {areas} areas lie outside "
        f"the 99.8% limits and {outside_inner} outside the 95% limits around the "
        f"England and Wales rate of {reference:.1f}. Peterborough ({rate:.1f}) is "
        f"{own}."
    )


def _factor(dispersion: Dispersion) -> str:
    return f"{dispersion.phi:,.1f}" if dispersion.phi is not None else "not estimated"


def funnel_method(dispersion: Dispersion) -> str:
    """The funnel's method, in plain words first."""
    if dispersion.method == POISSON:
        return (
            "Method: the lines show how far a rate could stray from the England and "
            "Wales rate by chance alone (exact Poisson 95% and 99.8% limits), which "
            "treats every real difference between areas as a finding; across "
            f"{dispersion.n_areas} areas the over-dispersion factor is "
            f"{_factor(dispersion)}."
        )
    if not dispersion.widened:
        return (
            "Method: areas vary no more than chance would make them, so the lines "
            "are exact Poisson 95% and 99.8% limits around the England and Wales "
            f"rate (over-dispersion factor {_factor(dispersion)})."
        )
    how = (
        "add the spread between areas to chance (random effects, "
        "DerSimonian-Laird tau\u00b2)"
        if dispersion.method == RANDOM
        else "widen the chance limits by the square root of the factor"
    )
    return (
        "Method: areas differ from the England and Wales rate by far more than "
        "chance, so the lines show where an area stands out from that usual spread: "
        f"across all {dispersion.n_areas} ranked areas, z-scores on the square-root "
        "scale winsorised at 10% in each tail give an over-dispersion factor \u03c6 "
        f"of {_factor(dispersion)}, and the 95% and 99.8% limits {how} "
        "(Spiegelhalter 2005). Choose chance-only limits above to see pure Poisson "
        "limits."
    )


def msg_method(dispersion: Dispersion) -> str:
    """The most similar group's test, in plain words first."""
    if dispersion.widened:
        return (
            "Method: a member is significantly higher or lower when the group "
            "average lies outside its 95% range, which allows for how much the "
            "group's members vary beyond chance (over-dispersion factor "
            f"{_factor(dispersion)} across {dispersion.n_areas} members, "
            + ("random effects" if dispersion.method == RANDOM else "scaled")
            + ", Spiegelhalter 2005); the same test as the funnel plot."
        )
    return (
        "Method: a member is significantly higher or lower when the group average "
        "lies outside its exact Poisson 95% range (chance variation only"
        + (
            f"; over-dispersion factor {_factor(dispersion)})."
            if dispersion.phi is not None
            else ")."
        )
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


def msg_summary(
    own: pd.Series,
    group_rate: float,
    significance: pd.Series,
    dispersion: Dispersion | None = None,
) -> str:
    """The area's rate and range against its group, and how members compare."""
    counts = significance.value_counts()
    allowing = (
        ", allowing for variation between members"
        if dispersion is not None and dispersion.widened
        else ""
    )
    return (
        f"Peterborough's rate, {own.rate_per_1000:.1f} (95% range "
        f"{own.ci_low:.1f} to {own.ci_high:.1f}{allowing}), is {own.significance} "
        f"{'from' if own.significance == NOT_SIGNIFICANT else 'than'} its "
        f"group's average of {group_rate:.1f}; of {len(significance)} members, "
        f"{_members(int(counts.get(HIGHER, 0)))} significantly higher, "
        f"{int(counts.get(LOWER, 0))} significantly lower and "
        f"{int(counts.get(NOT_SIGNIFICANT, 0))} not significantly different."
    )


def _members(count: int) -> str:
    return f"{count} is" if count == 1 else f"{count} are"


def group_note(*, official: bool, demo: bool) -> str:
    """Which most similar group the chart shows."""
    note = (
        "Home Office most similar group"
        if official
        else "Group computed by this project from IMD 2019 deprivation (crime "
        "domain left out) and population, not the Home Office iQuanta group"
    )
    return "DEMO group membership. " + note if demo else note


def msg_method_note(members: pd.DataFrame) -> str:
    """How the group was chosen: the loaded method, in full ('' when none is
    stored). The test a member is judged by is ``msg_method``."""
    methods = members["method"].dropna() if "method" in members else members.index[:0]
    if not len(methods):
        return ""
    return f"How the group is chosen: {str(methods.iloc[0]).rstrip('.')}"


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
