"""Signal or noise: statistical process control (XmR and c-charts), pure functions.

The method and its rules are those of NHS England's "Making Data Count" programme
(MDC), as implemented by the NHS-R Community's NHSRplotthedots package
(github.com/nhs-r-community/NHSRplotthedots, R/ptd_spc_standard.R and
R/ptd_calculate_point_type.R):

- **XmR (individuals) chart.** The centre line is the mean; the moving range is the
  absolute difference between consecutive points; the natural process limits are
  mean +/- 2.66 x the mean moving range (2.66 = 3 / 1.128 rounded, 1.128 being the
  bias constant d2 of a range of two), so sigma = mean moving range / 1.128.
- **Special cause** (any one is a signal): a point beyond a limit; a shift, 7 or
  more consecutive points on one side of the mean (a point on the mean breaks the
  run); a trend, 7 or more consecutive points each higher (or each lower) than the one
  before (an equal value breaks it); two of three consecutive points beyond two sigma
  on the same side (the outer third between the mean and a limit).
- **Limits are recalculated only at a stated change** (a break: a series break, a
  change of recording practice, an intervention). Each segment between breaks has its
  own mean, moving ranges and limits, and runs do not cross a break. Optionally the
  limits use only the first ``baseline`` points of each segment and are then held.
- **Too few points.** A segment with fewer than MIN_POINTS points used for its limits
  gets no limits and no signals, and says so.
- **Counts.** Counts cannot be negative, so a count's lower limit is floored at 0 (and
  the chart says so). Counts so small that their moving ranges cannot measure the
  spread get a c-chart instead (see ``count_chart``).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.metrics.kpi import DIRECTIONS

# --- Rule parameters -------------------------------------------------------------
# The bias constant d2 for moving ranges of two points (any SPC text, e.g. Montgomery,
# "Introduction to Statistical Quality Control", appendix table VI): sigma = MR / d2.
D2 = 1.128
# MDC's multiplier for the natural process limits: mean +/- 2.66 x mean moving range
# (3 / 1.128 = 2.6596, which MDC and NHSRplotthedots round to 2.66).
XMR_LIMIT_FACTOR = 2.66
# The upper limit of a moving-range chart: D4 x mean moving range, D4 = 3.267 for
# ranges of two (the constant NHSRplotthedots uses).
D4 = 3.267
# MDC: a shift is 7 or more consecutive points on the same side of the mean.
SHIFT_POINTS = 7
# MDC (as NHSRplotthedots' ptd_seven_point_trend): a trend is 7 or more consecutive
# points all increasing or all decreasing, i.e. 6 rises or 6 falls in a row.
TREND_POINTS = 7
# MDC: two out of three consecutive points close to a limit (beyond two sigma, the
# outer third between the mean and the limit) on the same side.
NEAR_LIMIT_WINDOW = 3
NEAR_LIMIT_POINTS = 2
NEAR_LIMIT_FRACTION = 2 / 3
# The fewest points a segment's limits are computed from. Making Data Count's guidance
# asks for at least 15 points for an SPC chart (20 preferred); NHSRplotthedots warns
# below 12 and calls such limits "trial limits". We use 15, so 24 months of police.uk
# data give limits, and a segment of fewer than 15 months after a break does not.
MIN_POINTS = 15
# Chunky counts: after D. J. Wheeler's test for chunky data ("The Problem of Chunky
# Data", Quality Digest, 10 July 2023), moving ranges of whole counts are too coarse to
# measure the spread when three or fewer whole values (0, 1, 2) lie within the
# moving-range chart's upper limit D4 x mean moving range, that is, when that limit is
# below 3 (a mean moving range below 3 / 3.267 = 0.92; for Poisson counts, a mean count
# of roughly 0.7 or less). Such segments get a c-chart, whose spread comes from the
# Poisson model (sigma = sqrt(mean)) rather than from the data.
CHUNKY_MAX_RANGE_VALUES = 3
# Rare events: counts averaging under one a period get no monthly limits at all. At
# such rates a single period of 2 or 3, or a run of empty periods, crosses a c-chart's
# rules by chance alone (at 0.5 a month, about 3 series in 10 show a point beyond the
# limit somewhere in 24 months), so a signal would mostly be noise. D. J. Wheeler,
# "Working with Rare Events" (Quality Digest, 2011), advises charting the time between
# events instead; we say the series is too rare to chart by period.
RARE_MEAN = 1.0

XMR, C_CHART, TOO_FEW, TOO_RARE = "xmr", "c", "too_few", "too_rare"
METHOD_NAMES = {
    XMR: "XmR chart",
    C_CHART: "c-chart",
    TOO_FEW: "No limits (too few points)",
    TOO_RARE: "No limits (too rare to chart by period)",
}

RULE_BEYOND = "beyond"
RULE_SHIFT = "shift"
RULE_TREND = "trend"
RULE_NEAR_LIMIT = "two_of_three"
RULES = (RULE_BEYOND, RULE_SHIFT, RULE_TREND, RULE_NEAR_LIMIT)
RULE_WORDS = {
    RULE_BEYOND: "a point beyond a limit",
    RULE_SHIFT: f"a shift ({SHIFT_POINTS} or more points on one side of the mean)",
    RULE_TREND: f"a trend ({TREND_POINTS} or more points rising or falling)",
    RULE_NEAR_LIMIT: "two of three points near a limit",
}

# --- Variation and assurance: words, icons that do not depend on colour, order ----
IMPROVING = "special_improving"
CONCERNING = "special_concerning"
NEITHER = "special_neither"
COMMON = "common"
TOO_FEW_POINTS = "too_few"
TOO_RARE_TO_CHART = "too_rare"
VARIATION_LABELS = {
    CONCERNING: "Special cause: concerning",
    NEITHER: "Special cause: neither",
    IMPROVING: "Special cause: improving",
    COMMON: "Common cause",
    TOO_FEW_POINTS: "Too few points",
    TOO_RARE_TO_CHART: "Too rare to chart by month",
}
# Sort key: what needs the board's attention first.
VARIATION_ORDER = {
    CONCERNING: 0,
    NEITHER: 1,
    IMPROVING: 2,
    COMMON: 3,
    TOO_FEW_POINTS: 4,
    TOO_RARE_TO_CHART: 5,
}

MEETS, FAILS, HIT_AND_MISS = "consistent_pass", "consistent_fail", "hit_and_miss"
NO_TARGET, NOT_APPLICABLE = "no_target", "not_applicable"
ASSURANCE_LABELS = {
    FAILS: "Will consistently fail the target",
    HIT_AND_MISS: "Hit and miss: will sometimes meet the target",
    MEETS: "Will consistently meet the target",
    NO_TARGET: "No target",
    NOT_APPLICABLE: "Assurance not applicable (direction of good not defined)",
    TOO_FEW_POINTS: "Too few points",
    TOO_RARE_TO_CHART: "Too rare to chart by month",
}
# MDC's assurance icons carry the letters P (pass), F (fail) and ? (hit and miss).
ASSURANCE_ICONS = {
    FAILS: "F",
    HIT_AND_MISS: "?",
    MEETS: "P",
    NO_TARGET: "",
    NOT_APPLICABLE: "",
    TOO_FEW_POINTS: "…",
    TOO_RARE_TO_CHART: "…",
}
ASSURANCE_ORDER = {
    FAILS: 0,
    HIT_AND_MISS: 1,
    MEETS: 2,
    NOT_APPLICABLE: 3,
    NO_TARGET: 4,
    TOO_FEW_POINTS: 5,
    TOO_RARE_TO_CHART: 6,
}


@dataclass(frozen=True)
class Segment:
    """Points ``start`` to ``stop - 1`` between two stated changes, and their limits.

    ``mean``, ``upper``, ``lower`` and ``sigma`` are None when the segment has too few
    points; ``mean_moving_range`` is None for a c-chart too. ``lower_floored`` says the
    lower limit was raised to 0 because counts cannot be negative; ``note`` says in
    words which chart this is and why, or why there are no limits."""

    start: int
    stop: int
    start_period: Hashable
    reason: str
    method: str
    baseline_points: int
    mean: float | None
    mean_moving_range: float | None
    sigma: float | None
    upper: float | None
    lower: float | None
    near_upper: float | None
    near_lower: float | None
    lower_floored: bool
    note: str

    @property
    def has_limits(self) -> bool:
        """Whether the segment has limits (enough points, not too rare)."""
        return self.method not in (TOO_FEW, TOO_RARE)


@dataclass(frozen=True)
class SpcResult:
    """A chart's points, its segments and each point's rule flags.

    ``side`` is +1 where a special-cause point is high (above the mean, or part of a
    rising trend), -1 where low, 0 otherwise."""

    periods: tuple[Hashable, ...]
    values: tuple[float, ...]
    segments: tuple[Segment, ...]
    beyond: tuple[bool, ...]
    shift: tuple[bool, ...]
    trend: tuple[bool, ...]
    two_of_three: tuple[bool, ...]
    side: tuple[int, ...]

    @property
    def special(self) -> tuple[bool, ...]:
        """Whether each point is special cause by any rule."""
        return tuple(
            any(flags)
            for flags in zip(
                self.beyond, self.shift, self.trend, self.two_of_three, strict=True
            )
        )

    def rules_at(self, index: int) -> tuple[str, ...]:
        """The rules that flag point ``index``, in RULES order."""
        flags = (
            self.beyond[index],
            self.shift[index],
            self.trend[index],
            self.two_of_three[index],
        )
        return tuple(rule for rule, flag in zip(RULES, flags, strict=True) if flag)

    def segment_of(self, index: int) -> Segment:
        """The segment point ``index`` belongs to."""
        return next(s for s in self.segments if s.start <= index < s.stop)

    def frame(self) -> pd.DataFrame:
        """One row per point: period, value, segment number, method, mean, limits,
        the two-sigma lines, each rule's flag, special and side (for a chart and its
        data table)."""
        rows = []
        for number, segment in enumerate(self.segments):
            for i in range(segment.start, segment.stop):
                rows.append(
                    {
                        "period": self.periods[i],
                        "value": self.values[i],
                        "segment": number,
                        "method": segment.method,
                        "mean": segment.mean,
                        "upper": segment.upper,
                        "lower": segment.lower,
                        "near_upper": segment.near_upper,
                        "near_lower": segment.near_lower,
                        RULE_BEYOND: self.beyond[i],
                        RULE_SHIFT: self.shift[i],
                        RULE_TREND: self.trend[i],
                        RULE_NEAR_LIMIT: self.two_of_three[i],
                        "special": self.special[i],
                        "side": self.side[i],
                    }
                )
        columns = [
            "period", "value", "segment", "method", "mean", "upper", "lower",
            "near_upper", "near_lower", *RULES, "special", "side",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class Variation:
    """A series' variation in words and a colour-free icon, with its sort key and the
    signals behind it (periods and rules)."""

    key: str
    label: str
    icon: str
    order: int
    signal_periods: tuple[Hashable, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Assurance:
    """Whether the process will meet a target, in words and a colour-free icon."""

    key: str
    label: str
    icon: str
    order: int


# --- Limits -----------------------------------------------------------------------


def _segment_bounds(
    periods: Sequence[Hashable], breaks: Sequence[Hashable] | Mapping[Hashable, str]
) -> list[tuple[int, str]]:
    """(start index, stated reason) of every segment, the first starting at 0."""
    reasons = dict(breaks) if isinstance(breaks, Mapping) else dict.fromkeys(breaks, "")
    position = {period: i for i, period in enumerate(periods)}
    starts: dict[int, str] = {0: ""}
    for period, reason in reasons.items():
        if period not in position:
            raise ValueError(f"break {period!r} is not one of the periods")
        starts[position[period]] = str(reason) if position[period] else ""
    return sorted(starts.items())


def _mean_moving_range(values: np.ndarray) -> float:
    return float(np.abs(np.diff(values)).mean()) if len(values) > 1 else math.nan


def _too_chunky(mean_moving_range: float) -> bool:
    """Whole-number moving ranges within the moving-range chart's upper limit are three
    or fewer (0, 1, 2): the counts are too coarse for XmR limits."""
    whole_values_within = math.floor(D4 * mean_moving_range) + 1
    return whole_values_within <= CHUNKY_MAX_RANGE_VALUES


def _limits(
    values: np.ndarray,
    start: int,
    stop: int,
    start_period: Hashable,
    reason: str,
    method: str,
    baseline: int | None,
    floor_at_zero: bool,
    min_points: int,
) -> Segment:
    used = values[start:stop] if baseline is None else values[start : start + baseline]
    points = len(used)
    if points < min_points:
        return Segment(
            start, stop, start_period, reason, TOO_FEW, points,
            None, None, None, None, None, None, None, False,
            f"Too few points: {points} since the last stated change; limits need "
            f"at least {min_points}.",
        )  # fmt: skip
    mean = float(used.mean())
    mean_mr = _mean_moving_range(used)
    note = ""
    if method == "count" and mean < RARE_MEAN:
        return Segment(
            start, stop, start_period, reason, TOO_RARE, points,
            mean, None, None, None, None, None, None, False,
            f"Too rare to chart by period: {mean:.2f} a period on average, under "
            f"{RARE_MEAN:g}, so a single period of 2 or 3 would cross a limit by "
            f"chance alone. The totals are shown without limits.",
        )  # fmt: skip
    if method == "count":
        if _too_chunky(mean_mr):
            method = C_CHART
            note = (
                f"c-chart: the counts are too small for an XmR chart (moving ranges "
                f"average {mean_mr:.2f}, so three or fewer whole values lie within "
                f"the moving-range limit), so the spread is taken from the Poisson "
                f"model, sigma = square root of the mean."
            )
        else:
            method = XMR
    if method == C_CHART:
        sigma = math.sqrt(mean)
        half_width = 3 * sigma
        mean_mr_kept = None
        note = note or "c-chart: limits are mean +/- 3 x square root of the mean."
        if mean < 1:
            note += (
                f" With fewer than one a month on average, only a month above "
                f"{mean + half_width:.1f} can show as special cause."
            )
    else:
        sigma = mean_mr / D2
        half_width = XMR_LIMIT_FACTOR * mean_mr
        mean_mr_kept = mean_mr
        note = note or "XmR chart: limits are mean +/- 2.66 x mean moving range."
    upper, lower = mean + half_width, mean - half_width
    near = NEAR_LIMIT_FRACTION * half_width
    floored = floor_at_zero and lower < 0
    if floored:
        lower = 0.0
        note += " The lower limit is set to 0 because a count cannot be negative."
    return Segment(
        start, stop, start_period, reason, method, points,
        mean, mean_mr_kept, sigma, upper, lower, mean + near, mean - near,
        floored, note,
    )  # fmt: skip


# --- Rules ------------------------------------------------------------------------


def _long_runs(signs: np.ndarray, min_length: int) -> np.ndarray:
    """True for every element in a run of at least ``min_length`` equal non-zero
    signs."""
    flagged = np.zeros(len(signs), dtype=bool)
    i = 0
    while i < len(signs):
        j = i
        while j + 1 < len(signs) and signs[j + 1] == signs[i]:
            j += 1
        if signs[i] != 0 and j - i + 1 >= min_length:
            flagged[i : j + 1] = True
        i = j + 1
    return flagged


def _trend_flags(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(flags, direction) for points in a run of TREND_POINTS or more, each point
    higher (or lower) than the one before; direction is +1 rising, -1 falling."""
    flags = np.zeros(len(values), dtype=bool)
    direction = np.zeros(len(values), dtype=int)
    steps = np.sign(np.diff(values)).astype(int)
    in_run = _long_runs(steps, TREND_POINTS - 1)
    # Step k joins points k and k + 1.
    for k in np.flatnonzero(in_run):
        flags[k] = flags[k + 1] = True
        direction[k] = direction[k + 1] = steps[k]
    return flags, direction


