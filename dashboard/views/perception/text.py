"""The perception page's sentences: summaries, sources, method notes and the
Overview tile's words, all generated from a View (no Dash)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.denominator import POLICE_UK_RECORDS, counted, rate_sentence
from dashboard.freshness import format_day
from dashboard.views.perception.data import View, city_estimate, ranked_rows
from dashboard.views.perception.state import LEVEL_WORDS
from domain.areas import PETERBOROUGH_LAD

NO_LOCAL_SURVEY = "No local residents' survey has been loaded."

GAP_METHOD = (
    "Each question is turned into a share that is worried (the share itself, "
    "or one minus it where a higher share is good news, such as feeling safe). Each "
    "area's worried share and recorded rate are measured from Peterborough's value in "
    "standard deviations across the areas shown (the rate on a log scale, as rates are "
    "skewed). The gap is the first minus the second: above 0 the area stands higher on "
    "worry than on recorded crime. The test divides the gap by its standard error from "
    "the survey's sampling error (base ÷ design effect) and the Poisson error of the "
    "count, treating Peterborough's values and the spreads as fixed; a gap is flagged "
    "significant when the two-sided p-value is below 0.05. With many areas, about 1 in "
    "20 may be flagged by chance; no correction is made."
)

TREND_EXPLANATION = (
    "Top: the survey share at each wave, with bars showing the range it could "
    "plausibly lie in. Bottom: recorded incidents per 1,000 residents in each "
    "quarter, with its plausible range shaded. Grey bands mark each wave's "
    "fieldwork; orange the wave chosen above. A missing point had too small a "
    "base."
)
TREND_METHOD = (
    "Survey share: 95% Wilson interval on the base divided by the design effect. "
    "Recorded rate: exact Poisson 95% interval on the quarter's count."
)
QUADRANT_METHOD = (
    "Bars are 95% intervals: Wilson on the base divided by the design effect for "
    "the survey share; exact Poisson for the recorded rate."
)

TILE_LABEL = "Sectors where residents feel less safe than recorded crime suggests"


def pct(value: float) -> str:
    """A share as a whole percentage: 0.234 -> '23%'."""
    return f"{100 * value:.0f}%"


def ratio_words(ratio: float) -> str:
    """A ratio to the city in words: 1.2 -> '20% higher', 1.0 -> 'the same'."""
    change = 100 * (ratio - 1)
    if abs(change) < 0.5:
        return "the same"
    return f"{abs(change):.0f}% {'higher' if change > 0 else 'lower'}"


def lower_first(text: str) -> str:
    """'Crime gone up locally' -> 'crime gone up locally'; 'ASB ...' stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def period(start: date, end: date) -> str:
    """'1 January 2025 to 14 March 2025'."""
    return f"{format_day(start)} to {format_day(end)}"


def quadrant_sentence(view: View) -> str:
    """One sentence on where areas sit, generated from the gap table."""
    singular, plural = LEVEL_WORDS[view.state.level]
    wave = view.state.wave
    if not view.window_covered:
        return (
            f"Recorded data for the 12 months to {view.window[1]:%B %Y} is not loaded, "
            f"so {wave} cannot be set beside recorded crime."
        )
    ranked = ranked_rows(view.gaps)
    if not len(ranked):
        return f"In {wave}, no {singular} has a base big enough to compare."
    significant = int(view.gaps.significant.to_numpy()[ranked].astype(bool).sum())
    gap = view.gaps.gap.to_numpy(dtype=float)
    top = view.gaps.iloc[
        ranked[0] if gap[ranked[0]] >= abs(gap[ranked[-1]]) else ranked[-1]
    ]
    verdict = "a significant gap" if top.significant else "a gap, not significant"
    return (
        f"In {wave}, {significant} of {len(ranked)} {plural} show a significant "
        f"gap. Largest: {top.area_name} ({top.quadrant.lower()}, {verdict}): "
        f"{pct(top.estimate)} {lower_first(view.question_label)} against "
        f"Peterborough's {pct(city_estimate(view))}; {top.rate:.1f} "
        f"{lower_first(view.measure_label)} per 1,000 against {top.city_rate:.1f} "
        f"({POLICE_UK_RECORDS}{', DEMO' if view.recorded_demo else ''})."
    )


