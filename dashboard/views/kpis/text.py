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


def tally_parts(tally: dict[str, int]) -> list[tuple[str, str, str]]:
    """(CSS key, count, words) for each status in the tally line; 'not rated' only
    when some KPI is."""
    parts = [
        ("green", f"{tally['green']}", "● G on track"),
        ("amber", f"{tally['amber']}", "▲ A at risk"),
        ("red", f"{tally['red']}", "■ R off track"),
    ]
    if tally["not_rated"]:
        parts.append(("none", f"{tally['not_rated']}", "○ N not rated"))
    return parts


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
        f"Source: {'DEMO partnership KPI returns' if is_demo else 'partnership KPI returns'}"
        f" ({agency.lower()} owner), {frequency.lower()} values"
        + (f" {first:%B %Y} to {last:%B %Y}" if first is not None else "")
        + f"; {direction.lower()}; tolerance and status rule below. "
        f"As at {format_day(as_of)}."
    )


def tile_details(tally: dict[str, int], as_of: date) -> list[str]:
    """The Overview KPI tile's two lines: at risk and off track, then overdue."""
    return [
        f"▲ A {tally['amber']} at risk · ■ R {tally['red']} off track.",
        f"{tally['overdue']} with data overdue (as at {format_day(as_of)}).",
    ]