def _near_limit_flags(values: np.ndarray, segment: Segment) -> np.ndarray:
    """Points beyond two sigma that are two (or more) of three consecutive points
    beyond the same two-sigma line."""
    zone = np.where(
        values > segment.near_upper, 1, np.where(values < segment.near_lower, -1, 0)
    )
    flags = np.zeros(len(values), dtype=bool)
    for first in range(len(values) - NEAR_LIMIT_WINDOW + 1):
        window = zone[first : first + NEAR_LIMIT_WINDOW]
        for side in (1, -1):
            if (window == side).sum() >= NEAR_LIMIT_POINTS:
                flags[first : first + NEAR_LIMIT_WINDOW] |= window == side
    return flags


def _chart(
    values: Sequence[float],
    periods: Sequence[Hashable] | None,
    breaks: Sequence[Hashable] | Mapping[Hashable, str],
    baseline: int | None,
    method: str,
    floor_at_zero: bool,
    min_points: int,
) -> SpcResult:
    data = np.asarray(values, dtype=float)
    if np.isnan(data).any():
        raise ValueError("an SPC chart needs a value for every period")
    periods = tuple(range(len(data))) if periods is None else tuple(periods)
    if len(periods) != len(data):
        raise ValueError("values and periods differ in length")
    if baseline is not None and baseline < 1:
        raise ValueError("baseline must be at least one point")
    n = len(data)
    if n == 0:
        return SpcResult((), (), (), (), (), (), (), ())
    bounds = _segment_bounds(periods, breaks)
    beyond = np.zeros(n, dtype=bool)
    shift = np.zeros(n, dtype=bool)
    trend = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    side = np.zeros(n, dtype=int)
    segments = []
    for (start, reason), (stop, _) in zip(bounds, [*bounds[1:], (n, "")], strict=True):
        segment = _limits(
            data, start, stop, periods[start], reason, method, baseline,
            floor_at_zero, min_points,
        )  # fmt: skip
        segments.append(segment)
        if not segment.has_limits:
            continue
        part = data[start:stop]
        relative = np.sign(part - segment.mean).astype(int)
        beyond[start:stop] = (part > segment.upper) | (part < segment.lower)
        shift[start:stop] = _long_runs(relative, SHIFT_POINTS)
        trend_part, trend_direction = _trend_flags(part)
        trend[start:stop] = trend_part
        near[start:stop] = _near_limit_flags(part, segment)
        other = beyond[start:stop] | shift[start:stop] | near[start:stop]
        # A point flagged only by a trend points the way the trend goes.
        side[start:stop] = np.where(
            other, relative, np.where(trend_part, trend_direction, 0)
        )
    return SpcResult(
        periods=periods,
        values=tuple(float(v) for v in data),
        segments=tuple(segments),
        beyond=tuple(bool(f) for f in beyond),
        shift=tuple(bool(f) for f in shift),
        trend=tuple(bool(f) for f in trend),
        two_of_three=tuple(bool(f) for f in near),
        side=tuple(int(s) for s in side),
    )


