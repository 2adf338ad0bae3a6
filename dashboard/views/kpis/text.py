"""The KPI page's sentences: status labels, the table's count line, the detail's
source line and the Overview tile's words."""

from __future__ import annotations

from datetime import date

from dashboard.freshness import format_day
from dashboard.metrics.kpi import REPORTING_LAG_DAYS, STATUS_ICONS
from dashboard.metrics.kpi import status_label as status_label  # one home, re-used
from domain.echo import echoed

CHOOSE_A_KPI = "Select a KPI in the table to see its trend, notes and plan links."
NO_KPIS_LOADED = "No KPIs have been loaded."
# The overdue rule's reporting lags, as the page's status rule states them.
REPORTING_LAGS = ", ".join(
    f"{days} days ({name})" for name, days in REPORTING_LAG_DAYS.items()
)


def status_text(status: str, word: str) -> str:
    """'■ Red' for a status key and its word (the board's status column)."""
    return f"{STATUS_ICONS.get(status, '')} {word}".strip()


def status_class(status: str) -> str:
    """The CSS class colouring a status: 'rag-red', or 'rag-none' when not rated."""
    return f"rag-{'none' if status == 'not_rated' else status}"


def no_such_kpi(kpi_id: str) -> str:
    """The message for a KPI id that is not loaded."""
    return f"There is no KPI called '{echoed(kpi_id)}'."


def count_line(shown: int, total: int, as_of: date, *, demo: bool) -> str:
    """'Showing 5 of 33 KPIs, worst status first. Freshness judged as at ...'."""
    return (
        f"Showing {shown} of {total} KPIs, worst status first. "
        f"Freshness judged as at {format_day(as_of)}.{' DEMO data.' if demo else ''}"
    )


def last_board_words(meeting_date: date | None) -> str | None:
    """'the board of 10 June 2025', or None when there is no earlier meeting."""
    return None if meeting_date is None else f"the board of {format_day(meeting_date)}"


def last_board_line(
    meeting_date: date | None, period_end: date | None, *, demo: bool
) -> str:
    """What the 'Since the last board' column compares, in one sentence."""
    if meeting_date is None or period_end is None:
        return "There is no earlier board meeting to compare the statuses with."
    return (
        f"'Since the last board' compares each status with its status for the "
        f"figures to {format_day(period_end)}, shown to {last_board_words(meeting_date)}"
        f"{' (DEMO meeting dates)' if demo else ''}."
    )


# The tally chips, each a filter: (key, words, CSS class). The key is the status
# filter's value, or 'changed' for the 'changed since the last board' filter.
CHIPS = [
    ("green", "● G on track", "rag-green"),
    ("amber", "▲ A at risk", "rag-amber"),
    ("red", "■ R off track", "rag-red"),
    ("not_rated", "○ N not rated", "rag-none"),
    ("overdue", "data overdue", "kpi-overdue"),
    ("changed", "changed since the last board", "kpi-changed"),
]


def chip_words(meeting_words: str | None) -> list[tuple[str, str]]:
    """(key, words) of every tally chip, the 'changed' one naming the meeting."""
    return [
        (
            key,
            f"changed since {meeting_words}"
            if key == "changed" and meeting_words
            else words,
        )
        for key, words, _ in CHIPS
    ]


def returns_source(*, is_demo: bool, agency: str) -> str:
    """'DEMO partnership KPI returns (police owner)': where a KPI's values come from."""
    kind = "DEMO partnership KPI returns" if is_demo else "partnership KPI returns"
    return f"{kind} ({agency.lower()} owner)"


def detail_source(
    *,
    is_demo: bool,
    agency: str,
    frequency: str,
    direction: str,
    first: date | None,
    last: date | None,
    as_of: date,
) -> str:
    """Where one KPI's values come from, over which months, and as at when."""
    return (
        f"Source: {returns_source(is_demo=is_demo, agency=agency)}, "
        f"{frequency.lower()} values"
        + (f" {first:%B %Y} to {last:%B %Y}" if first is not None else "")
        + f"; {direction.lower()}; tolerance and status rule on the KPIs page. "
        f"As at {format_day(as_of)}."
    )


def tile_details(tally: dict[str, int], as_of: date) -> list[str]:
    """The Overview KPI tile's two lines: at risk and off track, then overdue."""
    return [
        f"▲ A {tally['amber']} at risk · ■ R {tally['red']} off track.",
        f"{tally['overdue']} with data overdue (as at {format_day(as_of)}).",
    ]
