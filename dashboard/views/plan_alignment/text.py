"""The plan alignment page's sentences: cell labels, gaps, sources and the tile."""

from __future__ import annotations

from datetime import date

from dashboard.freshness import format_day
from dashboard.metrics.alignment import STRENGTH_WORDS, status_counts_text
from domain.echo import echoed

STRENGTH_DOTS = {0: "", 1: "●", 2: "●●", 3: "●●●"}
NO_KPI_BEHIND = "No KPI stands behind this cell."
NO_PCP_LOADED = "No Police and Crime Plan has been loaded."
NO_PRIORITY = "No plan priority linked"
OBJECTIVES_HEADING = "The plan's objectives"
UNCONFIRMED = (
    "This plan's objective titles are to be confirmed, so nothing is linked "
    "to them yet. "
)
DRAFT = (
    "These are the plan's consultation draft priority groups: the final plan's "
    "wording is not confirmed, so nothing is linked to them yet. "
)
CELL_TABLE_HEADINGS = (
    "KPI",
    "Status",
    "Latest",
    "Target",
    "Baseline",
    "Unit",
    "Agency",
    "Sector",
    "Latest period",
)


def no_such_cell(row_id: str, col_id: str) -> str:
    """The message for a cell (from a link) that the matrix shown does not have."""
    return (
        f"This matrix has no cell for the priority '{echoed(row_id)}' and the "
        f"objective '{echoed(col_id)}': choose a cell in the matrix."
    )


def no_such_plan(plan_id: str) -> str:
    """The message for a plan outside the lists offered."""
    return f"There is no plan called '{echoed(plan_id)}'; choose one from the list."


def kpi_count(count: int) -> str:
    """'1 KPI', '3 KPIs'."""
    return f"{count} KPI{'s' if count != 1 else ''}"


def cell_label(
    row_title: str,
    col_title: str,
    *,
    strength: int,
    link_is_demo: bool,
    counts: tuple[int, int, int, int],
    n_kpis: int,
) -> str:
    """A matrix cell in one sentence: its link, its KPIs and their statuses."""
    return (
        f"{row_title} and {col_title}: {STRENGTH_WORDS[strength].lower()} link"
        f"{' (default, demo)' if link_is_demo else ''}; {n_kpis} KPIs, "
        f"{status_counts_text(*counts)}."
        " Press Enter for the KPIs."
    )


def spp_label(spp_short: str | None) -> str:
    """The SPP rows' group heading: 'SPP priorities (2018-21)'."""
    return f"SPP priorities ({spp_short[4:]})" if spp_short else "SPP priorities"


def source_line(
    plan_source: str, *, demo_links: bool, demo_kpis: bool, as_of: date
) -> str:
    """Where the titles, the links and the KPI statuses come from."""
    return (
        f"Sources: plan and objective titles as published ({plan_source}). "
        + (
            "Links between priorities and objectives: DEFAULT links shipped with the "
            "dashboard (DEMO judgements, not sourced), for the partnership to set. "
            if demo_links
            else ""
        )
        + ("KPI statuses: DEMO KPI values " if demo_kpis else "KPI statuses: ")
        + f"as at {format_day(as_of)}."
    )


def link_line(strength: int, *, link_is_demo: bool, rationale: str) -> str:
    """How strongly a cell's priority serves its objective, and why."""
    if not strength:
        return "No link is recorded between this priority and this objective."
    return (
        f"{STRENGTH_WORDS[strength]} link"
        + (
            " (default DEMO judgement, for the partnership to set)"
            if link_is_demo
            else ""
        )
        + (f": {rationale}" if rationale else ".")
    )


def cell_summary(counts: tuple[int, int, int, int], n_kpis: int, *, demo: bool) -> str:
    """'3 KPIs behind this cell: 2 on track · 1 off track. DEMO KPI data.'"""
    return (
        f"{kpi_count(n_kpis)} behind this cell: "
        + status_counts_text(*counts)
        + ("." if n_kpis else "")
        + (" DEMO KPI data." if demo else "")
    )


def tile_details(gap_titles: list[str], *, demo_links: bool) -> list[str]:
    """The Overview alignment tile's lines: the objectives with no PES KPI."""
    return [
        "No PES KPI behind: " + ", ".join(gap_titles) + "."
        if gap_titles
        else "Every objective has a PES KPI behind it.",
        "Links are default DEMO judgements." if demo_links else "",
    ]


def board_summary(
    total: int, tally: dict[str, int], red_priority: str | None, most_red: int
) -> str:
    """'Of 33 KPIs, 6 are Red, 15 Amber and 12 Green; X has the most Red KPIs (3).'"""
    return (
        f"Of {total} KPIs, {tally.get('Red', 0)} are Red, "
        f"{tally.get('Amber', 0)} Amber and {tally.get('Green', 0)} Green"
        + (
            f"; {red_priority} has the most Red KPIs ({most_red})."
            if red_priority
            else "."
        )
    )
