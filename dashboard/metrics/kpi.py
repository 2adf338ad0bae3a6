"""The KPI status rule (RAG), data freshness and change between periods: pure functions.

The rule, in plain English (the KPI page shows the same words):

1. A KPI with no value, or no target, is not rated.
2. The shortfall is how far the latest value is on the wrong side of its target, given
   the direction of good (lower is better, or higher is better). A value exactly on
   target, or better, is **Green** (on track).
3. A shortfall no bigger than the KPI's tolerance (a fraction of the target, 5% unless
   the KPI says otherwise) is **Amber** (at risk).
4. A bigger shortfall is **Red** (off track), except for rates and percentages with a
   known numerator and denominator: when the target lies inside the value's 95%
   interval (exact Poisson limits for a rate, Wilson's interval for a percentage) the
   shortfall could be chance, so the KPI is Amber, not Red. Small counts give wide
   intervals, so noise is not called a failure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from scipy import stats

from dashboard.metrics.intervals import poisson_limits, wilson_interval
from domain.dates import add_months, month_end

DIRECTIONS = ("lower_is_better", "higher_is_better")
GREEN, AMBER, RED, NOT_RATED = "green", "amber", "red", "not_rated"
STATUSES = (GREEN, AMBER, RED, NOT_RATED)
STATUS_WORDS = {GREEN: "Green", AMBER: "Amber", RED: "Red", NOT_RATED: "Not rated"}
STATUS_MEANINGS = {
    GREEN: "On track",
    AMBER: "At risk",
    RED: "Off track",
    NOT_RATED: "Not rated",
}
STATUS_LETTERS = {GREEN: "G", AMBER: "A", RED: "R", NOT_RATED: "N"}
# Marker shapes, so that status never depends on colour alone.
STATUS_ICONS = {GREEN: "●", AMBER: "▲", RED: "■", NOT_RATED: "○"}
STATUS_ORDER = {RED: 0, AMBER: 1, GREEN: 2, NOT_RATED: 3}

FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
# Days after a period ends by which its value is expected (time to collate and check).
REPORTING_LAG_DAYS = {"monthly": 31, "quarterly": 45, "annual": 92}
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Rag:
    """A KPI's status and the plain-English reason for it."""

    status: str
    reason: str
    shortfall: float | None = None
    interval: tuple[float, float] | None = None

    @property
    def label(self) -> str:
        """'▲ A Amber': shape, letter and word, never colour alone."""
        return status_label(self.status)


def status_label(status: str) -> str:
    """'■ R Red' for a status key: shape, letter and word, never colour alone."""
    return f"{STATUS_ICONS[status]} {STATUS_LETTERS[status]} {STATUS_WORDS[status]}"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rate_scale(unit: str, value_kind: str) -> float | None:
    """What a rate or share is 'per': 100 for a percentage, 1,000 for 'per 1,000
    residents' and so on; None for a count or a unit that says nothing."""
    if value_kind == "percentage":
        return 100.0
    if value_kind != "rate":
        return None
    found = re.search(r"per\s+([\d,]+)", unit or "")
    if not found:
        return None
    return float(found.group(1).replace(",", ""))


def value_interval(
    *,
    value_kind: str,
    numerator: float | None,
    denominator: float | None,
    scale: float | None,
) -> tuple[float, float] | None:
    """The 95% interval of a rate or percentage on its own scale, or None when it
    cannot be computed (a count, or no numerator and denominator)."""
    if value_kind not in ("rate", "percentage") or scale is None:
        return None
    if _missing(numerator) or _missing(denominator) or not denominator > 0:
        return None
    if value_kind == "percentage":
        low, high = wilson_interval(numerator / denominator, denominator)
    else:
        lower, upper = poisson_limits(max(numerator, 0.0))
        low, high = float(lower) / denominator, float(upper) / denominator
    return low * scale, high * scale


def rag_status(
    value: float | None,
    target: float | None,
    *,
    direction: str,
    tolerance: float = 0.05,
    value_kind: str = "count",
    numerator: float | None = None,
    denominator: float | None = None,
    scale: float | None = None,
) -> Rag:
    """The KPI status by the rule in this module's docstring."""
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction of good {direction!r}")
    if tolerance < 0:
        raise ValueError("Tolerance cannot be negative")
    if _missing(value):
        return Rag(NOT_RATED, "No value has been reported yet.")
    if _missing(target):
        return Rag(NOT_RATED, "No target is set, so the KPI is not rated.")
    shortfall = (value - target) if direction == "lower_is_better" else (target - value)
    # Stored values are rounded; a difference below rounding noise is "on target".
    if shortfall <= 1e-9 * max(1.0, abs(target)):
        return Rag(GREEN, "On target or better.", shortfall=0.0)
    allowed = tolerance * abs(target)
    if shortfall <= allowed:
        return Rag(
            AMBER,
            f"Short of target by no more than the {tolerance:.0%} tolerance.",
            shortfall=shortfall,
        )
    interval = value_interval(
        value_kind=value_kind, numerator=numerator, denominator=denominator, scale=scale
    )
    if interval is not None and interval[0] <= target <= interval[1]:
        return Rag(
            AMBER,
            "Short of target by more than the tolerance, but the target is inside "
            "the value's 95% interval, so the gap may be chance.",
            shortfall=shortfall,
            interval=interval,
        )
    return Rag(
        RED,
        f"Short of target by more than the {tolerance:.0%} tolerance"
        + (" and outside the value's 95% interval." if interval is not None else "."),
        shortfall=shortfall,
        interval=interval,
    )


