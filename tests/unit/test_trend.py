"""The trend test ('has crime fallen faster than the national average?') on
hand-computed cases, and its words."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard.metrics.trend import (
    FASTER,
    NO_DIFFERENCE,
    SLOWER,
    between_area_variance,
    compare_trends,
    comparison_periods,
)
from dashboard.views.quartile.text import no_real_trend, trend_answer, trend_short

FIRST, LAST = date(2023, 6, 30), date(2025, 6, 30)


def panel(counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Every area 1,000 residents in both periods."""
    rows = [
        {
            "period_end": end,
            "area_code": code,
            "offence_count": pair[i],
            "population": 1000,
            "excluded_reason": None,
        }
        for code, pair in counts.items()
        for i, end in enumerate((FIRST, LAST))
    ]
    return pd.DataFrame(rows)


def national(first: int, last: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period_end": [FIRST, LAST],
            "offence_count": [first, last],
            "population": [1_000_000, 1_000_000],
        }
    )


def test_no_between_area_variance_when_trends_agree_within_chance() -> None:
    # A and B 100 -> 100 (log RR 0, v = 0.02), P 100 -> 81 (log RR -0.21072,
    # v = 1/100 + 1/81 = 0.022346): Q = 1.373 < k - 1 = 2, so tau^2 = 0.
    # National 10,000 -> 9,500: log RR -0.051293, v = 0.00020526.
    # z = (-0.21072 + 0.051293) / sqrt(0.022346 + 0.000205) = -1.0616, p = 0.288.
    test = compare_trends(
        panel({"A": (100, 100), "B": (100, 100), "P": (100, 81)}),
        national(10_000, 9_500),
        "P",
        FIRST,
        LAST,
    )
    assert test is not None
    assert test.tau2 == 0.0 and test.n_areas == 3
    assert test.z == pytest.approx(-1.0616, abs=1e-4)
    assert test.p == pytest.approx(0.2884, abs=1e-4)
    assert test.verdict == NO_DIFFERENCE
    assert test.area_change == pytest.approx(-19.0)
    assert test.national_change == pytest.approx(-5.0)


def test_faster_when_the_gap_is_beyond_chance_and_area_spread() -> None:
    # Ten areas 1,000 -> 1,000 (v = 0.002, w = 500) and P 1,000 -> 800
    # (log RR -0.22314, v = 0.00225, w = 444.4): weighted mean -0.018213,
    # Q = 20.316, tau^2 = (20.316 - 10) / (5,444.4 - 495.5) = 0.0020845.
    # National 100,000 -> 95,000: z = (-0.22314 + 0.05129) / sqrt(0.00225 +
    # 0.0000205 + 0.0020845) = -2.603, p = 0.0092.
    counts = {f"A{i}": (1000, 1000) for i in range(10)} | {"P": (1000, 800)}
    test = compare_trends(panel(counts), national(100_000, 95_000), "P", FIRST, LAST)
    assert test is not None
    assert test.tau2 == pytest.approx(0.0020845, rel=1e-3)
    assert test.z == pytest.approx(-2.603, abs=2e-3)
    assert test.p == pytest.approx(0.0092, abs=2e-4)
    assert test.verdict == FASTER
    # The mirror image rises while the nation falls: slower.
    counts["P"] = (800, 1000)
    worse = compare_trends(panel(counts), national(100_000, 95_000), "P", FIRST, LAST)
    assert worse is not None and worse.verdict == SLOWER


def test_dersimonian_laird_by_formula() -> None:
    logs, variances = [0.0, 0.1, -0.3], [0.01, 0.02, 0.01]
    weights = [1 / v for v in variances]
    mean = sum(w * x for w, x in zip(weights, logs, strict=True)) / sum(weights)
    q = sum(w * (x - mean) ** 2 for w, x in zip(weights, logs, strict=True))
    expected = (q - 2) / (sum(weights) - sum(w * w for w in weights) / sum(weights))
    assert between_area_variance(logs, variances) == pytest.approx(expected)
    assert between_area_variance([0.1], [0.01]) == 0.0


def test_missing_area_or_period_gives_no_test() -> None:
    data = panel({"A": (100, 100), "P": (100, 90)})
    assert compare_trends(data, national(10, 9), "Q", FIRST, LAST) is None
    assert compare_trends(data, national(10, 9)[:1], "P", FIRST, LAST) is None


def test_periods_compared_are_whole_years_and_real_only() -> None:
    periods = pd.DataFrame(
        {
            "period_end": [
                date(2022, 6, 30),
                date(2023, 3, 31),
                date(2023, 6, 30),
                date(2024, 6, 30),
                LAST,
            ],
            "is_demo": [True, True, False, False, False],
        }
    )
    assert comparison_periods(periods, LAST) == (FIRST, date(2022, 6, 30))
    only_demo = periods.assign(is_demo=[True, True, True, True, False])
    assert comparison_periods(only_demo, LAST) == (None, date(2022, 6, 30))
    # A demo latest period never gives a real answer.
    demo_last = periods.assign(is_demo=[False, False, False, False, True])
    assert comparison_periods(demo_last, LAST)[0] is None
    assert comparison_periods(periods[periods.period_end == LAST], LAST) == (
        None,
        None,
    )


def test_answer_words() -> None:
    counts = {f"A{i}": (1000, 1000) for i in range(10)} | {"P": (1000, 800)}
    test = compare_trends(panel(counts), national(100_000, 95_000), "P", FIRST, LAST)
    assert test is not None
    breaks = pd.DataFrame(
        {"break_date": [date(2023, 5, 31)], "description": ["new counting rule"]}
    )
    said = trend_answer(
        test,
        area_name="P",
        demo=False,
        first_source="Table C5",
        last_source="Table C2",
        breaks=breaks,
    )
    words = str(said)
    assert said.answer.startswith("Yes: P's rate fell faster")
    assert said.answer.endswith("England and Wales's fell 5.0%.")
    assert said.method.startswith("Faster or slower: the two rate ratios")
    assert said.details.startswith("Compared: Table C5 with Table C2")
    assert words.startswith("Yes: P's rate fell faster than England and Wales's. ")
    assert "rate fell 20.0% (1,000 to 800 offences) and England and Wales's fell" in (
        words
    )
    assert "z = -2.60, p = 0.009)" in said.method
    assert "z = " not in words
    assert "Compared: Table C5 with Table C2; ONS revises earlier years" in words
    assert words.endswith(
        "The series break of 31 May 2023 falls inside this comparison, so part of "
        "the change may come from the new counting rule."
    )
    assert trend_short(said.answer) == "Yes"
    demo = trend_answer(
        test,
        area_name="P",
        demo=True,
        first_source="a",
        last_source="b",
        breaks=breaks.iloc[0:0],
    ).answer
    assert demo.startswith("DEMO answer, from demo history, not real data: Yes")
    none = no_real_trend("P", LAST, 1)
    assert none == (
        "Whether P's recorded crime has fallen faster than the national average "
        "cannot be answered from real data yet: only one real 12-month period (to "
        "June 2025) is loaded."
    )
    assert trend_short(none) == "Not yet"
    assert trend_short(none + " " + demo) == "Not yet (DEMO only)"
    assert math.isfinite(test.p)