def trend_sentence(view: View) -> str:
    """One sentence on how the focus area's perception and recorded rate moved."""
    # A few dozen rows: grouped in plain Python, cheaper than pandas here.
    survey = view.trend_survey
    by_area: dict[str, list[tuple]] = {}
    for code, end, estimate, name, wave in zip(
        survey.area_code.tolist(),
        survey.fieldwork_end.tolist(),
        survey.estimate.tolist(),
        survey.area_name.tolist(),
        survey.wave.tolist(),
        strict=True,
    ):
        if code != PETERBOROUGH_LAD and not pd.isna(estimate):
            by_area.setdefault(code, []).append((end, estimate, name, wave))
    if not by_area:
        return "No area has an estimate with a big enough base in any wave."
    changes = []
    for code in sorted(by_area):
        group = sorted(by_area[code], key=lambda row: row[0])
        changes.append((abs(group[-1][1] - group[0][1]), code, group))
    _, code, group = max(changes, key=lambda item: (item[0], item[1]))
    (_, first, name, first_wave), (_, last, _, last_wave) = group[0], group[-1]
    text = (
        f"{name}: {lower_first(view.question_label)} went from "
        f"{pct(first)} ({first_wave}) to {pct(last)} ({last_wave})"
    )
    recorded = view.trend_recorded
    quarters = sorted(
        (start, rate, label)
        for area, start, rate, label in zip(
            recorded.area_code.tolist(),
            recorded.quarter_start.tolist(),
            recorded.rate.tolist(),
            recorded.quarter_label.tolist(),
            strict=True,
        )
        if area == code
    )
    if len(quarters) >= 2:
        text += (
            f"; {lower_first(view.measure_label)} went from {quarters[0][1]:.1f} to "
            f"{quarters[-1][1]:.1f} per 1,000 a quarter "
            f"({quarters[0][2]} to {quarters[-1][2]})."
        )
    else:
        text += "; no recorded quarters are loaded for this period."
    return text


def gap_sentence(view: View) -> str:
    """One sentence on the ranking and how many areas could not be compared."""
    singular, plural = LEVEL_WORDS[view.state.level]
    ranked = ranked_rows(view.gaps)
    dropped = len(view.gaps) - len(ranked)
    if not len(ranked):
        return f"No {singular} can be ranked for these choices."
    top = view.gaps.iloc[ranked[0]]
    words = (
        "a significant gap"
        if top.significant
        else "a gap that is not significant at the 5% level"
    )
    text = (
        f"{top.area_name} has the largest gap ({top.gap:+.1f} standard deviations, "
        f"{words}): compared with Peterborough, the worried share is "
        f"{ratio_words(top.concern_ratio)} and {lower_first(view.measure_label)} "
        f"{ratio_words(top.rate_ratio)}."
    )
    if dropped:
        areas = singular if dropped == 1 else plural
        text += f" {dropped} {areas} not ranked (see reason)."
    return text


def quadrant_source(view: View) -> str:
    """The quadrant chart's and gap table's source line."""
    singular, _ = LEVEL_WORDS[view.state.level]
    kinds = view.estimates.area_kind.to_numpy()
    bases = view.estimates.base_size[kinds == view.state.level]
    return (
        f"Source: {view.survey_name}, {view.state.wave}, fieldwork "
        f"{period(view.wave_row.fieldwork_start, view.wave_row.fieldwork_end)}; bases "
        f"{bases.min():,} to {bases.max():,} a {singular} (design effect "
        f"{view.state.deff:g}). {recorded_sentence(view)} "
        f"As at {format_day(view.wave_row.fieldwork_end)}."
    )


def recorded_counted(view: View) -> str:
    """What the recorded side counts: police.uk's street-level series (never ONS
    police recorded crime by CSP, a different series), saying when it is demo."""
    what = view.measure_label + ("; DEMO records" if view.recorded_demo else "")
    return counted(POLICE_UK_RECORDS, what)