def xmr(
    values: Sequence[float],
    periods: Sequence[Hashable] | None = None,
    *,
    breaks: Sequence[Hashable] | Mapping[Hashable, str] = (),
    baseline: int | None = None,
    counts: bool = False,
    min_points: int = MIN_POINTS,
) -> SpcResult:
    """The XmR chart of ``values`` in time order.

    ``periods`` label the points (default 0, 1, ...). ``breaks`` are the periods at
    which a stated change starts a new segment with its own limits (a mapping gives
    each change's reason). ``baseline`` limits each segment's mean and moving range
    to its first ``baseline`` points (held after them). ``counts`` floors the lower
    limit at 0. ``min_points`` overrides MIN_POINTS for a stated reason."""
    return _chart(values, periods, breaks, baseline, XMR, counts, min_points)


def c_chart(
    values: Sequence[float],
    periods: Sequence[Hashable] | None = None,
    *,
    breaks: Sequence[Hashable] | Mapping[Hashable, str] = (),
    baseline: int | None = None,
    min_points: int = MIN_POINTS,
) -> SpcResult:
    """The c-chart of counts: centre line the mean count c, limits c +/- 3 sqrt(c)
    (lower floored at 0), two-sigma lines c +/- 2 sqrt(c); the same rules, breaks and
    baseline as ``xmr``."""
    return _chart(values, periods, breaks, baseline, C_CHART, True, min_points)