def next_period_end(period_end: date, frequency: str) -> date:
    """The end of the period after one ending on ``period_end`` (a month end)."""
    if frequency not in FREQUENCY_MONTHS:
        raise ValueError(f"Unknown reporting frequency {frequency!r}")
    return month_end(add_months(period_end, FREQUENCY_MONTHS[frequency]))


def next_value_due(period_end: date, frequency: str) -> date:
    """When the next value is due: the next period's end plus the reporting lag."""
    return next_period_end(period_end, frequency) + timedelta(
        days=REPORTING_LAG_DAYS[frequency]
    )


def is_overdue(latest_period_end: date | None, frequency: str, as_of: date) -> bool:
    """True when the next value was due before ``as_of`` (or no value exists at all)."""
    if latest_period_end is None:
        return True
    return as_of > next_value_due(latest_period_end, frequency)


@dataclass(frozen=True)
class Change:
    """Change from the previous period, in words with its significance where tested."""

    delta: float | None
    text: str
    significant: bool | None


def change_between(
    current: float | None,
    previous: float | None,
    *,
    direction: str,
    value_kind: str = "count",
    numerators: tuple[float | None, float | None] = (None, None),
    denominators: tuple[float | None, float | None] = (None, None),
) -> Change:
    """The change from the previous period: 'up 12 (worse)'; for rates and
    percentages with numerators and denominators, an exact test says whether the
    change is more than chance (p < 0.05): a conditional binomial test for two
    Poisson rates, Fisher's exact test for two proportions."""
    if _missing(current) or _missing(previous):
        return Change(None, "No earlier value", None)
    delta = current - previous
    significant = _change_significant(value_kind, numerators, denominators)
    if abs(delta) < 1e-9:
        words = "No change"
    else:
        better = (delta < 0) == (direction == "lower_is_better")
        points = " pts" if value_kind == "percentage" else ""
        words = (
            f"{'Up' if delta > 0 else 'Down'} {_number(abs(delta))}{points} "
            f"({'better' if better else 'worse'})"
        )
    if significant is False:
        words += ", not significant"
    elif significant is True:
        words += ", significant"
    return Change(delta, words, significant)


def _change_significant(
    value_kind: str,
    numerators: tuple[float | None, float | None],
    denominators: tuple[float | None, float | None],
) -> bool | None:
    if value_kind not in ("rate", "percentage"):
        return None
    values = (*numerators, *denominators)
    if any(_missing(item) for item in values):
        return None
    n1, n0 = (int(round(n)) for n in numerators)
    d1, d0 = (float(d) for d in denominators)
    if d1 <= 0 or d0 <= 0:
        return None
    alpha = 1 - CONFIDENCE
    if value_kind == "percentage":
        table = [[n1, int(round(d1)) - n1], [n0, int(round(d0)) - n0]]
        if min(min(row) for row in table) < 0:
            return None
        # A two-sided p-value is at least the one-sided tail on the observed side
        # (scipy adds the other side's tail to it): when neither tail is below
        # alpha, skip the test's search for the other side, which costs ten times
        # as much. The answer is the same.
        margins = (sum(sum(row) for row in table), n1 + table[0][1], n1 + n0)
        tails = stats.hypergeom.cdf(n1, *margins), stats.hypergeom.sf(n1 - 1, *margins)
        if min(tails) >= alpha:
            return False
        return bool(stats.fisher_exact(table).pvalue < alpha)
    if n1 + n0 == 0:
        return False
    share = d1 / (d1 + d0)
    tails = (
        stats.binom.cdf(n1, n1 + n0, share),
        stats.binom.sf(n1 - 1, n1 + n0, share),
    )
    if min(tails) >= alpha:  # as for Fisher's test above
        return False
    test = stats.binomtest(n1, n1 + n0, share)
    return bool(test.pvalue < alpha)


def _number(value: float) -> str:
    """1,234 for whole numbers, else up to two decimals."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_value(value: float | None) -> str:
    """A KPI value for a table cell: '1,234', '2.85', or '—' when missing."""
    if _missing(value):
        return "—"
    return _number(float(value))


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """A small text trend ('▁▃▅█'), readable in any table and by CSV export."""
    clean = [v for v in values if not _missing(v)]
    if not clean:
        return ""
    low, high = min(clean), max(clean)
    if high - low < 1e-12:
        return SPARK_BLOCKS[3] * len(clean)
    steps = len(SPARK_BLOCKS) - 1
    return "".join(SPARK_BLOCKS[round((v - low) / (high - low) * steps)] for v in clean)
