"""The monthly police.uk charts' pure parts: the run of months charted, monthly
totals with empty months as zero, and one area's chart judged on its last 12 months."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.metrics import spc
from dashboard.views.signals.data import (
    area_signal,
    monthly_totals,
    stated_changes,
)
from domain.dates import add_months, latest_run

MONTHS = [add_months(date(2024, 1, 1), i) for i in range(24)]


def test_the_latest_unbroken_run_leaves_an_isolated_old_month_out() -> None:
    assert latest_run([date(2019, 8, 1), *MONTHS]) == MONTHS
    assert latest_run([MONTHS[0], MONTHS[2], MONTHS[3]]) == MONTHS[2:4]
    assert latest_run([]) == []


def test_monthly_totals_sum_categories_and_fill_empty_months() -> None:
    counts = pd.DataFrame(
        {
            "month": [MONTHS[0], MONTHS[0], MONTHS[2]],
            "incidents": [3, 4, 5],
        }
    )
    assert monthly_totals(counts, MONTHS[:4]) == [7.0, 0.0, 5.0, 0.0]
    assert monthly_totals(counts.iloc[0:0], MONTHS[:2]) == [0.0, 0.0]


def test_an_area_is_judged_on_its_last_twelve_months() -> None:
    # A step up in the last 8 months: concerning (fewer crimes is better).
    values = [20, 22, 18, 21, 19, 20, 22, 18, 21, 19, 20, 22, 18, 21, 19, 20]
    values += [34] * 8
    counts = pd.DataFrame({"month": MONTHS, "incidents": values})
    signal = area_signal(counts, MONTHS, title="Burglary, Park", unit="crimes a month")
    assert signal.variation.key == spc.CONCERNING
    assert signal.sentence.startswith(
        "In the 12 months to December 2025: Special cause: concerning"
    )
    assert "Special cause: concerning" in signal.figure.layout["title"]["text"]
    assert len(signal.table) == 24
    # The high months first: the last 16 sit below the mean they raise, a shift
    # down, so the last 12 months read as improving.
    earlier = [*values[16:], *values[:16]]
    old = area_signal(
        pd.DataFrame({"month": MONTHS, "incidents": earlier}),
        MONTHS,
        title="t",
        unit="u",
    )
    assert old.variation.key == spc.IMPROVING
    assert old.variation.signal_periods[0] >= MONTHS[12]


def test_a_recorded_series_break_inside_the_months_starts_new_limits() -> None:
    breaks = pd.DataFrame(
        {
            "break_date": [date(2023, 5, 31), date(2025, 4, 30)],
            "description": ["Counting rules changed", "New recording system"],
        }
    )
    # The 2023 break is before the months charted; the 2025 one starts April 2025.
    changes = stated_changes(breaks, MONTHS)
    assert changes == {date(2025, 4, 1): "New recording system"}
    counts = pd.DataFrame({"month": MONTHS, "incidents": [20] * 24})
    signal = area_signal(
        counts, MONTHS, title="Park", unit="crimes a month", breaks=changes
    )
    assert [s.start_period for s in signal.result.segments] == [
        MONTHS[0],
        date(2025, 4, 1),
    ]
    # 15 months before the break have limits; 9 after are too few, and say so.
    assert signal.result.segments[0].has_limits
    assert not signal.result.segments[1].has_limits
    assert "Limits recalculated: New recording system" in [
        a["text"] for a in signal.figure.layout["annotations"]
    ]
    assert "From April 2025 (New recording system): Too few points" in signal.method