def count_chart(
    values: Sequence[float],
    periods: Sequence[Hashable] | None = None,
    *,
    breaks: Sequence[Hashable] | Mapping[Hashable, str] = (),
    baseline: int | None = None,
    min_points: int = MIN_POINTS,
) -> SpcResult:
    """The chart for counts: an XmR chart (lower limit floored at 0) for each segment,
    except a c-chart where the counts are too small for the moving ranges to measure
    their spread (Wheeler's chunky-data test: see CHUNKY_MAX_RANGE_VALUES). The XmR
    chart stays the default because its limits come from the data: police counts
    usually vary more than a Poisson model allows, which would make c-chart limits too
    narrow and call noise a signal. Each segment's ``note`` says which chart and why."""
    return _chart(values, periods, breaks, baseline, "count", True, min_points)


# --- Classification ---------------------------------------------------------------


def _check_direction(direction: str | None) -> None:
    if direction is not None and direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS} or None")


def variation_key(side: int, direction: str | None) -> str:
    """A special-cause point's kind: IMPROVING or CONCERNING by which way is
    better, NEITHER when that is not defined."""
    if direction is None:
        return NEITHER
    good = 1 if direction == "higher_is_better" else -1
    return IMPROVING if side == good else CONCERNING


def variation_icon(key: str, side: int = 0) -> str:
    """The colour-free icon of a variation: H or L (the data is higher or lower than
    expected, MDC's letters), then + for improving or ! for concerning; ~ for common
    cause (noise), … for too few points or too rare to chart."""
    if key == COMMON:
        return "~"
    if key in (TOO_FEW_POINTS, TOO_RARE_TO_CHART):
        return "…"
    letter = "H" if side > 0 else "L"
    return letter + {IMPROVING: "+", CONCERNING: "!"}.get(key, "")


