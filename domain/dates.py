"""Month arithmetic: the one home of the month helpers every page and slide uses."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date


def long_date(day: date) -> str:
    """The one way a date is written out in full on every page, slide, pack and
    export: '30 September 2025' (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def month_index(day: date) -> int:
    """Months since year 0: consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return date(day.year, day.month, 1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = month_index(day) + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every first-of-month date from ``first``'s month to ``last``'s inclusive."""
    start, end = month_index(first), month_index(last)
    return [date(i // 12, i % 12 + 1, 1) for i in range(start, end + 1)]


def twelve_months_to(last: date) -> tuple[date, date]:
    """The 12 whole months ending with ``last``'s month: (first, last) month."""
    return add_months(last, -11), month_start(last)


def latest_run(months: Iterable[date]) -> list[date]:
    """The latest unbroken run of months (each the month after the one before)."""
    ordered = sorted(set(months))
    if not ordered:
        return []
    run = [ordered[-1]]
    for month in reversed(ordered[:-1]):
        if month_index(run[0]) - month_index(month) != 1:
            break
        run.insert(0, month)
    return run