def recorded_sentence(view: View) -> str:
    """The recorded rates' denominator sentence (``dashboard.denominator``) over
    the wave's 12-month window."""
    years = [] if view.population_year is None else [view.population_year]
    return rate_sentence(
        recorded_counted(view), view.window[0], view.window[1], years, wards=True
    )


def quadrant_explanation(view: View) -> str:
    """How to read the quadrant chart."""
    singular, _ = LEVEL_WORDS[view.state.level]
    return (
        f"Each point is a {singular}; bars show the range each figure could "
        f"plausibly lie in. Dashed lines are Peterborough's values; the corner "
        f"labels say what each quarter of the chart means. A diamond marks a "
        f"significant gap (see the table below). Names that do not fit beside "
        f"their point are left off the chart; the data table names all."
    )


def suppressed_heading(view: View, count: int) -> str:
    """'Not plotted (3 sectors): ' before the list of left-off areas."""
    _, plural = LEVEL_WORDS[view.state.level]
    return f"Not plotted ({count} {plural}): "


def suppressed_list(suppressed: list[tuple[str, str]]) -> str:
    """'A: reason; B: reason' for the left-off areas."""
    return "; ".join(f"{name}: {reason}" for name, reason in suppressed)


SUPPRESSED_ADVICE = ". Pooling waves under More options can raise the base."


def focus_sentence(view: View) -> str:
    """Which ward the trend shows, at ward level; empty at sector level."""
    if not view.focus_name:
        return ""
    return (
        f" Showing {view.focus_name} against Peterborough (choose the ward under "
        "More options)."
    )


def trend_source(view: View) -> str:
    """The trend chart's source line: survey waves, references and recorded span."""
    references = "; ".join(
        f"{name}, Crime Survey for England and Wales {wave}: "
        f"{pct(estimate)} (no base published)"
        for name, wave, estimate in zip(
            view.references.area_name.tolist(),
            view.references.wave.tolist(),
            view.references.estimate.tolist(),
            strict=True,
        )
    )
    first, last = view.waves.iloc[0], view.waves.iloc[-1]
    quarters = list(dict.fromkeys(view.trend_recorded.quarter_label.tolist()))
    trend = view.trend_recorded
    first_month = min(trend.quarter_start.tolist(), default=None)
    last_month = max(trend.quarter_end.tolist(), default=None)
    return (
        f"Source: {view.survey_name}, {len(view.waves)} waves, fieldwork "
        f"{period(first.fieldwork_start, last.fieldwork_end)}, suppressed below a "
        f"base of {view.state.min_base}"
        + (
            f" after pooling up to {view.state.pool} waves"
            if view.state.pool > 1
            else ""
        )
        + (f"; reference: {references}" if references else "")
        + (
            ". "
            + rate_sentence(
                recorded_counted(view),
                first_month,
                last_month,
                []
                if view.trend_population_year is None
                else [view.trend_population_year],
                wards=True,
                each="quarter from",
            )
            if quarters
            else ". No recorded quarter is loaded for these waves."
        )
    )


def tile_lead(view: View, ranked: pd.DataFrame, worse: pd.DataFrame) -> str:
    """The tile's first line: the significantly worried sectors, or the largest gap."""
    if not worse.empty:
        top = worse.iloc[0]
        return (
            f"{', '.join(worse.area_name)}. {top.area_name}: {pct(top.estimate)} think "
            f"crime has gone up locally (Peterborough {pct(city_estimate(view))}); "
            f"recorded crime {ratio_words(top.rate_ratio)} than the city's."
        )
    if not ranked.empty:
        top = ranked.iloc[0]
        return (
            f"Largest gap: {top.area_name} ({top.gap:+.1f} standard deviations), not "
            "significant."
        )
    return "No sector has a big enough base to compare."


def tile_period(view: View) -> str:
    """The tile's second line: which wave and recorded months it compares."""
    return (
        f"Survey {view.state.wave}; recorded crime ({POLICE_UK_RECORDS}"
        f"{', DEMO' if view.recorded_demo else ''}) {view.window[0]:%b %Y} to "
        f"{view.window[1]:%b %Y}; significance by a stated 5% test."
    )