def _no_limits_key(segment: Segment) -> str:
    """Why a segment has no limits, as a variation key."""
    return TOO_RARE_TO_CHART if segment.method == TOO_RARE else TOO_FEW_POINTS


def _rules_fired(result: SpcResult, points: Sequence[int]) -> tuple[str, ...]:
    """The rules that flag any of ``points``, in RULES order."""
    return tuple(r for r in RULES if any(r in result.rules_at(i) for i in points))


def _variation(
    key: str, side: int, periods: tuple, rules: tuple[str, ...]
) -> Variation:
    return Variation(
        key=key,
        label=VARIATION_LABELS[key],
        icon=variation_icon(key, side),
        order=VARIATION_ORDER[key],
        signal_periods=periods,
        rules=rules,
    )


def variation(
    result: SpcResult,
    direction: str | None,
    *,
    since: Hashable | None = None,
    until: Hashable | None = None,
) -> Variation:
    """The variation of a chart, judged on its special-cause points from ``since`` to
    ``until`` (periods, inclusive; both None: the latest point only, as MDC's icons
    are). The latest special-cause point in that window decides improving or
    concerning by ``direction`` ("higher_is_better", "lower_is_better"; None: special
    cause, neither). No limits for the window's last point: too few points."""
    _check_direction(direction)
    n = len(result.values)
    if n == 0:
        return _variation(TOO_FEW_POINTS, 0, (), ())
    index = {period: i for i, period in enumerate(result.periods)}
    last = n - 1 if until is None else index[until]
    first = (last if until is None else 0) if since is None else index[since]
    if not result.segment_of(last).has_limits:
        return _variation(_no_limits_key(result.segment_of(last)), 0, (), ())
    special = [i for i in range(first, last + 1) if result.special[i]]
    if not special:
        return _variation(COMMON, 0, (), ())
    side = result.side[special[-1]]
    periods = tuple(result.periods[i] for i in special)
    key = variation_key(side, direction)
    return _variation(key, side, periods, _rules_fired(result, special))


