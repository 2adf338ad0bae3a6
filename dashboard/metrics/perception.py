"""Perceived against recorded crime: survey estimates with suppression and pooling,
recorded rates per 1,000, and a standardised gap between the two with a stated test.

The gap method (stated on the page):

* every survey question is turned into a *concern* share, higher meaning more worried:
  the share itself for "higher is worse" questions (thinks crime has gone up) and one
  minus it for "higher is better" ones (feels safe after dark becomes does not);
* each area's concern and recorded rate are put on a common scale: the distance from
  Peterborough's value in standard deviations across the areas compared,
  ``s_c = (c - c_city) / SD(c)`` and, rates being skewed, on the log scale
  ``s_r = (ln r - ln r_city) / SD(ln r)``;
* the standardised gap is ``s_c - s_r``: above 0 the area stands higher on concern
  than on recorded crime (it "feels less safe than the figures suggest");
* its standard error counts the sampling error of both sides, with the standard
  deviations and Peterborough's values treated as fixed:
  ``sqrt(c(1 - c) / n_eff / SD(c)^2 + 1 / x / SD(ln r)^2)`` for n_eff = base / design
  effect interviews and x recorded incidents;
* z = gap / SE; the gap is called significant when the two-sided p-value of z under
  the normal distribution is below 0.05. No correction is made for testing many areas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard.metrics.intervals import poisson_rate_bounds, wilson_bounds
from domain.areas import PETERBOROUGH_LAD
from domain.dates import twelve_months_to
from domain.police_uk import ANTI_SOCIAL_BEHAVIOUR, CRIME_TYPES

DEFAULT_MIN_BASE = 50
SIGNIFICANCE = 0.05

# police.uk crime types (the street-level file's "Crime type"), ASB apart.
ASB = ANTI_SOCIAL_BEHAVIOUR


@dataclass(frozen=True)
class RecordedMeasure:
    """A recorded measure the page offers: its label and police.uk categories."""

    key: str
    label: str
    categories: tuple[str, ...]
    noun: str


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


RECORDED_MEASURES: dict[str, RecordedMeasure] = {
    "all-crime": RecordedMeasure(
        "all-crime", "All recorded crime", CRIME_TYPES, "recorded crimes"
    ),
    "asb": RecordedMeasure(
        "asb", "Anti-social behaviour incidents", (ASB,), "ASB incidents"
    ),
    **{
        _slug(name): RecordedMeasure(
            _slug(name), name, (name,), f"{name.lower()} crimes"
        )
        for name in CRIME_TYPES
    },
}

QUADRANTS = {
    (True, False): "Feels less safe than the figures suggest",
    (True, True): "High crime, and residents feel it",
    (False, True): "Feels safer than the figures suggest",
    (False, False): "Low crime, and residents feel safer",
}


def quadrant_name(concern_above: bool, rate_above: bool) -> str:
    """The plain-words quadrant for an area above or below the city on each axis."""
    return QUADRANTS[(bool(concern_above), bool(rate_above))]


def recorded_window(fieldwork_end: date) -> tuple[date, date]:
    """The 12 whole months ending with the month fieldwork ended: (first, last) month."""
    return twelve_months_to(fieldwork_end)


POOLED_COLUMNS = [
    "area_code",
    "area_name",
    "area_kind",
    "estimate",
    "base_size",
    "waves_pooled",
    "wave_label",
    "fieldwork_start",
    "fieldwork_end",
    "suppressed",
    "reason",
]


def pooled_estimates(
    results: pd.DataFrame,
    waves: list[str],
    *,
    wave: str,
    min_base: int = DEFAULT_MIN_BASE,
    max_waves: int = 1,
) -> pd.DataFrame:
    """Each area's estimate for ``wave``, pooling earlier consecutive waves where its
    base is below ``min_base`` (up to ``max_waves`` waves in all), suppressed if the
    base is still too small.

    ``results``: survey_results rows (area_code, area_name, area_kind, wave,
    fieldwork_start, fieldwork_end, base_size, estimate); ``waves``: wave names oldest
    first. Pooling adds answers: the pooled share is sum(estimate x base) / sum(base).
    Returns one row per area with: area_code, area_name, area_kind, estimate,
    base_size, waves_pooled, wave_label, fieldwork_start, fieldwork_end, suppressed,
    reason (empty when shown).
    """
    if wave not in waves:
        raise ValueError(f"unknown wave {wave!r}")
    every = pooled_estimates_by_wave(
        results, waves, min_base=min_base, max_waves=max_waves
    )
    chosen = every[every.wave.to_numpy() == wave]
    if chosen.empty:
        return pd.DataFrame([], columns=POOLED_COLUMNS)
    return chosen[POOLED_COLUMNS].reset_index(drop=True)


def pooled_estimates_by_wave(
    results: pd.DataFrame,
    waves: list[str],
    *,
    min_base: int = DEFAULT_MIN_BASE,
    max_waves: int = 1,
) -> pd.DataFrame:
    """``pooled_estimates`` for every wave at once: its columns and ``wave``, the
    waves in the order of ``waves`` and the areas by code within each.

    Computed on an area x wave grid, one step back per pooled wave for all cells
    together, adding in the same order as pooling wave by wave (so the same
    numbers), rather than area by area.
    """
    columns = [*POOLED_COLUMNS, "wave"]
    position = {name: index for index, name in enumerate(waves)}
    wave_index = np.array(
        [position.get(name, -1) for name in results.wave.tolist()], dtype=int
    )
    rows = np.flatnonzero(wave_index >= 0)
    if not len(rows):
        return pd.DataFrame([], columns=POOLED_COLUMNS).assign(wave="")
    codes, area_index = np.unique(
        results.area_code.to_numpy(dtype=object)[rows], return_inverse=True
    )
    n_areas, n_waves = len(codes), len(waves)
    # The results row of each (area, wave), -1 where the area has none.
    grid = np.full((n_areas, n_waves), -1)
    grid[area_index, wave_index[rows]] = rows
    present = grid >= 0
    base_rows = results.base_size.astype("Float64").to_numpy(
        dtype=float, na_value=np.nan
    )
    estimate_rows = results.estimate.to_numpy(dtype=float)
    base = np.where(present, base_rows[grid], np.nan)
    estimate = np.where(present, estimate_rows[grid], np.nan)

    answers = np.zeros((n_areas, n_waves))
    agreeing = np.zeros((n_areas, n_waves))
    used = np.zeros((n_areas, n_waves), dtype=int)
    first = np.tile(np.arange(n_waves), (n_areas, 1))
    pooling = present.copy()
    for back in range(max_waves):
        source = np.arange(n_waves) - back
        pooling &= source >= 0
        if not pooling.any():
            break
        column = np.clip(source, 0, None)
        step_base = base[:, column]
        pooling &= ~np.isnan(step_base)
        answers = np.where(pooling, answers + step_base, answers)
        agreeing = np.where(
            pooling, agreeing + step_base * estimate[:, column], agreeing
        )
        used += pooling
        first = np.where(pooling, source, first)
        pooling &= answers < min_base

    # Cells in wave-major order, as pooling wave by wave and stacking would give.
    area_at, wave_at = np.nonzero(present.T)[::-1]
    total = answers[area_at, wave_at]
    n_used = used[area_at, wave_at]
    suppressed = total < min_base
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(suppressed, np.nan, agreeing[area_at, wave_at] / total)
    current = grid[area_at, wave_at]
    earliest = grid[area_at, first[area_at, wave_at]]
    wave_names = np.asarray(waves, dtype=object)
    first_names = wave_names[first[area_at, wave_at]]
    names = wave_names[wave_at]
    reasons = [
        _pooling_reason(int(count), float(base), bool(hidden), min_base)
        for count, base, hidden in zip(n_used, total, suppressed, strict=True)
    ]
    labels = [
        name if count <= 1 else f"{first_name} to {name} (pooled)"
        for name, first_name, count in zip(names, first_names, n_used, strict=True)
    ]
    return pd.DataFrame(
        {
            "area_code": codes[area_at],
            "area_name": results.area_name.to_numpy(dtype=object)[current],
            "area_kind": results.area_kind.to_numpy(dtype=object)[current],
            "estimate": share,
            "base_size": total.astype("int64"),
            "waves_pooled": n_used.astype("int64"),
            "wave_label": labels,
            "fieldwork_start": results.fieldwork_start.to_numpy(dtype=object)[earliest],
            "fieldwork_end": results.fieldwork_end.to_numpy(dtype=object)[current],
            "suppressed": suppressed,
            "reason": reasons,
            "wave": names,
        },
        columns=columns,
    )


def _pooling_reason(used: int, answers: float, suppressed: bool, min_base: int) -> str:
    """Why an area's pooled estimate is not shown ("" when it is)."""
    if used == 0:
        return "No base size published"
    if not suppressed:
        return ""
    pooled = f" even pooling {used} waves" if used > 1 else ""
    return f"Base {int(answers)} is below the minimum of {min_base}{pooled}"