def assurance(
    result: SpcResult, target: float | None, direction: str | None
) -> Assurance:
    """Will the process meet ``target``? Judged on the latest segment's limits, as
    MDC: for higher is better, a target below the lower limit is consistently met, one
    above the upper limit consistently failed, anything between is hit and miss (and
    the mirror image for lower is better)."""
    _check_direction(direction)

    def made(key: str) -> Assurance:
        return Assurance(
            key, ASSURANCE_LABELS[key], ASSURANCE_ICONS[key], ASSURANCE_ORDER[key]
        )

    if not result.values:
        return made(TOO_FEW_POINTS)
    if not result.segments[-1].has_limits:
        return made(_no_limits_key(result.segments[-1]))
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return made(NO_TARGET)
    if direction is None:
        return made(NOT_APPLICABLE)
    segment = result.segments[-1]
    above, below = target > segment.upper, target < segment.lower
    if direction == "higher_is_better":
        return made(FAILS if above else MEETS if below else HIT_AND_MISS)
    return made(MEETS if above else FAILS if below else HIT_AND_MISS)


def classify_series(
    frame: pd.DataFrame,
    *,
    keys: Sequence[str],
    period: str,
    value: str,
    periods: Sequence[Hashable],
    direction: str | None,
    counts: bool = True,
    breaks: Sequence[Hashable] | Mapping[Hashable, str] = (),
) -> pd.DataFrame:
    """One row per series of a long frame (``keys`` name a series, ``period`` and
    ``value`` its points), charted over ``periods`` in order.

    With ``counts`` a period missing from a series is a zero count and each series gets
    ``count_chart``; otherwise ``xmr`` and every period needs a value. Columns: the
    keys, method (the methods of its segments, e.g. "xmr" or "c"), mean, lower, upper
    (the latest segment's), variation, variation_label, variation_icon, order (the
    latest point's variation, MDC's convention), rules (every rule that fired),
    signal_periods, high_periods and low_periods (the special-cause points, and those
    above or below expectation), improving_periods and concerning_periods (by
    ``direction``; empty when it is None), sorted by order then keys."""
    _check_direction(direction)
    periods = list(periods)
    chart = count_chart if counts else xmr
    rows = []
    for series_key, group in frame.groupby(list(keys), sort=True):
        series = group.groupby(period)[value].sum().reindex(periods)
        if counts:
            series = series.fillna(0)
        result = chart(series.to_numpy(dtype=float), periods, breaks=breaks)
        latest = variation(result, direction)
        special = [i for i, flag in enumerate(result.special) if flag]
        high = tuple(result.periods[i] for i in special if result.side[i] > 0)
        low = tuple(result.periods[i] for i in special if result.side[i] < 0)
        good, bad = (high, low) if direction == "higher_is_better" else (low, high)
        if direction is None:
            good = bad = ()
        segment = result.segments[-1]
        key_values = series_key if isinstance(series_key, tuple) else (series_key,)
        rows.append(
            {
                **dict(zip(keys, key_values, strict=True)),
                "method": "+".join(dict.fromkeys(s.method for s in result.segments)),
                "mean": segment.mean,
                "lower": segment.lower,
                "upper": segment.upper,
                "variation": latest.key,
                "variation_label": latest.label,
                "variation_icon": latest.icon,
                "order": latest.order,
                "rules": _rules_fired(result, special),
                "signal_periods": tuple(result.periods[i] for i in special),
                "high_periods": high,
                "low_periods": low,
                "improving_periods": good,
                "concerning_periods": bad,
            }
        )
    columns = [
        *keys, "method", "mean", "lower", "upper", "variation", "variation_label",
        "variation_icon", "order", "rules", "signal_periods", "high_periods",
        "low_periods", "improving_periods", "concerning_periods",
    ]  # fmt: skip
    result_frame = pd.DataFrame(rows, columns=columns)
    return result_frame.sort_values(["order", *keys], kind="stable").reset_index(
        drop=True
    )


# --- Words ------------------------------------------------------------------------

METHOD_TEXT = (
    "A process-behaviour chart (NHS England's Making Data Count method) separates a "
    "real change from the usual month-to-month wobble. The centre line is the mean; "
    "the natural process limits are the mean plus or minus 2.66 times the average "
    "change from one period to the next (an XmR chart). Special cause variation is "
    f"any of: a point beyond a limit; {SHIFT_POINTS} or more points in a row on one "
    f"side of the mean; {TREND_POINTS} or more points in a row all rising or all "
    "falling; two of three points in a row in the outer third towards a limit. "
    "Improving or concerning follows which way is better. Limits are recalculated "
    "only at a stated change, drawn on the chart. A target below the lower limit "
    "or above the upper one will consistently be met or failed; between them, hit "
    f"and miss. Fewer than {MIN_POINTS} points: no limits. Counts averaging under "
    f"{RARE_MEAN:g} a period: too rare to chart by period."
)


def _period_words(periods: Sequence[Hashable]) -> str:
    """'May 2025, June 2025 and July 2025' (dates as month and year)."""
    names = [
        f"{pd.Timestamp(p):%B %Y}" if not isinstance(p, int | str) else str(p)
        for p in periods
    ]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe(result: SpcResult, shown: Variation, sure: Assurance | None) -> str:
    """What the chart shows, in plain words: the kind of variation (with the months
    and rules of any signal) and the assurance. How the limits are worked out is
    ``method_note``'s, for the "How this is worked out" disclosure."""
    segment = result.segments[-1] if result.segments else None
    if segment is None:
        return "No values to chart yet."
    if not segment.has_limits:
        return segment.note
    if shown.key == COMMON:
        text = (
            "Common cause variation: the latest value is within the usual "
            "month-to-month range, with no signal of a real change."
        )
    else:
        how = ", ".join(RULE_WORDS[r] for r in shown.rules)
        text = f"{shown.label} ({how}), in {_period_words(shown.signal_periods)}."
    if sure is not None and sure.key not in (NO_TARGET, TOO_FEW_POINTS):
        text += f" Against the target: {sure.label.lower()}."
    return text


def method_note(result: SpcResult) -> str:
    """How the chart's limits are worked out, segment by segment, with the stated
    changes where they were recalculated."""
    parts = []
    for number, segment in enumerate(result.segments):
        where = (
            f"From {_period_words([segment.start_period])} "
            f"({segment.reason or 'stated change'}): "
            if number
            else ""
        )
        levels = (
            f" Mean {segment.mean:,.1f}; limits {segment.lower:,.1f} to "
            f"{segment.upper:,.1f}."
            if segment.has_limits
            else ""
        )
        parts.append(where + segment.note + levels)
    return " ".join(parts)