def with_wilson(
    estimates: pd.DataFrame, *, design_effect: float = 1.0, confidence: float = 0.95
) -> pd.DataFrame:
    """Add lower and upper (Wilson, on base / design effect) to pooled estimates."""
    result = estimates.copy()
    lower, upper = wilson_bounds(
        result.estimate.to_numpy(dtype=float),
        result.base_size.to_numpy(dtype=float),
        design_effect=design_effect,
        confidence=confidence,
    )
    hidden = result.suppressed.to_numpy(dtype=bool)
    lower[hidden] = np.nan
    upper[hidden] = np.nan
    result["lower"], result["upper"] = lower, upper
    return result


def recorded_rates(
    counts: pd.DataFrame,
    population: pd.DataFrame,
    *,
    categories: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Incidents per 1,000 residents with exact Poisson 95% limits, per area.

    ``counts``: incident_counts rows (area_code, category, incidents) for one
    period, or incident_totals rows (no category) with ``categories`` None;
    ``population``: area_code, area_name, population. Areas with no incidents get
    0. Returns area_code, area_name, incidents, population, rate, rate_lower,
    rate_upper.
    """
    chosen = counts if categories is None else counts[counts.category.isin(categories)]
    # Summed in a dict and built in one step: the frames are small, and pandas'
    # group-by, map and column-by-column assignment cost more here.
    totals: dict[str, int] = {}
    for code, incidents in zip(
        chosen.area_code.tolist(), chosen.incidents.tolist(), strict=True
    ):
        totals[code] = totals.get(code, 0) + incidents
    counted = np.array(
        [totals.get(code, 0) for code in population.area_code.tolist()], dtype="int64"
    )
    people = population.population.to_numpy()
    lower, upper = poisson_rate_bounds(counted, people)
    return pd.DataFrame(
        {
            "area_code": population.area_code.array,
            "area_name": population.area_name.array,
            "incidents": counted,
            "population": population.population.array,
            "rate": 1000.0 * counted / people,
            "rate_lower": lower,
            "rate_upper": upper,
        },
        index=population.index,
    )


def merge_on_area(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    how: str = "inner",
    suffix: str = "_recorded",
) -> pd.DataFrame:
    """``left.merge(right, on="area_code", how=how, suffixes=("", suffix))`` for an
    inner or left join, taken by position when ``right`` has one row per area:
    for these small frames a pandas merge costs several times more. Otherwise (and
    for a left join that leaves gaps, where pandas changes column types to hold
    them) it is the pandas merge."""
    right_at = {code: i for i, code in enumerate(right.area_code.tolist())}
    found = [right_at.get(code, -1) for code in left.area_code.tolist()]
    if (
        left.empty
        or right.empty
        or len(right_at) < len(right)
        or (how == "left" and -1 in found)
        or how not in ("inner", "left")
    ):
        return left.merge(right, on="area_code", how=how, suffixes=("", suffix))
    left_rows = np.array([i for i, at in enumerate(found) if at >= 0], dtype=np.intp)
    right_rows = np.array([at for at in found if at >= 0], dtype=np.intp)
    columns = {name: _take(left[name], left_rows) for name in left.columns}
    for name in right.columns:
        if name != "area_code":
            joined = f"{name}{suffix}" if name in left.columns else name
            columns[joined] = _take(right[name], right_rows)
    return pd.DataFrame(columns)


def _take(column: pd.Series, rows: np.ndarray) -> object:
    """The values of ``column`` at ``rows``, keeping its type."""
    if isinstance(column.dtype, np.dtype):
        return column.to_numpy()[rows]
    return column.array.take(rows)


def concern_share(estimate: float | np.ndarray, direction: str) -> float | np.ndarray:
    """The share that is worried: the estimate, or 1 - it for 'higher_is_better'."""
    if direction == "higher_is_better":
        return 1 - estimate
    if direction == "higher_is_worse":
        return estimate
    raise ValueError(f"unknown question direction {direction!r}")


def gap_statistic(
    *,
    concern: float,
    effective_base: float,
    city_concern: float,
    concern_sd: float,
    incidents: float,
    population: float,
    city_rate: float,
    log_rate_sd: float,
) -> tuple[float, float, float, float]:
    """(standardised gap, standard error, z, two-sided p) of one area against the
    city; NaNs when the count or a spread is 0 (no log or no scale)."""
    if not (incidents > 0 and city_rate > 0 and concern_sd > 0 and log_rate_sd > 0):
        return (math.nan,) * 4
    rate = 1000.0 * incidents / population
    concern_score = (concern - city_concern) / concern_sd
    rate_score = (math.log(rate) - math.log(city_rate)) / log_rate_sd
    gap = concern_score - rate_score
    variance = concern * (1 - concern) / effective_base / concern_sd**2 + (
        1 / incidents / log_rate_sd**2
    )
    se = math.sqrt(variance)
    if se == 0:
        return gap, 0.0, math.nan, math.nan
    z = gap / se
    return gap, se, z, float(2 * norm.sf(abs(z)))


def gap_table(
    survey: pd.DataFrame,
    recorded: pd.DataFrame,
    *,
    direction: str,
    design_effect: float = 1.0,
    city_code: str = PETERBOROUGH_LAD,
) -> pd.DataFrame:
    """Areas (not the city) ranked by standardised gap, largest 'feels less safe
    than the figures suggest' first; suppressed or incomputable areas last, with a
    reason.

    ``survey``: with_wilson output; ``recorded``: recorded_rates output. Columns
    added: concern, city_concern, city_rate, concern_ratio, rate_ratio,
    concern_score, rate_score, gap, se, z, p_value, significant, quadrant, rank.
    """
    merged = merge_on_area(survey, recorded)
    is_city = (merged.area_code == city_code).to_numpy()
    columns = [
        *merged.columns,
        "concern",
        "city_concern",
        "city_rate",
        "concern_ratio",
        "rate_ratio",
        "concern_score",
        "rate_score",
        "gap",
        "se",
        "z",
        "p_value",
        "significant",
        "quadrant",
        "rank",
    ]
    city_rows, area_rows = np.flatnonzero(is_city), np.flatnonzero(~is_city)
    if (
        not len(city_rows)
        or pd.isna(merged.estimate.iloc[city_rows[0]])
        or not len(area_rows)
    ):
        return merged[~is_city].reindex(columns=columns)
    # Computed on arrays and joined to the areas in one step: adding columns one
    # by one to this wide frame, then sorting it, cost more than the statistics.
    city_concern = float(concern_share(merged.estimate.iloc[city_rows[0]], direction))
    city_rate = float(merged.rate.iloc[city_rows[0]])
    concern = concern_share(merged.estimate.to_numpy(dtype=float)[area_rows], direction)
    rate = merged.rate.to_numpy(dtype=float)[area_rows]
    incidents = merged.incidents.to_numpy()[area_rows]
    usable = ~merged.suppressed.astype(bool).to_numpy()[area_rows] & (incidents > 0)
    concern_sd = (
        float(pd.Series(concern[usable]).std(ddof=1)) if usable.sum() > 1 else 0.0
    )
    log_rate_sd = (
        float(pd.Series(np.log(rate[usable])).std(ddof=1)) if usable.sum() > 1 else 0.0
    )
    stats = np.full((len(area_rows), 4), np.nan)
    bases = merged.base_size.to_numpy()[area_rows].tolist()
    populations = merged.population.to_numpy()[area_rows].tolist()
    for i in np.flatnonzero(usable).tolist():
        stats[i] = gap_statistic(
            concern=float(concern[i]),
            effective_base=bases[i] / design_effect,
            city_concern=city_concern,
            concern_sd=concern_sd,
            incidents=int(incidents[i]),
            population=populations[i],
            city_rate=city_rate,
            log_rate_sd=log_rate_sd,
        )
    gap = stats[:, 0]
    names = merged.area_name.to_numpy()[area_rows]
    order = (
        pd.DataFrame({"gap": gap, "area_name": names})
        .sort_values(["gap", "area_name"], ascending=[False, True], na_position="last")
        .index.to_numpy()
    )
    concern, rate, stats, gap = concern[order], rate[order], stats[order], gap[order]
    with np.errstate(divide="ignore", invalid="ignore"):
        concern_score = (concern - city_concern) / concern_sd
        rate_score = (np.log(rate) - math.log(city_rate)) / log_rate_sd
    reason = merged.reason.to_numpy(dtype=object)[area_rows[order]]
    reason[np.isnan(gap) & (reason == "")] = (
        "No recorded incidents, or too few areas to measure the spread"
    )
    added = pd.DataFrame(
        {
            "concern": concern,
            "city_concern": city_concern,
            "city_rate": city_rate,
            "concern_ratio": concern / city_concern,
            "rate_ratio": rate / city_rate,
            "concern_score": concern_score,
            "rate_score": rate_score,
            "gap": gap,
            "se": stats[:, 1],
            "z": stats[:, 2],
            "p_value": stats[:, 3],
            "significant": stats[:, 3] < SIGNIFICANCE,
            "quadrant": [
                quadrant_name(c > city_concern, r > city_rate)
                if not np.isnan(c)
                else ""
                for c, r in zip(concern.tolist(), rate.tolist(), strict=True)
            ],
            "rank": np.where(np.isnan(gap), np.nan, np.arange(1, len(gap) + 1)),
        }
    )
    ranked = pd.concat(
        [merged.take(area_rows[order]).reset_index(drop=True), added], axis=1
    )
    ranked["reason"] = reason
    return ranked


def quarterly_rates(
    counts: pd.DataFrame,
    population: pd.DataFrame,
    *,
    categories: tuple[str, ...] | None = None,
    covered_months: set[date],
) -> pd.DataFrame:
    """Recorded incidents per 1,000 residents in each calendar quarter whose three
    months are all covered, with exact Poisson limits.

    ``counts``: incident_counts rows (area_code, month, category, incidents), or
    incident_totals rows (no category) with ``categories`` None; ``population``:
    area_code, area_name, population. Returns area_code, area_name, quarter_start,
    quarter_end (last month), quarter_label, incidents, population, rate,
    rate_lower, rate_upper.
    """
    chosen = counts if categories is None else counts[counts.category.isin(categories)]
    quarters = sorted(
        {
            date(m.year, 3 * ((m.month - 1) // 3) + 1, 1)
            for m in covered_months
            if all(month in covered_months for month in _quarter_months(m))
        }
    )
    # Summed in a dict: the frames are small, and pandas' group-by costs more.
    totals: dict[tuple[str, date], int] = {}
    for code, month, incidents in zip(
        chosen.area_code,
        pd.to_datetime(chosen.month),
        chosen.incidents.tolist(),
        strict=True,
    ):
        key = (code, date(month.year, 3 * ((month.month - 1) // 3) + 1, 1))
        totals[key] = totals.get(key, 0) + incidents
    ends = {start: _quarter_months(start)[-1] for start in quarters}
    labels = {start: f"{start:%b}-{ends[start]:%b %Y}" for start in quarters}
    areas = list(
        zip(
            population.area_code.tolist(),
            population.area_name.tolist(),
            population.population.tolist(),
            strict=True,
        )
    )
    if not areas or not quarters:
        result = pd.DataFrame(
            [],
            columns=[
                "area_code",
                "area_name",
                "quarter_start",
                "quarter_end",
                "quarter_label",
                "incidents",
                "population",
            ],
        )
        result["rate"] = 1000.0 * result.incidents / result.population
        lower, upper = poisson_rate_bounds(
            result.incidents.to_numpy(), result.population.to_numpy()
        )
        result["rate_lower"], result["rate_upper"] = lower, upper
        return result
    # Every area for every quarter, built as columns in one step.
    cells = [(area, start) for area in areas for start in quarters]
    counted = np.array(
        [int(totals.get((area[0], start), 0)) for area, start in cells], dtype="int64"
    )
    people = np.array([int(area[2]) for area, _ in cells], dtype="int64")
    lower, upper = poisson_rate_bounds(counted, people)
    return pd.DataFrame(
        {
            "area_code": [area[0] for area, _ in cells],
            "area_name": [area[1] for area, _ in cells],
            "quarter_start": [start for _, start in cells],
            "quarter_end": [ends[start] for _, start in cells],
            "quarter_label": [labels[start] for _, start in cells],
            "incidents": counted,
            "population": people,
            "rate": 1000.0 * counted / people,
            "rate_lower": lower,
            "rate_upper": upper,
        }
    )


def _quarter_months(month: date) -> list[date]:
    first = 3 * ((month.month - 1) // 3) + 1
    return [date(month.year, first + offset, 1) for offset in range(3)]
